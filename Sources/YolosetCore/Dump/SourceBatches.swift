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
        // Per batch: item id → index in its items.
        var itemPositions: [[Identifier: Int]] = []
        for dump in dumps {
            guard let batch = dump.batch else { continue }
            let key = Key(source: batch.source, id: batch.id)
            guard batch.id != nil, let index = byKey[key] else {
                if batch.id != nil { byKey[key] = batches.count }
                itemPositions.append(positions(of: batch.items))
                batches.append(batch)
                continue
            }
            var merged = batch
            merged.items = batches[index].items
            var known = positions(of: merged.items)
            for item in batch.items { merge(item, into: &merged.items, positions: &known) }
            batches[index] = merged
            itemPositions[index] = known
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
                    itemPositions.append([:])
                    batches.append(batch)
                }
                merge(item, into: &batches[index].items, positions: &itemPositions[index])
            }
        }
        return batches
    }

    private struct Key: Hashable {
        let source: DumpSource
        let id: Identifier?
    }

    /// Adds `item`, or lets it replace the item with its id unless that one is full and it is lean.
    /// `positions` maps the ids in `items` to their index (kept up to date here), so merging a batch of
    /// n items costs O(n), not O(n²).
    private static func merge(_ item: SourceItem, into items: inout [SourceItem], positions: inout [Identifier: Int]) {
        guard let id = item.id, let index = positions[id] else {
            if let id = item.id { positions[id] = items.count }
            items.append(item)
            return
        }
        if !(item.isLean && !items[index].isLean) { items[index] = item }
    }

    /// The first index of each id among `items`.
    private static func positions(of items: [SourceItem]) -> [Identifier: Int] {
        var positions: [Identifier: Int] = [:]
        for (index, item) in items.enumerated() {
            if let id = item.id, positions[id] == nil { positions[id] = index }
        }
        return positions
    }
}
