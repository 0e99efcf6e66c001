import Foundation
import Testing
import YolosetTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The object store end to end: versions that no edit of a source image reaches (copy and auto modes),
/// hardlink mode's guard, `fsck`, `gc`, and `status`'s store line.
@Suite struct StoreCommandTests {
    /// What a user might do to a source image after importing it.
    enum Edit: String, CaseIterable, CustomTestStringConvertible {
        /// Rewritten in place, as `open(path, "wb")` does: the same inode, other bytes.
        case rewrite
        case truncate
        case append
        case delete

        var testDescription: String { rawValue }

        func apply(to path: String) {
            switch self {
            case .rewrite:
                let fd = open(path, O_WRONLY | O_TRUNC)
                #expect(fd >= 0)
                let bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array("re-saved by an annotation tool".utf8)
                #expect(write(fd, bytes, bytes.count) == bytes.count)
                close(fd)
            case .truncate: #expect(Glibc.truncate(path, 100) == 0)
            case .append:
                let fd = open(path, O_WRONLY | O_APPEND)
                #expect(fd >= 0)
                let bytes = Array("trailing notes".utf8)
                #expect(write(fd, bytes, bytes.count) == bytes.count)
                close(fd)
            case .delete: #expect(unlink(path) == 0)
            }
        }
    }

    /// A workspace and a copy of the sample's dumps and images of its own (the test edits them).
    static func workspace(link: String) throws -> (workspace: URL, dumps: String, images: String) {
        let root = try CLI.temporaryDirectory()
        let dumps = root.appendingPathComponent("dumps")
        let images = root.appendingPathComponent("images")
        try FileManager.default.copyItem(atPath: WorkspaceCommandTests.sampleDumps, toPath: dumps.path)
        try FileManager.default.copyItem(atPath: WorkspaceCommandTests.sampleImages, toPath: images.path)
        let ws = root.appendingPathComponent("ws")
        let created = try CLI.yoloset(["init", ws.path, "--link", link])
        #expect(created.status == 0, "\(created.stderr)")
        return (ws, dumps.path, images.path)
    }

    /// The first image of v1's train split, as the user's file: (version path, source path).
    static let edited = "org-7/b-1001/frame_0001.jpg"

    static func importAll(_ ws: URL, _ dumps: String, _ images: String) throws -> [String: Any] {
        try WorkspaceCommandTests.json(["import", dumps, "--images", images], in: ws)
    }

    static func fsck(_ ws: URL) throws -> (status: Int32, json: [String: Any]) {
        let run = try WorkspaceCommandTests.run(["fsck", "--json"], in: ws)
        return (run.status, try #require(run.json, "fsck printed no JSON: \(run.stdout) \(run.stderr)"))
    }

    static func verifyAll(_ ws: URL) throws -> [String] {
        var failures: [String] = []
        for version in ["v1", "v2", "v3"]
        where FileManager.default.fileExists(atPath: ws.appendingPathComponent("versions/\(version)").path) {
            let run = try WorkspaceCommandTests.run(["verify", version], in: ws)
            if run.status != 0 { failures.append("\(version): \(run.stdout)") }
        }
        return failures
    }

    @Test(arguments: ["auto", "copy"], Edit.allCases)
    func editingASourceAfterImportOrSnapshotChangesNoVersion(link: String, edit: Edit) throws {
        for afterSnapshot in [false, true] {
            let (ws, dumps, images) = try Self.workspace(link: link)
            _ = try Self.importAll(ws, dumps, images)
            _ = try WorkspaceCommandTests.json(["split"], in: ws)
            if afterSnapshot { _ = try WorkspaceCommandTests.json(["snapshot"], in: ws) }
            edit.apply(to: "\(images)/\(Self.edited)")
            if !afterSnapshot { _ = try WorkspaceCommandTests.json(["snapshot"], in: ws) }
            let context = "\(link), \(edit), after \(afterSnapshot ? "snapshot" : "import")"

            let verified = try Self.verifyAll(ws)
            #expect(verified.isEmpty, "\(context): \(verified)")
            let check = try Self.fsck(ws)
            #expect(check.status == 0, "\(context): \(check.json)")
            #expect(check.json["objects"] as? Int == 14)

            let again = try Self.importAll(ws, dumps, images)
            #expect(again["images_updated"] as? Int == 1, "\(context): \(again)")
            // The next version takes the file as it is now (or leaves it out, gone or no longer a JPEG).
            let next = try WorkspaceCommandTests.run(["snapshot"], in: ws)
            #expect(next.status == 0, "\(context): \(next.stderr)")
            let reverified = try Self.verifyAll(ws)
            #expect(reverified.isEmpty, "\(context): \(reverified)")
            #expect(try Self.fsck(ws).status == 0, "\(context)")
        }
    }

    @Test(arguments: [Edit.rewrite, .truncate, .append])
    func hardlinkModeReportsAnEditedSourceAndKeepsItOutOfVersions(edit: Edit) throws {
        let (ws, dumps, images) = try Self.workspace(link: "hardlink")
        let first = try Self.importAll(ws, dumps, images)
        #expect(first["objects_linked"] as? Int == 14, "\(first)")
        _ = try WorkspaceCommandTests.json(["split"], in: ws)
        _ = try WorkspaceCommandTests.json(["snapshot"], in: ws)
        let source = "\(images)/\(Self.edited)"
        edit.apply(to: source)

        let check = try Self.fsck(ws)
        #expect(check.status == 1)
        let problems = check.json["problems"] as? [[String: String]] ?? []
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?["problem"]?.contains("store.object-changed") == true)
        #expect(problems.first?["problem"]?.contains(source) == true, "names the edited file: \(problems)")

        let verify = try WorkspaceCommandTests.run(["verify", "v1"], in: ws)
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("store.object-changed") && verify.stdout.contains(source), "\(verify.stdout)")

        // A snapshot never takes the changed object in; it names the image and the file.
        let refused = try WorkspaceCommandTests.run(["snapshot"], in: ws)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("img-1001-01") && refused.stderr.contains(source), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ws.appendingPathComponent("versions/v2").path))

        // Imported again, the file's current bytes are a new object, and the next version holds them.
        let again = try Self.importAll(ws, dumps, images)
        #expect(again["images_updated"] as? Int == 1, "\(again)")
        #expect(try WorkspaceCommandTests.run(["snapshot"], in: ws).status == 0)
        #expect(try WorkspaceCommandTests.run(["verify", "v2"], in: ws).status == 0)
    }

    @Test func deletingASourceInHardlinkModeLosesNothing() throws {
        let (ws, dumps, images) = try Self.workspace(link: "hardlink")
        _ = try Self.importAll(ws, dumps, images)
        _ = try WorkspaceCommandTests.json(["split"], in: ws)
        _ = try WorkspaceCommandTests.json(["snapshot"], in: ws)
        Edit.delete.apply(to: "\(images)/\(Self.edited)")
        #expect(try Self.fsck(ws).status == 0)
        #expect(try Self.verifyAll(ws).isEmpty)
    }

    @Test func objectsAreTheStoresOwnReadOnlyFiles() throws {
        let (ws, dumps, images) = try Self.workspace(link: "copy")
        let result = try Self.importAll(ws, dumps, images)
        #expect(result["objects_copied"] as? Int == 14, "\(result)")
        let sources = try VersionCommandTests.inodes(under: images)
        let objects = ws.appendingPathComponent(".yoloset/objects")
        var count = 0
        for path in try FileManager.default.subpathsOfDirectory(atPath: objects.path) where path.contains("/") {
            var info = stat()
            #expect(stat(objects.appendingPathComponent(path).path, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o444, "\(path) is read-only")
            #expect(info.st_nlink == 1)
            #expect(!sources.contains(Int64(info.st_ino)), "\(path) is a user's file")
            count += 1
        }
        #expect(count == 14)
        let status = try WorkspaceCommandTests.json(["status"], in: ws)
        let store = try #require(status["store"] as? [String: Any])
        #expect(store["link"] as? String == "copy")
        #expect(store["objects"] as? Int == 14)
        #expect(store["bytes_shared"] as? Int == 0)
        #expect((store["bytes"] as? Int ?? 0) > 0)
    }

    @Test func reflinkModeRefusesAFileSystemThatCannotClone() throws {
        // This machine's test folders are on ext4, which cannot clone; XFS and Btrfs can (coreutils' cp tells).
        let (ws, dumps, images) = try Self.workspace(link: "reflink")
        let probe = ws.appendingPathComponent(".yoloset/tmp/probe")
        try Data("probe".utf8).write(to: probe)
        let cp = Process()
        cp.executableURL = URL(fileURLWithPath: "/bin/cp")
        cp.arguments = ["--reflink=always", probe.path, probe.path + "-clone"]
        cp.standardError = FileHandle.nullDevice
        try cp.run()
        cp.waitUntilExit()
        try? FileManager.default.removeItem(at: probe)
        try? FileManager.default.removeItem(atPath: probe.path + "-clone")
        guard cp.terminationStatus != 0 else {
            let result = try Self.importAll(ws, dumps, images)
            #expect(result["objects_cloned"] as? Int == 14, "\(result)")
            return
        }
        let run = try WorkspaceCommandTests.run(["import", dumps, "--images", images], in: ws)
        #expect(run.status == 2)
        #expect(run.stderr.contains("store.link is reflink") && run.stderr.contains("auto or copy"), "\(run.stderr)")
        let status = try WorkspaceCommandTests.json(["status"], in: ws)
        #expect(status["images"] as? Int == 0)
        #expect(try Self.fsck(ws).json["objects"] as? Int == 0)
    }

    @Test func gcRemovesWhatNoRowAndNoVersionNeeds() throws {
        let (ws, dumps, images) = try Self.workspace(link: "copy")
        _ = try Self.importAll(ws, dumps, images)
        _ = try WorkspaceCommandTests.json(["split"], in: ws)
        _ = try WorkspaceCommandTests.json(["snapshot"], in: ws)
        // Two images change: one is in v1 (its old object stays), one of the three pending ones is not.
        Edit.rewrite.apply(to: "\(images)/\(Self.edited)")
        Edit.append.apply(to: "\(images)/org-7/b-1002/frame_0104.jpg")  // img-1002-04, pending: in no version
        _ = try Self.importAll(ws, dumps, images)
        // A stray file in the staging folder, as a killed import leaves.
        let stray = ws.appendingPathComponent(".yoloset/tmp/killed.part")
        try Data("half".utf8).write(to: stray)

        let before = try Self.fsck(ws)
        #expect(before.status == 0)
        #expect(before.json["objects"] as? Int == 16)
        #expect(before.json["objects_unreferenced"] as? Int == 1, "\(before.json)")
        #expect(before.json["temporary_files_stale"] as? Int == 1)

        let dry = try WorkspaceCommandTests.json(["gc", "--dry-run"], in: ws)
        #expect(dry["objects_removed"] as? Int == 1 && dry["temporary_files_removed"] as? Int == 1, "\(dry)")
        #expect(try Self.fsck(ws).json["objects"] as? Int == 16, "a dry run removes nothing")
        let gc = try WorkspaceCommandTests.json(["gc"], in: ws)
        #expect(gc["objects_removed"] as? Int == 1 && gc["objects_kept"] as? Int == 15, "\(gc)")
        #expect((gc["bytes_freed"] as? Int ?? 0) > 0)
        #expect(!FileManager.default.fileExists(atPath: stray.path))
        let after = try Self.fsck(ws)
        #expect(after.status == 0 && after.json["objects_unreferenced"] as? Int == 0, "\(after.json)")
        #expect(try Self.verifyAll(ws).isEmpty)
        let again = try WorkspaceCommandTests.json(["gc"], in: ws)
        #expect(again["objects_removed"] as? Int == 0)
    }

    @Test func rebuildMakesEveryVersionAgainAfterTheCatalogMovesOn() throws {
        let (ws, dumps, images) = try Self.workspace(link: "copy")
        _ = try Self.importAll(ws, dumps, images)
        _ = try WorkspaceCommandTests.json(["split"], in: ws)
        _ = try WorkspaceCommandTests.json(["snapshot"], in: ws)
        // The catalog moves on: a source re-saved, a box moved in a newer dump, both imported; then v2.
        Edit.rewrite.apply(to: "\(images)/\(Self.edited)")
        let dump = URL(fileURLWithPath: "\(dumps)/batch-1001.json")
        let text = try String(contentsOf: dump, encoding: .utf8)
        let moved = text.replacingOccurrences(of: "\"x_center\": 0.2", with: "\"x_center\": 0.25")
        #expect(moved != text)
        try moved.write(to: dump, atomically: true, encoding: .utf8)
        let again = try Self.importAll(ws, dumps, images)
        #expect((again["images_updated"] as? Int ?? 0) >= 2, "\(again)")
        _ = try WorkspaceCommandTests.json(["snapshot"], in: ws)
        _ = try WorkspaceCommandTests.json(["gc"], in: ws)
        for version in ["v1", "v2"] {
            let run = try WorkspaceCommandTests.run(["verify", version, "--rebuild"], in: ws)
            #expect(run.status == 0, "\(version): \(run.stdout) \(run.stderr)")
            // Every file, checksums.sha256 too: one more than verify counts.
            let listed = try #require(
                run.stdout.firstMatch(of: /intact \((\d+) files/).map { Int($0.1)! }, "\(run.stdout)")
            #expect(run.stdout.contains("\(listed + 1) files byte-identical"), "\(version): \(run.stdout)")
        }
        // A label file changed in v1 (as root can): the rebuild names it.
        let label = ws.appendingPathComponent("versions/v1/labels/train/b-1001__frame_0002.txt")
        chmod(label.deletingLastPathComponent().path, 0o755)
        chmod(label.path, 0o644)
        try "0 0.5 0.5 0.1 0.1\n".write(to: label, atomically: false, encoding: .utf8)
        let tampered = try WorkspaceCommandTests.run(["verify", "v1", "--rebuild"], in: ws)
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("rebuild differs: labels/train/b-1001__frame_0002.txt"), "\(tampered.stdout)")
        #expect(!tampered.stdout.contains("store.object"), "a label file is no store object: \(tampered.stdout)")
    }

    @Test func fsckNamesADamagedObjectAndAMissingOne() throws {
        let (ws, dumps, images) = try Self.workspace(link: "copy")
        _ = try Self.importAll(ws, dumps, images)
        _ = try WorkspaceCommandTests.json(["split"], in: ws)
        _ = try WorkspaceCommandTests.json(["snapshot"], in: ws)
        let objects = ws.appendingPathComponent(".yoloset/objects").path
        let all = try FileManager.default.subpathsOfDirectory(atPath: objects).filter { $0.contains("/") }.sorted()
        // Root writes read-only files: one object damaged in place, one removed.
        let damaged = "\(objects)/\(all[0])"
        let fd = open(damaged, O_WRONLY | O_APPEND)
        if fd < 0 {
            print("skipped: not allowed to write a read-only file here")
            return
        }
        #expect(write(fd, "x", 1) == 1)
        close(fd)
        #expect(unlink("\(objects)/\(all[1])") == 0)
        let check = try Self.fsck(ws)
        #expect(check.status == 1)
        let problems = check.json["problems"] as? [[String: String]] ?? []
        #expect(
            problems.contains { $0["path"] == damaged && $0["problem"]!.contains("store.object-changed") },
            "\(problems)")
        #expect(problems.contains { $0["problem"]!.contains("store.object-missing") }, "\(problems)")
        let text = try WorkspaceCommandTests.run(["fsck"], in: ws)
        #expect(text.status == 1)
        #expect(text.stdout.contains(damaged), "\(text.stdout)")
    }
}
