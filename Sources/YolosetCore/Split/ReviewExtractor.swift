internal import GRDB

/// `extract-reviewed`, as Acusight's `POST /data/batches/{id}/extract-reviewed`: every image of a batch
/// whose annotation_status is "completed" moves into a new batch of the same project, in stage
/// "annotating".
public struct ReviewExtractor: Sendable {
    public var workspace: Workspace

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    public struct Result: Sendable, Equatable {
        public var extractedCount: Int
        public var newBatchID: String
        public var newBatchName: String
        public var remainingCount: Int
        public var sourceBatchID: String
    }

    public func run(batch: String, name: String?, write: Workspace.WriteOptions = .init()) throws -> Result {
        try workspace.exclusively(command: "extract-reviewed", wait: write.wait, notice: write.notice) {
            try workspace.catalog.write { db in
                guard let source = try Row.fetchOne(db, sql: "SELECT * FROM batches WHERE id = ?", arguments: [batch])
                else { throw WorkspaceError.unknownBatch(batch) }
                let completed =
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM images WHERE batch_id = ? AND annotation_status = 'completed'",
                        arguments: [batch]) ?? 0
                let total =
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM images WHERE batch_id = ?", arguments: [batch]) ?? 0
                guard completed > 0 else {
                    throw WorkspaceError(
                        "batch \(batch) has no images with annotation_status 'completed' (\(total) image"
                            + "\(total == 1 ? "" : "s"), none completed); nothing was extracted")
                }
                var number = 1
                var newID = "\(batch)-reviewed-1"
                while try Bool.fetchOne(db, sql: "SELECT 1 FROM batches WHERE id = ?", arguments: [newID]) != nil {
                    number += 1
                    newID = "\(batch)-reviewed-\(number)"
                }
                let sourceName: String? = source["name"]
                let newName = name ?? "\(sourceName ?? batch) (reviewed\(number == 1 ? "" : " \(number)"))"
                let now = Timestamp.now()
                try db.execute(
                    sql: """
                        INSERT INTO batches (id, name, organization_id, project_id, device_id, source, stage, status,
                            tags, pipeline_config, created_at, updated_at, origin, parent_batch_id, changed_at)
                        SELECT ?, ?, organization_id, project_id, device_id, source, 'annotating', 'completed', tags,
                            pipeline_config, ?, ?, 'extract', id, ?
                        FROM batches WHERE id = ?
                        """, arguments: [newID, newName, now, now, now, batch])
                try db.execute(
                    sql: """
                        UPDATE images SET batch_id = ?, changed_at = ?
                        WHERE batch_id = ? AND annotation_status = 'completed'
                        """, arguments: [newID, now, batch])
                let result = Result(
                    extractedCount: completed, newBatchID: newID, newBatchName: newName,
                    remainingCount: total - completed, sourceBatchID: batch)
                try Catalog.log(db, command: "extract-reviewed", summary: encodeJSON(result, compact: true))
                return result
            }
        }
    }
}
