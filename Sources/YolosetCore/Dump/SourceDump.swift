/// One Runflow or Nimble dump file: a batch (Runflow's `GET /v1/batches/{id}`, whose `items` are lean
/// handles, or Nimble's `GET /v1/batches/{batch_id}` with its tasks), or a Runflow items page
/// (`GET /v1/batches/{id}/items`: `{"items": [...]}`, full items).
public struct SourceDump: Sendable {
    public var file: String
    public var source: DumpSource
    /// The batch a batch dump describes; nil for an items page.
    public var batch: SourceBatch?
    /// An items page's items; empty for a batch dump (its items are in `batch`).
    public var pageItems: [SourceItem]
    /// Whether the file began with a UTF-8 byte-order mark (`dump.encoding`).
    var byteOrderMark = false

    /// Decodes the top-level object of a file `DumpShape` took for `source` (Runflow or Nimble).
    static func decode(_ top: JSONObjectNode, source: DumpSource) throws(DumpError) -> SourceDump {
        let file = top.node.file
        switch source {
        case .nimble:
            return SourceDump(file: file, source: source, batch: try NimbleDump.batch(top), pageItems: [])
        default:
            if RunflowDump.isItemsPage(top) {
                return SourceDump(file: file, source: source, batch: nil, pageItems: try RunflowDump.page(top))
            }
            return SourceDump(file: file, source: source, batch: try RunflowDump.batch(top), pageItems: [])
        }
    }

    /// What the dump says of the batches its items join, for `SourceIndex`.
    var outline: Outline {
        Outline(source: source, isBatch: batch != nil, batchID: batch?.id, pageBatchIDs: pageItems.map(\.batchID))
    }

    /// Which batch a dump is, or which batches an items page's items join: all a first pass over many
    /// dumps keeps of each (`DumpFile.outline`).
    struct Outline: Sendable {
        let source: DumpSource
        /// A batch dump (else an items page).
        let isBatch: Bool
        /// A batch dump's `id`.
        let batchID: Identifier?
        /// Each page item's `batch_id`, in order.
        let pageBatchIDs: [Identifier?]
    }

    /// The outline of the top-level object of a file `DumpShape` took for `source`, read without
    /// decoding its items (a field of the wrong type among the fields read throws, as `decode` would).
    static func outline(_ top: JSONObjectNode, source: DumpSource) throws(DumpError) -> Outline {
        if source == .runflow, RunflowDump.isItemsPage(top) {
            let ids = try (top.optionalArray("items") ?? []).map { node throws(DumpError) in
                try node.object().optionalIdentifier("batch_id")
            }
            return Outline(source: source, isBatch: false, batchID: nil, pageBatchIDs: ids)
        }
        return Outline(source: source, isBatch: true, batchID: try top.optionalIdentifier("id"), pageBatchIDs: [])
    }
}
