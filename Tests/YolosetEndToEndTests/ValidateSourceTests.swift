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
