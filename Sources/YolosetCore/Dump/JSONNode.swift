internal import CJSONC

/// One value in a parsed document, with its path. Typed accessors throw `DumpError.malformed` naming the
/// path, what was expected and what was found.
struct JSONNode {
    /// nil for JSON null.
    let pointer: OpaquePointer?
    /// The path of the value holding this one, and the step down to it: the node's own path is built only
    /// when a message or a child needs it (most values are read once and never named).
    private let parent: JSONPath
    private let step: JSONPath.Step?
    let file: String

    init(pointer: OpaquePointer?, path: JSONPath, file: String) {
        self.pointer = pointer
        parent = path
        step = nil
        self.file = file
    }

    init(pointer: OpaquePointer?, parent: JSONPath, step: JSONPath.Step, file: String) {
        self.pointer = pointer
        self.parent = parent
        self.step = step
        self.file = file
    }

    var path: JSONPath { step.map { $0.below(parent) } ?? parent }

    var isNull: Bool { pointer == nil || json_object_get_type(pointer) == json_type_null }

    func mismatch(_ expected: String) -> DumpError {
        .malformed(file: file, jsonPath: path.description, problem: "expected \(expected), found \(found)")
    }

    /// How a message names the value: `a string ("0.5")`, `64.5`, `an array`.
    var found: String { value().found }

    func object() throws(DumpError) -> JSONObjectNode {
        guard let pointer, json_object_get_type(pointer) == json_type_object else { throw mismatch("an object") }
        return JSONObjectNode(node: self)
    }

    func array() throws(DumpError) -> [JSONNode] {
        guard let pointer, json_object_get_type(pointer) == json_type_array else { throw mismatch("an array") }
        let count = json_object_array_length(pointer)
        let path = self.path
        return (0..<count).map { index in
            JSONNode(pointer: json_object_array_get_idx(pointer, index), parent: path, step: .index(index), file: file)
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
            let path = self.path
            var iterator = json_object_iter_begin(pointer)
            var end = json_object_iter_end(pointer)
            while json_object_iter_equal(&iterator, &end) == 0 {
                let name = String(cString: json_object_iter_peek_name(&iterator))
                members[name] =
                    JSONNode(
                        pointer: json_object_iter_peek_value(&iterator), parent: path, step: .key(name), file: file
                    )
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
