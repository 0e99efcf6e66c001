#if canImport(Glibc)
    internal import Glibc
#endif

/// What `diff` keeps of one version.json, compactly: about 50 bytes an image and 50 an annotation
/// besides their ids' bytes, where the parsed tree took over 4 KB an image. Rows are kept in file order;
/// `imageOrder` and `annotationOrder` list them by id, one per distinct id.
struct VersionSide: Sendable {
    /// `version_images`: ids, each image's split (an index into `splitNames`) and its `sha256`.
    var imageIDs = IDArena()
    var imageSplits: [UInt8] = []
    var imageContents: [Digest32] = []
    var splitNames: [String] = []
    /// `version_annotations`: ids, and the SHA-256 of what the diff compares of each (its class and
    /// coordinates, as text).
    var annotationIDs = IDArena()
    var annotationShapes: [Digest32] = []
    /// `version_classes`: original class (id, else raw value, else name) → (effective name, index).
    var classes: [String: (name: String, index: Int)] = [:]
    /// The rows in order of id, one per distinct id (see `order()`).
    var imageOrder: [UInt32] = []
    var annotationOrder: [UInt32] = []

    /// Reads `folder/version.json` and orders its rows; an error names the file and what is wrong.
    static func read(_ folder: String) throws(WorkspaceError) -> VersionSide {
        let file = "\(folder)/version.json"
        var info = stat()
        let byteCount = stat(file, &info) == 0 ? Int(info.st_size) : 0
        do throws(DumpError) {
            var reader = VersionSideReader(file: file, byteCount: byteCount)
            try JSONEventReader.read(file: file) { event throws(DumpError) in try reader.take(event) }
            var side = try reader.finish()
            side.order()
            return side
        } catch {
            throw WorkspaceError("cannot read '\(file)': \(error.problem)")
        }
    }

    /// Sets `imageOrder` and `annotationOrder`. An id given twice counts once, with the values of its last
    /// row, as when the tree was read into a dictionary (its first row keeps the id's spelling).
    mutating func order() {
        let images = imageIDs.distinctOrder()
        for (first, last) in images.duplicates {
            imageSplits[Int(first)] = imageSplits[Int(last)]
            imageContents[Int(first)] = imageContents[Int(last)]
        }
        imageOrder = images.order
        let annotations = annotationIDs.distinctOrder()
        for (first, last) in annotations.duplicates {
            annotationShapes[Int(first)] = annotationShapes[Int(last)]
        }
        annotationOrder = annotations.order
    }
}
