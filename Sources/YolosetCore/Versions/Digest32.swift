internal import Crypto
internal import Foundation

/// A SHA-256 as its 32 bytes, compared as four words: half the size of its hex String, and no heap.
struct Digest32: Equatable, Sendable {
    private var first: UInt64
    private var second: UInt64
    private var third: UInt64
    private var fourth: UInt64

    private init(_ bytes: UnsafeRawBufferPointer) {
        first = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
        second = bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        third = bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
        fourth = bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
    }

    /// The SHA-256 of `text`'s bytes.
    init(hashing text: some ContiguousBytes) {
        self = text.withUnsafeBytes { bytes in SHA256.hash(data: bytes).withUnsafeBytes { Digest32($0) } }
    }

    /// A `sha256` field: a SHA-256 in lower-case hex stands for itself; any other text for the SHA-256 of
    /// its canonical bytes, so two fields are equal exactly when their Strings are (short of finding a
    /// SHA-256 preimage).
    init(field text: UnsafeRawBufferPointer) {
        if let decoded = Self.decodeHex(text) {
            self = decoded
        } else {
            self.init(hashing: Self.canonical(text))
        }
    }

    private static func decodeHex(_ text: UnsafeRawBufferPointer) -> Digest32? {
        guard text.count == 64 else { return nil }
        var bytes = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        let valid = withUnsafeMutableBytes(of: &bytes) { raw -> Bool in
            for index in 0..<32 {
                guard let high = nibble(text[2 * index]), let low = nibble(text[2 * index + 1]) else { return false }
                raw[index] = high << 4 | low
            }
            return true
        }
        guard valid else { return nil }
        return withUnsafeBytes(of: &bytes) { Digest32($0) }
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// Text as Swift compares it: ASCII as it is, anything else in Unicode's composed form (NFC), so
    /// that `é` as one code point and as `e` and an accent give one digest.
    static func canonical(_ text: UnsafeRawBufferPointer) -> [UInt8] {
        var bytes: [UInt8] = []
        appendCanonical(text, to: &bytes)
        return bytes
    }

    /// Appends `canonical(text)`.
    static func appendCanonical(_ text: UnsafeRawBufferPointer, to bytes: inout [UInt8]) {
        if text.contains(where: { $0 >= 0x80 }) {
            bytes += String(decoding: text, as: UTF8.self).precomposedStringWithCanonicalMapping.utf8
        } else {
            bytes += text
        }
    }
}
