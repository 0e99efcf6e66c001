internal import Foundation

/// `diff vA vB`: what changed between two versions — images added, removed, moved between splits or with
/// new bytes; annotations added, removed or changed; classes renamed, added, dropped or re-indexed —
/// from their `version.json` files.
///
/// Each file is read as a stream of events into a compact `VersionSide` (both at once, one a core), whose
/// rows are ordered by id; one merge of the two orders finds the changes, which are kept as row numbers
/// into the sides and turned into ids only as they are written. So a million-image diff holds the two
/// sides (about 100 bytes an image and 50 an annotation) and four bytes per change.
public struct VersionDiff: Sendable {
    public var from: Int
    public var to: Int
    let old: VersionSide
    let new: VersionSide
    /// Rows of `new` (added, contentChanged), of `old` (removed), of both (moved), in the order of their ids.
    var addedImages: [UInt32] = []
    var removedImages: [UInt32] = []
    var movedImages: [(old: UInt32, new: UInt32)] = []
    var changedImages: [UInt32] = []
    var addedAnnotations: [UInt32] = []
    var removedAnnotations: [UInt32] = []
    var changedAnnotations: [UInt32] = []
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
        addedImages.isEmpty && removedImages.isEmpty && movedImages.isEmpty && changedImages.isEmpty
            && addedAnnotations.isEmpty && removedAnnotations.isEmpty && changedAnnotations.isEmpty
            && classesRenamed.isEmpty && classesAdded.isEmpty && classesRemoved.isEmpty && classesReindexed.isEmpty
    }

    /// The ids of the images only the newer version has, in order.
    public var imagesAdded: [String] { addedImages.map { new.imageIDs.string(Int($0)) } }
    public var imagesRemoved: [String] { removedImages.map { old.imageIDs.string(Int($0)) } }
    public var imagesMoved: [Move] { movedImages.indices.map(move) }
    public var imagesChanged: [String] { changedImages.map { new.imageIDs.string(Int($0)) } }
    public var annotationsAdded: [String] { addedAnnotations.map { new.annotationIDs.string(Int($0)) } }
    public var annotationsRemoved: [String] { removedAnnotations.map { old.annotationIDs.string(Int($0)) } }
    public var annotationsChanged: [String] { changedAnnotations.map { new.annotationIDs.string(Int($0)) } }

    /// The `index`-th move.
    func move(_ index: Int) -> Move {
        let (before, after) = movedImages[index]
        return Move(
            imageID: new.imageIDs.string(Int(after)), from: old.splitNames[Int(old.imageSplits[Int(before)])],
            to: new.splitNames[Int(new.imageSplits[Int(after)])])
    }

    init(from: Int, to: Int, old: VersionSide, new: VersionSide) {
        self.from = from
        self.to = to
        self.old = old
        self.new = new
        compareImages()
        compareAnnotations()
        compareClasses()
    }

    private mutating func compareImages() {
        let (old, new) = (self.old, self.new)
        // Split names are few: which of the older version's equal which of the newer's, worked out once.
        let sameSplit = old.splitNames.map { name in new.splitNames.map { $0 == name } }
        Self.merge(old.imageIDs, old.imageOrder, new.imageIDs, new.imageOrder) { pair in
            switch pair {
            case .older(let row): removedImages.append(row)
            case .newer(let row): addedImages.append(row)
            case .both(let was, let now):
                if !sameSplit[Int(old.imageSplits[Int(was)])][Int(new.imageSplits[Int(now)])] {
                    movedImages.append((was, now))
                }
                if old.imageContents[Int(was)] != new.imageContents[Int(now)] { changedImages.append(now) }
            }
        }
    }

    private mutating func compareAnnotations() {
        let (old, new) = (self.old, self.new)
        Self.merge(old.annotationIDs, old.annotationOrder, new.annotationIDs, new.annotationOrder) { pair in
            switch pair {
            case .older(let row): removedAnnotations.append(row)
            case .newer(let row): addedAnnotations.append(row)
            case .both(let was, let now):
                if old.annotationShapes[Int(was)] != new.annotationShapes[Int(now)] { changedAnnotations.append(now) }
            }
        }
    }

    /// A row of one side or the other, or the rows of one id in both.
    private enum Pair {
        case older(UInt32)
        case newer(UInt32)
        case both(UInt32, UInt32)
    }

    /// Walks two sides' rows together in order of id (each order holding one row per id), handing each id
    /// over once.
    private static func merge(
        _ oldIDs: IDArena, _ oldOrder: [UInt32], _ newIDs: IDArena, _ newOrder: [UInt32], _ body: (Pair) -> Void
    ) {
        let ascii = oldIDs.isASCII && newIDs.isASCII
        oldIDs.withView { before in
            newIDs.withView { after in
                var (i, j) = (0, 0)
                while i < oldOrder.count || j < newOrder.count {
                    let order =
                        i == oldOrder.count
                        ? 1
                        : j == newOrder.count
                            ? -1
                            : IDArena.compare(before.id(Int(oldOrder[i])), after.id(Int(newOrder[j])), ascii: ascii)
                    if order < 0 {
                        body(.older(oldOrder[i]))
                        i += 1
                    } else if order > 0 {
                        body(.newer(newOrder[j]))
                        j += 1
                    } else {
                        body(.both(oldOrder[i], newOrder[j]))
                        i += 1
                        j += 1
                    }
                }
            }
        }
    }

    /// Classes are few: compared by name as they always were.
    private mutating func compareClasses() {
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
        classesRenamed.sort { $0.original < $1.original }
        // Two original classes merged under one name can both move: ties go by index, not by hash order.
        classesReindexed.sort { ($0.name, $0.from, $0.to) < ($1.name, $1.from, $1.to) }
    }
}

extension VersionDiff: Equatable {
    public static func == (left: VersionDiff, right: VersionDiff) -> Bool {
        left.from == right.from && left.to == right.to && left.imagesAdded == right.imagesAdded
            && left.imagesRemoved == right.imagesRemoved && left.imagesMoved == right.imagesMoved
            && left.imagesChanged == right.imagesChanged && left.annotationsAdded == right.annotationsAdded
            && left.annotationsRemoved == right.annotationsRemoved
            && left.annotationsChanged == right.annotationsChanged && left.classesRenamed == right.classesRenamed
            && left.classesAdded == right.classesAdded && left.classesRemoved == right.classesRemoved
            && left.classesReindexed == right.classesReindexed
    }
}

extension Workspace {
    public func diff(_ first: String, _ second: String) throws -> VersionDiff {
        let store = VersionStore(workspace: self)
        let from = try number(of: first, in: store)
        let to = try number(of: second, in: store)
        let folders = [store.folder(from), store.folder(to)]
        // The two files are read at once, one a core; a version against itself is read once.
        let sides = Parallel.map(count: from == to ? 1 : 2, workers: 2) { index in
            Result { () throws(WorkspaceError) in try VersionSide.read(folders[index]) }
        }
        return VersionDiff(from: from, to: to, old: try sides[0].get(), new: try sides[sides.count - 1].get())
    }
}
