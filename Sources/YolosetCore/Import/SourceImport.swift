internal import Foundation
internal import GRDB

/// Stage 3 of importing Runflow and Nimble dumps, inside the caller's transaction. Each batch goes to
/// the raw pool: no project, stage "unassigned", source "runflow" or "nimble" (a batch already assigned
/// keeps its project and stage). Every item is recorded with its state; each succeeded item whose image
/// was found and stored becomes one unannotated image, `<batch id>:<item key>`. An item that reached a
/// terminal state never goes back to an unfinished one when an older dump is imported after a newer one.
struct SourceImport {
    let report: ValidationReport
    let batches: [SourceBatch]
    /// Stored image files, by image id.
    let files: [String: StoredFile]
    let known: [String: Importer.Known]
    /// Where image files live, for storage keys; nil means the folder holding each item's dump.
    let imagesRoot: String?

    /// Image id of an item.
    static func imageID(batch: String, key: String) -> String { "\(batch):\(key)" }

    func write(_ db: Database) throws -> ImportReport {
        let now = Timestamp.now()
        var outcomes: [ImportReport.BatchOutcome] = []
        var progress: [SourceProgress] = []
        let findingsByBatch = Dictionary(grouping: report.findings, by: { $0.location.batchID ?? "" })
        let failingItems = Set(
            report.findings.lazy.filter { $0.severity == .error }.map {
                "\($0.location.file)\u{0}\($0.location.jsonPath ?? "")"
            })
        for batch in batches {
            guard let batchID = batch.id?.text else {
                throw WorkspaceError(
                    "'\(batch.file)': $.items[0].batch_id: the items name no batch (every batch_id is null) and no "
                        + "batch dump goes with them; add the batch dump (GET /v1/batches/{id}); nothing was imported")
            }
            let api: String? = try String.fetchOne(
                db, sql: "SELECT api FROM batches WHERE id = ?", arguments: [batchID])
            if let api, api != batch.source.rawValue {
                throw WorkspaceError(
                    "'\(batch.file)': $.id: batch \(batchID) is already in this workspace as a \(api) batch, not a "
                        + "\(batch.source.displayName) one; nothing was imported")
            }
            let digest = RecordDigest.of(batch)
            let previous: String? = try String.fetchOne(
                db, sql: "SELECT record_digest FROM batches WHERE id = ?", arguments: [batchID])
            let older = try isOlder(batch, batchID: batchID, db: db)
            let state = api == nil ? "added" : previous == digest ? "unchanged" : older ? "older" : "updated"
            if state == "added" || state == "updated" {
                try upsertBatch(batch, id: batchID, digest: digest, now: now, db: db)
                // Items without an id are known by position, which means nothing across dumps: a newer
                // dump replaces them (an item that became an image keeps its row).
                try db.execute(
                    sql: """
                        DELETE FROM source_items WHERE batch_id = ? AND image_id IS NULL
                            AND (item_key LIKE '@%' OR item_key LIKE '#%')
                        """, arguments: [batchID])
            }
            var outcome = ImportReport.BatchOutcome(
                id: batchID, name: nil, file: batch.file, state: state, imagesAdded: 0, imagesUpdated: 0,
                imagesUnchanged: 0, imagesFailing: 0)
            let stored = try storedItems(batchID, db: db)
            let batchFindings = findingsByBatch[batchID] ?? []
            for (position, item) in batch.items.enumerated() {
                let key = item.key(position: position)
                var item = item
                if let previous = stored[key]?.state, previous.isTerminal, !item.state.isTerminal {
                    // What the catalog knows of this item is newer.
                    continue
                }
                if state == "older" || state == "unchanged", item.id == nil, stored[key] == nil { continue }
                var imageID: String?
                let id = Self.imageID(batch: batchID, key: key)
                if item.state == .succeeded, item.imageFile != nil, let file = files[id] {
                    if failingItems.contains("\(item.file)\u{0}\(item.jsonPath)") { outcome.imagesFailing += 1 }
                    switch try writeImage(
                        id: id, item: item, batch: batch, batchID: batchID, file: file, now: now, db: db)
                    {
                    case .added: outcome.imagesAdded += 1
                    case .updated: outcome.imagesUpdated += 1
                    case .unchanged: outcome.imagesUnchanged += 1
                    }
                    imageID = id
                } else if item.state == .succeeded {
                    item.imageFile = nil
                }
                try upsertItem(item, key: key, batchID: batchID, imageID: imageID, stored: stored[key], db: db)
            }
            if state != "older" { try replaceFindings(batchID, batchFindings, db: db) }
            if let row = try SourceProgress.load(db, batchID: batchID) { progress.append(row) }
            outcomes.append(outcome)
        }
        let result = ImportReport(
            dumps: report.dumps, batches: outcomes, validation: report,
            objects: .init(files.values.lazy.map(\.outcome)), lockedKept: [], sources: progress)
        try CatalogImport.logHistory(result, db: db)
        return result
    }

    private func upsertBatch(_ batch: SourceBatch, id: String, digest: String, now: String, db: Database) throws {
        // A batch assigned to the project keeps its project and stage.
        try db.execute(
            sql: """
                INSERT INTO batches (id, name, project_id, source, stage, status, created_at, updated_at, origin,
                    dump_file, record_digest, changed_at, api)
                VALUES (?, NULL, NULL, ?, 'unassigned', ?, ?, ?, 'dump', ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET status = excluded.status, created_at = excluded.created_at,
                    updated_at = excluded.updated_at, dump_file = excluded.dump_file,
                    record_digest = excluded.record_digest, changed_at = excluded.changed_at
                """,
            arguments: [
                id, batch.source.rawValue, batch.rawStatus, batch.createdAt, batch.completedAt ?? batch.startedAt,
                batch.file, digest, now, batch.source.rawValue,
            ])
        let declared = batch.declared
        try db.execute(
            sql: """
                INSERT INTO source_batches (batch_id, api, raw_status, state, declared_total, declared_succeeded,
                    declared_failed, declared_cancelled, declared_completed, declared_progress, failure_code,
                    failure_message, started_at, completed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(batch_id) DO UPDATE SET raw_status = excluded.raw_status, state = excluded.state,
                    declared_total = excluded.declared_total, declared_succeeded = excluded.declared_succeeded,
                    declared_failed = excluded.declared_failed, declared_cancelled = excluded.declared_cancelled,
                    declared_completed = excluded.declared_completed, declared_progress = excluded.declared_progress,
                    failure_code = excluded.failure_code, failure_message = excluded.failure_message,
                    started_at = excluded.started_at, completed_at = excluded.completed_at
                """,
            arguments: [
                id, batch.source.rawValue, batch.rawStatus, batch.status.rawValue, declared.total,
                declared.succeeded, declared.failed, declared.cancelled, declared.completed, declared.progress,
                batch.failureCode, batch.failureMessage, batch.startedAt, batch.completedAt,
            ])
    }

    /// Whether the catalog already holds a newer record of the batch than this dump: its status is
    /// final and the dump's is not, or the catalog knows of more finished items than the dump lists.
    /// An older dump changes neither the batch's fields nor its items' states; its items the catalog
    /// has never seen are still added.
    private func isOlder(_ batch: SourceBatch, batchID: String, db: Database) throws -> Bool {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT state, (SELECT COUNT(*) FROM source_items i WHERE i.batch_id = s.batch_id
                        AND i.state IN ('succeeded', 'failed', 'cancelled')) AS finished
                    FROM source_batches s WHERE batch_id = ?
                    """, arguments: [batchID])
        else { return false }
        let storedState = BatchState(rawValue: row["state"]) ?? .unknown
        let finished = batch.items.count { $0.state.isTerminal }
        return (storedState.isTerminal && !batch.status.isTerminal) || finished < (row["finished"] as Int)
    }

    /// What the catalog holds of an item.
    private struct StoredItem {
        let state: ItemState
        let imageID: String?
        let digest: String
    }

    /// Item key → what the catalog holds of it.
    private func storedItems(_ batchID: String, db: Database) throws -> [String: StoredItem] {
        var items: [String: StoredItem] = [:]
        let rows = try Row.fetchCursor(
            db, sql: "SELECT item_key, state, image_id, record_digest FROM source_items WHERE batch_id = ?",
            arguments: [batchID])
        while let row = try rows.next() {
            items[row[0]] = StoredItem(
                state: ItemState(rawValue: row[1]) ?? .unknown, imageID: row[2], digest: row[3])
        }
        return items
    }

    /// Inserts or updates an item's row, unless it holds exactly this already.
    private func upsertItem(
        _ item: SourceItem, key: String, batchID: String, imageID: String?, stored: StoredItem?, db: Database
    ) throws {
        let fields: [String?] = [
            item.id?.text, item.sequenceIndex.map { String($0) }, item.clientRef?.text, item.runID?.text,
            item.taskID?.text, item.state.rawValue, item.rawStatus, item.errorCode, item.errorMessage, item.startedAt,
            item.completedAt, item.imageFile, item.file, item.jsonPath,
        ]
        let digest = RecordDigest.of(fields)
        if let stored, stored.digest == digest, imageID == nil || stored.imageID == imageID { return }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO source_items (batch_id, item_key, item_id, sequence_index, client_ref, run_id, task_id,
                    state, raw_status, error_code, error_message, started_at, completed_at, image_id, image_file,
                    dump_file, json_path, record_digest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(batch_id, item_key) DO UPDATE SET item_id = excluded.item_id,
                    sequence_index = excluded.sequence_index, client_ref = excluded.client_ref,
                    run_id = excluded.run_id, task_id = excluded.task_id, state = excluded.state,
                    raw_status = excluded.raw_status, error_code = excluded.error_code,
                    error_message = excluded.error_message, started_at = excluded.started_at,
                    completed_at = excluded.completed_at, image_id = coalesce(excluded.image_id, image_id),
                    image_file = coalesce(excluded.image_file, image_file), dump_file = excluded.dump_file,
                    json_path = excluded.json_path, record_digest = excluded.record_digest
                """)
        try statement.execute(arguments: [
            batchID, key, item.id?.text, item.sequenceIndex, item.clientRef?.text, item.runID?.text,
            item.taskID?.text, item.state.rawValue, item.rawStatus, item.errorCode, item.errorMessage, item.startedAt,
            item.completedAt, imageID, item.imageFile, item.file, item.jsonPath, digest,
        ])
    }

    private enum Change { case added, updated, unchanged }

    private func writeImage(
        id: String, item: SourceItem, batch: SourceBatch, batchID: String, file: StoredFile, now: String,
        db: Database
    ) throws -> Change {
        let root = imagesRoot ?? Validator.folder(of: item.file)
        let storageKey = file.path.hasPrefix(root + "/") ? String(file.path.dropFirst(root.count + 1)) : file.path
        let digest = RecordDigest.of(item, batch: batch, storageKey: storageKey)
        let previous = known[id]
        if let previous, previous.recordDigest == digest, previous.sha256 == file.sha256 {
            try CatalogImport.refreshSource(id, previous: previous, file: file, db: db)
            return .unchanged
        }
        let width = file.displayedWidth
        let height = file.displayedHeight
        let filename = storageKey.split(separator: "/").last.map(String.init) ?? storageKey
        // An image that extract-reviewed moved into a batch made here stays there.
        let batchOfImage = previous?.batchID ?? batchID
        try CatalogImport.upsertImage(
            [
                id, batchOfImage, batchID, filename, storageKey, width, height, nil, nil, file.sha256, file.size,
                file.format, file.storedWidth, file.storedHeight, file.orientation, file.path, file.size, file.mtime,
                file.inode, digest, now,
            ], db: db)
        if previous == nil {
            try db.cachedStatement(sql: "INSERT INTO image_splits (image_id, split, split_locked) VALUES (?, NULL, 0)")
                .execute(arguments: [id])
        }
        return previous == nil ? .added : .updated
    }

    /// A batch's findings are replaced whole by each import of it: those of an image carry its id; the
    /// batch's own and those of items that are no image (failed, missing) carry none.
    private func replaceFindings(_ batchID: String, _ findings: [Finding], db: Database) throws {
        try db.execute(sql: "DELETE FROM findings WHERE batch_id = ?", arguments: [batchID])
        var imageOfPath: [String: String] = [:]
        for row in try Row.fetchAll(
            db,
            sql: "SELECT json_path, dump_file, image_id FROM source_items WHERE batch_id = ? AND image_id IS NOT NULL",
            arguments: [batchID])
        {
            imageOfPath["\(row["dump_file"] as String)\u{0}\(row["json_path"] as String)"] = row["image_id"]
        }
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO findings (image_id, batch_id, annotation_id, rule, severity, message, dump_file, json_path)
                VALUES (?, ?, NULL, ?, ?, ?, ?, ?)
                """)
        for finding in findings where !CatalogImport.workspaceRules.contains(finding.rule.id) {
            let path = finding.location.jsonPath ?? ""
            try insert.execute(arguments: [
                imageOfPath["\(finding.location.file)\u{0}\(path)"], batchID, finding.rule.id,
                finding.severity.rawValue, finding.message, finding.location.file, path,
            ])
        }
    }
}
