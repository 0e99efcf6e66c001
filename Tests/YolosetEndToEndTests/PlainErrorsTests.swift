import Foundation
import Testing
import YolosetTestSupport

/// What is not data exits 2 with one line in plain words: a typo in a path never reads as bad images,
/// and no Foundation text leaks.
@Suite struct PlainErrorsTests {
    static func expectOneLine(_ run: CLI.Run, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status == 2, sourceLocation: sourceLocation)
        #expect(
            run.stderr.hasPrefix("yoloset: error: ") && run.stderr.contains(text), "\(run.stderr)",
            sourceLocation: sourceLocation)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)", sourceLocation: sourceLocation)
        for leak in ["NSCocoaErrorDomain", "The operation could not be completed", "The file doesn"] {
            #expect(!run.stderr.contains(leak), "\(run.stderr)", sourceLocation: sourceLocation)
        }
    }

    @Test func aMissingImagesRootOrConfigIsNotBadData() throws {
        let dumps = TestResources.fixture("sample/dumps")
        Self.expectOneLine(
            try CLI.yoloset(["validate", dumps, "--images", "/nope"]), "images root '/nope' is not a folder (--images)")
        Self.expectOneLine(
            try CLI.yoloset(["validate", dumps, "--config", "/nope.yaml"]),
            "Unable to use config '/nope.yaml': cannot read it: No such file or directory")
    }

    @Test func outputMakesItsFoldersAndRefusesAFolder() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let nested = folder.appendingPathComponent("reports/ci/junit.xml")
        let run = try CLI.yoloset([
            "validate", TestResources.fixture("broken"), "--format", "junit", "--output", nested.path,
        ])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: nested.path))
        Self.expectOneLine(
            try CLI.yoloset(["validate", TestResources.fixture("broken"), "--output", folder.path]),
            "is a folder; name a file to write")
    }

    @Test func runNamesAMisspelledImagesRootAndImportsNothing() throws {
        let ws = try WorkspaceCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: ws.deletingLastPathComponent()) }
        let yaml = ws.appendingPathComponent("yoloset.yaml")
        var text = try String(contentsOf: yaml, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "\npipeline:\n",
            with:
                "\npipeline:\n  dumps: \(WorkspaceCommandTests.sampleDumps)\n  images: \(WorkspaceCommandTests.sampleImages)z\n"
        )
        try text.write(to: yaml, atomically: true, encoding: .utf8)
        let run = try WorkspaceCommandTests.run(["run"], in: ws)
        Self.expectOneLine(run, "images root '\(WorkspaceCommandTests.sampleImages)z' does not exist (pipeline.images)")
        let status = try WorkspaceCommandTests.json(["status"], in: ws)
        #expect(status["images"] as? Int == 0)
    }

    @Test func anImportThatFindsNoImageOfABatchNamesImages() throws {
        let ws = try WorkspaceCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: ws.deletingLastPathComponent()) }
        let run = try WorkspaceCommandTests.run(["import", WorkspaceCommandTests.sampleDumps], in: ws)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains("batch b-1001: none of its 8 image files were found (image.missing)"), "\(run.stdout)")
        #expect(run.stdout.contains("name it with --images"))
        let found = try WorkspaceCommandTests.run(
            ["import", WorkspaceCommandTests.sampleDumps, "--images", WorkspaceCommandTests.sampleImages], in: ws)
        #expect(!found.stdout.contains("none of its"), "\(found.stdout)")
    }
}
