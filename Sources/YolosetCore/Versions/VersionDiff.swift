internal import Foundation

/// `diff vA vB`: what changed between two versions — images added, removed, moved between splits or with
/// new bytes; annotations added, removed or changed; classes renamed, added, dropped or re-indexed —
/// from their `version.json` files.
public struct VersionDiff: Sendable, Equatable {
    public var from: Int
    public var to: Int
    public var imagesAdded: [String] = []
    public var imagesRemoved: [String] = []
    public var imagesMoved: [Move] = []
    public var imagesChanged: [String] = []
    public var annotationsAdded: [String] = []
    public var annotationsRemoved: [String] = []
    public var annotationsChanged: [String] = []
    public var classesRenamed: [Rename] = []
    public var classesAdded: [String] = []
    public var classesRemoved: [String] = []
    public var classesReindexed: [Reindex] = []

    public struct Move: Sendable, Equatable {
        public var imageID: String
        public var from: String
        public var to: String
    }

    public struct Rename: Sendable, Equatable {
        public var original: String
        public var from: String
        public var to: String
    }

    public struct Reindex: Sendable, Equatable {
        public var name: String
        public var from: Int
        public var to: Int
    }

    public var isEmpty: Bool {
        imagesAdded.isEmpty && imagesRemoved.isEmpty && imagesMoved.isEmpty && imagesChanged.isEmpty
            && annotationsAdded.isEmpty && annotationsRemoved.isEmpty && annotationsChanged.isEmpty
            && classesRenamed.isEmpty && classesAdded.isEmpty && classesRemoved.isEmpty && classesReindexed.isEmpty
    }

    /// What the diff reads of one version.
    struct Side {
        var images: [String: (split: String, sha256: String)] = [:]
        var annotations: [String: String] = [:]
        /// Original class (id, else raw value, else name) → (effective name, index).
        var classes: [String: (name: String, index: Int)] = [:]
    }

    static func read(_ folder: String) throws(WorkspaceError) -> Side {
        let file = "\(folder)/version.json"
        do throws(DumpError) {
            let document = try JSONDocument(parsing: try Dump.load(file), file: file)
            return try document.read { root throws(DumpError) in
                let top = try root.object()
                var side = Side()
                for node in try top.optionalArray("version_images") ?? [] {
                    let image = try node.object()
                    side.images[try image.string("original_image_id")] = (
                        try image.string("split"), try image.string("sha256")
                    )
                }
                for node in try top.optionalArray("version_annotations") ?? [] {
                    let annotation = try node.object()
                    var values: [Double] = []
                    if let box = try annotation.optionalObject("box") {
                        for key in ["x_center", "y_center", "width", "height"] { values.append(try box.double(key)) }
                    }
                    for point in try annotation.optionalArray("geometry") ?? [] { values.append(try point.double()) }
                    let signature =
                        "\(try annotation.string("version_class_value")) "
                        + values.map { String(format: "%.6f", $0) }.joined(separator: " ")
                    side.annotations[try annotation.string("original_annotation_id")] = signature
                }
                for node in try top.optionalArray("version_classes") ?? [] {
                    let entry = try node.object()
                    let originalID = try entry.optionalString("original_class_id")
                    let rawValue = try entry.optionalString("raw_value")
                    let key: String
                    if let identifier = originalID ?? rawValue {
                        key = identifier
                    } else {
                        key = try entry.string("original_name")
                    }
                    side.classes[key] = (try entry.string("name"), try entry.int("yolo_index"))
                }
                return side
            }
        } catch {
            throw WorkspaceError("cannot read '\(file)': \(error)")
        }
    }

    init(from: Int, to: Int, old: Side, new: Side) {
        self.from = from
        self.to = to
        for (id, image) in new.images {
            guard let before = old.images[id] else {
                imagesAdded.append(id)
                continue
            }
            if before.split != image.split {
                imagesMoved.append(Move(imageID: id, from: before.split, to: image.split))
            }
            if before.sha256 != image.sha256 { imagesChanged.append(id) }
        }
        imagesRemoved = old.images.keys.filter { new.images[$0] == nil }
        for (id, signature) in new.annotations {
            guard let before = old.annotations[id] else {
                annotationsAdded.append(id)
                continue
            }
            if before != signature { annotationsChanged.append(id) }
        }
        annotationsRemoved = old.annotations.keys.filter { new.annotations[$0] == nil }
        var oldNames = Set(old.classes.values.map(\.name))
        var newNames = Set(new.classes.values.map(\.name))
        for (key, entry) in new.classes {
            guard let before = old.classes[key] else { continue }
            if before.name != entry.name {
                classesRenamed.append(Rename(original: key, from: before.name, to: entry.name))
                oldNames.remove(before.name)
                newNames.remove(entry.name)
            } else if before.index != entry.index {
                classesReindexed.append(Reindex(name: entry.name, from: before.index, to: entry.index))
            }
        }
        classesAdded = newNames.subtracting(oldNames).sorted()
        classesRemoved = oldNames.subtracting(newNames).sorted()
        imagesAdded.sort()
        imagesRemoved.sort()
        imagesMoved.sort { $0.imageID < $1.imageID }
        imagesChanged.sort()
        annotationsAdded.sort()
        annotationsRemoved.sort()
        annotationsChanged.sort()
        classesRenamed.sort { $0.original < $1.original }
        classesReindexed.sort { $0.name < $1.name }
    }
}

extension Workspace {
    public func diff(_ first: String, _ second: String) throws -> VersionDiff {
        let store = VersionStore(workspace: self)
        let from = try number(of: first, in: store)
        let to = try number(of: second, in: store)
        return VersionDiff(
            from: from, to: to, old: try VersionDiff.read(store.folder(from)),
            new: try VersionDiff.read(store.folder(to)))
    }
}
