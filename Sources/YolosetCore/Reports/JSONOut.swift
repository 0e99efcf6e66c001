internal import CJSONC

/// A JSON document to write: keys keep the order given (callers pass them sorted), integers stay
/// integers, and doubles print in their shortest round-trip form. Written by json-c, which is fast
/// enough for documents of hundreds of thousands of values (`version.json`).
enum JSONOut {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONOut])
    case object([(String, JSONOut)])
    /// A value already built in json-c (see `array(count:_:)`); rendering takes ownership of it.
    case built(OpaquePointer)

    /// A long array built element by element straight into json-c, so no Swift tree of it is kept.
    static func array(count: Int, _ element: (Int) -> JSONOut) -> JSONOut {
        let array = json_object_new_array_ext(Int32(count))!
        for index in 0..<count { json_object_array_add(array, element(index).make()) }
        return .built(array)
    }

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

    /// Pretty text with two-space indents, unescaped slashes and a final newline.
    func render() -> String {
        withText { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the document's text (final newline included) in json-c's own buffer, so a large
    /// document is written out without copies.
    func withText<T, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> T) throws(E) -> T {
        let root = make()
        defer { json_object_put(root) }
        var length = 0
        let flags = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE
        guard let text = json_object_to_json_string_length(root, Int32(flags), &length) else {
            return try body(UnsafeRawBufferPointer(start: nil, count: 0))
        }
        // json-c's buffer has room for its terminating NUL, which becomes the newline.
        let bytes = UnsafeMutableRawPointer(mutating: text)
        bytes.storeBytes(of: UInt8(ascii: "\n"), toByteOffset: length, as: UInt8.self)
        return try body(UnsafeRawBufferPointer(start: bytes, count: length + 1))
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
        case .built(let object):
            return object
        }
    }
}
