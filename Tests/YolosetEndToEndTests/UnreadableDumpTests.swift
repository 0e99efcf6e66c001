import Foundation
import Testing
import YolosetTestSupport

/// A dump that cannot be read does not stop `validate`: every such dump is a `dump.unreadable` error
/// in the report, in every format, the report is written, and the status is 2 (the run was incomplete).
/// `import` refuses the whole run, writes nothing, and names every such dump.
@Suite struct UnreadableDumpTests {
    /// The files of fixtures/bad-dumps that cannot be read, and the listing's first page (page 2 is missing).
    static let unreadable = TestResources.badDumpExpectations().keys.sorted().map { name in
        name.hasSuffix(".json") ? name : "\(name)/page-1.json"
    }

    /// The command line, as written.
    static func validate(format: String, output: URL) throws -> CLI.Run {
        try CLI.yoloset([
            "validate", "fixtures/broken", "fixtures/bad-dumps", "--format", format, "--output", output.path,
        ])
    }

    /// A FIFO named like a dump is unreadable in plain words, not Foundation's "You don't have permission".
    @Test func aFIFONamedLikeADumpIsUnreadableInPlainWords() throws {
        let scratch = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let fifo = scratch.appendingPathComponent("batch.json")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let run = try CLI.yoloset(["validate", scratch.path])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("'\(fifo.path)': not a regular file (a FIFO, socket or device)"), "\(run.stderr)")
        #expect(!run.stderr.contains("permission"), "\(run.stderr)")
    }

    @Test(arguments: ["text", "json", "junit", "sarif", "github", "gitlab"])
    func everyUnreadableDumpIsInTheReportWrittenBeforeExitTwo(format: String) throws {
        let scratch = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let output = scratch.appendingPathComponent("j.xml")
        let run = try Self.validate(format: format, output: output)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        let report = try String(contentsOf: output, encoding: .utf8)
        #expect(report.contains("dump.unreadable"))
        for name in Self.unreadable {
            #expect(report.contains("bad-dumps/\(name)"), "\(format): \(name)")
        }
        // The findings of the dumps that could be read are there too.
        #expect(report.contains("split.leak"))
        // stderr: how many, then a line for each.
        let lines = run.stderr.split(separator: "\n")
        let heading =
            "yoloset: error: \(Self.unreadable.count) dumps cannot be read (the report is written, but the run is "
            + "incomplete):"
        #expect(lines.first.map(String.init) == heading, "\(run.stderr)")
        #expect(lines.count == Self.unreadable.count + 1, "\(run.stderr)")
        for (line, name) in zip(lines.dropFirst(), Self.unreadable) {
            #expect(line.contains("bad-dumps/\(name)") || line.contains("bad-dumps/pages-incomplete"), "\(line)")
        }
    }

    @Test func theJSONReportSaysWhereEachDumpWentWrongAndThatTheRunIsIncomplete() throws {
        let scratch = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let output = scratch.appendingPathComponent("report.json")
        let run = try Self.validate(format: "json", output: output)
        #expect(run.status == 2)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
        let summary = try #require(document["summary"] as? [String: Any])
        #expect(summary["dumps_unreadable"] as? Int == Self.unreadable.count)
        #expect(summary["passed"] as? Bool == false)
        let findings = (document["findings"] as? [[String: Any]] ?? []).filter {
            $0["rule"] as? String == "dump.unreadable"
        }
        #expect(findings.map { $0["file"] as? String } == Self.unreadable.map { "fixtures/bad-dumps/\($0)" })
        for finding in findings {
            #expect(finding["severity"] as? String == "error")
            #expect(finding["line"] as? Int != nil && finding["column"] as? Int != nil, "\(finding)")
            #expect(finding["image_id"] is NSNull && finding["batch_id"] is NSNull)
        }
        let invalid = try #require(findings.first { $0["file"] as? String == "fixtures/bad-dumps/invalid-json.json" })
        #expect((invalid["message"] as? String)?.contains("not valid JSON") == true)
        let wrongType = try #require(findings.first { $0["file"] as? String == "fixtures/bad-dumps/wrong-type.json" })
        #expect(wrongType["json_path"] as? String == "$.data.images[1].annotations[0].x_center")
    }

    @Test func aCleanRunSaysNoDumpWasUnreadable() throws {
        let run = try CLI.yoloset([
            "validate", "fixtures/sample/dumps", "--images", "fixtures/sample/images", "--format", "json",
        ])
        #expect(run.status == 0)
        #expect((run.json?["summary"] as? [String: Any])?["dumps_unreadable"] as? Int == 0)
    }

    @Test func theConfigCannotTurnTheRuleOff() throws {
        let scratch = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let config = scratch.appendingPathComponent("v.yaml")
        try Data("rules:\n  dump.unreadable: off\n".utf8).write(to: config)
        let output = scratch.appendingPathComponent("report.txt")
        let run = try CLI.yoloset([
            "validate", "fixtures/bad-dumps/empty.json", "--config", config.path, "--output", output.path,
        ])
        #expect(run.status == 2)
        #expect(try String(contentsOf: output, encoding: .utf8).contains("INCOMPLETE: 1 dump could not be read"))
    }

    @Test func importOfSeveralBadDumpsNamesEachAndWritesNothing() throws {
        let ws = try WorkspaceCommandTests.workspace()
        let run = try WorkspaceCommandTests.run(
            ["import", TestResources.fixture("bad-dumps"), "--images", TestResources.fixture("bad-dumps")], in: ws)
        #expect(run.status == 2)
        let lines = run.stderr.split(separator: "\n")
        #expect(
            lines.first
                == "yoloset: error: \(Self.unreadable.count) dumps cannot be read (nothing was imported):",
            "\(run.stderr)")
        #expect(lines.count == Self.unreadable.count + 1, "\(run.stderr)")
        for name in Self.unreadable {
            let file = name.hasPrefix("pages-incomplete") ? "pages-incomplete" : name
            #expect(run.stderr.contains(file), "\(name): \(run.stderr)")
        }
        let status = try WorkspaceCommandTests.json(["status"], in: ws)
        #expect(status["images"] as? Int == 0)
        let objects = ws.appendingPathComponent(".yoloset/objects")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: objects.path).isEmpty)
    }
}
