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
}
