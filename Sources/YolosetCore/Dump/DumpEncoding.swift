internal import Foundation

/// What text encoding a dump's bytes are in. JSON is UTF-8 (RFC 8259 §8.1); a UTF-8 byte-order mark
/// before it may be ignored, so it is, with a `dump.encoding` warning. UTF-16 and UTF-32 (what Windows
/// PowerShell's `>` writes) are refused with one line saying what the file is and how to convert it:
/// told by their byte-order mark, or, without one, by the zero bytes the first two ASCII characters of a
/// JSON text leave (RFC 4627 §3).
enum DumpEncoding: Equatable {
    case utf8
    case utf8WithByteOrderMark

    /// The encoding of `data`, throwing for UTF-16 and UTF-32; the UTF-8 mark is removed from `data`.
    static func prepare(_ data: inout Data, file: String) throws(DumpError) -> DumpEncoding {
        let head = [UInt8](data.prefix(4)) + [UInt8](repeating: 0xAA, count: max(0, 4 - data.count))
        if head[0] == 0xEF, head[1] == 0xBB, head[2] == 0xBF {
            data = Data(data.dropFirst(3))  // a new buffer: offsets count from 0 again
            return .utf8WithByteOrderMark
        }
        // (what it is, iconv's name for it)
        let found: (name: String, iconv: String)?
        switch (head[0], head[1], head[2], head[3]) {
        case (0x00, 0x00, 0xFE, 0xFF): found = ("UTF-32 (big-endian, with a byte-order mark)", "UTF-32")
        case (0xFF, 0xFE, 0x00, 0x00): found = ("UTF-32 (little-endian, with a byte-order mark)", "UTF-32")
        case (0xFE, 0xFF, _, _): found = ("UTF-16 (big-endian, with a byte-order mark)", "UTF-16")
        case (0xFF, 0xFE, _, _): found = ("UTF-16 (little-endian, with a byte-order mark)", "UTF-16")
        case (0x00, 0x00, 0x00, let byte) where byte != 0: found = ("UTF-32 (big-endian)", "UTF-32BE")
        case (let byte, 0x00, 0x00, 0x00) where byte != 0: found = ("UTF-32 (little-endian)", "UTF-32LE")
        case (0x00, let a, 0x00, let b) where a != 0 && b != 0: found = ("UTF-16 (big-endian)", "UTF-16BE")
        case (let a, 0x00, let b, 0x00) where a != 0 && b != 0: found = ("UTF-16 (little-endian)", "UTF-16LE")
        default: found = nil
        }
        if let found { throw .encoding(file: file, encoding: found.name, from: found.iconv) }
        return .utf8
    }
}
