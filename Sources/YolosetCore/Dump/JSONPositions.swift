internal import Foundation

/// Where values begin in a JSON text, found by the JSON paths findings name (`$.data.images[3]`).
///
/// json-c keeps no positions, so a dump that has findings is scanned once more, forward, after json-c
/// parsed it and the rules checked it. The scan is a minimal tokenizer, not a parser: it knows strings
/// (and their escapes), scalars and nesting well enough to tell where each value begins, and checks
/// nothing (json-c did). It writes each value's path with `JSONPath.segment`, the way findings' paths
/// are written, and enters only values on the way to a wanted path; everything else is skipped over.
/// One pass places every path.
///
/// Positions are 1-based. A line ends at `\n`, `\r\n` or a lone `\r`; a column counts Unicode scalars
/// (not bytes, not grapheme clusters) from the start of its line, a leading UTF-8 byte order mark not
/// counted. A member named twice in one object is placed where json-c keeps it: at the last one. A
/// path that names an absent member or element is placed at the nearest enclosing value present (for
/// a missing field, the object that lacks it).
enum JSONPositions {
    /// 1-based line and column (in Unicode scalars) of a value's first character.
    struct Position: Sendable, Equatable {
        var line: Int
        var column: Int
    }

    /// The position of each of `paths` in `data`; a path missing from the result could not be placed at
    /// all (`data` is not the JSON the path was found in).
    static func locate(_ paths: some Sequence<String>, in data: Data) -> [String: Position] {
        let wanted = Set(paths)
        guard !wanted.isEmpty else { return [:] }
        return data.withUnsafeBytes { bytes in
            var scanner = Scanner(bytes: bytes, wanted: wanted.map { Array($0.utf8) })
            scanner.scan()
            var found: [String: Position] = [:]
            for path in wanted {
                found[path] = scanner.position(of: Array(path.utf8))
            }
            return found
        }
    }

    /// The one forward pass: the byte in hand, its line and column, and the path of the value
    /// being read.
    private struct Scanner {
        let bytes: UnsafeRawBufferPointer
        /// The wanted paths' UTF-8, sorted, so that a binary search tells whether a path leads to one.
        let wanted: [[UInt8]]
        var offset = 0
        var line = 1
        /// A place on the current line whose column is known; columns are counted on from there.
        var mark = (offset: 0, column: 1)
        /// The path of the value at `offset`, in UTF-8.
        var path: [UInt8] = Array("$".utf8)
        /// The values found on the way to a wanted path, in document order.
        var records: [Record] = []
        /// The record of each path found; a member named again replaces the earlier one.
        var latest: [[UInt8]: Int] = [:]

        /// One value found: where it begins, and the container it is in.
        struct Record {
            let position: Position
            let parent: Int?
            /// Whether a later member of the same name replaced it (and with it, everything inside it).
            var replaced = false
        }

        init(bytes: UnsafeRawBufferPointer, wanted: [[UInt8]]) {
            self.bytes = bytes
            self.wanted = wanted.sorted { $0.lexicographicallyPrecedes($1) }
        }

        mutating func scan() {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                offset = 3
                mark = (3, 1)
            }
            skipWhitespace()
            visit(parent: nil)
        }

        /// Where the value at `path` begins, or the nearest enclosing value found when it is absent.
        func position(of path: [UInt8]) -> Position? {
            if let record = current(path) { return records[record].position }
            var end = path.count
            while let cut = path[..<end].lastIndex(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "[") }) {
                if let record = current(Array(path[..<cut])) { return records[record].position }
                end = cut
            }
            return nil
        }

        /// The record of `path` if neither it nor a container it is in was replaced by a later duplicate.
        private func current(_ path: [UInt8]) -> Int? {
            guard let found = latest[path] else { return nil }
            var record: Int? = found
            while let index = record {
                if records[index].replaced { return nil }
                record = records[index].parent
            }
            return found
        }

        // MARK: Values

        /// The value at `offset`, whose path is `path`: recorded and entered when it leads to a wanted
        /// path, skipped otherwise.
        private mutating func visit(parent: Int?) {
            guard offset < bytes.count else { return }
            guard leadsToWanted() else { return skipValue() }
            let record = records.count
            records.append(Record(position: position(), parent: parent))
            if let earlier = latest.updateValue(record, forKey: path) { records[earlier].replaced = true }
            switch bytes[offset] {
            case UInt8(ascii: "{"): object(record)
            case UInt8(ascii: "["): array(record)
            default: skipValue()
            }
        }

        private mutating func object(_ record: Int) {
            offset += 1
            skipWhitespace()
            if byte == UInt8(ascii: "}") {
                offset += 1
                return
            }
            while offset < bytes.count {
                guard byte == UInt8(ascii: "\"") else { return stop() }
                let key = readKey()
                skipWhitespace()
                guard byte == UInt8(ascii: ":") else { return stop() }
                offset += 1
                skipWhitespace()
                let parentLength = path.count
                path.append(contentsOf: JSONPath.segment(key: key).utf8)
                visit(parent: record)
                path.removeSubrange(parentLength...)
                guard nextMember(closedBy: UInt8(ascii: "}")) else { return }
            }
        }

        private mutating func array(_ record: Int) {
            offset += 1
            skipWhitespace()
            if byte == UInt8(ascii: "]") {
                offset += 1
                return
            }
            var index = 0
            while offset < bytes.count {
                let parentLength = path.count
                path.append(contentsOf: JSONPath.segment(index: index).utf8)
                visit(parent: record)
                path.removeSubrange(parentLength...)
                index += 1
                guard nextMember(closedBy: UInt8(ascii: "]")) else { return }
            }
        }

        /// After a member or element: true past a comma (another follows), false past the closing bracket.
        private mutating func nextMember(closedBy close: UInt8) -> Bool {
            skipWhitespace()
            switch byte {
            case UInt8(ascii: ","):
                offset += 1
                skipWhitespace()
                return true
            case close:
                offset += 1
                return false
            default:
                stop()
                return false
            }
        }

        /// Whether `path` is a wanted path or begins one.
        private func leadsToWanted() -> Bool {
            var low = 0
            var high = wanted.count
            while low < high {
                let middle = (low + high) / 2
                if wanted[middle].lexicographicallyPrecedes(path) { low = middle + 1 } else { high = middle }
            }
            return low < wanted.count && wanted[low].starts(with: path)
        }

        // MARK: Tokens

        /// The byte at `offset`; 0 past the end.
        private var byte: UInt8 { offset < bytes.count ? bytes[offset] : 0 }

        /// Gives up on text that is not JSON (the file changed since json-c read it): nothing more is found.
        private mutating func stop() {
            offset = bytes.count
        }

        private mutating func skipValue() {
            switch byte {
            case UInt8(ascii: "\""): skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["): skipContainer()
            default: skipScalar()
            }
        }

        private mutating func skipContainer() {
            var depth = 0
            while offset < bytes.count {
                switch bytes[offset] {
                case UInt8(ascii: "\""):
                    skipString()
                    continue
                case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    lineBreak()
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        offset += 1
                        return
                    }
                default:
                    break
                }
                offset += 1
            }
        }

        /// A number or a literal (`true`, `false`, `null`): up to the next delimiter, and at least one byte.
        private mutating func skipScalar() {
            offset += 1
            while offset < bytes.count {
                switch bytes[offset] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: " "), UInt8(ascii: "\t"),
                    UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    return
                default:
                    offset += 1
                }
            }
        }

        private mutating func skipString() {
            offset += 1
            while offset < bytes.count {
                switch bytes[offset] {
                case UInt8(ascii: "\""):
                    offset += 1
                    return
                case UInt8(ascii: "\\"):
                    offset += 2
                case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    lineBreak()
                default:
                    offset += 1
                }
            }
        }

        /// A member name, its escapes decoded as json-c decodes them.
        private mutating func readKey() -> String {
            offset += 1
            var decoded: [UInt8] = []
            while offset < bytes.count {
                let current = bytes[offset]
                switch current {
                case UInt8(ascii: "\""):
                    offset += 1
                    return Self.key(decoded)
                case UInt8(ascii: "\\"):
                    unescape(into: &decoded)
                case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    decoded.append(current)
                    lineBreak()
                default:
                    decoded.append(current)
                    offset += 1
                }
            }
            return Self.key(decoded)
        }

        /// json-c keeps member names as C strings: a name with `\u0000` in it is cut there.
        private static func key(_ bytes: [UInt8]) -> String {
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }

        /// The escape at `offset` (a backslash), appended to `decoded` as UTF-8. A lone surrogate becomes
        /// U+FFFD, as json-c makes it.
        private mutating func unescape(into decoded: inout [UInt8]) {
            guard offset + 1 < bytes.count else { return stop() }
            let letter = bytes[offset + 1]
            offset += 2
            switch letter {
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                let scalar = unicodeEscape() ?? "\u{FFFD}"
                decoded.append(contentsOf: String(scalar).utf8)
            default: decoded.append(letter)
            }
        }

        /// The scalar of a `\uXXXX` whose `\u` is just read, with the low half of a surrogate pair when one
        /// follows; nil for a malformed escape or a lone surrogate.
        private mutating func unicodeEscape() -> Unicode.Scalar? {
            guard let unit = hex4(at: offset) else { return nil }
            offset += 4
            switch unit {
            case 0xD800...0xDBFF:
                guard byte == UInt8(ascii: "\\"), offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "u"),
                    let low = hex4(at: offset + 2), (0xDC00...0xDFFF).contains(low)
                else { return nil }
                offset += 6
                return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            default:
                return Unicode.Scalar(unit)
            }
        }

        /// Four hex digits at `start`, or nil.
        private func hex4(at start: Int) -> UInt32? {
            guard start + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for index in start..<start + 4 {
                guard let digit = Self.hexDigit(bytes[index]) else { return nil }
                value = value << 4 | digit
            }
            return value
        }

        private static func hexDigit(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
            default: nil
            }
        }

        // MARK: Lines and columns

        private mutating func skipWhitespace() {
            while offset < bytes.count {
                switch bytes[offset] {
                case UInt8(ascii: " "), UInt8(ascii: "\t"): offset += 1
                case UInt8(ascii: "\n"), UInt8(ascii: "\r"): lineBreak()
                default: return
                }
            }
        }

        /// Steps over the line break at `offset`: `\n`, `\r\n` or a lone `\r`.
        private mutating func lineBreak() {
            let newlineNext = offset + 1 < bytes.count && bytes[offset + 1] == UInt8(ascii: "\n")
            offset += bytes[offset] == UInt8(ascii: "\r") && newlineNext ? 2 : 1
            line += 1
            mark = (offset, 1)
        }

        /// The position of `offset`, its column counted on from `mark` (positions are asked for in order,
        /// so a long minified line is counted once, not once per value).
        private mutating func position() -> Position {
            var column = mark.column
            for index in mark.offset..<offset where bytes[index] & 0xC0 != 0x80 {
                column += 1
            }
            mark = (offset, column)
            return Position(line: line, column: column)
        }
    }
}
