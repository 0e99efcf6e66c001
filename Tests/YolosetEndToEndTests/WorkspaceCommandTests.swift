import Foundation
import Testing
import YolosetTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The workspace commands end to end, in temporary workspaces: init, import, status, extract-reviewed,
/// split, images, lock/unlock, and what happens under concurrency and `kill -9`.
@Suite struct WorkspaceCommandTests {
    /// A new workspace in a temporary folder.
    static func workspace(_ name: String = "Dock safety") throws -> URL {
        let folder = try CLI.temporaryDirectory().appendingPathComponent("ws")
        let run = try CLI.yoloset(["init", folder.path, "--name", name])
        #expect(run.status == 0, "\(run.stderr)")
        return folder
    }

    static func run(_ arguments: [String], in workspace: URL) throws -> CLI.Run {
        try CLI.yoloset(["-C", workspace.path] + arguments)
    }

    static func json(_ arguments: [String], in workspace: URL) throws -> [String: Any] {
        let run = try run(arguments + ["--json"], in: workspace)
        #expect(run.status == 0, "\(arguments): \(run.stderr)")
        return try #require(run.json, "\(arguments) printed no JSON: \(run.stdout)")
    }

    static let sampleDumps = TestResources.fixture("sample/dumps")
    static let sampleImages = TestResources.fixture("sample/images")

    /// id → (split, locked) for every image.
    static func splits(_ workspace: URL) throws -> [String: (split: String?, locked: Bool)] {
        let images = try json(["images"], in: workspace)["images"] as? [[String: Any]] ?? []
        var result: [String: (String?, Bool)] = [:]
        for image in images {
            result[image["id"] as! String] = (image["split"] as? String, image["split_locked"] as! Bool)
        }
        return result
    }

    /// Starts a command and sends it SIGKILL after `milliseconds` (or lets it finish, if it is quicker).
    static func kill(after milliseconds: Int, _ arguments: [String], in workspace: URL) throws {
        let process = CLI.process(["-C", workspace.path] + arguments, in: workspace)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(useconds_t(milliseconds * 1000))
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    @Test func importSplitAddBatchSplitAgainForce() throws {
        let ws = try Self.workspace()
        let first = try Self.json(
            ["import", "\(Self.sampleDumps)/batch-1001.json", "--images", Self.sampleImages], in: ws)
        #expect(first["images_added"] as? Int == 8)
        #expect(first["schema_version"] as? Int == 2)

        // The same dump again changes nothing, and the status is identical.
        let statusBefore = try Self.run(["status", "--json"], in: ws).stdout
        let again = try Self.json(
            ["import", "\(Self.sampleDumps)/batch-1001.json", "--images", Self.sampleImages], in: ws)
        #expect(again["images_added"] as? Int == 0)
        #expect(again["images_updated"] as? Int == 0)
        #expect(again["images_unchanged"] as? Int == 8)
        #expect(again["changed"] as? Bool == false)
        #expect(try Self.run(["status", "--json"], in: ws).stdout == statusBefore)

        let locked = try Self.splits(ws).filter { $0.value.locked }
        #expect(locked.count == 4, "batch-1001 arrives with four locked images")

        let split = try Self.json(["split", "--train", "0.6", "--val", "0.2", "--test", "0.2"], in: ws)
        #expect(split["images"] as? Int == 8)
        #expect(split["images_moved"] as? Int == 0)
        #expect(split["images_kept"] as? Int == 8, "the dump's assigned images keep their splits")
        #expect(split["images_assigned"] as? Int == 0)
        let afterFirst = try Self.splits(ws)
        for (id, state) in locked { #expect(afterFirst[id]?.split == state.split && afterFirst[id]?.locked == true) }

        // A second batch arrives: splitting again moves nothing.
        _ = try Self.json(["import", "\(Self.sampleDumps)/batch-1002.json", "--images", Self.sampleImages], in: ws)
        let second = try Self.json(["split", "--train", "60", "--val", "20", "--test", "20"], in: ws)
        #expect(second["images_moved"] as? Int == 0)
        #expect(second["images_assigned"] as? Int == 3, "the new batch's three completed images")
        let afterSecond = try Self.splits(ws)
        for (id, state) in afterFirst where state.split != nil { #expect(afterSecond[id]?.split == state.split) }

        // A forced re-split may move unlocked images, never locked ones.
        let forced = try Self.json(["split", "--force-reassignment", "--seed", "7"], in: ws)
        #expect(forced["images"] as? Int == 11)
        let afterForce = try Self.splits(ws)
        for (id, state) in locked { #expect(afterForce[id]?.split == state.split && afterForce[id]?.locked == true) }

        let status = try Self.json(["status"], in: ws)
        let batches = status["batches"] as? [[String: Any]] ?? []
        #expect(batches.map { $0["stage"] as? String } == ["dataset", "dataset"], "split promotes its batches")
    }

    @Test func extractReviewedMovesCompletedImages() throws {
        let ws = try Self.workspace()
        _ = try Self.json(["import", Self.sampleDumps, "--images", Self.sampleImages], in: ws)
        let result = try Self.json(["extract-reviewed", "b-1002", "--name", "week 12 reviewed"], in: ws)
        #expect(result["images_extracted"] as? Int == 3)
        #expect(result["images_remaining"] as? Int == 3)
        #expect(result["new_batch_name"] as? String == "week 12 reviewed")
        let newBatch = try #require(result["new_batch_id"] as? String)
        let moved = try Self.json(["images", "--batch", newBatch], in: ws)["images"] as? [[String: Any]] ?? []
        #expect(moved.count == 3)
        #expect(moved.allSatisfy { $0["annotation_status"] as? String == "completed" })
        let status = try Self.json(["status"], in: ws)
        let row = (status["batches"] as? [[String: Any]] ?? []).first { $0["id"] as? String == newBatch }
        #expect(row?["stage"] as? String == "annotating")

        // Nothing left to extract is an error, not an empty batch.
        let none = try Self.run(["extract-reviewed", "b-1002"], in: ws)
        #expect(none.status == 2)
        #expect(none.stderr.contains("no images with annotation_status 'completed'"))
        #expect(none.stderr.split(separator: "\n").count == 1)

        // Re-importing the original dump leaves the extracted images where they are.
        let again = try Self.json(["import", Self.sampleDumps, "--images", Self.sampleImages], in: ws)
        #expect(again["images_added"] as? Int == 0)
        let stillMoved = try Self.json(["images", "--batch", newBatch], in: ws)["images"] as? [[String: Any]] ?? []
        #expect(stillMoved.count == 3)
    }

    @Test func badInputIsOneLineExitTwoAndChangesNothing() throws {
        let ws = try Self.workspace()
        let bad = try Self.run(
            [
                "import", TestResources.fixture("bad-dumps/wrong-type.json"), Self.sampleDumps, "--images",
                Self.sampleImages,
            ], in: ws)
        #expect(bad.status == 2)
        #expect(bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
        #expect(bad.stderr.contains("$.data.images[1].annotations[0].x_center"))
        let status = try Self.json(["status"], in: ws)
        #expect(status["images"] as? Int == 0)
        let objects = ws.appendingPathComponent(".yoloset/objects")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: objects.path).isEmpty)

        for arguments in [
            ["split", "--train", "0.7", "--val", "0.2"],
            ["split", "--mode", "all"],
            ["split", "no-such-batch"],
            ["lock", "--batch", "no-such-batch"],
            ["lock"],
            ["images", "--split", "holdout"],
        ] {
            let run = try Self.run(arguments, in: ws)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(arguments): \(run.stderr)")
            #expect(!run.stderr.contains("Fatal error"))
        }
        // A batch of another project is refused whole, too.
        _ = try Self.json(["import", Self.sampleDumps, "--images", Self.sampleImages], in: ws)
        let other = try Self.run(
            [
                "import", TestResources.fixture("workspace/later/batch-2003.json"), "--images",
                TestResources.fixture("workspace/images"),
            ], in: ws)
        #expect(other.status == 2)
        #expect(other.stderr.contains("belongs to project 'p-yard'"), "\(other.stderr)")
        #expect(try Self.json(["status"], in: ws)["images"] as? Int == 14)

        let outside = try CLI.yoloset(["status"], in: URL(fileURLWithPath: "/"))
        #expect(outside.status == 2)
        #expect(outside.stderr.contains("not inside a yoloset workspace"))
    }

    @Test func importNeverChangesInputFiles() throws {
        let ws = try Self.workspace()
        let files = try FileManager.default.subpathsOfDirectory(atPath: TestResources.fixture("sample"))
            .map { TestResources.fixture("sample/\($0)") }
            .filter { !(try! URL(fileURLWithPath: $0).resourceValues(forKeys: [.isDirectoryKey]).isDirectory!) }
        let before = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        _ = try Self.json(["import", Self.sampleDumps, "--images", Self.sampleImages], in: ws)
        _ = try Self.json(["split", "--lock"], in: ws)
        let after = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(before == after)
        // The object store holds each image once, by content.
        let objects = try FileManager.default.subpathsOfDirectory(
            atPath: ws.appendingPathComponent(".yoloset/objects").path
        ).filter { $0.contains("/") }
        #expect(objects.count == 14)
    }

    @Test func lockAndUnlockAreExplicitAndReported() throws {
        let ws = try Self.workspace()
        _ = try Self.json(["import", Self.sampleDumps, "--images", Self.sampleImages], in: ws)
        let unlock = try Self.run(["unlock", "--split", "train"], in: ws)
        #expect(unlock.status == 0)
        #expect(unlock.stdout.contains("unlocked 2 images"))
        #expect(unlock.stdout.contains("  unlocked img-1001-01"))
        let lock = try Self.run(["lock", "--image", "img-1001-01"], in: ws)
        #expect(lock.stdout.contains("locked 1 image"))
        let locked = try Self.json(["images", "--locked"], in: ws)["images"] as? [[String: Any]] ?? []
        #expect(locked.map { $0["id"] as? String }.contains("img-1001-01"))
    }

    @Test func twoConcurrentSplitsSerialize() throws {
        let ws = try Self.workspace()
        _ = try Self.json(["import", Self.sampleDumps, "--images", Self.sampleImages], in: ws)
        let results = Shared<[CLI.Run]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let run = try! CLI.yoloset(["-C", ws.path, "split", "--seed", "\(index)", "--include-pending", "--json"])
            results.mutate { $0.append(run) }
        }
        let runs = results.value
        #expect(runs.allSatisfy { $0.status == 0 }, "\(runs.map(\.stderr))")
        // Whichever ran second found every image placed and moved none of them.
        let moved = runs.compactMap { $0.json?["images_moved"] as? Int }
        #expect(moved == [0, 0])
        let assigned = runs.compactMap { $0.json?["images_assigned"] as? Int }.sorted()
        #expect(assigned.first == 0)
        let status = try Self.json(["status"], in: ws)
        #expect(status["images_unassigned"] as? Int == 0)
    }

    @Test func noWaitFailsAtOnceWhileAnotherWriterHoldsTheLock() throws {
        let ws = try Self.workspace()
        let fd = open(ws.appendingPathComponent(".yoloset/lock").path, O_RDWR | O_CREAT, 0o644)
        #expect(fd >= 0)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX) == 0)
        let run = try Self.run(["split", "--no-wait"], in: ws)
        #expect(run.status == 2)
        #expect(run.stderr.contains("another yoloset process"))
        flock(fd, LOCK_UN)
        #expect(try Self.run(["split", "--no-wait"], in: ws).status == 0)
    }

    @Test func aSecondWriterWaitsWithAMessage() throws {
        let ws = try Self.workspace()
        _ = try Self.json(["import", Self.sampleDumps, "--images", Self.sampleImages], in: ws)
        let fd = open(ws.appendingPathComponent(".yoloset/lock").path, O_RDWR | O_CREAT, 0o644)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX) == 0)
        let process = CLI.process(["-C", ws.path, "split", "--json"], in: ws)
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        usleep(500_000)
        #expect(process.isRunning, "the second writer waits while the lock is held")
        flock(fd, LOCK_UN)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.contains("waiting for another yoloset process"), "\(message)")
    }

    @Test func objectsAreReadOnlyCopiesAcrossFileSystems() throws {
        // /dev/shm is a tmpfs: a workspace there cannot hard-link the fixtures, so it copies.
        var shm = stat()
        var source = stat()
        guard stat("/dev/shm", &shm) == 0, stat(Self.sampleImages, &source) == 0, shm.st_dev != source.st_dev else {
            print("skipped: no second file system at /dev/shm to copy across")
            return
        }
        let folder = URL(fileURLWithPath: "/dev/shm/yoloset-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try CLI.yoloset(["init", folder.path]).status == 0)
        let result = try Self.json(["import", Self.sampleDumps, "--images", Self.sampleImages], in: folder)
        #expect(result["objects_copied"] as? Int == 14)
        let objects = folder.appendingPathComponent(".yoloset/objects")
        for path in try FileManager.default.subpathsOfDirectory(atPath: objects.path) where path.contains("/") {
            var info = stat()
            #expect(stat(objects.appendingPathComponent(path).path, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o444, "\(path) is read-only")
            #expect(info.st_nlink == 1)
        }
        let staged = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent(".yoloset/tmp").path)
        #expect(staged.isEmpty)
    }

    @Test func commandsFindTheWorkspaceFromASubfolder() throws {
        let ws = try Self.workspace()
        let inner = ws.appendingPathComponent("notes/2025")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        _ = try Self.json(["import", Self.sampleDumps, "--images", Self.sampleImages], in: ws)
        let run = try CLI.yoloset(["status", "--json"], in: inner)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.json?["images"] as? Int == 14)
        #expect(run.json?["workspace"] as? String == ws.path)
    }

    @Test(arguments: [1, 5, 15, 40, 100])
    func killDuringSplitLeavesBeforeOrAfter(delayMilliseconds: Int) throws {
        let ws = try Self.workspace()
        _ = try Self.json(["import", Self.sampleDumps, "--images", Self.sampleImages], in: ws)
        let before = try Self.splits(ws)
        try Self.kill(after: delayMilliseconds, ["split", "--include-pending", "--force-reassignment"], in: ws)
        let after = try Self.splits(ws)
        let unassigned = after.values.filter { $0.split == nil }.count
        // Before: the dump's splits, six images without one. After: every image placed. Nothing between.
        #expect(
            (after.mapValues(\.split) == before.mapValues(\.split)) || unassigned == 0,
            "after kill -9 at \(delayMilliseconds) ms, \(unassigned) images unassigned")
        #expect(try Self.run(["split", "--include-pending"], in: ws).status == 0)
    }

    @Test(arguments: [2, 10, 25, 50, 100, 200])
    func killDuringImportLeavesBeforeOrAfter(delayMilliseconds: Int) throws {
        let ws = try Self.workspace()
        try Self.kill(
            after: delayMilliseconds, ["import", Self.sampleDumps, "--images", Self.sampleImages, "--check", "full"],
            in: ws)

        let status = try Self.json(["status"], in: ws)
        let total = status["images"] as? Int
        #expect(total == 0 || total == 14, "after kill -9 at \(delayMilliseconds) ms: \(String(describing: total))")
        let staged = try FileManager.default.contentsOfDirectory(atPath: ws.appendingPathComponent(".yoloset/tmp").path)
        #expect(staged.allSatisfy { $0.hasSuffix(".part") }, "only staged copies may be left: \(staged)")
        #expect(try Self.run(["fsck"], in: ws).status == 0, "fsck after kill -9 at \(delayMilliseconds) ms")
        // gc frees every object a killed import left (none is referenced when nothing was committed).
        let gc = try Self.json(["gc"], in: ws)
        #expect(gc["objects_kept"] as? Int == (total == 0 ? 0 : 14), "\(gc)")
        // The workspace stays usable: the import completes on a second try.
        let again = try Self.json(["import", Self.sampleDumps, "--images", Self.sampleImages], in: ws)
        #expect((again["images_added"] as! Int) + (again["images_unchanged"] as! Int) == 14)
        let after = try Self.json(["status"], in: ws)
        #expect(after["images"] as? Int == 14)
    }
}
