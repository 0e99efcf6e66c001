/// Reads Runflow's batch dumps and items pages. Every field may be null or absent; a field of the wrong
/// type is a `DumpError` naming its JSON path.
enum RunflowDump {
    /// Batch-level fields; an object with `items` and none of these is an items page.
    static let batchKeys = [
        "id", "status_code", "items_total", "items_succeeded", "items_failed", "items_cancelled", "created_at",
        "started_at", "completed_at", "failure_code", "failure_message",
    ]

    static func isItemsPage(_ top: JSONObjectNode) -> Bool {
        top.contains("items") && !batchKeys.contains(where: top.contains)
    }

    /// `GET /v1/batches/{id}`: the batch, with its `items` as lean handles.
    static func batch(_ top: JSONObjectNode) throws(DumpError) -> SourceBatch {
        var batch = SourceBatch(source: .runflow, file: top.node.file)
        batch.hasBatchDump = true
        batch.id = try top.optionalIdentifier("id")
        batch.rawStatus = try top.optionalString("status_code")
        batch.status = BatchState(raw: batch.rawStatus)
        batch.declared.total = try top.optionalInt("items_total")
        batch.declared.succeeded = try top.optionalInt("items_succeeded")
        batch.declared.failed = try top.optionalInt("items_failed")
        batch.declared.cancelled = try top.optionalInt("items_cancelled")
        batch.createdAt = try top.optionalString("created_at")
        batch.startedAt = try top.optionalString("started_at")
        batch.completedAt = try top.optionalString("completed_at")
        batch.failureCode = try top.optionalIdentifier("failure_code")?.text
        batch.failureMessage = try top.optionalString("failure_message")
        batch.items = try (top.optionalArray("items") ?? []).map { node throws(DumpError) in
            var item = try self.item(node.object())
            item.isLean = true
            item.batchID = item.batchID ?? batch.id
            return item
        }
        return batch
    }

    /// `GET /v1/batches/{id}/items`: one page of full items.
    static func page(_ top: JSONObjectNode) throws(DumpError) -> [SourceItem] {
        try (top.optionalArray("items") ?? []).map { node throws(DumpError) in try item(node.object()) }
    }

    /// A full item, or a lean handle (which has only some of the fields).
    static func item(_ object: JSONObjectNode) throws(DumpError) -> SourceItem {
        var item = SourceItem(file: object.node.file, jsonPath: object.node.path.description)
        item.id = try object.optionalIdentifier("id")
        item.batchID = try object.optionalIdentifier("batch_id")
        item.sequenceIndex = try object.optionalInt("sequence_index")
        item.clientRef = try object.optionalIdentifier("client_ref")
        let runID = try object.optionalIdentifier("run_id")
        let embeddedRunID = try object.optionalObject("run")?.optionalIdentifier("id")
        item.runID = runID ?? embeddedRunID
        item.rawStatus = try object.optionalString("status_code")
        item.state = ItemState(raw: item.rawStatus)
        (item.errorCode, item.errorMessage) = try SourceError.read(object.member("error"))
        item.createdAt = try object.optionalString("created_at")
        item.startedAt = try object.optionalString("started_at")
        item.completedAt = try object.optionalString("completed_at")
        item.outputNames = object.member("output").map { names(in: $0.value()) } ?? []
        return item
    }

    /// File names or URLs in an output of a common shape: a string; an object's `file`, `filename`,
    /// `path`, `url` or `image_url` (in that order), then what its `image`, `images` or `files` hold; an
    /// array's elements. Three levels deep at most; each name once.
    static func names(in output: JSONValue) -> [String] {
        var found: [String] = []
        func collect(_ value: JSONValue, depth: Int) {
            switch value {
            case .string(let text) where !text.isEmpty && !found.contains(text):
                found.append(text)
            case .array(let values) where depth < 3:
                for value in values { collect(value, depth: depth + 1) }
            case .object(let members) where depth < 3:
                for key in ["file", "filename", "path", "url", "image_url", "image", "images", "files"] {
                    if let member = members[key] { collect(member, depth: depth + 1) }
                }
            default:
                break
            }
        }
        collect(output, depth: 0)
        return found
    }
}
