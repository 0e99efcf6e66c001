import Foundation
import Testing
import YolosetCore
import YolosetTestSupport

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Golden files for the four report formats, on a run that has errors, warnings and a disabled rule.
@Suite struct ReportFormatTests {
    static func report() throws -> ValidationReport {
        var config = ValidationConfig()
        config.severities["image.trailing-data"] = .some(nil)
        return try Validator(config: config).run(paths: [
            TestResources.fixture("broken/box-out-of-range.json"),
            TestResources.fixture("broken/split-leak.json"),
            TestResources.fixture("broken/image-orientation.json"),
            TestResources.fixture("broken/image-missing.json"),
        ])
    }

    /// As `validate` runs in a checkout: paths relative to the repository, a fixed run time.
    static let context = ReportContext(
        base: TestResources.root.path, kind: "dumps", inputs: [TestResources.fixture("broken")], elapsed: 1.25)

    /// A report's text with this machine's checkout folder taken out.
    static func portable(_ text: String) -> String {
        let root =
            "file://" + (TestResources.root.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "")
        return TestResources.relativize(text.replacingOccurrences(of: root + "/", with: "file:///CHECKOUT/"))
    }

    @Test(arguments: [
        (ReportFormat.text, "report.txt"), (.json, "report.json"), (.junit, "report.junit.xml"),
        (.sarif, "report.sarif"), (.github, "report.github.txt"), (.gitlab, "report.gitlab.json"),
    ])
    func matchesGoldenFile(format: ReportFormat, file: String) throws {
        let text = Self.portable(format.render(try Self.report(), failOn: .error, context: Self.context))
        let mismatch = Golden.mismatch(text, file: file)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test func jsonSummaryCountsAndSchema() throws {
        let text = ReportFormat.json.render(try Self.report(), failOn: .warning)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["schema_version"] as? Int == 2)
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["images"] as? Int == 12)
        #expect(summary["errors"] as? Int == 5)
        #expect(summary["warnings"] as? Int == 2)
        #expect(summary["passed"] as? Bool == false)
        let findings = try #require(object["findings"] as? [[String: Any]])
        let keys = Set(findings.flatMap(\.keys))
        #expect(
            keys == [
                "rule", "severity", "message", "batch_id", "image_id", "annotation_id", "file", "line", "column",
                "item_id", "json_path", "image_file", "fingerprint", "baseline_state",
            ])
    }

    @Test func junitFailsOnlyRulesAtOrAboveTheThreshold() throws {
        let report = try Self.report()
        let strict = ReportFormat.junit.render(report, failOn: .warning)
        let lenient = ReportFormat.junit.render(report, failOn: .never)
        #expect(strict.contains("failures=\"5\""))
        #expect(lenient.contains("failures=\"0\""))
        #expect(strict.contains("skipped=\"1\""))
        let document = try XMLDocumentCheck.parse(strict)
        #expect(document)
    }

    @Test func sarifIsVersion210WithEveryRule() throws {
        let text = ReportFormat.sarif.render(try Self.report(), failOn: .error)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "2.1.0")
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect((driver["rules"] as? [Any])?.count == Rule.dumpFile.count + Rule.all.count)
        #expect((run["results"] as? [Any])?.count == 7)
    }
}

/// Well-formedness of the JUnit output, checked by Foundation's XML parser.
enum XMLDocumentCheck {
    /// Whether the text parses as XML.
    static func parse(_ text: String) throws -> Bool {
        XMLParser(data: Data(text.utf8)).parse()
    }
}

@Suite struct SARIFFingerprintTests {
    @Test func fingerprintsDoNotDependOnWhereTheFilesAre() throws {
        let dump = "broken/box-out-of-range.json"
        let absolute = try Validator().run(paths: [TestResources.fixture(dump)])
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("yoloset-fp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.copyItem(
            at: TestResources.fixtures.appendingPathComponent(dump), to: copy.appendingPathComponent("dump.json"))
        let moved = try Validator(imagesRoot: TestResources.fixture("broken"))
            .run(paths: [copy.appendingPathComponent("dump.json").path])
        func fingerprints(_ report: ValidationReport) throws -> [String] {
            let text = ReportFormat.sarif.render(report, failOn: .error)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let results = try #require((object["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
            return results.compactMap {
                ($0["partialFingerprints"] as? [String: String])?[FindingFingerprints.sarifKey]
            }
        }
        let expected = try fingerprints(absolute)
        #expect(!expected.isEmpty)
        #expect(try fingerprints(moved) == expected)
    }
}
