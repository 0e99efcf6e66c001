internal import Foundation

/// Many short texts (a million images' ids) in one byte buffer, each known by its position: about 8
/// bytes besides its own, where an array of Strings costs a heap object for any text over 15 bytes.
struct TextArena: Sendable {
    private var bytes: [UInt8] = []
    /// Where each text ends in `bytes`.
    private var ends: [Int] = []

    var count: Int { ends.count }

    /// Adds `text`; returns its position.
    @discardableResult
    mutating func append(_ text: String) -> Int {
        bytes.append(contentsOf: text.utf8)
        ends.append(bytes.count)
        return ends.count - 1
    }

    subscript(position: Int) -> String {
        String(decoding: bytes[range(position)], as: UTF8.self)
    }

    /// How the text at `position` sorts against `other`, byte by byte (SQLite's BINARY collation):
    /// negative, zero or positive.
    func compare(_ position: Int, _ other: String) -> Int {
        let range = range(position)
        var other = other
        return other.withUTF8 { text in
            bytes.withUnsafeBufferPointer { buffer in
                let shared = min(range.count, text.count)
                let order = shared == 0 ? 0 : memcmp(buffer.baseAddress! + range.lowerBound, text.baseAddress!, shared)
                return order != 0 ? Int(order) : range.count - text.count
            }
        }
    }

    /// How the texts at two positions sort against each other, byte by byte.
    func compare(_ first: Int, _ second: Int) -> Int {
        let left = range(first)
        let right = range(second)
        return bytes.withUnsafeBufferPointer { buffer in
            let shared = min(left.count, right.count)
            let order =
                shared == 0
                ? 0 : memcmp(buffer.baseAddress! + left.lowerBound, buffer.baseAddress! + right.lowerBound, shared)
            return order != 0 ? Int(order) : left.count - right.count
        }
    }

    private func range(_ position: Int) -> Range<Int> {
        (position == 0 ? 0 : ends[position - 1])..<ends[position]
    }
}
