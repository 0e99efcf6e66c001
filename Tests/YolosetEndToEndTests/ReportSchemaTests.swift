import Foundation
import Testing
import YolosetTestSupport

/// Every SARIF, JUnit and GitLab report yoloset writes is what its reader accepts: the official SARIF
/// 2.1.0 schema and GitHub code scanning's required properties, the Jenkins xUnit plugin's
/// junit-10.xsd, GitLab's Code Quality keys (`scripts/check-reports`), on the golden files and on
/// fresh runs over broken and clean dumps, datasets and a workspace.
@Suite(.serialized) struct ReportSchemaTests {
    /// The inputs, and the options each needs.
    static let runs: [(name: String, arguments: [String])] = [
        ("broken-dumps", ["fixtures/broken"]),
        ("clean-dumps", ["fixtures/sample/dumps", "--images", "fixtures/sample/images"]),
        ("broken-dataset", ["fixtures/yolo/broken"]),
        ("clean-dataset", ["fixtures/yolo/clean"]),
        ("sources", ["fixtures/runflow/paged"]), ("failed-sources", ["fixtures/runflow/failed"]),
        ("unreadable-dumps", ["fixtures/broken", "fixtures/bad-dumps"]),
    ]

    @Test func everyReportOfEveryKindPassesItsReadersSchema() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [String] = []
        for (name, arguments) in Self.runs {
            for (format, suffix) in [("sarif", "sarif"), ("junit", "xml"), ("gitlab", "gitlab.json")] {
                let file = folder.appendingPathComponent("\(name).\(suffix)").path
                let run = try CLI.yoloset(["validate"] + arguments + ["--format", format, "--output", file])
                // 2: some dumps could not be read, and the report was written all the same.
                let expected: Set<Int32> = name == "unreadable-dumps" ? [2] : [0, 1]
                #expect(expected.contains(run.status), "\(name) \(format): \(run.stderr)")
                files.append(file)
            }
        }
        files += ["report.sarif", "report.junit.xml", "report.gitlab.json"].map {
            Golden.directory.appendingPathComponent($0).path
        }
        let check = try CheckReports.run(files)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.split(separator: "\n").count == files.count, "\(check.stdout)")
    }

    /// A workspace with no findings (the sample, split and snapshotted): a gate that passes still writes
    /// reports their readers take.
    @Test func aCleanWorkspacesReportsPassTheirSchemas() throws {
        let ws = try WorkspaceCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: ws.deletingLastPathComponent()) }
        _ = try WorkspaceCommandTests.json(
            ["import", WorkspaceCommandTests.sampleDumps, "--images", WorkspaceCommandTests.sampleImages], in: ws)
        _ = try WorkspaceCommandTests.json(["split"], in: ws)
        _ = try WorkspaceCommandTests.json(["snapshot"], in: ws)
        var files: [String] = []
        for (format, suffix) in [("sarif", "sarif"), ("junit", "xml"), ("gitlab", "gitlab.json")] {
            let output = ws.deletingLastPathComponent().appendingPathComponent("clean-workspace.\(suffix)").path
            let run = try WorkspaceCommandTests.run(["validate", "--format", format, "--output", output], in: ws)
            #expect(run.status == 0, "\(format): \(run.stderr)")
            files.append(output)
        }
        let check = try CheckReports.run(files)
        #expect(check.status == 0, "\(check.stderr)")
    }

    /// The checker is not a rubber stamp: what the issue found wrong in yoloset's earlier reports fails it.
    @Test func reportsThatBreakAReadersRuleFailTheCheck() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sarifFile = folder.appendingPathComponent("no-help.sarif")
        var sarif = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: Golden.directory.appendingPathComponent("report.sarif"))) as? [String: Any])
        var runs = try #require(sarif["runs"] as? [[String: Any]])
        var tool = try #require(runs[0]["tool"] as? [String: Any])
        var driver = try #require(tool["driver"] as? [String: Any])
        var rules = try #require(driver["rules"] as? [[String: Any]])
        rules[0]["help"] = nil
        driver["rules"] = rules
        tool["driver"] = driver
        runs[0]["tool"] = tool
        sarif["runs"] = runs
        try JSONSerialization.data(withJSONObject: sarif).write(to: sarifFile)
        let junitFile = folder.appendingPathComponent("skipped-on-testsuites.xml")
        let junit = try String(
            contentsOf: Golden.directory.appendingPathComponent("report.junit.xml"), encoding: .utf8)
        try junit.replacingOccurrences(of: "<testsuites name=\"yoloset validate\"", with: "<testsuites skipped=\"1\"")
            .write(to: junitFile, atomically: true, encoding: .utf8)
        for (file, problem) in [(sarifFile, "help.text missing"), (junitFile, "'skipped' is not allowed")] {
            let check = try CheckReports.run([file.path])
            #expect(check.status == 1)
            #expect(check.stderr.contains(problem), "\(check.stderr)")
        }
    }

    /// docs/ci.md's recipes (both GitHub Actions workflows, the GitLab CI job, the Kubernetes Jobs), run
    /// as written on broken, unreadable and clean fixtures (`scripts/check-ci-recipes`).
    @Test func theCIRecipesRunAsDocumented() throws {
        let run = try Script.run("check-ci-recipes")
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("check-ci-recipes: 12 of 12 runs as documented"), "\(run.stdout)")
    }
}
