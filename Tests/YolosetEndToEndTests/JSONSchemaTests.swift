import Foundation
import Testing
import YolosetTestSupport

/// Every command's `--json` document is described by a JSON Schema in docs/json, and passes it: here every
/// command is run once (with the variants whose shapes differ: a snapshot that made no version, a run
/// that failed, a verify with a rebuild and one of a damaged copy, each subject of `validate`), and
/// `CLI.yoloset` checks every other `--json` run of the tests the same way.
@Suite(.serialized) struct JSONSchemaTests {
    static let schemaFolder = TestResources.root.appendingPathComponent("docs/json")

    /// The schema names docs/json holds, less the shared definitions.
    static func schemaNames() throws -> Set<String> {
        let files = try FileManager.default.contentsOfDirectory(atPath: schemaFolder.path)
        return Set(
            files.filter { $0.hasSuffix(".schema.json") && $0 != "common.schema.json" }
                .map { String($0.dropLast(".schema.json".count)) })
    }

    @Test func everyCommandsJSONPassesItsSchemaAndEverySchemaIsUsed() throws {
        let folder = try CLI.temporaryDirectory()
        defer {
            _ = try? CLI.capture(Self.chmod(folder))
            try? FileManager.default.removeItem(at: folder)
        }
        let ws = folder.appendingPathComponent("ws").path
        let export = folder.appendingPathComponent("export").path
        var pairs: [(schema: String, file: String)] = []
        func record(_ arguments: [String], expect: Set<Int32> = [0]) throws {
            let run = try CLI.yoloset(arguments)
            #expect(expect.contains(run.status), "\(arguments): \(run.stderr)")
            let schema = try #require(CheckJSON.schema(for: arguments), "\(arguments)")
            let file = folder.appendingPathComponent("\(pairs.count)-\(schema).json")
            try Data(run.stdout.utf8).write(to: file)
            pairs.append((schema, file.path))
        }
        let dumps = TestResources.fixture("sample/dumps")
        let images = TestResources.fixture("sample/images")
        try record(["init", ws, "--dumps", dumps, "--images", images, "--json"])
        try record(["-C", ws, "run", "--json"])
        try record(["-C", ws, "status", "--json"])
        try record(["-C", ws, "images", "--json"])
        try record(["-C", ws, "lock", "--batch", "b-1001", "--json"])
        try record(["-C", ws, "unlock", "--batch", "b-1001", "--json"])
        try record([
            "-C", ws, "split", "--force-reassignment", "--train", "0.5", "--val", "0.3", "--test", "0.2", "--json",
        ])
        try record(["-C", ws, "snapshot", "--name", "rebalanced", "--json"])
        try record(["-C", ws, "snapshot", "--if-changed", "--json"])
        try record(["-C", ws, "versions", "--json"])
        try record(["-C", ws, "show", "rebalanced", "--json"])
        try record(["-C", ws, "diff", "v1", "rebalanced", "--json"])
        try record(["-C", ws, "verify", "v1", "--rebuild", "--json"])
        try record(["-C", ws, "export", "rebalanced", "--out", export, "--json"])
        try record(["verify", export, "--json"])
        try record(["-C", ws, "import", TestResources.fixture("runflow/running"), "--json"])
        try record(["-C", ws, "assign", "9a7b3c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d", "--json"])
        try record(["-C", ws, "status", "--json"])
        try record(["-C", ws, "extract-reviewed", "b-1002", "--json"])
        try record(["-C", ws, "versions", "rm", "rebalanced", "--json"])
        try record(["-C", ws, "fsck", "--json"])
        try record(["-C", ws, "gc", "--json"])
        try record(["-C", ws, "validate", "--format", "json"], expect: [0, 1])
        try record(["validate", dumps, "--images", images, "--format", "json"])
        try record(["validate", "fixtures/broken", "fixtures/bad-dumps", "--format", "json"], expect: [2])
        try record(["validate", "fixtures/yolo/broken", "--format", "json"], expect: [1])
        try record(["validate", "fixtures/runflow/paged", "--format", "json"])
        try record(["validate", "fixtures/broken", "--shard", "1/1"])
        let part = folder.appendingPathComponent("part-1.json").path
        _ = try CLI.yoloset(["validate", "fixtures/broken", "--shard", "1/1", "--output", part])
        try record(["merge-reports", part, "--format", "json"], expect: [1])
        // A run whose snapshot fails (a file where versions/ should be) still prints its document.
        let failing = folder.appendingPathComponent("failing").path
        _ = try CLI.yoloset(["init", failing, "--dumps", dumps, "--images", images])
        try Data().write(to: URL(fileURLWithPath: "\(failing)/versions"))
        try record(["-C", failing, "run", "--json"], expect: [2])
        // A damaged copy: verify reports it in the same shape.
        let label = try #require(
            FileManager.default.subpathsOfDirectory(atPath: "\(export)/labels").first { $0.hasSuffix(".txt") })
        _ = try CLI.capture(Self.chmod(URL(fileURLWithPath: export)))
        try Data("0 0.5 0.5 0.1 0.1\n".utf8).write(to: URL(fileURLWithPath: "\(export)/labels/\(label)"))
        try record(["verify", export, "--json"], expect: [1])

        // The golden JSON report the format tests compare with.
        pairs.append(
            ("validate", TestResources.root.appendingPathComponent("Tests/YolosetCoreTests/Golden/report.json").path))
        let check = try CheckJSON.run(pairs)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.split(separator: "\n").count == pairs.count, "\(check.stdout)")
        #expect(Set(pairs.map(\.schema)) == (try Self.schemaNames()), "a schema no run here uses, or a run without one")
    }

    /// The schemas are not rubber stamps: a document that breaks the naming scheme, drops a key or
    /// changes a type fails its schema.
    @Test func aDocumentOffTheSchemeFailsItsSchema() throws {
        let ws = try WorkspaceCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: ws.deletingLastPathComponent()) }
        _ = try WorkspaceCommandTests.json(
            ["import", WorkspaceCommandTests.sampleDumps, "--images", WorkspaceCommandTests.sampleImages], in: ws)
        let split = try WorkspaceCommandTests.json(["split"], in: ws)
        #expect(try CheckJSON.problems(in: Self.text(split), schema: "split") == nil)
        var renamed = split
        renamed["kept_count"] = renamed.removeValue(forKey: "images_kept")
        var missing = split
        missing["splits"] = nil
        var retyped = split
        retyped["images"] = "11"
        var nested = split
        var splits = try #require(split["splits"] as? [String: Any])
        var train = try #require(splits["train"] as? [String: Any])
        train["locked"] = 3
        splits["train"] = train
        nested["splits"] = splits
        var unversioned = split
        unversioned["schema_version"] = 1
        for (what, document) in [
            ("a key off the scheme", renamed), ("a missing key", missing), ("a count as text", retyped),
            ("an extra key in a split", nested), ("an older schema_version", unversioned),
        ] {
            let problems = try CheckJSON.problems(in: Self.text(document), schema: "split")
            #expect(problems != nil, "\(what) passed split.schema.json")
        }
    }

    static func text(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    /// `chmod -R u+w`: version folders are read-only.
    static func chmod(_ folder: URL) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/chmod")
        process.arguments = ["-R", "u+w", folder.path]
        return process
    }
}
