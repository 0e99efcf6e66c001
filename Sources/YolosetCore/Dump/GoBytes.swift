internal import Foundation

/// A field the Go server holds as a byte slice (`geometry`, `pipeline_config`). Depending on how the
/// server marshalled it, it arrives as inline JSON, as a base64 string of the JSON text (Go's default
/// for `[]byte`), or as an array of the text's bytes. `value` is the JSON it holds, whichever way it came.
public struct GoBytes: Sendable, Equatable {
    /// The JSON value carried by the field; nil when the bytes are not JSON at all.
    public let value: JSONValue?
    /// How the field arrived, for messages.
    public let encoding: Encoding

    public enum Encoding: String, Sendable {
        case inline
        case base64
        case byteArray = "byte array"
    }

    public init(value: JSONValue?, encoding: Encoding) {
        self.value = value
        self.encoding = encoding
    }

    /// Interprets a field's raw JSON value.
    public init(raw: JSONValue) {
        switch raw {
        case .string(let text):
            if let bytes = Data(base64Encoded: text), let decoded = JSONDocument.value(parsing: bytes) {
                self.init(value: decoded, encoding: .base64)
            } else {
                // Some handlers store the JSON text itself in a string field.
                self.init(value: JSONDocument.value(parsing: Data(text.utf8)), encoding: .inline)
            }
        case .array(let elements):
            if let bytes = GoBytes.byteValues(elements), let decoded = JSONDocument.value(parsing: Data(bytes)) {
                self.init(value: decoded, encoding: .byteArray)
            } else {
                self.init(value: raw, encoding: .inline)
            }
        default:
            self.init(value: raw, encoding: .inline)
        }
    }

    /// The elements as bytes, when every one is an integer in 0...255 and they start like JSON text.
    private static func byteValues(_ elements: [JSONValue]) -> [UInt8]? {
        guard !elements.isEmpty else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(elements.count)
        for element in elements {
            guard case .number(let number) = element, number >= 0, number <= 255, number == number.rounded()
            else { return nil }
            bytes.append(UInt8(number))
        }
        // A polygon in pixels is also a list of small integers; only JSON text starts like this.
        guard let first = bytes.first, [UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "\"")].contains(first)
        else { return nil }
        return bytes
    }
}
