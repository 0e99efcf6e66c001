internal import CJSONC
internal import Foundation

/// Where a value sits in a document: `$.data.images[12].annotations[0].x_center`. Built as the reader
/// descends, rendered only when a message needs it.
indirect enum JSONPath: CustomStringConvertible, Sendable {
    case root
    case key(JSONPath, String)
    case index(JSONPath, Int)

    var description: String {
        switch self {
        case .root:
            return "$"
        case .index(let parent, let index):
            return "\(parent)[\(index)]"
        case .key(let parent, let key):
            let plain = !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
            return plain ? "\(parent).\(key)" : "\(parent)[\"\(key)\"]"
        }
    }
}

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
            throw .notJSON(file: file, reason: "\(reason) at \(Self.position(end, in: data))")
        }
        if let extra = data[end...].firstIndex(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) {
            json_object_put(parsed)
            throw .notJSON(
                file: file, reason: "unexpected text after the JSON value at \(Self.position(extra, in: data))")
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

    private static func position(_ offset: Int, in data: Data) -> String {
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
        return "line \(line), column \(column)"
    }
}

/// One value in a parsed document, with its path. Typed accessors throw `DumpError.malformed` naming the
/// path, what was expected and what was found.
struct JSONNode {
    /// nil for JSON null.
    let pointer: OpaquePointer?
    let path: JSONPath
    let file: String

    var isNull: Bool { pointer == nil || json_object_get_type(pointer) == json_type_null }

    func mismatch(_ expected: String) -> DumpError {
        .malformed(file: file, jsonPath: path.description, problem: "expected \(expected), found \(found)")
    }

    /// How a message names the value: `a string ("0.5")`, `64.5`, `an array`.
    var found: String {
        guard let pointer else { return "null" }
        switch json_object_get_type(pointer) {
        case json_type_null: return "null"
        case json_type_boolean: return json_object_get_boolean(pointer) != 0 ? "true" : "false"
        case json_type_int: return String(json_object_get_int64(pointer))
        case json_type_double: return "\(json_object_get_double(pointer))"
        case json_type_string:
            let text = string(pointer)
            return "a string (\"\(text.count > 40 ? String(text.prefix(40)) + "…" : text)\")"
        case json_type_array: return "an array"
        default: return "an object"
        }
    }

    func object() throws(DumpError) -> JSONObjectNode {
        guard let pointer, json_object_get_type(pointer) == json_type_object else { throw mismatch("an object") }
        return JSONObjectNode(node: self)
    }

    func array() throws(DumpError) -> [JSONNode] {
        guard let pointer, json_object_get_type(pointer) == json_type_array else { throw mismatch("an array") }
        let count = json_object_array_length(pointer)
        return (0..<count).map { index in
            JSONNode(pointer: json_object_array_get_idx(pointer, index), path: .index(path, index), file: file)
        }
    }

    var isArray: Bool { pointer.map { json_object_get_type($0) == json_type_array } ?? false }

    func string() throws(DumpError) -> String {
        guard let pointer, json_object_get_type(pointer) == json_type_string else { throw mismatch("a string") }
        return string(pointer)
    }

    func double() throws(DumpError) -> Double {
        guard let pointer else { throw mismatch("a number") }
        switch json_object_get_type(pointer) {
        case json_type_double: return json_object_get_double(pointer)
        case json_type_int: return Double(json_object_get_int64(pointer))
        default: throw mismatch("a number")
        }
    }

    func int() throws(DumpError) -> Int {
        guard let pointer else { throw mismatch("an integer") }
        switch json_object_get_type(pointer) {
        case json_type_int:
            return Int(json_object_get_int64(pointer))
        case json_type_double:
            let value = json_object_get_double(pointer)
            guard value == value.rounded(), abs(value) < 1e15 else { throw mismatch("an integer") }
            return Int(value)
        default:
            throw mismatch("an integer")
        }
    }

    func bool() throws(DumpError) -> Bool {
        guard let pointer, json_object_get_type(pointer) == json_type_boolean else { throw mismatch("a boolean") }
        return json_object_get_boolean(pointer) != 0
    }

    /// An id: a string, or an integer kept as its decimal text.
    func identifier() throws(DumpError) -> Identifier {
        guard let pointer else { throw mismatch("an id (a string or an integer)") }
        switch json_object_get_type(pointer) {
        case json_type_string: return Identifier(string(pointer))
        case json_type_int: return Identifier(String(json_object_get_int64(pointer)))
        default: throw mismatch("an id (a string or an integer)")
        }
    }

    /// The value as a Swift tree, whatever its shape.
    func value() -> JSONValue {
        guard let pointer else { return .null }
        switch json_object_get_type(pointer) {
        case json_type_null: return .null
        case json_type_boolean: return .bool(json_object_get_boolean(pointer) != 0)
        case json_type_int: return .number(Double(json_object_get_int64(pointer)))
        case json_type_double: return .number(json_object_get_double(pointer))
        case json_type_string: return .string(string(pointer))
        case json_type_array:
            return .array((try? array().map { $0.value() }) ?? [])
        default:
            var members: [String: JSONValue] = [:]
            var iterator = json_object_iter_begin(pointer)
            var end = json_object_iter_end(pointer)
            while json_object_iter_equal(&iterator, &end) == 0 {
                let name = String(cString: json_object_iter_peek_name(&iterator))
                members[name] =
                    JSONNode(pointer: json_object_iter_peek_value(&iterator), path: .key(path, name), file: file)
                    .value()
                json_object_iter_next(&iterator)
            }
            return .object(members)
        }
    }

    private func string(_ pointer: OpaquePointer) -> String {
        let length = Int(json_object_get_string_len(pointer))
        guard let start = json_object_get_string(pointer) else { return "" }
        return start.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}

/// A JSON object, read member by member. Missing and null optional members read as nil; a member of the
/// wrong type is an error naming its path.
struct JSONObjectNode {
    let node: JSONNode

    /// The member, nil when absent (a JSON null member is present, with `isNull`).
    func member(_ key: String) -> JSONNode? {
        var value: OpaquePointer?
        guard json_object_object_get_ex(node.pointer, key, &value) != 0 else { return nil }
        return JSONNode(pointer: value, path: .key(node.path, key), file: node.file)
    }

    func contains(_ key: String) -> Bool { member(key) != nil }

    func required(_ key: String) throws(DumpError) -> JSONNode {
        guard let value = member(key) else {
            throw .malformed(
                file: node.file, jsonPath: JSONPath.key(node.path, key).description,
                problem: "required field is missing")
        }
        return value
    }

    private func present(_ key: String) -> JSONNode? {
        guard let value = member(key), !value.isNull else { return nil }
        return value
    }

    func string(_ key: String) throws(DumpError) -> String { try required(key).string() }
    func double(_ key: String) throws(DumpError) -> Double { try required(key).double() }
    func int(_ key: String) throws(DumpError) -> Int { try required(key).int() }
    func identifier(_ key: String) throws(DumpError) -> Identifier { try required(key).identifier() }

    func optionalString(_ key: String) throws(DumpError) -> String? { try present(key)?.string() }
    func optionalDouble(_ key: String) throws(DumpError) -> Double? { try present(key)?.double() }
    func optionalInt(_ key: String) throws(DumpError) -> Int? { try present(key)?.int() }
    func optionalBool(_ key: String) throws(DumpError) -> Bool? { try present(key)?.bool() }
    func optionalIdentifier(_ key: String) throws(DumpError) -> Identifier? { try present(key)?.identifier() }
    func optionalObject(_ key: String) throws(DumpError) -> JSONObjectNode? { try present(key)?.object() }
    func optionalArray(_ key: String) throws(DumpError) -> [JSONNode]? { try present(key)?.array() }

    /// A field the Go server holds as a byte slice; absent or null is nil.
    func optionalGoBytes(_ key: String) -> GoBytes? {
        present(key).map { GoBytes(raw: $0.value()) }
    }
}
