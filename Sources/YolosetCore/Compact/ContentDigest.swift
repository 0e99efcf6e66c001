/// A SHA-256 held in 32 bytes rather than its 64 characters of hex: what a command that keeps one per
/// image of a million-image workspace holds. Ordered as its hex text is (byte by byte).
struct ContentDigest: Hashable, Comparable, Sendable {
    // Big-endian words, so comparing them in turn compares the bytes in turn.
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// The digest a hex text of 64 characters spells; nil for any other text.
    init?(hex: String) {
        var hex = hex
        guard let words = hex.withUTF8({ Self.parse($0) }) else { return nil }
        self.words = words
    }

    /// The digest of 32 bytes (a SHA-256's).
    init(_ bytes: some Sequence<UInt8>) {
        var words: [UInt64] = []
        var word: UInt64 = 0
        for (position, byte) in bytes.enumerated() {
            word = word << 8 | UInt64(byte)
            if position % 8 == 7 {
                words.append(word)
                word = 0
            }
        }
        precondition(words.count == 4, "a content digest is 32 bytes")
        self.words = (words[0], words[1], words[2], words[3])
    }

    private static func parse(_ text: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64, UInt64, UInt64)? {
        guard text.count == 64 else { return nil }
        func word(_ index: Int) -> UInt64? {
            var word: UInt64 = 0
            for character in text[(16 * index)..<(16 * index + 16)] {
                let nibble: UInt8
                switch character {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = character - UInt8(ascii: "A") + 10
                default: return nil
                }
                word = word << 4 | UInt64(nibble)
            }
            return word
        }
        guard let first = word(0), let second = word(1), let third = word(2), let fourth = word(3) else { return nil }
        return (first, second, third, fourth)
    }

    /// The lower-case hex text.
    var hex: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for word in [words.0, words.1, words.2, words.3] {
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> shift)) }
        }
        return bytes.hexString
    }

    static func == (lhs: ContentDigest, rhs: ContentDigest) -> Bool {
        lhs.words == rhs.words
    }

    static func < (lhs: ContentDigest, rhs: ContentDigest) -> Bool {
        lhs.words < rhs.words
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
