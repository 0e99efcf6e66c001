import Foundation
import Testing
import YolosetTestSupport

/// `validate` as a CI gate: a baseline that lets a dataset with known findings pass and fails only on
/// new ones, and a workspace validated from its catalog.
@Suite struct ValidateGateTests {
    /// A copy of `fixtures/broken` (dumps and images) to edit.
    static func brokenCopy() throws -> URL {
        let folder = try CLI.temporaryDirectory().appendingPathComponent("broken")
        try FileManager.default.copyItem(at: TestResources.fixtures.appendingPathComponent("broken"), to: folder)
        return folder
    }

    /// Adds an annotation whose x_center is out of range, first on the first image of a dump: every
    /// annotation after it moves one index and a few lines down.
    static func addBrokenAnnotation(to dump: URL) throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dump)) as? [String: Any])
        var data = try #require(object["data"] as? [String: Any])
        var images = try #require(data["images"] as? [[String: Any]])
        var annotations = try #require(images[0]["annotations"] as? [[String: Any]])
        annotations.insert(
            [
                "id": "ann-new-1", "image_id": images[0]["id"] as Any, "class_value": "0", "type": "bbox",
                "x_center": 1.5, "y_center": 0.5, "width": 0.1, "height": 0.1, "confidence": NSNull(),
                "source": "manual",
            ], at: 0)
        images[0]["annotations"] = annotations
        data["images"] = images
        object["data"] = data
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: dump)
    }

    @Test func aBaselineFailsOnlyOnNewFindings() throws {
        let broken = try Self.brokenCopy()
        defer { try? FileManager.default.removeItem(at: broken.deletingLastPathComponent()) }
        let baseline = broken.deletingLastPathComponent().appendingPathComponent("baseline.json").path
        let first = try CLI.yoloset(["validate", broken.path, "--format", "json", "--output", baseline])
        #expect(first.status == 1)

        // Today's findings, accepted: the gate passes.
        let same = try CLI.yoloset(["validate", broken.path, "--baseline", baseline])
        #expect(same.status == 0, "\(same.stdout)")
        #expect(same.stdout.contains("0 new, 32 unchanged, 0 fixed"), "\(same.stdout)")
        #expect(same.stdout.components(separatedBy: " (unchanged)\n").count == 33, "\(same.stdout)")

        // One new broken annotation, inserted before the known ones: only it fails the run.
        try Self.addBrokenAnnotation(to: broken.appendingPathComponent("box-degenerate.json"))
        let added = try CLI.yoloset(["validate", broken.path, "--baseline", baseline, "--format", "json"])
        #expect(added.status == 1)
        let findings = try #require(added.json?["findings"] as? [[String: Any]])
        let new = findings.filter { $0["baseline_state"] as? String == "new" }
        #expect(new.count == 1)
        #expect(new.first?["annotation_id"] as? String == "ann-new-1")
        #expect(new.first?["rule"] as? String == "box.out-of-range")
        #expect(findings.count { $0["baseline_state"] as? String == "unchanged" } == findings.count - 1)
        let text = try CLI.yoloset(["validate", broken.path, "--baseline", baseline, "--format", "github"])
        let annotations = text.stdout.split(separator: "\n").filter { $0.hasPrefix("::") }
        #expect(annotations.count == 1 && annotations[0].contains("ann-new-1"), "\(text.stdout)")

        // A fixed dump's findings are absent in SARIF; the new one is new, the others unchanged.
        try FileManager.default.removeItem(at: broken.appendingPathComponent("box-tiny.json"))
        let sarif = try CLI.yoloset(["validate", broken.path, "--baseline", baseline, "--format", "sarif"])
        let results = try #require(
            (sarif.json?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        let states = Dictionary(grouping: results, by: { $0["baselineState"] as? String ?? "" }).mapValues(\.count)
        #expect(states["new"] == 1)
        #expect(states["absent"] == 1)
        #expect(states["unchanged"] == 31)
    }

    @Test func aBaselineThatIsNotAReportIsRefusedInOneLine() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("not-a-report.json")
        try Data("{\"schema_version\": 1, \"summary\": {}}".utf8).write(to: file)
        for (path, problem) in [
            (file.path, "not a yoloset JSON report: $.findings is missing"),
            (folder.appendingPathComponent("nope.json").path, "no such file"),
        ] {
            let run = try CLI.yoloset(["validate", TestResources.fixture("broken"), "--baseline", path])
            #expect(run.status == 2)
            #expect(run.stderr == "yoloset: error: baseline '\(path)': \(problem)\n", "\(run.stderr)")
        }
    }

    @Test func aWorkspaceIsValidatedFromItsCatalogAndVersions() throws {
        let ws = try WorkspaceCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: ws.deletingLastPathComponent()) }
        // The sample, and two dumps with errors (one image's box, and content in train and val).
        let broken = ["box-out-of-range.json", "split-leak.json"].map { TestResources.fixture("broken/\($0)") }
        _ = try WorkspaceCommandTests.json(
            ["import", WorkspaceCommandTests.sampleDumps, "--images", WorkspaceCommandTests.sampleImages], in: ws)
        let imported = try WorkspaceCommandTests.run(["import"] + broken, in: ws)
        #expect(imported.status == 0, "\(imported.stderr)")
        _ = try WorkspaceCommandTests.json(["split"], in: ws)
        _ = try WorkspaceCommandTests.json(["snapshot"], in: ws)
        let status = try WorkspaceCommandTests.json(["status"], in: ws)
        let open = try #require((status["findings"] as? [String: Any])?["open"] as? [[String: Any]])

        // Inside it with no PATH, and naming it: the same report.
        let inside = try WorkspaceCommandTests.run(["validate", "--format", "json"], in: ws)
        let named = try CLI.yoloset(["validate", ws.path, "--format", "json"])
        #expect(inside.status == 1, "\(inside.stderr)")
        #expect(named.status == 1, "\(named.stderr)")
        let summary = try #require(inside.json?["summary"] as? [String: Any])
        #expect(inside.json?["subject"] as? String == "workspace")
        #expect(summary["versions"] as? Int == 1)
        #expect((summary["version_files"] as? Int ?? 0) > 0)
        let findings = try #require(inside.json?["findings"] as? [[String: Any]])
        #expect(findings.count == open.count)
        #expect(Set(findings.compactMap { $0["rule"] as? String }).isSuperset(of: ["split.leak", "box.out-of-range"]))
        #expect(!findings.contains { $0["rule"] as? String == "version.integrity" })

        // A version file changed behind yoloset's back is an error of the gate, named by path.
        let label = try #require(
            FileManager.default.subpathsOfDirectory(atPath: ws.appendingPathComponent("versions/v1/labels").path)
                .first { $0.hasSuffix(".txt") })
        let file = ws.appendingPathComponent("versions/v1/labels/\(label)")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        try Data("0 0.5 0.5 0.2 0.2\n".utf8).write(to: file)
        let changed = try WorkspaceCommandTests.run(["validate", "--format", "json"], in: ws)
        let integrity = (changed.json?["findings"] as? [[String: Any]] ?? []).filter {
            $0["rule"] as? String == "version.integrity"
        }
        #expect(integrity.count == 1)
        #expect((integrity.first?["file"] as? String ?? "").hasSuffix("versions/v1/labels/\(label)"))

        // Every report format works on a workspace; SARIF and JUnit pass their schemas.
        let folder = ws.deletingLastPathComponent()
        var files: [String] = []
        for (format, suffix) in [("sarif", "sarif"), ("junit", "xml"), ("gitlab", "gitlab.json")] {
            let output = folder.appendingPathComponent("workspace.\(suffix)").path
            let run = try WorkspaceCommandTests.run(["validate", "--format", format, "--output", output], in: ws)
            #expect(run.status == 1, "\(run.stderr)")
            files.append(output)
        }
        let check = try CheckReports.run(files)
        #expect(check.status == 0, "\(check.stderr)")
        let text = try WorkspaceCommandTests.run(["validate"], in: ws)
        #expect(text.stdout.contains("workspace "), "\(text.stdout)")
        #expect(text.stdout.contains("1 version ("), "\(text.stdout)")
    }

    @Test func outsideAWorkspaceWithNoPathSaysWhatToName() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CLI.yoloset(["validate"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains("run inside a workspace"), "\(run.stderr)")
    }
}
