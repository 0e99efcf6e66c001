import Foundation
import Testing
import YolosetTestSupport

/// `yoloset run`: import, validate, split and snapshot from `yoloset.yaml`, idempotent; and
/// `snapshot --if-changed`.
@Suite struct PipelineCommandTests {
    static let images = TestResources.fixture("workspace/images")
    static func dump(_ name: String) -> URL { URL(fileURLWithPath: TestResources.fixture("workspace/\(name)")) }

    /// A temporary folder with `dumps/` holding copies of the given yard dumps, and a workspace `ws/`
    /// whose `pipeline:` names them.
    static func pipeline(_ dumps: [String]) throws -> (workspace: URL, dumps: URL) {
        let root = try CLI.temporaryDirectory()
        let folder = root.appendingPathComponent("dumps")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in dumps {
            try FileManager.default.copyItem(
                at: dump(name), to: folder.appendingPathComponent(dump(name).lastPathComponent))
        }
        let ws = root.appendingPathComponent("ws")
        let created = try CLI.yoloset(
            ["init", ws.path, "--name", "Yard counts", "--dumps", folder.path, "--images", images])
        #expect(created.status == 0, "\(created.stderr)")
        return (ws, folder)
    }

    static func run(_ ws: URL) throws -> [String: Any] {
        try WorkspaceCommandTests.json(["run"], in: ws)
    }

    /// original_image_id → split in a version's version.json.
    static func splits(_ version: URL) throws -> [String: String] {
        let data = try Data(contentsOf: version.appendingPathComponent("version.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var result: [String: String] = [:]
        for image in json["version_images"] as? [[String: Any]] ?? [] {
            result[image["original_image_id"] as! String] = image["split"] as? String
        }
        return result
    }

    @Test func runImportsSplitsSnapshotsAndMakesNoVersionWithoutNewInput() throws {
        let (ws, dumps) = try Self.pipeline(["dumps/batch-2001.json", "dumps/batch-2002.json"])

        let first = try Self.run(ws)
        #expect(first["schema_version"] as? Int == 2)
        let imported = try #require(first["import"] as? [String: Any])
        #expect(imported["images_added"] as? Int == 80)
        let split = try #require(first["split"] as? [String: Any])
        #expect(split["images_moved"] as? Int == 0)
        let snapshot = try #require(first["snapshot"] as? [String: Any])
        #expect(snapshot["created"] as? Bool == true)
        #expect(snapshot["version"] as? Int == 1)
        // 35 completed images in each batch; pending ones stay out of splits and versions.
        #expect(snapshot["images"] as? Int == 70)
        let v1 = ws.appendingPathComponent("versions/v1")
        #expect(try VersionCommandTests.sha256sumCheck(v1) == 0)

        // Nothing new: the same dumps again change nothing and make no version.
        let second = try WorkspaceCommandTests.run(["run"], in: ws)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("no new version: v1"), "\(second.stdout)")
        let again = try Self.run(ws)
        #expect((again["import"] as? [String: Any])?["changed"] as? Bool == false)
        #expect((again["split"] as? [String: Any])?["images_assigned"] as? Int == 0)
        #expect((again["snapshot"] as? [String: Any])?["created"] as? Bool == false)
        #expect((again["snapshot"] as? [String: Any])?["version"] as? Int == 1)
        let versions = try WorkspaceCommandTests.json(["versions"], in: ws)["versions"] as? [[String: Any]]
        #expect(versions?.count == 1)

        // A new batch in the folder: imported, placed without moving anything, and a new version that
        // keeps every image of v1 in its split (the run locks what it assigns).
        try FileManager.default.copyItem(
            at: Self.dump("later/batch-2003.json"), to: dumps.appendingPathComponent("batch-2003.json"))
        let third = try Self.run(ws)
        #expect((third["import"] as? [String: Any])?["images_added"] as? Int == 20)
        #expect((third["split"] as? [String: Any])?["images_moved"] as? Int == 0)
        #expect((third["split"] as? [String: Any])?["images_assigned"] as? Int == 20)
        #expect((third["snapshot"] as? [String: Any])?["version"] as? Int == 2)
        #expect((third["snapshot"] as? [String: Any])?["images"] as? Int == 90)
        let before = try Self.splits(v1)
        let after = try Self.splits(ws.appendingPathComponent("versions/v2"))
        #expect(before.count == 70 && after.count == 90)
        for (id, split) in before { #expect(after[id] == split, "\(id) moved") }
    }

    @Test func runWithConfigUsesThatWorkspaceAndCreatesItsCatalog() throws {
        // A checkout holding only yoloset.yaml and its dumps: paths relative to the file.
        let root = try CLI.temporaryDirectory()
        let project = root.appendingPathComponent("project")
        try FileManager.default.createDirectory(
            at: project.appendingPathComponent("incoming"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.dump("dumps/batch-2001.json"), to: project.appendingPathComponent("incoming/batch-2001.json"))
        try FileManager.default.createSymbolicLink(
            at: project.appendingPathComponent("frames"), withDestinationURL: URL(fileURLWithPath: Self.images))
        let yaml = """
            project: { name: Yard counts, type: detect }
            split: { ratios: { train: 0.7, val: 0.2, test: 0.1 }, seed: 7 }
            pipeline: { dumps: incoming, images: frames, check: full, lock: false }
            """
        try yaml.write(to: project.appendingPathComponent("yoloset.yaml"), atomically: true, encoding: .utf8)

        let run = try CLI.yoloset(["run", "--config", "project/yoloset.yaml", "--json"], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(run.json)
        #expect((report["import"] as? [String: Any])?["images_added"] as? Int == 40)
        #expect((report["split"] as? [String: Any])?["seed"] as? Int == 7)
        // lock: false — the only locked images are the three the dump locks itself.
        #expect((report["split"] as? [String: Any])?["images_locked"] as? Int == 3)
        #expect((report["snapshot"] as? [String: Any])?["created"] as? Bool == true)
        #expect(FileManager.default.fileExists(atPath: project.appendingPathComponent(".yoloset/catalog.sqlite").path))
        #expect(FileManager.default.fileExists(atPath: project.appendingPathComponent("versions/v1/data.yaml").path))
        // The same command from inside the workspace finds it as every command does.
        let status = try WorkspaceCommandTests.json(["status"], in: project)
        #expect(status["images"] as? Int == 40)
    }

    @Test func runRefusesBadSettingsAndBadDumpsAndWritesNothing() throws {
        // No pipeline.dumps.
        let plain = try WorkspaceCommandTests.workspace()
        let missing = try WorkspaceCommandTests.run(["run"], in: plain)
        #expect(missing.status == 2)
        #expect(missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
        #expect(missing.stderr.contains("pipeline.dumps"))

        // An unknown key under pipeline.
        let (ws, dumps) = try Self.pipeline(["dumps/batch-2001.json"])
        let file = ws.appendingPathComponent("yoloset.yaml")
        let original = try String(contentsOf: file, encoding: .utf8)
        try (original + "  keep_going: true\n").write(to: file, atomically: true, encoding: .utf8)
        let unknown = try WorkspaceCommandTests.run(["run"], in: ws)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("pipeline.keep_going"), "\(unknown.stderr)")
        try original.write(to: file, atomically: true, encoding: .utf8)

        // A malformed dump in the folder refuses the whole run: no image, no object, no version.
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: TestResources.fixture("bad-dumps/wrong-type.json")),
            to: dumps.appendingPathComponent("wrong-type.json"))
        let bad = try WorkspaceCommandTests.run(["run"], in: ws)
        #expect(bad.status == 2)
        #expect(bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
        #expect(bad.stderr.contains("wrong-type.json") && bad.stderr.contains("$.data.images[1]"), "\(bad.stderr)")
        let status = try WorkspaceCommandTests.json(["status"], in: ws)
        #expect(status["images"] as? Int == 0)
        #expect(!FileManager.default.fileExists(atPath: ws.appendingPathComponent("versions/v1").path))
    }

    @Test func snapshotIfChangedMakesNoVersionForTheSameDataset() throws {
        let (ws, _) = try VersionCommandTests.versioned()
        let same = try WorkspaceCommandTests.json(["snapshot", "--if-changed"], in: ws)
        #expect(same["created"] as? Bool == false)
        #expect(same["version"] as? Int == 1)
        // Without the flag a snapshot always makes a version; a class rename is a change.
        #expect(try WorkspaceCommandTests.json(["snapshot"], in: ws)["version"] as? Int == 2)
        let config = try CLI.temporaryDirectory().appendingPathComponent("rename.yaml")
        try "classes: { rename: { car: vehicle } }\n".write(to: config, atomically: true, encoding: .utf8)
        let renamed = try WorkspaceCommandTests.json(["snapshot", "--if-changed", "--config", config.path], in: ws)
        #expect(renamed["created"] as? Bool == true)
        #expect(renamed["version"] as? Int == 3)
    }

    @Test func aFailedSnapshotReportsTheCauseFirstThenWhatImportAndSplitCommitted() throws {
        // `versions` is a file: the snapshot stage fails after the import and the split committed.
        let (ws, _) = try Self.pipeline(["dumps/batch-2001.json", "dumps/batch-2002.json"])
        try "not a folder\n".write(to: ws.appendingPathComponent("versions"), atomically: true, encoding: .utf8)

        let run = try WorkspaceCommandTests.run(["run"], in: ws)
        #expect(run.status == 2, "\(run.stderr)")
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(run.stderr)")
        #expect(lines.first?.hasPrefix("yoloset: error: cannot create '") == true, "\(run.stderr)")
        #expect(lines.first?.contains("/versions/.tmp-") == true, "\(run.stderr)")
        #expect(lines.dropFirst().first?.hasPrefix("import: 80 images added") == true, "\(run.stderr)")
        #expect(lines.dropFirst().first?.hasSuffix("(committed)") == true, "\(run.stderr)")
        #expect(lines.dropFirst(2).first?.hasPrefix("split: 70 images") == true, "\(run.stderr)")
        #expect(lines.last == "snapshot: failed (the error above)", "\(run.stderr)")
        // Each stage's report was printed as it ended.
        #expect(run.stdout.hasPrefix("import:\n"), "\(run.stdout)")
        #expect(run.stdout.contains("\nsplit:\n") && !run.stdout.contains("snapshot:"), "\(run.stdout)")

        // The JSON names the failed stage; the stages that did not complete are null.
        let json = try WorkspaceCommandTests.run(["run", "--json"], in: ws)
        #expect(json.status == 2)
        let report = try #require(json.json, "\(json.stdout)")
        let failure = try #require(report["failure"] as? [String: Any])
        #expect(failure["stage"] as? String == "snapshot")
        #expect((failure["message"] as? String)?.contains("cannot create") == true)
        #expect((report["import"] as? [String: Any])?["changed"] as? Bool == false)
        #expect(report["snapshot"] is NSNull)

        // What was committed stays: the next run, with `versions` fixed, only snapshots.
        try FileManager.default.removeItem(at: ws.appendingPathComponent("versions"))
        let fixed = try Self.run(ws)
        #expect((fixed["import"] as? [String: Any])?["images_added"] as? Int == 0)
        #expect((fixed["split"] as? [String: Any])?["images_assigned"] as? Int == 0)
        #expect((fixed["snapshot"] as? [String: Any])?["images"] as? Int == 70)
        #expect(fixed["failure"] is NSNull)
    }

    @Test func aVersionThatLosesAnImageOfTheLastOneFailsTheRun() throws {
        let (ws, dumps) = try Self.pipeline(["dumps/batch-2001.json", "dumps/batch-2002.json"])
        let first = try Self.run(ws)
        #expect((first["snapshot"] as? [String: Any])?["dropped"] as? [Any] != nil)
        let v1 = try Self.splits(ws.appendingPathComponent("versions/v1"))
        let split = try #require(v1["img-2001-01"])

        // A newer dump of b-2001 with one box of img-2001-01 broken.
        let data = try Data(contentsOf: Self.dump("updates/batch-2001.json"))
        var dump = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var body = try #require(dump["data"] as? [String: Any])
        var images = try #require(body["images"] as? [[String: Any]])
        let index = try #require(images.firstIndex { $0["id"] as? String == "img-2001-01" })
        var annotations = try #require(images[index]["annotations"] as? [[String: Any]])
        annotations[0]["x_center"] = 1.4
        images[index]["annotations"] = annotations
        body["images"] = images
        dump["data"] = body
        try JSONSerialization.data(withJSONObject: dump).write(to: dumps.appendingPathComponent("batch-2001.json"))

        let run = try WorkspaceCommandTests.run(["run", "--json"], in: ws)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("--fail-on error") && run.stderr.contains("version.dropped"), "\(run.stderr)")
        let report = try #require(run.json)
        let snapshot = try #require(report["snapshot"] as? [String: Any])
        #expect(snapshot["version"] as? Int == 2)
        let dropped = try #require(snapshot["dropped"] as? [[String: Any]])
        #expect(dropped.count == 1, "\(dropped)")
        #expect(dropped.first?["image_id"] as? String == "img-2001-01")
        #expect(dropped.first?["previous_split"] as? String == split)
        #expect(dropped.first?["previous_version"] as? Int == 1)
        #expect(dropped.first?["reason"] as? String == "failed_validation")
        #expect(dropped.first?["rules"] as? [String] == ["box.out-of-range"])
        #expect(dropped.first?["severity"] as? String == "error")
        #expect(try Self.splits(ws.appendingPathComponent("versions/v2"))["img-2001-01"] == nil)

        // The import's error still counts while the dump holds it; --fail-on never lets the run pass.
        let again = try WorkspaceCommandTests.run(["run"], in: ws)
        #expect(again.status == 1, "\(again.stderr)")
        #expect(again.stdout.contains("no new version: v2"), "\(again.stdout)")
        #expect(again.stdout.contains("1 image with validation errors was left out"), "\(again.stdout)")
        #expect(again.stderr.contains("in the import") && !again.stderr.contains("version.dropped"), "\(again.stderr)")
        let never = try WorkspaceCommandTests.run(["run", "--fail-on", "never"], in: ws)
        #expect(never.status == 0, "\(never.stderr)")
        // The dump's two image.duplicate warnings fail --fail-on warning.
        let warning = try WorkspaceCommandTests.run(["run", "--fail-on", "warning"], in: ws)
        #expect(warning.status == 1, "\(warning.stderr)")
    }

    @Test func snapshotReportsTheImagesOfThePreviousVersionItLeavesOut() throws {
        let (ws, _) = try Self.pipeline(["dumps/batch-2001.json", "dumps/batch-2002.json"])
        _ = try Self.run(ws)
        // A version config that selects only b-2002: every b-2001 image of v1 is left out, by batch.
        let config = try CLI.temporaryDirectory().appendingPathComponent("only-2002.yaml")
        try "batches: [b-2002]\n".write(to: config, atomically: true, encoding: .utf8)
        let text = try WorkspaceCommandTests.run(["snapshot", "--config", config.path], in: ws)
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").filter { $0.hasPrefix("error: version.dropped: ") }
        #expect(lines.count == 35, "\(text.stdout)")
        #expect(lines.allSatisfy { $0.contains("of v1 and is left out: the version config's `batches:`") })
        // Compared with the version before: v3 (the same config) leaves out nothing of v2.
        let json = try WorkspaceCommandTests.json(["snapshot", "--config", config.path], in: ws)
        #expect((json["dropped"] as? [Any])?.isEmpty == true)

        // The workspace's rules set the severity, or turn the rule off.
        let file = ws.appendingPathComponent("yoloset.yaml")
        let yaml = try String(contentsOf: file, encoding: .utf8)
        #expect(yaml.contains("  rules: {}\n"))
        try yaml.replacingOccurrences(of: "  rules: {}\n", with: "  rules: {version.dropped: warning}\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let only2001 = try CLI.temporaryDirectory().appendingPathComponent("only-2001.yaml")
        try "batches: [b-2001]\n".write(to: only2001, atomically: true, encoding: .utf8)
        let lowered = try WorkspaceCommandTests.json(["snapshot", "--config", only2001.path], in: ws)
        let drops = try #require(lowered["dropped"] as? [[String: Any]])
        #expect(drops.count == 35 && drops.allSatisfy { $0["severity"] as? String == "warning" })
        #expect(drops.allSatisfy { $0["reason"] as? String == "batch_not_selected" })
        try yaml.replacingOccurrences(of: "  rules: {}\n", with: "  rules: {version.dropped: off}\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let off = try WorkspaceCommandTests.json(["snapshot", "--config", config.path], in: ws)
        #expect((off["dropped"] as? [Any])?.isEmpty == true)
    }
}
