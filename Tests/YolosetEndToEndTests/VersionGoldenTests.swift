import Foundation
import Testing
import YolosetTestSupport

/// Whole version folders against committed golden copies (detect: the sample; segment:
/// fixtures/segment), and version.json's provenance traced back to the dumps and files it came from.
@Suite struct VersionGoldenTests {
    /// A segmentation workspace holding fixtures/segment, split, with `v1` snapshotted.
    static func segmentVersion() throws -> URL {
        let ws = try CLI.temporaryDirectory().appendingPathComponent("polygons")
        #expect(try CLI.yoloset(["init", ws.path, "--name", "Dock polygons", "--type", "segment"]).status == 0)
        let imported = try WorkspaceCommandTests.json(
            [
                "import", TestResources.fixture("segment/dumps"), "--images", TestResources.fixture("segment/images"),
            ], in: ws)
        #expect(imported["images_added"] as? Int == 6)
        _ = try WorkspaceCommandTests.json(["split"], in: ws)
        let snapshot = try WorkspaceCommandTests.json(["snapshot"], in: ws)
        #expect(snapshot["images"] as? Int == 6)
        return ws.appendingPathComponent("versions/v1")
    }

    /// Every text file of a version, by path, with what changes from run to run masked: version.json's
    /// `created_at` and `id`, and its checksum line.
    static func texts(of version: URL) throws -> [String: String] {
        var texts: [String: String] = [:]
        let paths = try FileManager.default.subpathsOfDirectory(atPath: version.path).sorted()
        for path in paths where !path.hasPrefix("images/") {
            let url = version.appendingPathComponent(path)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue
            else { continue }
            var text = try String(contentsOf: url, encoding: .utf8)
            switch path {
            case "version.json":
                text = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                    if line.hasPrefix("  \"created_at\": ") { return "  \"created_at\": \"<created_at>\"," }
                    if line.hasPrefix("  \"id\": ") { return "  \"id\": \"<id>\"," }
                    return String(line)
                }.joined(separator: "\n")
            case "checksums.sha256":
                text = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                    line.hasSuffix("  version.json") ? "<sha256 of version.json>  version.json" : String(line)
                }.joined(separator: "\n")
            default: break
            }
            texts[path] = text
        }
        return texts
    }

    /// Compares a version's text files with `Golden/versions/<name>/`; images are compared through
    /// checksums.sha256, which names every image with its SHA-256.
    static func expectGolden(_ version: URL, name: String) throws {
        let texts = try texts(of: version)
        let folder = Golden.directory.appendingPathComponent("versions/\(name)")
        if ProcessInfo.processInfo.environment["YOLOSET_RECORD_GOLDEN"] == "1" {
            try? FileManager.default.removeItem(at: folder)
        }
        for (path, text) in texts {
            #expect(Golden.mismatch(text, file: "versions/\(name)/\(path)") == nil, "\(path)")
        }
        let recorded = Set(
            try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { path in
                var isFolder: ObjCBool = false
                FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder)
                return !isFolder.boolValue
            })
        #expect(recorded == Set(texts.keys), "files in the version differ from the golden copy")
    }

    @Test func detectVersionMatchesItsGoldenCopy() throws {
        let (_, version) = try VersionCommandTests.versioned()
        try Self.expectGolden(version, name: "detect")
    }

    @Test func segmentVersionMatchesItsGoldenCopy() throws {
        try Self.expectGolden(try Self.segmentVersion(), name: "segment")
    }

    /// From version.json alone, every image and label leads back to the dump record and the file it came
    /// from, and nothing of an included image is lost on the way.
    @Test(arguments: ["detect", "segment"])
    func provenanceRoundTrip(kind: String) throws {
        let version: URL
        let dumps: String
        let imagesRoot: String
        if kind == "detect" {
            version = try VersionCommandTests.versioned().version
            dumps = WorkspaceCommandTests.sampleDumps
            imagesRoot = WorkspaceCommandTests.sampleImages
        } else {
            version = try Self.segmentVersion()
            dumps = TestResources.fixture("segment/dumps")
            imagesRoot = TestResources.fixture("segment/images")
        }
        // The dumps, as plain JSON: image id → (batch id, image), annotation id → annotation.
        var dumpImages: [String: (batch: String, image: [String: Any])] = [:]
        var dumpAnnotations: [String: [String: Any]] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: dumps) where file.hasSuffix(".json") {
            let body = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: "\(dumps)/\(file)")))
            let batch = try #require((body as? [String: Any])?["data"] as? [String: Any])
            for image in batch["images"] as? [[String: Any]] ?? [] {
                dumpImages[image["id"] as! String] = (batch["id"] as! String, image)
                for annotation in image["annotations"] as? [[String: Any]] ?? [] {
                    dumpAnnotations[annotation["id"] as! String] = annotation
                }
            }
        }
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: version.appendingPathComponent("version.json")))
                as? [String: Any])
        var sums: [String: String] = [:]
        for line in try String(contentsOf: version.appendingPathComponent("checksums.sha256"), encoding: .utf8)
            .split(separator: "\n")
        {
            let parts = line.split(separator: " ", maxSplits: 1)
            sums[String(parts[1].dropFirst())] = String(parts[0])
        }
        // YOLO index → raw values and names it stands for.
        var rawValues: [Int: Set<String>] = [:]
        for entry in manifest["version_classes"] as? [[String: Any]] ?? [] {
            let index = entry["yolo_index"] as! Int
            rawValues[index, default: []].formUnion(
                [entry["raw_value"] as? String, entry["original_name"] as? String].compactMap { $0 })
        }

        var rowsByImage: [String: [[String: Any]]] = [:]
        for annotation in manifest["version_annotations"] as? [[String: Any]] ?? [] {
            rowsByImage[annotation["original_image_id"] as! String, default: []].append(annotation)
        }
        let images = manifest["version_images"] as? [[String: Any]] ?? []
        #expect(!images.isEmpty)
        for image in images {
            let id = try #require(image["original_image_id"] as? String)
            let original = try #require(dumpImages[id], "\(id) is in no dump")
            #expect(image["original_batch_id"] as? String == original.batch)
            #expect(image["storage_key"] as? String == original.image["storage_key"] as? String)
            #expect(image["original_filename"] as? String == original.image["filename"] as? String)
            #expect(image["width"] as? Int == original.image["width"] as? Int)
            #expect(image["height"] as? Int == original.image["height"] as? Int)
            // The version's file is the user's file, byte for byte, and checksums.sha256 agrees.
            let split = try #require(image["split"] as? String)
            let stem = (image["filename"] as! String).split(separator: ".").dropLast().joined(separator: ".")
            let path = "images/\(split)/\(image["filename"] as! String)"
            #expect(sums[path] == image["sha256"] as? String, "\(path)")
            let source = URL(fileURLWithPath: imagesRoot).appendingPathComponent(image["storage_key"] as! String)
            #expect(try Data(contentsOf: version.appendingPathComponent(path)) == Data(contentsOf: source))

            // Every annotation of the dump is a row of the label file, in order, with its class and values.
            let label = try String(
                contentsOf: version.appendingPathComponent("labels/\(split)/\(stem).txt"), encoding: .utf8)
            let lines = label.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            let expected = (original.image["annotations"] as? [[String: Any]] ?? []).map { $0["id"] as! String }
            let rows = rowsByImage[id] ?? []
            #expect(rows.map { $0["original_annotation_id"] as? String } == expected, "\(id)")
            #expect(lines.count == rows.count, "\(id)")
            for (row, line) in zip(rows, lines) {
                let annotation = try #require(dumpAnnotations[row["original_annotation_id"] as! String])
                let index = try #require(Int(line[0]))
                #expect(row["version_class_value"] as? String == line[0])
                #expect(rawValues[index]?.contains(annotation["class_value"] as! String) == true, "\(row)")
                let values = line.dropFirst().map { Double($0)! }
                if let box = row["box"] as? [String: Double] {
                    let fromDump = ["x_center", "y_center", "width", "height"].map { annotation[$0] as! Double }
                    let fromJSON = ["x_center", "y_center", "width", "height"].map { box[$0]! }
                    #expect(values == fromJSON, "label and version.json hold the same numbers")
                    for (a, b) in zip(values, fromDump) { #expect(abs(a - b) <= 1e-6, "\(row)") }
                } else {
                    let geometry = try #require(row["geometry"] as? [Double])
                    #expect(values == geometry)
                    #expect(geometry.count >= 6 && geometry.count % 2 == 0)
                }
            }
        }
        let summary = manifest["summary"] as? [String: Any]
        #expect(summary?["images"] as? Int == images.count)
        #expect(summary?["annotations"] as? Int == rowsByImage.values.reduce(0) { $0 + $1.count })
    }
}
