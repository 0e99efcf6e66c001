import Foundation
import Testing
import YolosetTestSupport

/// `diff` of two hand-made version.json files (fixtures/diff, every kind of change and the odd spellings
/// of ids and numbers) against golden copies that the tree-reading diff printed before it streamed, and
/// what it says of a version.json it cannot read.
@Suite struct DiffCommandTests {
    /// A workspace whose `versions/` holds fixtures/diff's v1 and v2.
    static func fixtureWorkspace() throws -> URL {
        let ws = try WorkspaceCommandTests.workspace()
        let versions = ws.appendingPathComponent("versions")
        try FileManager.default.createDirectory(at: versions, withIntermediateDirectories: true)
        for version in ["v1", "v2"] {
            try FileManager.default.copyItem(
                atPath: TestResources.fixture("diff/\(version)"), toPath: versions.appendingPathComponent(version).path)
        }
        return ws
    }

    /// The document with its keys sorted, pretty, as the golden copy holds it: the layout may change,
    /// the keys, values and the order of every list may not.
    static func canonical(_ json: String) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        let data = try JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    @Test func diffOfTheFixtureVersionsIsWhatItAlwaysWas() throws {
        let ws = try Self.fixtureWorkspace()
        defer { try? FileManager.default.removeItem(at: ws.deletingLastPathComponent()) }
        let json = try WorkspaceCommandTests.run(["diff", "v1", "v2", "--json"], in: ws)
        #expect(json.status == 0, "\(json.stderr)")
        let mismatch = Golden.mismatch(try Self.canonical(json.stdout), file: "diff/v1-v2.json")
        #expect(mismatch == nil, "\(mismatch ?? "")")
        let text = try WorkspaceCommandTests.run(["diff", "v1", "v2"], in: ws)
        #expect(text.status == 0, "\(text.stderr)")
        let textMismatch = Golden.mismatch(text.stdout, file: "diff/v1-v2.txt")
        #expect(textMismatch == nil, "\(textMismatch ?? "")")

        // The other way round, every list swaps sides; a version against itself is identical.
        let back = try WorkspaceCommandTests.json(["diff", "v2", "v1"], in: ws)
        let forward = try #require(json.json)
        let images = try #require(back["images"] as? [String: Any])
        #expect(images["added"] as? [String] == (forward["images"] as? [String: Any])?["removed"] as? [String])
        #expect((images["moved"] as? [Any])?.count == 22)
        let same = try WorkspaceCommandTests.json(["diff", "v2", "v2"], in: ws)
        #expect(same["identical"] as? Bool == true)
    }

    @Test(arguments: [
        ("truncated", "not valid JSON (the file ends in the middle of a value at line "),
        ("mistyped", "$.version_images[1].split: expected a string, found 3"),
        ("missing", "$.version_annotations[0].original_annotation_id: required field is missing"),
        ("empty", "the file is empty"),
        ("garbage", "not valid JSON (parse error: trailing garbage at line 1, column 4)"),
    ])
    func anUnreadableVersionJSONIsOneLineNamingTheFile(damage: String, problem: String) throws {
        let ws = try Self.fixtureWorkspace()
        defer { try? FileManager.default.removeItem(at: ws.deletingLastPathComponent()) }
        let file = ws.appendingPathComponent("versions/v2/version.json")
        let whole = try Data(contentsOf: file)
        let text: Data =
            switch damage {
            case "truncated": whole.prefix(whole.count * 2 / 3)
            case "mistyped":
                Data(
                    #"{"version_images": [{"original_image_id": "a", "sha256": "", "split": "val"}, {"original_image_id": "b", "sha256": "", "split": 3}]}"#
                        .utf8)
            case "missing": Data(#"{"version_annotations": [{"version_class_value": "0"}]}"#.utf8)
            case "empty": Data("\n  \n".utf8)
            default: Data("{} x".utf8)
            }
        try text.write(to: file)
        let run = try WorkspaceCommandTests.run(["diff", "v1", "v2", "--json"], in: ws)
        PlainErrorsTests.expectOneLine(run, "cannot read '\(file.path)': \(problem)")
        #expect(run.stdout.isEmpty, "nothing is written before both files are read")
    }
}
