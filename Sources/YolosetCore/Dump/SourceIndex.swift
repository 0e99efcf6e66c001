/// The first pass over Runflow and Nimble dumps: which batches each file holds or its items join
/// (`SourceDump.Outline`). With it the files of a batch (its batch dumps and items pages, wherever they
/// sit among the others) are decoded and checked together, a group of batches at a time
/// (`SourceValidation`), and no more than a group's items are held. It keeps a few words per file and
/// per batch, none per item.
///
/// Each batch gets a number when first seen; `positions(excluding:)` turns the numbers into the order
/// `SourceBatches.assemble` gives the batches of all the readable files at once.
struct SourceIndex {
    /// The files that hold each group of batches, by index in the run's file list, ascending; groups in
    /// the order of their first file. Every file added is in one.
    private(set) var components: [[Int]] = []
    /// Batch numbers handed out.
    private(set) var batchCount = 0

    /// The number of each batch known by its id (or, for a page's items with no batch id, by nil); a
    /// batch dump without an id is a batch of its own, known by its file.
    private var byKey: [Key: Int] = [:]
    private var byFile: [String: Int] = [:]
    /// Each file's batches by number, in the order `assemble` meets them, and whether it is a batch dump.
    private var files: [(file: Int, isBatch: Bool, batches: [Int])] = []
    /// Union-find over file indices: files that share a batch.
    private var parent: [Int: Int] = [:]
    private var firstFile: [Int: Int] = [:]

    private struct Key: Hashable {
        let source: DumpSource
        let id: Identifier?
    }

    /// Adds the outline of file number `file` (`path`); files come in the run's order.
    mutating func add(_ outline: SourceDump.Outline, file: Int, path: String) {
        parent[file] = file
        var numbers: [Int] = []
        if outline.isBatch {
            if let id = outline.batchID {
                numbers = [number(Key(source: outline.source, id: id))]
            } else {
                byFile[path] = batchCount
                numbers = [batchCount]
                batchCount += 1
            }
        } else {
            let pageBatch = outline.pageBatchIDs.lazy.compactMap { $0 }.first
            for id in outline.pageBatchIDs {
                let number = number(Key(source: outline.source, id: id ?? pageBatch))
                if !numbers.contains(number) { numbers.append(number) }
            }
        }
        files.append((file, outline.isBatch, numbers))
        for number in numbers { join(file, number) }
    }

    /// Puts the files together into components: call once every file is added.
    mutating func finish() {
        var byRoot: [Int: [Int]] = [:]
        for file in parent.keys.sorted() { byRoot[root(file), default: []].append(file) }
        components = byRoot.values.sorted { $0[0] < $1[0] }
        parent = [:]
        firstFile = [:]
    }

    /// The components joined into groups of at least `files` files each (the last may hold fewer; a
    /// component larger than that is a group of its own), every group's files in the run's order.
    func groups(files: Int) -> [[Int]] {
        var groups: [[Int]] = []
        var current: [Int] = []
        for component in components {
            current += component
            if current.count >= files {
                groups.append(current.sorted())
                current = []
            }
        }
        if !current.isEmpty { groups.append(current.sorted()) }
        return groups
    }

    /// The number of a batch `SourceBatches.assemble` put together from a group's files; nil for one the
    /// first pass did not see (its file changed in between).
    func number(of batch: SourceBatch) -> Int? {
        if batch.hasBatchDump, batch.id == nil { return byFile[batch.file] }
        return byKey[Key(source: batch.source, id: batch.id)]
    }

    /// Each batch number's place among the batches of all files but `excluded` (files that could not be
    /// read whole after all), as `assemble` orders them: batch dumps in file order, then the batches
    /// known only from items pages; -1 for a batch only excluded files name.
    func positions(excluding excluded: Set<Int>) -> [Int] {
        var positions = [Int](repeating: -1, count: batchCount)
        var next = 0
        for batchDumps in [true, false] {
            for entry in files where entry.isBatch == batchDumps && !excluded.contains(entry.file) {
                for number in entry.batches where positions[number] < 0 {
                    positions[number] = next
                    next += 1
                }
            }
        }
        return positions
    }

    private mutating func number(_ key: Key) -> Int {
        if let known = byKey[key] { return known }
        byKey[key] = batchCount
        batchCount += 1
        return batchCount - 1
    }

    private mutating func join(_ file: Int, _ number: Int) {
        guard let other = firstFile[number] else {
            firstFile[number] = file
            return
        }
        let (a, b) = (root(file), root(other))
        if a != b { parent[max(a, b)] = min(a, b) }
    }

    private mutating func root(_ file: Int) -> Int {
        var node = file
        while let up = parent[node], up != node { node = up }
        var walk = file
        while let up = parent[walk], up != node {
            parent[walk] = node
            walk = up
        }
        return node
    }
}
