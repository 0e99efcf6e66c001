internal import CJSONC

/// A JSON value to write: keys keep the order given (callers pass them sorted), integers stay
/// integers, and doubles print in their shortest round-trip form. Serialized by json-c;
/// `JSONFileWriter` lays large documents (`version.json`) out from such values.
enum JSONOut {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONOut])
    case object([(String, JSONOut)])

    /// An object whose keys are sorted, so the text is stable.
    static func sorted(_ pairs: [String: JSONOut]) -> JSONOut {
        .object(pairs.sorted { $0.key < $1.key })
    }

    static func string(_ value: String?) -> JSONOut { value.map { .string($0) } ?? .null }

    /// A value from YAML or JSONSerialization: dictionaries, arrays, strings, numbers, booleans, nil.
    init(any value: Any?) {
        switch value {
        case nil: self = .null
        case let dictionary as [String: Any?]: self = .sorted(dictionary.mapValues { JSONOut(any: $0) })
        case let array as [Any?]: self = .array(array.map { JSONOut(any: $0) })
        case let bool as Bool: self = .bool(bool)
        case let int as Int: self = .int(int)
        case let double as Double: self = .double(double)
        case let string as String: self = .string(string)
        case .some(let other): self = .string(String(describing: other))
        }
    }
    static func int(_ value: Int?) -> JSONOut { value.map { .int($0) } ?? .null }

    /// One line (`{ "a": 1, "b": [ 2 ] }`), without a final newline.
    func compact() -> String {
        text(flags: JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE)
    }

    /// Pretty text with two-space indents, without a final newline.
    func pretty() -> String {
        text(flags: Self.prettyFlags)
    }

    private static let prettyFlags = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE

    private func text(flags: Int32) -> String {
        let root = make()
        defer { json_object_put(root) }
        var length = 0
        guard let text = json_object_to_json_string_length(root, flags, &length) else { return "null" }
        return String(decoding: UnsafeRawBufferPointer(start: text, count: length), as: UTF8.self)
    }

    /// A new json-c object (nil is JSON null); the caller owns it.
    private func make() -> OpaquePointer? {
        switch self {
        case .null: return nil
        case .bool(let value): return json_object_new_boolean(value ? 1 : 0)
        case .int(let value): return json_object_new_int64(Int64(value))
        case .double(let value):
            guard value.isFinite else { return nil }
            return json_object_new_double_s(value, value.description)
        case .string(let value):
            return value.utf8CString.withUnsafeBufferPointer { buffer in
                json_object_new_string_len(buffer.baseAddress, Int32(buffer.count - 1))
            }
        case .array(let values):
            let array = json_object_new_array_ext(Int32(values.count))
            for value in values { json_object_array_add(array, value.make()) }
            return array
        case .object(let pairs):
            let object = json_object_new_object()
            for (key, value) in pairs { json_object_object_add(object, key, value.make()) }
            return object
        }
    }
}
