/// Any JSON value, for fields whose shape varies (Go byte slices such as `geometry`).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// "a string", "an array", ...: how a message names what was found.
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSONValue {
    /// How a message names the value found where another was expected: `a string ("0.5")`, `64.5`,
    /// `an array`.
    var found: String {
        switch self {
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
        case .string(let text): return "a string (\"\(text.count > 40 ? String(text.prefix(40)) + "…" : text)\")"
        case let other: return other.kindDescription
        }
    }
}
