import Foundation
import Testing
import YolosetTestSupport

/// The layout CI uses: a checkout that commits `yoloset.yaml` and its dumps, never `.yoloset/`.
@Suite struct CheckoutWorkspaceTests {
    /// A "checkout": the sample's dumps and images and a yoloset.yaml written by `init`, without the
    /// catalog and store beside it.
    static func checkout() throws -> URL {
        let folder = try CLI.temporaryDirectory().appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for part in ["dumps", "images"] {
            try FileManager.default.copyItem(
                at: TestResources.fixtures.appendingPathComponent("sample/\(part)"),
                to: folder.appendingPathComponent(part))
        }
        let made = try CLI.yoloset(["init", ".", "--dumps", "dumps", "--images", "images"], in: folder)
        #expect(made.status == 0, "\(made.stderr)")
        try FileManager.default.removeItem(at: folder.appendingPathComponent(".yoloset"))
        return folder
    }

    @Test func initWritesPathsRelativeToTheFileAndRunWorksInAFreshCheckout() throws {
        let repo = try Self.checkout()
        defer { try? FileManager.default.removeItem(at: repo.deletingLastPathComponent()) }
        let yaml = try String(contentsOf: repo.appendingPathComponent("yoloset.yaml"), encoding: .utf8)
        #expect(yaml.contains("  dumps: dumps\n  images: images\n"), "\(yaml)")

        // Moved elsewhere (another checkout), the file still holds.
        let moved = repo.deletingLastPathComponent().appendingPathComponent("other-checkout")
        try FileManager.default.moveItem(at: repo, to: moved)
        let run = try CLI.yoloset(["run", "--json"], in: moved)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: moved.appendingPathComponent(".yoloset/catalog.sqlite").path))
        #expect(FileManager.default.fileExists(atPath: moved.appendingPathComponent("versions/v1/data.yaml").path))
        let status = try CLI.yoloset(["status"], in: moved)
        #expect(status.status == 0, "\(status.stderr)")
    }

    @Test func initRefusesAFolderThatDoesNotExistAndSaysWhatAYamlAloneIs() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = try CLI.yoloset(["init", "ws", "--dumps", "nope"], in: folder)
        #expect(missing.status == 2)
        #expect(missing.stderr == "yoloset: error: --dumps 'nope': no such folder; nothing was written\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("ws/yoloset.yaml").path))

        let repo = try Self.checkout()
        defer { try? FileManager.default.removeItem(at: repo.deletingLastPathComponent()) }
        let again = try CLI.yoloset(["init"], in: repo)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already has a yoloset.yaml: it is a workspace already"), "\(again.stderr)")
    }

    /// "never renames the project silently": the dumps' project names the workspace; a --name or --type
    /// that disagrees is one line, exit 2, nothing written; the project's id in yoloset.yaml keeps a dump
    /// of another project out even before the first import.
    @Test func initTakesTheDumpsProjectAndRefusesAnotherName() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dumps = TestResources.fixture("sample/dumps")
        let renamed = try CLI.yoloset(["init", "ws", "--name", "Dock", "--dumps", dumps], in: folder)
        #expect(renamed.status == 2)
        #expect(
            renamed.stderr
                == "yoloset: error: --name 'Dock' disagrees with the dumps in '\(dumps)', which are of project "
                + "'Dock safety' (p-dock): a workspace holds one project; leave --name out or use --name "
                + "'Dock safety'; nothing was written\n")
        let retyped = try CLI.yoloset(["init", "ws", "--type", "segment", "--dumps", dumps], in: folder)
        #expect(retyped.status == 2 && retyped.stderr.contains("--type segment disagrees"), "\(retyped.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("ws").path))

        let made = try CLI.yoloset(["init", "ws", "--dumps", dumps, "--json"], in: folder)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.json?["name"] as? String == "Dock safety" && made.json?["project_id"] as? String == "p-dock")
        let yaml = try String(contentsOf: folder.appendingPathComponent("ws/yoloset.yaml"), encoding: .utf8)
        #expect(yaml.contains("name: Dock safety") && yaml.contains("id: \"p-dock\""), "\(yaml)")
        // A batch of another project: refused by the id yoloset.yaml holds, before any import.
        let other = folder.appendingPathComponent("other.json")
        let text = try String(contentsOfFile: "\(dumps)/batch-1001.json", encoding: .utf8)
        try Data(text.replacingOccurrences(of: "p-dock", with: "p-yard").utf8).write(to: other)
        let refused = try CLI.yoloset(["-C", "ws", "import", other.path], in: folder)
        #expect(refused.status == 2 && refused.stderr.contains("workspace holds project 'p-dock'"), "\(refused.stderr)")
    }
}
