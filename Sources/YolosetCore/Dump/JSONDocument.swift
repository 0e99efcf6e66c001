internal import CJSONC
internal import Foundation

/// A JSON document parsed by json-c (strict mode, UTF-8 checked). It owns the tree; nodes borrow from it,
/// so they are used only inside `read(_:)`.
final class JSONDocument {
    let file: String
    private let root: OpaquePointer?

    /// Parses `data`; a syntax error names the line and column.
    init(parsing data: Data, file: String) throws(DumpError) {
        self.file = file
        guard data.count < Int(Int32.max) else {
            throw .notJSON(file: file, reason: "the file is larger than 2 GiB")
        }
        guard let tokener = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH * 2) else {
            throw .notJSON(file: file, reason: "out of memory")
        }
        defer { json_tokener_free(tokener) }
        json_tokener_set_flags(tokener, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8)
        let parsed = data.withUnsafeBytes { bytes in
            json_tokener_parse_ex(
                tokener, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
        }
        let error = json_tokener_get_error(tokener)
        let end = json_tokener_get_parse_end(tokener)
        if error != json_tokener_success {
            json_object_put(parsed)
            let reason =
                error == json_tokener_continue
                ? "the file ends in the middle of a value"
                : String(cString: json_tokener_error_desc(error))
            let (line, column) = Self.position(end, in: data)
            throw .notJSON(file: file, reason: reason, line: line, column: column)
        }
        if let extra = data[end...].firstIndex(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) {
            json_object_put(parsed)
            let (line, column) = Self.position(extra, in: data)
            throw .notJSON(file: file, reason: "unexpected text after the JSON value", line: line, column: column)
        }
        root = parsed
    }

    deinit {
        json_object_put(root)
    }

    /// Reads the document; the nodes handed to `body` are valid only while it runs.
    func read<T>(_ body: (JSONNode) throws(DumpError) -> T) throws(DumpError) -> T {
        try withExtendedLifetime(self) { () throws(DumpError) -> T in
            try body(JSONNode(pointer: root, path: .root, file: file))
        }
    }

    /// Parses JSON text held inside a field (a Go byte slice); nil when it is not JSON.
    static func value(parsing data: Data) -> JSONValue? {
        guard !data.isEmpty, let document = try? JSONDocument(parsing: data, file: "") else { return nil }
        return try? document.read { $0.value() }
    }

    /// The 1-based line and column of the byte at `offset`.
    private static func position(_ offset: Int, in data: Data) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in data[..<min(offset, data.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}
