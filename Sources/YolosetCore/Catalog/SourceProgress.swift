internal import GRDB

/// Where a Runflow or Nimble batch stands, from what the catalog holds of it after every import: its
/// items by state, whether it is complete, and the items that became no image (failed, cancelled, still
/// running, or succeeded without an image file found), each with its status and message.
public struct SourceProgress: Sendable, Equatable {
    public var batchID: String
    public var api: DumpSource
    public var rawStatus: String?
    public var projectID: String?
    public var stage: String?
    public var tally: SourceBatch.Tally
    /// `items_total` (Runflow), when the batch declares it.
    public var declaredTotal: Int?
    public var failureCode: String?
    public var failureMessage: String?
    /// Images made of the batch's items.
    public var images: Int
    public var notImported: [Item]

    public struct Item: Sendable, Equatable {
        /// The item or task id, or `#<sequence_index>` / `@<position>` for one without.
        public var key: String
        /// running, failed, cancelled, unknown; or succeeded (its image was not found).
        public var state: String
        public var rawStatus: String?
        public var message: String?
        public var dumpFile: String
        public var jsonPath: String
    }

    /// Complete once the batch failed or was cancelled as a whole, or every item it declares reached a
    /// terminal state (succeeded, failed or cancelled).
    public var isComplete: Bool {
        let state = BatchState(raw: rawStatus)
        if state == .failed || state == .cancelled { return true }
        let unfinished = tally[.running] + tally[.unknown]
        return unfinished == 0 && tally.total >= (declaredTotal ?? 0) && (tally.total > 0 || declaredTotal != nil)
    }

    /// `97/100, 2 failed, 1 cancelled`; a declared total larger than the items seen is the denominator.
    public var progress: String {
        var tally = tally
        if let declaredTotal, declaredTotal > tally.total {
            tally.counts[.unknown, default: 0] += declaredTotal - tally.total
            tally.total = declaredTotal
        }
        return tally.progress
    }

    static func load(_ db: Database, batchID: String) throws -> SourceProgress? {
        guard
            let batch = try Row.fetchOne(
                db,
                sql: """
                    SELECT s.api, s.raw_status, s.declared_total, s.failure_code, s.failure_message, b.project_id,
                        b.stage
                    FROM source_batches s JOIN batches b ON b.id = s.batch_id WHERE s.batch_id = ?
                    """, arguments: [batchID])
        else { return nil }
        var tally = SourceBatch.Tally()
        var notImported: [Item] = []
        var images = 0
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT item_key, state, raw_status, error_code, error_message, image_id, dump_file, json_path
                FROM source_items WHERE batch_id = ? ORDER BY row
                """, arguments: [batchID])
        {
            let state = ItemState(rawValue: row["state"]) ?? .unknown
            tally.total += 1
            tally.counts[state, default: 0] += 1
            if (row["image_id"] as String?) != nil {
                images += 1
                continue
            }
            var message: String? = row["error_message"]
            if let code: String = row["error_code"] { message = message.map { "\(code): \($0)" } ?? code }
            if state == .succeeded { message = "succeeded, but no image file was found for it (item.image-missing)" }
            notImported.append(
                Item(
                    key: row["item_key"], state: state.rawValue, rawStatus: row["raw_status"], message: message,
                    dumpFile: row["dump_file"], jsonPath: row["json_path"]))
        }
        return SourceProgress(
            batchID: batchID, api: DumpSource(rawValue: batch["api"]) ?? .runflow, rawStatus: batch["raw_status"],
            projectID: batch["project_id"], stage: batch["stage"], tally: tally, declaredTotal: batch["declared_total"],
            failureCode: batch["failure_code"], failureMessage: batch["failure_message"], images: images,
            notImported: notImported)
    }

    static func loadAll(_ db: Database) throws -> [SourceProgress] {
        try String.fetchAll(db, sql: "SELECT batch_id FROM source_batches ORDER BY batch_id").compactMap {
            try load(db, batchID: $0)
        }
    }
}
