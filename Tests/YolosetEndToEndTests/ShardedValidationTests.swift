import Foundation
import Testing
import YolosetTestSupport

/// `validate --shard K/N` and `merge-reports`: the parts of every shard, merged, give exactly the report
/// (findings, order, counts) and the exit status of one unsharded run, in every format.
@Suite struct ShardedValidationTests {
    static let formats = ["json", "text", "sarif", "junit", "github", "gitlab"]

    /// The shard (1-based) the README documents for an image: FNV-1a (64-bit) of its batch id, a zero
    /// byte and its image id, modulo N, plus 1. Worked out here independently of yoloset.
    static func shard(batch: String, image: String, count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Array(batch.utf8) + [0] + Array(image.utf8) {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(count)) + 1
    }

    /// JUnit's `time` is the run's wall time, the one thing two runs never share.
    static func normalized(_ report: String) -> String {
        report.replacingOccurrences(of: #" time="[0-9.]+""#, with: "", options: .regularExpression)
    }

    /// Validates `inputs` whole, then as `count` shards merged (the parts named in reverse), in every
    /// format; expects the same report and status each time. Returns the whole run's JSON report.
    @discardableResult
    static func expectShardsMergeToOneRun(
        _ inputs: [String], count: Int, in directory: URL = TestResources.root,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [String: Any] {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var parts: [String] = []
        var images = 0
        for index in 1...count {
            let part = folder.appendingPathComponent("part-\(index).json").path
            let run = try CLI.yoloset(
                ["validate"] + inputs + ["--shard", "\(index)/\(count)", "--output", part], in: directory)
            #expect(run.status == 0, "shard \(index)/\(count): \(run.stderr)", sourceLocation: sourceLocation)
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: part))) as? [String: Any])
            // Every image of the part is the shard's, by the documented hash.
            for image in document["images"] as? [[String: Any]] ?? [] {
                let batch = try #require(image["batch_id"] as? String)
                let id = try #require(image["image_id"] as? String)
                #expect(Self.shard(batch: batch, image: id, count: count) == index, sourceLocation: sourceLocation)
            }
            images += (document["summary"] as? [String: Any])?["images"] as? Int ?? -1
            parts.append(part)
        }
        var whole: [String: Any] = [:]
        for format in formats {
            let one = try CLI.yoloset(["validate"] + inputs + ["--format", format], in: directory)
            let merged = try CLI.yoloset(["merge-reports"] + parts.reversed() + ["--format", format], in: directory)
            #expect(merged.status == one.status, "\(format): \(merged.stderr)", sourceLocation: sourceLocation)
            #expect(merged.stderr == one.stderr, "\(format)", sourceLocation: sourceLocation)
            #expect(
                Self.normalized(merged.stdout) == Self.normalized(one.stdout), "\(format)",
                sourceLocation: sourceLocation)
            if format == "json" { whole = one.json ?? [:] }
        }
        let summary = whole["summary"] as? [String: Any]
        #expect(summary?["images"] as? Int == images, "the shards' images add up", sourceLocation: sourceLocation)
        return whole
    }

    @Test func theBrokenFixturesInFourShardsMergeToOneRunInEveryFormat() throws {
        let report = try Self.expectShardsMergeToOneRun(["fixtures/broken"], count: 4)
        let rules = Set((report["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String })
        #expect(rules.isSuperset(of: ["image.duplicate", "split.leak", "split.overlap", "box.out-of-range"]))
    }

    @Test func unreadableDumpsAreReportedOnceAndTheMergeExitsTwo() throws {
        let report = try Self.expectShardsMergeToOneRun(["fixtures/broken", "fixtures/bad-dumps"], count: 3)
        let findings = report["findings"] as? [[String: Any]] ?? []
        let unreadable = findings.filter { $0["rule"] as? String == "dump.unreadable" }
        #expect(unreadable.count == 8)
    }

    @Test func oneShardIsTheWholeRun() throws {
        try Self.expectShardsMergeToOneRun(["fixtures/sample/dumps", "--images", "fixtures/sample/images"], count: 1)
    }

    /// A generated corpus: the sample's dumps, and a copy of batch b-1001 as b-2001 whose images have the
    /// same bytes, each copy in another shard than its original, and in another split (train → val: a
    /// leak; val → test: an overlap; test stays: a duplicate).
    @Test func duplicatesAndLeaksPlacedAcrossShardsAreFoundByTheMerge() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sample = TestResources.fixtures.appendingPathComponent("sample")
        try FileManager.default.copyItem(
            at: sample.appendingPathComponent("dumps"), to: folder.appendingPathComponent("dumps"))
        try FileManager.default.copyItem(
            at: sample.appendingPathComponent("images"), to: folder.appendingPathComponent("images"))
        let count = 4
        let original = folder.appendingPathComponent("dumps/batch-1001.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: original)) as? [String: Any])
        var data = try #require(object["data"] as? [String: Any])
        var images = try #require(data["images"] as? [[String: Any]])
        data["id"] = "b-2001"
        data["name"] = "Dock A, week 11 (uploaded again)"
        var crossing = 0
        for index in images.indices {
            let id = try #require(images[index]["id"] as? String)
            let home = Self.shard(batch: "b-1001", image: id, count: count)
            // The first copy id whose shard is not the original's.
            let copy = try #require(
                (0..<64).map { "img-2001-\(index)-\($0)" }.first {
                    Self.shard(batch: "b-2001", image: $0, count: count) != home
                })
            images[index]["id"] = copy
            images[index]["batch_id"] = "b-2001"
            switch images[index]["split"] as? String {
            case "train": images[index]["split"] = "val"
            case "val": images[index]["split"] = "test"
            default: break
            }
            var annotations = images[index]["annotations"] as? [[String: Any]] ?? []
            for position in annotations.indices {
                annotations[position]["id"] = "\(copy)-ann-\(position)"
                annotations[position]["image_id"] = copy
            }
            images[index]["annotations"] = annotations
            crossing += 1
        }
        data["images"] = images
        object["data"] = data
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(
            to: folder.appendingPathComponent("dumps/batch-2001.json"))

        let report = try Self.expectShardsMergeToOneRun(
            ["dumps", "--images", "images"], count: count, in: folder)
        let findings = report["findings"] as? [[String: Any]] ?? []
        func occurrences(_ rule: String) -> Int { findings.count { $0["rule"] as? String == rule } }
        #expect(crossing == 8)
        #expect(occurrences("image.duplicate") == 8)
        #expect(occurrences("split.leak") >= 1)
        #expect(occurrences("split.overlap") >= 1)
        #expect(report["summary"].flatMap { ($0 as? [String: Any])?["passed"] as? Bool } == false)
    }

    @Test func aShardsPartToStdoutPassesItsSchemaAndTheIndexedJobEnvironmentNamesTheSameShard() throws {
        let byFlag = try CLI.yoloset(["validate", "fixtures/broken", "--shard", "3/4"])
        #expect(byFlag.status == 0, "\(byFlag.stderr)")
        #expect(byFlag.stderr.hasPrefix("shard 3/4: "))
        let byIndex = try CLI.yoloset(
            ["validate", "fixtures/broken", "--shard-count", "4"], environment: ["JOB_COMPLETION_INDEX": "2"])
        #expect(byIndex.status == 0, "\(byIndex.stderr)")
        func withoutTime(_ run: CLI.Run) -> [String: Any] {
            var json = run.json ?? [:]
            json["elapsed_seconds"] = nil
            return json
        }
        #expect(NSDictionary(dictionary: withoutTime(byFlag)) == NSDictionary(dictionary: withoutTime(byIndex)))
        #expect((withoutTime(byFlag)["shard"] as? [String: Int]) == ["index": 3, "count": 4])
    }

    @Test func partsThatDoNotMakeOneRunAreRefusedNamingTheFile() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        func part(_ name: String, _ arguments: [String]) throws -> String {
            let file = folder.appendingPathComponent(name).path
            let run = try CLI.yoloset(["validate", "fixtures/broken"] + arguments + ["--output", file])
            #expect(run.status == 0, "\(run.stderr)")
            return file
        }
        let first = try part("1.json", ["--shard", "1/2"])
        let second = try part("2.json", ["--shard", "2/2"])
        let full = try part("full-2.json", ["--shard", "2/2", "--check", "full"])
        let ofThree = try part("3.json", ["--shard", "2/3"])
        let cases: [([String], String)] = [
            ([first], "shard 2/2 is missing: merge the parts of all 2 shards"),
            ([first, first], "'\(first)' and '\(first)' are both shard 1/2"),
            ([first, full], "'\(full)' and '\(first)' are parts of different runs"),
            ([first, ofThree], "'\(ofThree)' is shard 2/3 and '\(first)' is shard 1/2: parts of one run share N"),
            ([first, "README.md"], "part 'README.md': not a part written by validate --shard (not valid JSON)"),
            ([first, "/nope.json"], "part '/nope.json': no such file"),
        ]
        for (parts, message) in cases {
            let run = try CLI.yoloset(["merge-reports"] + parts)
            #expect(run.status == 2, "\(parts)")
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.contains(message), "\(parts): \(run.stderr)")
        }
        // A report is not a part.
        let report = folder.appendingPathComponent("report.json").path
        _ = try CLI.yoloset(["validate", "fixtures/broken", "--format", "json", "--output", report])
        let notAPart = try CLI.yoloset(["merge-reports", first, report])
        #expect(notAPart.status == 2)
        #expect(notAPart.stderr.contains("$.kind is missing"), "\(notAPart.stderr)")
        #expect(try CLI.yoloset(["merge-reports", first, second]).status == 1)
    }

    @Test func aShardLeavesTheReportToTheMergeAndSplitsDumpsOnly() throws {
        let cases: [([String], String)] = [
            (["fixtures/broken", "--shard", "1/2", "--format", "sarif"], "--format applies to the whole run"),
            (["fixtures/broken", "--shard", "1/2", "--fail-on", "warning"], "--fail-on applies to the whole run"),
            (["fixtures/broken", "--shard", "3/2"], "shard 3 of 2 does not exist: K counts from 1 to 2"),
            (["fixtures/broken", "--shard", "two"], "'two' is not K/N"),
            (["fixtures/broken", "--shard-count", "2"], "--shard-count needs JOB_COMPLETION_INDEX"),
            (["fixtures/broken", "--shard", "1/2", "--shard-count", "2"], "name the shard twice"),
            (["fixtures/runflow/paged", "--shard", "1/2"], "--shard splits Acusight dumps only"),
            (["fixtures/yolo/broken", "--shard", "1/2"], "the YOLO dataset 'fixtures/yolo/broken/data.yaml'"),
        ]
        for (arguments, message) in cases {
            let run = try CLI.yoloset(["validate"] + arguments)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stdout.isEmpty, "\(arguments)")
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
        }
        let outOfRange = try CLI.yoloset(
            ["validate", "fixtures/broken", "--shard-count", "2"], environment: ["JOB_COMPLETION_INDEX": "2"])
        #expect(outOfRange.stderr.contains("JOB_COMPLETION_INDEX is 2, but --shard-count 2 has indices 0 to 1"))
    }
}
