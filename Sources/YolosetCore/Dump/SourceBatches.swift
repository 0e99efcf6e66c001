/// Puts Runflow and Nimble dumps together into batches.
public enum SourceBatches {
    /// The batches of `dumps`, in the order their first file came. A Runflow items page joins the batch
    /// its items' `batch_id` names (a batch known only from its pages when no batch dump has that id); a
    /// full item replaces the lean handle with the same `id`, in place. The same batch dumped twice is
    /// one batch: the later dump's fields win. An item with a null `batch_id` joins the batch of the
    /// other items on its page.
    public static func assemble(_ dumps: [SourceDump]) -> [SourceBatch] {
        var batches: [SourceBatch] = []
        var byKey: [Key: Int] = [:]
        for dump in dumps {
            guard let batch = dump.batch else { continue }
            let key = Key(source: batch.source, id: batch.id)
            guard batch.id != nil, let index = byKey[key] else {
                if batch.id != nil { byKey[key] = batches.count }
                batches.append(batch)
                continue
            }
            var merged = batch
            merged.items = batches[index].items
            for item in batch.items { merge(item, into: &merged.items) }
            batches[index] = merged
        }
        for dump in dumps where dump.batch == nil {
            let pageBatch = dump.pageItems.lazy.compactMap(\.batchID).first
            for var item in dump.pageItems {
                item.batchID = item.batchID ?? pageBatch
                let key = Key(source: dump.source, id: item.batchID)
                let index: Int
                if let known = byKey[key] {
                    index = known
                } else {
                    var batch = SourceBatch(source: dump.source, file: dump.file)
                    batch.id = item.batchID
                    index = batches.count
                    byKey[key] = index
                    batches.append(batch)
                }
                merge(item, into: &batches[index].items)
            }
        }
        return batches
    }

    private struct Key: Hashable {
        let source: DumpSource
        let id: Identifier?
    }

    /// Adds `item`, or lets it replace the item with its id unless that one is full and it is lean.
    private static func merge(_ item: SourceItem, into items: inout [SourceItem]) {
        guard let id = item.id, let index = items.firstIndex(where: { $0.id == id }) else {
            items.append(item)
            return
        }
        if !(item.isLean && !items[index].isLean) { items[index] = item }
    }
}
