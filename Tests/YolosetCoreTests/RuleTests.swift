import Foundation
import Testing
import YolosetTestSupport

@testable import YolosetCore

/// Each rule fires on its broken fixture and stays quiet on good data.
@Suite struct RuleTests {
    static let expectations = TestResources.brokenExpectations()
    static let brokenCases = expectations.keys.sorted()

    /// Good fixtures: the bundled sample, every valid image format, every accepted dump shape.
    static func goodReports(_ check: CheckLevel) throws -> [ValidationReport] {
        [
            try Validator(check: check, imagesRoot: TestResources.fixture("sample/images"))
                .run(paths: [TestResources.fixture("sample/dumps")]),
            try Validator(check: check).run(paths: [TestResources.fixture("formats")]),
            try Validator(check: check, imagesRoot: TestResources.fixture("shapes"))
                .run(paths: [TestResources.fixture("shapes")]),
        ]
    }

    @Test(arguments: brokenCases, CheckLevel.allCases)
    func brokenDumpReportsExactlyItsExpectedFindings(dump: String, check: CheckLevel) throws {
        let report = try Validator(check: check).run(paths: [TestResources.fixture("broken/\(dump)")])
        let expected = try #require(Self.expectations[dump]?[check.rawValue])
        #expect(report.findings.map(\.rule.id).sorted() == expected.sorted())
        for finding in report.findings {
            #expect(finding.location.file.hasSuffix(dump))
            #expect(finding.location.jsonPath?.hasPrefix("$.data.images[") == true)
            #expect(finding.location.imageID != nil)
            #expect(!finding.message.isEmpty)
        }
    }

    @Test(arguments: CheckLevel.allCases)
    func wholeBrokenFolderReportsEveryCaseAndReadsNoManifestAsADump(check: CheckLevel) throws {
        let report = try Validator(check: check).run(paths: [TestResources.fixture("broken")])
        let expected = Self.expectations.values.flatMap { $0[check.rawValue] ?? [] }
        #expect(report.dumps == Self.brokenCases.count)
        #expect(report.findings.map(\.rule.id).sorted() == expected.sorted())
    }

    @Test(arguments: Rule.all)
    func ruleFiresOnSomeBrokenFixture(rule: Rule) throws {
        let firing = Self.expectations.filter { $0.value.values.contains { $0.contains(rule.id) } }
        let dump = try #require(firing.keys.sorted().first, "no broken fixture exercises \(rule.id)")
        let level: CheckLevel = firing[dump]!["header"]!.contains(rule.id) ? .header : .full
        let report = try Validator(check: level).run(paths: [TestResources.fixture("broken/\(dump)")])
        let finding = try #require(report.findings.first { $0.rule == rule })
        #expect(finding.severity == rule.defaultSeverity)
    }

    @Test(arguments: Rule.all)
    func ruleStaysQuietOnGoodData(rule: Rule) throws {
        for check in CheckLevel.allCases {
            for report in try Self.goodReports(check) {
                #expect(report.images > 0)
                let noise = report.findings.filter { $0.rule == rule }
                #expect(noise.isEmpty, "\(rule.id) fired on good data: \(noise.map(\.message))")
            }
        }
    }

    @Test func goodFixturesCoverEveryImageAndAnnotation() throws {
        let reports = try Self.goodReports(.full)
        #expect(reports.map(\.images) == [14, 8, 9])
        #expect(reports.allSatisfy { $0.errors == 0 && $0.warnings == 0 })
    }

    @Test func outOfBoundsToleranceComesFromTheConfig() throws {
        var config = ValidationConfig()
        config.boxTolerancePixels = 5
        let report = try Validator(config: config).run(paths: [TestResources.fixture("broken/box-out-of-bounds.json")])
        #expect(report.findings.isEmpty)
    }

    @Test func tinyThresholdComesFromTheConfig() throws {
        var config = ValidationConfig()
        config.tinyMinSidePixels = 4
        let report = try Validator(config: config).run(paths: [TestResources.fixture("broken/box-tiny.json")])
        // The 0.64 px box and the 3×3 px box are both under 4 px now.
        #expect(report.findings.map(\.rule) == [.boxTiny, .boxTiny])
    }

    @Test func severityOverridesAndOffApply() throws {
        var config = ValidationConfig()
        config.severities["image.duplicate"] = .error
        config.severities["split.leak"] = .some(nil)
        let report = try Validator(config: config).run(paths: [TestResources.fixture("broken/split-leak.json")])
        #expect(report.findings.map(\.rule) == [.imageDuplicate])
        #expect(report.findings.first?.severity == .error)
        #expect(report.disabledRules == ["split.leak"])
    }

    @Test func duplicateAndLeakNameBothImages() throws {
        let report = try Validator().run(paths: [TestResources.fixture("broken/split-leak.json")])
        let leak = try #require(report.findings.first { $0.rule == .splitLeak })
        #expect(leak.message.contains("train") && leak.message.contains("val"))
        #expect(leak.location.imageFile != nil)
    }

    /// Val and test sharing content is not a leak (neither is trained on), but the test score is no longer
    /// independent of the images that picked the model.
    @Test func contentSharedOnlyByValAndTestIsAnOverlapWarning() throws {
        let report = try Validator().run(paths: [TestResources.fixture("broken/split-overlap.json")])
        #expect(!report.findings.contains { $0.rule == .splitLeak })
        let overlap = try #require(report.findings.first { $0.rule == .splitOverlap })
        #expect(overlap.severity == .warning)
        #expect(overlap.message.contains("'test' here and in 'val'"))
        #expect(overlap.message.contains("test metrics are not independent"))
        #expect(!report.fails(at: .error))
    }

    /// With a copy in train, every copy outside it leaks, each reported against the train copy.
    @Test func aTrainCopyMakesEveryOtherCopyALeak() {
        let members = [("a", "val"), ("b", "test"), ("c", "train"), ("d", "train"), ("e", "test")]
        let sharing = SplitRules.sharing(members) { $0.1 }
        #expect(sharing.map(\.member.0) == ["a", "b", "e"])
        #expect(sharing.allSatisfy { $0.lead.0 == "c" && $0.rule == .splitLeak })
        let evaluation = SplitRules.sharing([("a", "val"), ("b", "val"), ("c", "test")]) { $0.1 }
        #expect(evaluation.map(\.member.0) == ["c"])
        #expect(evaluation.first?.rule == .splitOverlap)
    }

    @Test func unsafeKeysAreNeverOpened() throws {
        let report = try Validator().run(paths: [TestResources.fixture("broken/image-missing.json")])
        let messages = report.findings.map(\.message)
        #expect(messages.contains { $0.contains("'../outside.jpg' contains '..'") })
        #expect(messages.contains { $0.contains("'/etc/hostname' is an absolute path") })
        #expect(report.findings.allSatisfy { $0.location.imageFile == nil })
    }

    /// A coordinate too large for any integer (1e300) is a finding, and two such boxes are still told apart
    /// or matched: the duplicate key once converted it to Int64, which trapped.
    @Test func hugeCoordinatesAreFindingsNotACrash() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yoloset-huge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try Data(contentsOf: URL(fileURLWithPath: TestResources.fixture("sample/dumps/batch-1001.json")))
        var dump = try #require(try JSONSerialization.jsonObject(with: source) as? [String: Any])
        var batch = try #require(dump["data"] as? [String: Any])
        var images = try #require(batch["images"] as? [[String: Any]])
        var annotations = try #require(images[0]["annotations"] as? [[String: Any]])
        var huge = annotations[0]
        huge["x_center"] = 1e300
        var copy = huge
        copy["id"] = "\(huge["id"] ?? "a")-copy"
        var other = huge
        other["id"] = "\(huge["id"] ?? "a")-other"
        other["x_center"] = 2e300
        annotations = [huge, copy, other]
        images[0]["annotations"] = annotations
        batch["images"] = images
        dump["data"] = batch
        let file = folder.appendingPathComponent("huge.json")
        try JSONSerialization.data(withJSONObject: dump).write(to: file)

        let report = try Validator(imagesRoot: TestResources.fixture("sample/images")).run(paths: [file.path])
        let rules = report.findings.map(\.rule)
        #expect(rules.filter { $0 == .boxOutOfRange }.count == 3)
        #expect(report.findings.contains { $0.message.hasPrefix("x_center 1e+300 outside [0, 1]") })
        #expect(rules.filter { $0 == .boxDuplicate }.count == 1, "\(report.findings.map(\.message))")
    }

    /// The same for a YOLO label line: `0 1e300 0.5 0.2 0.2` is out of range, not a crash.
    @Test func hugeLabelValuesAreFindingsNotACrash() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yoloset-huge-\(UUID().uuidString)")
        let clean = URL(fileURLWithPath: TestResources.fixture("yolo/clean"))
        try FileManager.default.copyItem(at: clean, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let label = folder.appendingPathComponent("labels/train/frame_01.txt")
        try Data("0 1e300 0.5 0.2 0.2\n0 1e300 0.5 0.2 0.2\n0 2e300 0.5 0.2 0.2\n".utf8).write(to: label)

        let report = try DatasetValidator().run(dataYAML: folder.appendingPathComponent("data.yaml").path)
        let here = report.findings.filter { $0.location.file.hasSuffix("frame_01.txt") }.map(\.rule.id)
        #expect(here.filter { $0 == "label.out-of-range" }.count == 3, "\(here)")
        #expect(here.filter { $0 == "label.duplicate" }.count == 1, "\(here)")
    }
}
