#if canImport(Glibc)
    internal import Glibc
#endif

/// Many ids, their UTF-8 bytes end to end in one buffer: a million ids of a dozen bytes take 16 MB
/// where as many Strings take over 50. Row `i` is the `i`-th id appended.
struct IDArena: Sendable {
    private var bytes: [UInt8] = []
    /// Where each id ends in `bytes`; it starts where the one before it ends.
    private var ends: [UInt32] = []
    /// Whether every id is ASCII, so that ids order by their bytes.
    private(set) var isASCII = true

    var count: Int { ends.count }

    init() {}

    /// An arena with room for `rows` ids of a dozen bytes.
    init(reservingRows rows: Int) {
        ends.reserveCapacity(rows)
        bytes.reserveCapacity(rows * 12)
    }

    /// Appends an id; false when the buffer would pass 4 GiB.
    mutating func append(_ id: some Collection<UInt8>) -> Bool {
        guard bytes.count + id.count <= Int(UInt32.max), ends.count < Int(UInt32.max) else { return false }
        bytes.append(contentsOf: id)
        ends.append(UInt32(bytes.count))
        if isASCII, id.contains(where: { $0 >= 0x80 }) { isASCII = false }
        return true
    }

    /// Row `row`'s id.
    func string(_ row: Int) -> String {
        withView { String(decoding: $0.id(row), as: UTF8.self) }
    }

    /// Lends the ids for fast access.
    func withView<Result>(_ body: (View) throws -> Result) rethrows -> Result {
        try bytes.withUnsafeBytes { bytes in
            try ends.withUnsafeBufferPointer { ends in try body(View(bytes: bytes, ends: ends, isASCII: isASCII)) }
        }
    }

    /// The ids, borrowed.
    struct View {
        let bytes: UnsafeRawBufferPointer
        let ends: UnsafeBufferPointer<UInt32>
        let isASCII: Bool

        func id(_ row: Int) -> UnsafeRawBufferPointer {
            let start = row == 0 ? 0 : Int(ends[row - 1])
            return UnsafeRawBufferPointer(rebasing: bytes[start..<Int(ends[row])])
        }
    }

    /// How two ids order: negative, zero or positive. `diff` has always listed ids in Swift's String order
    /// (Unicode's canonical equivalence: `é` written as one code point or as `e` and an accent is one
    /// id), which for ASCII is the order of the bytes.
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, ascii: Bool) -> Int {
        if ascii || (isASCII(a) && isASCII(b)) {
            let common = min(a.count, b.count)
            if common > 0 {
                let order = memcmp(a.baseAddress!, b.baseAddress!, common)
                if order != 0 { return Int(order) }
            }
            return a.count - b.count
        }
        let first = String(decoding: a, as: UTF8.self)
        let second = String(decoding: b, as: UTF8.self)
        return first < second ? -1 : first == second ? 0 : 1
    }

    private static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        !bytes.contains { $0 >= 0x80 }
    }

    /// The rows in ascending order of id, one per distinct id: the first of the rows holding it. An id
    /// held by more than one row (a JSON object with a key twice keeps the last) is also in `duplicates`,
    /// with its last row, so that the caller can give the first row the last one's values.
    func distinctOrder() -> (order: [UInt32], duplicates: [(first: UInt32, last: UInt32)]) {
        withView { view in
            let ascii = view.isASCII
            var order = [UInt32](0..<UInt32(count))
            // version.json lists images batch by batch, sorted within each: already in order at times.
            let sorted = order.indices.dropFirst().allSatisfy {
                Self.compare(view.id($0 - 1), view.id($0), ascii: ascii) <= 0
            }
            if !sorted {
                order.sort { first, second in
                    let order = Self.compare(view.id(Int(first)), view.id(Int(second)), ascii: ascii)
                    return order != 0 ? order < 0 : first < second
                }
            }
            // The first row of each run of equal ids, moved down in place.
            var duplicates: [(first: UInt32, last: UInt32)] = []
            var kept = 0
            var index = 0
            while index < order.count {
                let first = order[index]
                var last = index
                while last + 1 < order.count,
                    Self.compare(view.id(Int(first)), view.id(Int(order[last + 1])), ascii: ascii) == 0
                {
                    last += 1
                }
                if last > index { duplicates.append((first, order[last])) }
                order[kept] = first
                kept += 1
                index = last + 1
            }
            order.removeLast(order.count - kept)
            return (order, duplicates)
        }
    }
}
