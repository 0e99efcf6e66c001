import Foundation
import Testing
import YolosetTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `snapshot`, `versions`, `show`, `verify`, and the Ultralytics check, on the bundled sample.
@Suite struct VersionCommandTests {
    /// A workspace holding the sample, split, with `v1` snapshotted.
    static func versioned() throws -> (workspace: URL, version: URL) {
        let ws = try WorkspaceCommandTests.workspace()
        _ = try WorkspaceCommandTests.json(
            ["import", WorkspaceCommandTests.sampleDumps, "--images", WorkspaceCommandTests.sampleImages], in: ws)
        _ = try WorkspaceCommandTests.json(["split"], in: ws)
        let snapshot = try WorkspaceCommandTests.json(["snapshot"], in: ws)
        #expect(snapshot["version"] as? Int == 1)
        return (ws, ws.appendingPathComponent("versions/v1"))
    }

    /// `sha256sum -c checksums.sha256` in a version folder: its exit status.
    static func sha256sumCheck(_ folder: URL) throws -> Int32 {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        check.arguments = ["-c", "--quiet", "checksums.sha256"]
        check.currentDirectoryURL = folder
        try check.run()
        check.waitUntilExit()
        return check.terminationStatus
    }

    /// The inodes of every file under `folder`.
    static func inodes(under folder: String) throws -> Set<Int64> {
        Set(
            try FileManager.default.subpathsOfDirectory(atPath: folder).compactMap { path in
                var info = stat()
                return stat("\(folder)/\(path)", &info) == 0 ? Int64(info.st_ino) : nil
            })
    }

    @Test func snapshotIsAReadOnlyYOLODatasetThatTracesEveryId() throws {
        let (ws, version) = try Self.versioned()
        let yaml = try String(contentsOf: version.appendingPathComponent("data.yaml"), encoding: .utf8)
        #expect(yaml.contains("train: images/train\nval: images/val\ntest: images/test\nnc: 3\nnames:\n  0: person\n"))
        #expect(!yaml.contains("path:") && !yaml.contains("download"))

        #expect(try Self.sha256sumCheck(version) == 0, "sha256sum -c accepts the checksums")

        // Every file and folder in a version is read-only; images are hard links to the object store's
        // own files (never to the user's). Labels end with a newline and hold no blank line.
        let sources = try Self.inodes(under: WorkspaceCommandTests.sampleImages)
        let entries = try FileManager.default.subpathsOfDirectory(atPath: version.path) + [""]
        for entry in entries {
            var info = stat()
            #expect(stat(version.appendingPathComponent(entry).path, &info) == 0)
            #expect(info.st_mode & 0o222 == 0, "'\(entry)' is writable")
        }
        for file in entries.filter({ $0.contains(".") }) {
            var info = stat()
            #expect(stat(version.appendingPathComponent(file).path, &info) == 0)
            if file.hasPrefix("images/") {
                #expect(info.st_nlink >= 2, "\(file) is a hard link")
                #expect(!sources.contains(Int64(info.st_ino)), "\(file) is the user's own file")
            }
            if file.hasPrefix("labels/") {
                let text = try String(contentsOf: version.appendingPathComponent(file), encoding: .utf8)
                #expect(text.isEmpty || (text.hasSuffix("\n") && !text.contains("\n\n")), "\(file)")
            }
        }

        // version.json: every image and annotation back to its original id and bytes.
        let data = try Data(contentsOf: version.appendingPathComponent("version.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(manifest["schema_version"] as? Int == 1)
        let images = manifest["version_images"] as? [[String: Any]] ?? []
        #expect(images.count == 11, "the 11 completed images with a split")
        let catalog = Dictionary(
            uniqueKeysWithValues: (try WorkspaceCommandTests.json(["images"], in: ws)["images"] as? [[String: Any]]
                ?? [])
                .map { ($0["id"] as! String, $0) })
        for image in images {
            let id = try #require(image["original_image_id"] as? String)
            #expect(catalog[id]?["sha256"] as? String == image["sha256"] as? String)
            #expect(catalog[id]?["split"] as? String == image["split"] as? String)
            let path = "images/\(image["split"] as! String)/\(image["filename"] as! String)"
            #expect(FileManager.default.fileExists(atPath: version.appendingPathComponent(path).path))
        }
        let annotations = manifest["version_annotations"] as? [[String: Any]] ?? []
        #expect(annotations.count == 21)
        #expect(annotations.allSatisfy { ($0["original_annotation_id"] as? String)?.hasPrefix("ann-") == true })
        let classes = manifest["version_classes"] as? [[String: Any]] ?? []
        #expect(classes.map { $0["raw_value"] as? String } == ["0", "1", "2"])
        #expect(classes.map { $0["yolo_index"] as? Int } == [0, 1, 2])
    }

    @Test func showReadsTheCatalogOrVersionJSONAlike() throws {
        // v1's counts come from the catalog's versions row; a copy of the folder (another inode, no row)
        // is read from its version.json. Both must say the same.
        let (ws, version) = try Self.versioned()
        try FileManager.default.copyItem(at: version, to: ws.appendingPathComponent("versions/v7"))
        var fromCatalog = try WorkspaceCommandTests.json(["show", "v1"], in: ws)
        var fromFile = try WorkspaceCommandTests.json(["show", "v7"], in: ws)
        #expect(fromFile["version"] as? Int == 7)
        #expect((fromCatalog["splits"] as? [String: Any])?.count == 3)
        for key in ["version", "path"] {
            fromCatalog[key] = nil
            fromFile[key] = nil
        }
        #expect(
            NSDictionary(dictionary: fromCatalog) == NSDictionary(dictionary: fromFile), "\(fromCatalog)\n\(fromFile)")
        let listed = try WorkspaceCommandTests.json(["versions"], in: ws)["versions"] as? [[String: Any]] ?? []
        #expect(listed.map { $0["version"] as? Int } == [1, 7])
    }

    @Test func versionConfigRenamesDropsAndRefusesUnknownKeys() throws {
        let (ws, _) = try Self.versioned()
        let config = ws.appendingPathComponent("v2.yaml")
        try "classes:\n  rename: { car: vehicle }\n  drop: [dog]\nsources: [manual]\n"
            .write(to: config, atomically: true, encoding: .utf8)
        let result = try WorkspaceCommandTests.json(["snapshot", "--config", config.path], in: ws)
        #expect(result["classes"] as? [String] == ["person", "vehicle"])
        let yaml = try String(
            contentsOf: ws.appendingPathComponent("versions/v2/data.yaml"), encoding: .utf8)
        #expect(yaml.contains("nc: 2\nnames:\n  0: person\n  1: vehicle\n"))
        let data = try Data(contentsOf: ws.appendingPathComponent("versions/v2/version.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(manifest["dropped_classes"] as? [String] == ["dog"])
        let renamed = (manifest["version_classes"] as? [[String: Any]] ?? []).first {
            $0["name"] as? String == "vehicle"
        }
        #expect(renamed?["raw_value"] as? String == "1" && renamed?["original_name"] as? String == "car")
        #expect((manifest["pipeline_config"] as? [String: Any])?["sources"] as? [String] == ["manual"])

        try "clases: {drop: [dog]}\n".write(to: config, atomically: true, encoding: .utf8)
        let bad = try WorkspaceCommandTests.run(["snapshot", "--config", config.path], in: ws)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("clases: unknown key"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ws.appendingPathComponent("versions/v3").path))

        // A class the project does not have is a typo, not a no-op.
        for yaml in ["classes: {rename: {persn: human}}", "classes: {drop: [dgo]}", "classes: {merge: {car: vehicle}}"]
        {
            try (yaml + "\n").write(to: config, atomically: true, encoding: .utf8)
            let typo = try WorkspaceCommandTests.run(["snapshot", "--config", config.path], in: ws)
            #expect(typo.status == 2, "\(yaml): \(typo.stdout)")
            #expect(typo.stderr.contains("its classes are person, car, dog"), "\(typo.stderr)")
            #expect(typo.stderr.split(separator: "\n").count == 1)
            #expect(!FileManager.default.fileExists(atPath: ws.appendingPathComponent("versions/v3").path))
        }
    }

    @Test func twoSnapshotsThenDiff() throws {
        let (ws, _) = try Self.versioned()
        let same = try WorkspaceCommandTests.run(["diff", "v1", "v1"], in: ws)
        #expect(same.stdout.contains("no differences"))
        // Unlock everything and re-split with another seed, and rename and drop classes.
        _ = try WorkspaceCommandTests.run(["unlock", "--all"], in: ws)
        _ = try WorkspaceCommandTests.json(["split", "--force-reassignment", "--seed", "5"], in: ws)
        let config = ws.appendingPathComponent("v2.yaml")
        try "classes: {rename: {car: vehicle}, drop: [dog]}\n".write(to: config, atomically: true, encoding: .utf8)
        _ = try WorkspaceCommandTests.json(["snapshot", "--config", config.path], in: ws)
        let diff = try WorkspaceCommandTests.json(["diff", "v1", "v2"], in: ws)
        let classes = diff["classes"] as? [String: Any] ?? [:]
        let renamed = classes["renamed"] as? [[String: Any]] ?? []
        #expect(
            renamed.count == 1 && renamed.first?["from"] as? String == "car"
                && renamed.first?["to"] as? String == "vehicle")
        #expect(classes["removed"] as? [String] == ["dog"])
        let annotations = diff["annotations"] as? [String: Any] ?? [:]
        #expect((annotations["removed"] as? [String])?.count == 4, "the four dog annotations")
        let images = diff["images"] as? [String: Any] ?? [:]
        let moved = images["moved"] as? [[String: Any]] ?? []
        let before = try WorkspaceCommandTests.json(["show", "v1"], in: ws)
        #expect(!moved.isEmpty || before["images"] as? Int == 11)
        for move in moved { #expect(move["from"] as? String != move["to"] as? String) }
    }

    @Test func exportedVersionVerifiesWherever() throws {
        let (ws, _) = try Self.versioned()
        let target = try CLI.temporaryDirectory()
        for mode in ["hardlink", "copy", "symlink"] {
            let out = target.appendingPathComponent(mode).path
            let run = try WorkspaceCommandTests.run(["export", "v1", "--out", out, "--link", mode], in: ws)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("24 files verified"))
        }
        let copy = target.appendingPathComponent("copy")
        #expect(try Self.sha256sumCheck(copy) == 0)
        let again = try WorkspaceCommandTests.run(["export", "v1", "--out", copy.path], in: ws)
        #expect(again.status == 2)
        #expect(again.stderr.contains("not empty"))
    }

    @Test func verifyNamesEveryChangedMissingAndExtraFile() throws {
        let (ws, version) = try Self.versioned()
        let intact = try WorkspaceCommandTests.run(["verify", "v1"], in: ws)
        #expect(intact.status == 0)
        #expect(intact.stdout.contains("v1: intact (24 files match checksums.sha256)"))

        let labels = version.appendingPathComponent("labels/train")
        let label = try #require(try FileManager.default.contentsOfDirectory(atPath: labels.path).sorted().first)
        chmod(labels.path, 0o755)
        chmod(labels.appendingPathComponent(label).path, 0o644)
        try "0 0.5 0.5 0.1 0.1\n".write(to: labels.appendingPathComponent(label), atomically: false, encoding: .utf8)
        try "x".write(to: labels.appendingPathComponent("stray.txt"), atomically: false, encoding: .utf8)
        let val = version.appendingPathComponent("labels/val")
        let gone = try #require(try FileManager.default.contentsOfDirectory(atPath: val.path).sorted().first)
        chmod(val.path, 0o755)
        try FileManager.default.removeItem(at: val.appendingPathComponent(gone))

        let broken = try WorkspaceCommandTests.run(["verify", "v1"], in: ws)
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("changed: labels/train/\(label)"))
        #expect(broken.stdout.contains("missing: labels/val/\(gone)"))
        #expect(broken.stdout.contains("extra: labels/train/stray.txt"))
        #expect(broken.stdout.contains("NOT intact"))
    }

    @Test func versionsAreNumberedAndConcurrentSnapshotsGetDistinctNumbers() throws {
        let (ws, _) = try Self.versioned()
        let runs = Shared<[CLI.Run]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            let run = try! CLI.yoloset(["-C", ws.path, "snapshot", "--json"])
            runs.mutate { $0.append(run) }
        }
        let numbers = runs.value.compactMap { $0.json?["version"] as? Int }.sorted()
        #expect(numbers == [2, 3], "\(runs.value.map(\.stderr))")
        let listed = try WorkspaceCommandTests.json(["versions"], in: ws)["versions"] as? [[String: Any]] ?? []
        #expect(listed.map { $0["version"] as? Int } == [1, 2, 3])
        let hidden = try FileManager.default.contentsOfDirectory(atPath: ws.appendingPathComponent("versions").path)
        #expect(hidden.sorted() == ["v1", "v2", "v3"], "no temporary folder is left behind")
        let show = try WorkspaceCommandTests.json(["show", "v2"], in: ws)
        #expect(show["images"] as? Int == 11)
        #expect(try WorkspaceCommandTests.run(["show", "v9"], in: ws).status == 2)
    }

    @Test func killDuringSnapshotLeavesNoPartialVersion() throws {
        for delay in [1, 5, 15, 40] {
            let ws = try WorkspaceCommandTests.workspace()
            _ = try WorkspaceCommandTests.json(
                ["import", WorkspaceCommandTests.sampleDumps, "--images", WorkspaceCommandTests.sampleImages],
                in: ws)
            _ = try WorkspaceCommandTests.json(["split"], in: ws)
            try WorkspaceCommandTests.kill(after: delay, ["snapshot"], in: ws)
            let versions = ws.appendingPathComponent("versions")
            let visible = ((try? FileManager.default.contentsOfDirectory(atPath: versions.path)) ?? [])
                .filter { !$0.hasPrefix(".") }
            #expect(visible == [] || visible == ["v1"], "after kill -9 at \(delay) ms: \(visible)")
            if visible == ["v1"] { #expect(try WorkspaceCommandTests.run(["verify", "v1"], in: ws).status == 0) }
            #expect(try WorkspaceCommandTests.run(["fsck"], in: ws).status == 0, "fsck after kill -9 at \(delay) ms")
            // The next snapshot clears what a killed one left and numbers on.
            let next = try WorkspaceCommandTests.json(["snapshot"], in: ws)
            #expect(next["version"] as? Int == visible.count + 1)
            let left = try FileManager.default.contentsOfDirectory(atPath: versions.path).filter { $0.hasPrefix(".") }
            #expect(left.isEmpty)
        }
    }

    /// A segmentation workspace from `fixtures/broken/geometry-invalid.json`: one image fails validation,
    /// the other (polygons as base64 and as a byte array) makes a one-image version.
    static func segmentVersion() throws -> URL {
        let folder = try CLI.temporaryDirectory().appendingPathComponent("seg")
        #expect(try CLI.yoloset(["init", folder.path, "--type", "segment"]).status == 0)
        _ = try WorkspaceCommandTests.json(
            [
                "import", TestResources.fixture("broken/geometry-invalid.json"), "--images",
                TestResources.fixture("broken"),
            ],
            in: folder)
        _ = try WorkspaceCommandTests.json(["split", "--mode", "all", "--target", "train"], in: folder)
        let snapshot = try WorkspaceCommandTests.json(["snapshot"], in: folder)
        #expect(snapshot["images"] as? Int == 1)
        return folder.appendingPathComponent("versions/v1")
    }

    @Test func segmentationLabelsArePolygons() throws {
        let version = try Self.segmentVersion()
        let labels = version.appendingPathComponent("labels/train")
        let files = try FileManager.default.contentsOfDirectory(atPath: labels.path)
        #expect(files.count == 1)
        let text = try String(contentsOf: labels.appendingPathComponent(files[0]), encoding: .utf8)
        let rows = text.split(separator: "\n")
        #expect(rows.count == 2, "\(text)")
        for row in rows {
            let fields = row.split(separator: " ")
            #expect(Int(fields[0]) != nil, "an integer class id")
            let values = fields.dropFirst().compactMap { Double($0) }
            #expect(values.count == fields.count - 1 && values.count >= 6 && values.count % 2 == 0)
            #expect(values.allSatisfy { $0 >= 0 && $0 <= 1 })
        }
        let data = try Data(contentsOf: version.appendingPathComponent("version.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(manifest["task"] as? String == "segment")
        let annotations = manifest["version_annotations"] as? [[String: Any]] ?? []
        #expect(annotations.allSatisfy { ($0["geometry"] as? [Double])?.count ?? 0 >= 6 })
    }

    @Test func ultralyticsLoadsDetectAndSegmentVersionsWithZeroCorruptImages() throws {
        // One test runs both, one after the other: the first run may install Ultralytics.
        let (_, version) = try Self.versioned()
        for (folder, expected) in [
            (version, "train: 7 images, 7 loaded, 0 corrupt"),
            (try Self.segmentVersion(), "train: 1 images, 1 loaded, 0 corrupt"),
            (try VersionGoldenTests.segmentVersion(), "val: 2 images, 2 loaded, 0 corrupt, 1 labels"),
            // The sample plus five Runflow background images (empty label files), all in train.
            (try SourceImportTests.backgroundVersion(), "train: 12 images, 12 loaded, 0 corrupt, 14 labels"),
        ] {
            guard let run = try CheckUltralytics.run([folder.path]) else { return }
            let text = run.stdout
            #expect(run.status == 0, "\(text)")
            #expect(text.contains(expected), "\(text)")
            #expect(text.contains("check-ultralytics: passed"))
            let cache = folder.appendingPathComponent("labels/train.cache")
            #expect(!FileManager.default.fileExists(atPath: cache.path), "the check writes nothing into the version")
        }
    }
}
