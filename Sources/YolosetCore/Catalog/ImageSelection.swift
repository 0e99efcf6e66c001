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

    /// The selected images, ordered by batch and id.
    func fetch(_ db: Database) throws -> [ImageRow] {
        try Array(cursor(db).map(ImageRow.init))
    }

    /// The selected images, ordered by batch and id, as `ImageRow.init` reads them. Unknown batch or
    /// image ids are errors.
    func cursor(_ db: Database) throws -> RowCursor {
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
        return try Row.fetchCursor(
            db,
            sql: """
                SELECT id, batch_id, filename, annotation_status, split, split_locked, sha256,
                    (SELECT COUNT(*) FROM findings f WHERE f.image_id = images.id AND f.severity = 'error') AS errors,
                    (SELECT COUNT(*) FROM findings f WHERE f.image_id = images.id AND f.severity = 'warning')
                        AS warnings,
                    (SELECT COUNT(*) FROM annotations a WHERE a.image_id = images.id) AS annotations
                FROM images JOIN image_splits ON image_splits.image_id = images.id \(filter)
                ORDER BY batch_id, id
                """, arguments: StatementArguments(arguments))
    }
}

/// One image as `yoloset images` lists it.
struct ImageRow {
    var id: String
    var batchID: String
    var filename: String?
    var annotationStatus: String?
    var split: String?
    var splitLocked: Bool
    var sha256: String?
    var annotations: Int
    var openErrors: Int
    var openWarnings: Int

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
