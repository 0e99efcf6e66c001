/// Reads Nimble's `GET /v1/batches/{batch_id}`. Every field may be null or absent, and a task may be
/// null; a field of the wrong type is a `DumpError` naming its JSON path.
enum NimbleDump {
    static func batch(_ top: JSONObjectNode) throws(DumpError) -> SourceBatch {
        var batch = SourceBatch(source: .nimble, file: top.node.file)
        batch.hasBatchDump = true
        batch.id = try top.optionalIdentifier("id")
        batch.rawStatus = try top.optionalString("status")
        batch.status = BatchState(raw: batch.rawStatus)
        batch.declared.isCompleted = try top.optionalBool("completed")
        batch.declared.completed = try top.optionalInt("completed_count")
        batch.declared.progress = try top.optionalDouble("progress")
        batch.createdAt = try top.optionalString("created_at")
        batch.completedAt = try top.optionalString("completed_at")
        batch.items = try (top.optionalArray("tasks") ?? []).map { node throws(DumpError) in
            // A null task is kept: it counts, with no status, so the batch is not taken for complete.
            guard !node.isNull else {
                var item = SourceItem(file: node.file, jsonPath: node.path.description)
                item.batchID = batch.id
                return item
            }
            var item = try task(node.object())
            item.batchID = item.batchID ?? batch.id
            return item
        }
        return batch
    }

    static func task(_ object: JSONObjectNode) throws(DumpError) -> SourceItem {
        var item = SourceItem(file: object.node.file, jsonPath: object.node.path.description)
        item.id = try object.optionalIdentifier("id")
        item.taskID = item.id
        item.batchID = try object.optionalIdentifier("batch_id")
        item.rawStatus = try object.optionalString("state")
        item.state = ItemState(raw: item.rawStatus)
        let (code, message) = try SourceError.read(object.member("error"))
        let errorType = try object.optionalString("error_type")
        item.errorCode = errorType ?? code
        item.errorMessage = message
        item.createdAt = try object.optionalString("created_at")
        item.modifiedAt = try object.optionalString("modified_at")
        item.httpStatus = try object.optionalInt("status_code")
        for key in ["download_url", "output_url"] {
            if let url = try object.optionalString(key), !url.isEmpty { item.outputNames.append(url) }
        }
        return item
    }
}
