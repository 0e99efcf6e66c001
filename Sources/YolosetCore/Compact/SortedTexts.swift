/// Texts sorted by their bytes (a version folder's two million file paths), held in one `TextArena`
/// with 4 bytes of order each: looked up by binary search, compared with another list by walking
/// both.
struct SortedTexts: Sendable {
    private let arena: TextArena
    /// Positions in `arena`, in byte order.
    private let order: [Int32]

    init(_ arena: TextArena) {
        self.arena = arena
        order = (0..<Int32(arena.count)).sorted { arena.compare(Int($0), Int($1)) < 0 }
    }

    var count: Int { order.count }

    subscript(index: Int) -> String { arena[Int(order[index])] }

    /// The first index whose text does not sort before `text`.
    func lowerBound(_ text: String) -> Int {
        var low = 0
        var high = order.count
        while low < high {
            let middle = (low + high) / 2
            if arena.compare(Int(order[middle]), text) < 0 { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The index of `text`, if the list holds it.
    func index(of text: String) -> Int? {
        let at = lowerBound(text)
        return at < order.count && arena.compare(Int(order[at]), text) == 0 ? at : nil
    }

    func contains(_ text: String) -> Bool { index(of: text) != nil }

    /// The indices of the texts that start with `prefix`: one run.
    func range(withPrefix prefix: String) -> Range<Int> {
        let start = lowerBound(prefix)
        var end = start
        while end < order.count && self[end].utf8.starts(with: prefix.utf8) { end += 1 }
        return start..<end
    }

    /// The texts of `self` that `other` lacks, in byte order.
    func subtracting(_ other: SortedTexts) -> [String] {
        var result: [String] = []
        var at = 0
        for index in 0..<count {
            let text = self[index]
            while at < other.count && other.arena.compare(Int(other.order[at]), text) < 0 { at += 1 }
            if at == other.count || other.arena.compare(Int(other.order[at]), text) != 0 { result.append(text) }
        }
        return result
    }

    /// The texts both lists hold, in byte order.
    func intersection(_ other: SortedTexts) -> [String] {
        var result: [String] = []
        var at = 0
        for index in 0..<count {
            let text = self[index]
            while at < other.count && other.arena.compare(Int(other.order[at]), text) < 0 { at += 1 }
            if at < other.count && other.arena.compare(Int(other.order[at]), text) == 0 { result.append(text) }
        }
        return result
    }
}
