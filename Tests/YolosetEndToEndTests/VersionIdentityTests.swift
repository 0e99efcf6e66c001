import Foundation
import Testing
import YolosetTestSupport

/// One identity per version: numbers never reused, names unique and usable wherever `vN` is, `verify`
/// of any version folder, and `versions rm`. Each test re-runs a user's report as written.
@Suite struct VersionIdentityTests {
    static func run(_ arguments: [String], in ws: URL) throws -> CLI.Run {
        try WorkspaceCommandTests.run(arguments, in: ws)
    }

    static func listed(_ ws: URL) throws -> [Int] {
        let versions = try WorkspaceCommandTests.json(["versions"], in: ws)["versions"] as? [[String: Any]] ?? []
        return versions.compactMap { $0["version"] as? Int }
    }

    @Test func aRemovedNumberIsNeverIssuedAgain() throws {
        let (ws, _) = try VersionCommandTests.versioned()
        #expect(try WorkspaceCommandTests.json(["snapshot"], in: ws)["version"] as? Int == 2)
        let removed = try WorkspaceCommandTests.json(["versions", "rm", "v2"], in: ws)
        #expect(removed["version"] as? Int == 2 && removed["schema_version"] as? Int == 1, "\(removed)")
        let versions = ws.appendingPathComponent("versions").path
        #expect(try FileManager.default.contentsOfDirectory(atPath: versions) == ["v1"], "no .rm- folder is left")
        #expect(try Self.listed(ws) == [1])

        // "After removing versions/v4, the next snapshot is again v4": now it is the next unused number.
        #expect(try WorkspaceCommandTests.json(["snapshot"], in: ws)["version"] as? Int == 3)
        #expect(try Self.listed(ws) == [1, 3])
        for command in [["show", "v2"], ["verify", "2"], ["export", "v2", "--out", "\(ws.path)/../v2"]] {
            let run = try Self.run(command, in: ws)
            #expect(run.status == 2 && run.stderr.contains("v2 was removed"), "\(command): \(run.stderr)")
        }
        let again = try Self.run(["versions", "rm", "v2"], in: ws)
        #expect(again.status == 2 && again.stderr.contains("v2 was removed"), "\(again.stderr)")
        #expect(
            try Self.run(["versions"], in: ws).stdout.hasPrefix("v1  20"),
            "`versions` still lists, without naming v1 twice")
    }

    @Test func namesAreUniqueAndNameTheVersionEverywhere() throws {
        let (ws, _) = try VersionCommandTests.versioned()
        // "`snapshot --name v1` is accepted for v2": refused, and so is another version's name.
        let numberLike = try Self.run(["snapshot", "--name", "v1"], in: ws)
        #expect(numberLike.status == 2 && numberLike.stderr.contains("reads as version v1"), "\(numberLike.stderr)")
        #expect(try Self.run(["snapshot", "--name", "7"], in: ws).status == 2)
        #expect(try Self.listed(ws) == [1], "a refused name makes no version")
        let named = try WorkspaceCommandTests.json(["snapshot", "--name", "dock-may"], in: ws)
        #expect(named["version"] as? Int == 2 && named["name"] as? String == "dock-may", "\(named)")
        let taken = try Self.run(["snapshot", "--name", "dock-may"], in: ws)
        #expect(taken.status == 2 && taken.stderr.contains("already names v2"), "\(taken.stderr)")
        #expect(try WorkspaceCommandTests.json(["snapshot", "--name", "v3"], in: ws)["version"] as? Int == 3)

        // "`show NAME` does not find a version by its name": every command that takes vN takes a name.
        #expect(try WorkspaceCommandTests.json(["show", "dock-may"], in: ws)["version"] as? Int == 2)
        let diff = try WorkspaceCommandTests.json(["diff", "v1", "dock-may"], in: ws)
        #expect(diff["from"] as? Int == 1 && diff["to"] as? Int == 2, "\(diff)")
        #expect(try Self.run(["verify", "dock-may"], in: ws).stdout.contains("v2: intact"))
        let out = try CLI.temporaryDirectory().appendingPathComponent("may").path
        #expect(try Self.run(["export", "dock-may", "--out", out], in: ws).stdout.contains("exported v2"))
        let unknown = try Self.run(["show", "dock-june"], in: ws)
        #expect(unknown.status == 2 && unknown.stderr.contains("v2 (dock-may)"), "\(unknown.stderr)")

        // A removed version's name stays its own.
        _ = try WorkspaceCommandTests.json(["versions", "rm", "dock-may"], in: ws)
        let reused = try Self.run(["snapshot", "--name", "dock-may"], in: ws)
        #expect(reused.status == 2 && reused.stderr.contains("removed; names are never reused"), "\(reused.stderr)")
        let gone = try Self.run(["show", "dock-may"], in: ws)
        #expect(gone.status == 2 && gone.stderr.contains("'dock-may' named v2, which was removed"), "\(gone.stderr)")
    }

    @Test func exportIntoVersionsIsRefused() throws {
        let (ws, _) = try VersionCommandTests.versioned()
        // "`export v1 --out versions/v20` creates a folder that `versions` then lists as v20."
        for target in ["versions/v20", "\(ws.path)/versions/copy", "versions"] {
            let run = try Self.run(["export", "v1", "--out", target], in: ws)
            #expect(run.status == 2 && run.stderr.contains("inside the workspace's versions/"), "\(target)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(ws.path)/versions") == ["v1"])
        #expect(try Self.listed(ws) == [1])
    }

    @Test func verifyChecksAnExportedCopyWithoutAWorkspace() throws {
        let (ws, _) = try VersionCommandTests.versioned()
        let elsewhere = try CLI.temporaryDirectory()
        let copy = elsewhere.appendingPathComponent("export-v1")
        #expect(try Self.run(["export", "v1", "--out", copy.path, "--link", "copy"], in: ws).status == 0)
        // "`verify ../export-v2`: no version … in this workspace": from inside the workspace, and from a
        // folder that is in none.
        let inside = try Self.run(["verify", copy.path], in: ws)
        #expect(inside.status == 0 && inside.stdout.contains("v1 (\(copy.path)): intact (24 files"), "\(inside)")
        let outside = try CLI.yoloset(["-C", elsewhere.path, "verify", "export-v1"])
        #expect(outside.status == 0 && outside.stdout.contains("v1 (export-v1): intact"), "\(outside.stderr)")

        try "changed\n".write(
            to: copy.appendingPathComponent("labels/train/extra.txt"), atomically: false, encoding: .utf8)
        let damaged = try CLI.yoloset(["-C", elsewhere.path, "verify", "./export-v1"])
        #expect(damaged.status == 1 && damaged.stdout.contains("extra: labels/train/extra.txt"), "\(damaged.stdout)")
        let notAVersion = try CLI.yoloset(["-C", elsewhere.path, "verify", "./nothing"])
        #expect(notAVersion.status == 2 && notAVersion.stderr.contains("not a version folder"), "\(notAVersion)")
        let rebuild = try Self.run(["verify", copy.path, "--rebuild"], in: ws)
        #expect(rebuild.status == 2 && rebuild.stderr.contains("--rebuild needs a version"), "\(rebuild.stderr)")
    }

    @Test func killDuringRemovalLeavesNoHalfVersion() throws {
        for delay in [1, 5, 15, 40] {
            let (ws, _) = try VersionCommandTests.versioned()
            try WorkspaceCommandTests.kill(after: delay, ["versions", "rm", "v1"], in: ws)
            let listed = try Self.listed(ws)
            #expect(listed == [] || listed == [1], "after kill -9 at \(delay) ms: \(listed)")
            if listed == [1] { #expect(try Self.run(["verify", "v1"], in: ws).status == 0) }
            // The next writer deletes whatever the killed removal left; the number stays spent either way.
            _ = try WorkspaceCommandTests.json(["gc"], in: ws)
            let left = try FileManager.default.contentsOfDirectory(atPath: "\(ws.path)/versions")
            #expect(left == (listed == [1] ? ["v1"] : []), "after kill -9 at \(delay) ms: \(left)")
            #expect(try WorkspaceCommandTests.json(["snapshot"], in: ws)["version"] as? Int == 2)
        }
    }

    @Test func removingAVersionLetsGCFreeWhatOnlyItHeld() throws {
        let (ws, dumps, images) = try StoreCommandTests.workspace(link: "copy")
        _ = try StoreCommandTests.importAll(ws, dumps, images)
        _ = try WorkspaceCommandTests.json(["split"], in: ws)
        _ = try WorkspaceCommandTests.json(["snapshot"], in: ws)
        // One image of v1 changes; its old bytes are now held by v1 alone.
        StoreCommandTests.Edit.rewrite.apply(to: "\(images)/\(StoreCommandTests.edited)")
        _ = try StoreCommandTests.importAll(ws, dumps, images)
        _ = try WorkspaceCommandTests.json(["snapshot"], in: ws)
        #expect(try WorkspaceCommandTests.json(["gc"], in: ws)["objects_removed"] as? Int == 0)

        // "Removing a version needs `chmod -R` by hand": no longer.
        let removed = try Self.run(["versions", "rm", "1"], in: ws)
        #expect(removed.status == 0 && removed.stdout.contains("removed v1"), "\(removed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(ws.path)/versions/v1"))
        let gc = try WorkspaceCommandTests.json(["gc"], in: ws)
        #expect(gc["objects_removed"] as? Int == 1, "\(gc)")
        #expect(try StoreCommandTests.verifyAll(ws).isEmpty, "v2 keeps every object it needs")
        let fsck = try StoreCommandTests.fsck(ws)
        #expect(fsck.status == 0, "\(fsck.json)")
    }
}
