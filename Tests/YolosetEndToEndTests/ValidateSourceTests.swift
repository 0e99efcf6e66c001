import Foundation
import Testing
import YolosetTestSupport

/// `yoloset validate` on Runflow and Nimble dumps, as CI would run it.
@Suite struct ValidateSourceTests {
    static let cases: [(family: String, name: String)] = ["runflow", "nimble"].flatMap { family in
        TestResources.sourceExpectations(family).keys.sorted().map { (family, $0) }
    }

    @Test(arguments: cases)
    func eachCaseReportsItsRulesCountsAndExitStatus(family: String, name: String) throws {
        let expected = try #require(TestResources.sourceExpectations(family)[name])
        let path = "fixtures/\(family)/\(name)"
        let run = try CLI.yoloset(["validate", path, "--format", "json", "--check", "full"])
        #expect(run.status == expected.exit, "\(run.stdout)\(run.stderr)")
        let json = try #require(run.json)
        #expect(json["subject"] as? String == "source_dumps" && json["schema_version"] as? Int == 2)
        let summary = try #require(json["summary"] as? [String: Any])
        for (key, value) in [
            ("batches", expected.batches), ("items", expected.items), ("items_succeeded", expected.succeeded),
            ("items_failed", expected.failed), ("items_cancelled", expected.cancelled),
            ("items_running", expected.running),
            ("images", expected.images),
        ] {
            #expect(summary[key] as? Int == value, "\(path): \(key)")
        }
        #expect(summary["sources"] as? [String] == [family])
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.compactMap { $0["rule"] as? String }.sorted() == expected.rules.sorted(), "\(path)")
        #expect(findings.allSatisfy { $0.keys.contains("item_id") && $0["json_path"] is String })
        #expect(findings.allSatisfy { $0["line"] is Int && $0["column"] is Int })
    }

    /// A batch's files scattered among others' (its batch dump last, pages before it, a batch dumped
    /// twice, pages without batch ids, a page only whole reading refuses, a byte-order mark, copies of one
    /// image in several batches): checked a few files at a time (`--jobs 1`: groups of 4, so files are
    /// outlined first and read again by group) the report is the one of reading them all at once
    /// (`--jobs 8`: one group of 32), in every format, and batches come in the order of their dumps.
    @Test func batchesSpreadOverManyFilesReportAsWhenReadAtOnce() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixtures = TestResources.fixture("nimble/done")
        for (source, name) in [("nb-task-003.jpg", "one.jpg"), ("downloads/nb-001.jpg", "two.jpg")] {
            try FileManager.default.copyItem(
                atPath: "\(fixtures)/\(source)", toPath: folder.appendingPathComponent(name).path)
        }
        func item(_ id: String, batch: String?, _ status: String = "succeeded", output: String? = "one.jpg") -> String {
            let batchID = batch.map { "\"\($0)\"" } ?? "null"
            let named = output.map { "\"\($0)\"" } ?? "null"
            return #"{"id": "\#(id)", "batch_id": \#(batchID), "status_code": "\#(status)", "output": \#(named)}"#
        }
        func page(_ items: [String]) -> String { #"{"items": [\#(items.joined(separator: ", "))]}"# }
        func batch(_ id: String?, status: String = "succeeded", _ items: [String]) -> String {
            let batchID = id.map { "\"\($0)\"" } ?? "null"
            let lean = items.map { #"{"id": "\#($0)", "status_code": "succeeded"}"# }.joined(separator: ", ")
            return
                #"{"id": \#(batchID), "status_code": "\#(status)", "items_total": \#(items.count), "items": [\#(lean)]}"#
        }
        let files: [(String, String)] = [
            ("a00-page-b2.json", page([item("b2-1", batch: "b2"), item("b2-2", batch: "b2", output: "two.jpg")])),
            ("a01-batch-b1.json", batch("b1", ["b1-1", "b1-2", "b1-3"])),
            ("a02-page-b1.json", page([item("b1-1", batch: "b1"), item("b1-2", batch: "b1", "failed", output: nil)])),
            ("a03-page-null.json", page([item("n-1", batch: nil, output: "two.jpg"), item("n-2", batch: nil)])),
            ("a04-bad-page.json", #"{"items": [{"id": "b3-1", "batch_id": "b3", "sequence_index": "x"}]}"#),
            ("a05-batch-noid.json", batch(nil, ["x-1"])),
            ("a06-page-b4.json", page([item("b4-1", batch: "b4"), item("b4-2", batch: nil, output: "missing.jpg")])),
            ("a07-batch-b1-again.json", batch("b1", status: "partial_succeeded", ["b1-1", "b1-2", "b1-3", "b1-4"])),
            ("a08-bom.json", "\u{FEFF}" + page([item("b4-3", batch: "b4")])),
            ("a09-invalid.json", #"{"items": [}"#),
            ("a10-page-b1.json", page([item("b1-3", batch: "b1"), item("b1-4", batch: "b1", "running", output: nil)])),
            ("a11-batch-b2.json", batch("b2", ["b2-1", "b2-2", "b2-3"])),
            ("a12-page-b5.json", page([item("b5-1", batch: "b5", output: "two.jpg")])),
        ]
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        for format in ["json", "text", "sarif", "github"] {
            let apart = try CLI.yoloset(["validate", folder.path, "--format", format, "--jobs", "1"])
            let together = try CLI.yoloset(["validate", folder.path, "--format", format, "--jobs", "8"])
            // 2: two dumps cannot be read.
            #expect(apart.status == together.status && apart.status == 2, "\(apart.stderr)")
            #expect(apart.stdout == together.stdout, "\(format)")
            #expect(apart.stderr == together.stderr)
        }
        let json = try #require(try CLI.yoloset(["validate", folder.path, "--format", "json", "--jobs", "1"]).json)
        let summary = try #require(json["summary"] as? [String: Any])
        let batches = try #require(json["batches"] as? [[String: Any]])
        // Batch dumps in file order (b1, the one without id, b2), then batches known only from pages.
        #expect(batches.map { $0["id"] as? String ?? "-" } == ["b1", "-", "b2", "-", "b4", "b5"])
        #expect(summary["items"] as? Int == 14)
        let findings = try #require(json["findings"] as? [[String: Any]])
        let rules = findings.compactMap { $0["rule"] as? String }
        #expect(Array(rules.prefix(3)) == ["dump.unreadable", "dump.unreadable", "dump.encoding"], "\(rules)")
        #expect(
            findings.prefix(2).compactMap { ($0["file"] as? String)?.split(separator: "/").last } == [
                "a04-bad-page.json", "a09-invalid.json",
            ])
        #expect(rules.filter { $0 == "image.duplicate" }.count == 7, "\(rules)")
    }

    @Test func textSummaryCountsItemsByState() throws {
        let run = try CLI.yoloset(["validate", "fixtures/runflow/paged"])
        #expect(run.status == 0)
        #expect(
            run.stdout.hasSuffix(
                "3 dumps (runflow), 1 batch, 8 items: 5 succeeded, 1 failed, 2 cancelled; 5 images (header check): "
                    + "0 errors, 1 warning, 2 info — passed\n"))
        #expect(run.stdout.contains("items 5/8, 1 failed, 2 cancelled — complete"))
        #expect(run.stdout.contains("status 'failed': MODEL_TIMEOUT: render exceeded 120 s"))
        #expect(run.stdout.contains("item rf-item-007)\n    status 'canceled'"))
        let running = try CLI.yoloset(["validate", "fixtures/runflow/running"])
        #expect(running.status == 1)
        #expect(running.stdout.contains("— incomplete"))
        #expect(try CLI.yoloset(["validate", "fixtures/runflow/running", "--fail-on", "never"]).status == 0)
        #expect(try CLI.yoloset(["validate", "fixtures/nimble/done", "--fail-on", "warning"]).status == 1)
    }

    @Test(arguments: ["text", "json", "junit", "sarif"])
    func everyFormatRendersSourceReports(format: String) throws {
        let run = try CLI.yoloset(["validate", "fixtures/nimble/in-progress", "--format", format])
        #expect(run.status == 1)
        #expect(run.stdout.contains("item.image-missing") && run.stdout.contains("batch.incomplete"))
        if format == "sarif" {
            let json = try #require(run.json)
            let runs = try #require(json["runs"] as? [[String: Any]])
            let results = try #require(runs.first?["results"] as? [[String: Any]])
            #expect(results.count == 4)
            #expect(results.contains { ($0["properties"] as? [String: Any])?["itemId"] as? String == "nb-task-004" })
        }
        if format == "junit" {
            #expect(run.stdout.contains("<property name=\"items\" value=\"7\"/>"))
            #expect(run.stdout.contains("tests=\"16\" failures=\"1\""))
        }
    }

    @Test func sourceIsForcedAndAMismatchIsOneLine() throws {
        let forced = try CLI.yoloset(["validate", "fixtures/nimble/done", "--source", "nimble"])
        #expect(forced.status == 0)
        // The report (on stdout) lists the dump as dump.unreadable; stderr names it.
        let wrong = try CLI.yoloset(["validate", "fixtures/nimble/done", "--source", "runflow"])
        #expect(wrong.status == 2 && wrong.stdout.contains("dump.unreadable"))
        #expect(wrong.stderr.split(separator: "\n").count == 1)
        #expect(wrong.stderr.contains("batch.json': $: --source runflow, but this looks like Nimble (fields tasks"))
        let acusight = try CLI.yoloset(["validate", "fixtures/shapes/envelope.json", "--source", "runflow"])
        #expect(acusight.status == 2)
        #expect(acusight.stderr.contains("--source runflow, but this looks like Acusight (fields success, data)"))
        let bad = try CLI.yoloset(["validate", "fixtures/runflow/paged", "--source", "bogus"])
        #expect(bad.status == 2)
    }

    @Test func acusightAndSourceDumpsAreNotMixed() throws {
        let run = try CLI.yoloset(["validate", "fixtures/shapes/envelope.json", "fixtures/nimble/done"])
        #expect(run.status == 2 && run.stdout.isEmpty)
        #expect(run.stderr.contains("come from different batch APIs"))
    }

    static let malformed: [(family: String, name: String)] = ["runflow", "nimble"].flatMap { family in
        TestResources.malformedSourceExpectations(family).keys.sorted().map { (family, $0) }
    }

    @Test(arguments: malformed)
    func malformedSourceDumpIsOneLineAndExitTwo(family: String, name: String) throws {
        let expected = try #require(TestResources.malformedSourceExpectations(family)[name])
        let run = try CLI.yoloset(["validate", "fixtures/\(family)/malformed/\(name)"])
        // The report, on stdout, has it as dump.unreadable; the run is incomplete.
        #expect(run.status == 2 && run.stdout.contains("dump.unreadable"))
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(
            run.stderr.hasPrefix(
                "yoloset: error: 1 dump cannot be read (the report is written, but the run is incomplete): "
                    + "Unable to read 'fixtures/\(family)/malformed/\(name)': "))
        #expect(run.stderr.contains(expected), "\(run.stderr)")
    }

    @Test func helpListsSourceRulesAndLookupOrder() throws {
        let run = try CLI.yoloset(["validate", "--help"])
        for text in ["item.image-missing", "batch.incomplete", "--source", "client_ref", "run_id"] {
            #expect(run.stdout.contains(text), "\(text)")
        }
    }
}
