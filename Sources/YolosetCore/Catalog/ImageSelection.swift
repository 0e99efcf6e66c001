internal import GRDB

/// Which images a command works on: `--batch` (any of), `--image` (any of), `--split`, and the lock
/// state. Kinds combine with AND; an empty selection is every image.
public struct ImageSelection: Sendable, Equatable {
    public var batches: [String] = []
    public var images: [String] = []
    public var split: DatasetSplit?
    /// true: locked only; false: unlocked only; nil: both.
    public var locked: Bool?

    public init(batches: [String] = [], images: [String] = [], split: DatasetSplit? = nil, locked: Bool? = nil) {
        self.batches = batches
        self.images = images
        self.split = split
        self.locked = locked
    }

    public var isEmpty: Bool { batches.isEmpty && images.isEmpty && split == nil && locked == nil }

    /// The selected images, ordered by batch and id. Unknown batch or image ids are errors.
    func fetch(_ db: Database) throws -> [ImageRow] {
        for batch in batches
        where try Bool.fetchOne(db, sql: "SELECT 1 FROM batches WHERE id = ?", arguments: [batch]) == nil {
            throw WorkspaceError.unknownBatch(batch)
        }
        for image in images
        where try Bool.fetchOne(db, sql: "SELECT 1 FROM images WHERE id = ?", arguments: [image]) == nil {
            throw WorkspaceError.unknownImage(image)
        }
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if !batches.isEmpty {
            conditions.append("batch_id IN (\(Array(repeating: "?", count: batches.count).joined(separator: ",")))")
            arguments.append(contentsOf: batches as [(any DatabaseValueConvertible)?])
        }
        if !images.isEmpty {
            conditions.append("id IN (\(Array(repeating: "?", count: images.count).joined(separator: ",")))")
            arguments.append(contentsOf: images as [(any DatabaseValueConvertible)?])
        }
        if let split {
            conditions.append("split = ?")
            arguments.append(split.rawValue)
        }
        if let locked { conditions.append(locked ? "split_locked = 1" : "split_locked = 0") }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try Row.fetchAll(
            db,
            sql: """
                SELECT id, batch_id, filename, annotation_status, split, split_locked, sha256,
                    (SELECT COUNT(*) FROM findings f WHERE f.image_id = images.id AND f.severity = 'error') AS errors,
                    (SELECT COUNT(*) FROM findings f WHERE f.image_id = images.id AND f.severity = 'warning')
                        AS warnings,
                    (SELECT COUNT(*) FROM annotations a WHERE a.image_id = images.id) AS annotations
                FROM images JOIN image_splits ON image_splits.image_id = images.id \(filter)
                ORDER BY batch_id, id
                """, arguments: StatementArguments(arguments)
        ).map(ImageRow.init)
    }
}

/// One image as `yoloset images` lists it.
public struct ImageRow: Sendable, Equatable {
    public var id: String
    public var batchID: String
    public var filename: String?
    public var annotationStatus: String?
    public var split: String?
    public var splitLocked: Bool
    public var sha256: String?
    public var annotations: Int
    public var openErrors: Int
    public var openWarnings: Int

    init(_ row: Row) {
        id = row["id"]
        batchID = row["batch_id"]
        filename = row["filename"]
        annotationStatus = row["annotation_status"]
        split = row["split"]
        splitLocked = row["split_locked"]
        sha256 = row["sha256"]
        annotations = row["annotations"]
        openErrors = row["errors"]
        openWarnings = row["warnings"]
    }
}

extension Workspace {
    /// The images a selection names.
    public func images(_ selection: ImageSelection) throws -> [ImageRow] {
        try catalog.read { db in try selection.fetch(db) }
    }
}
