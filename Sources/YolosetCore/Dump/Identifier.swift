/// An id as the server sends it: a string (UUIDs, slugs) or an integer. Kept as text, so ids compare
/// and print the same whichever way they arrived.
public struct Identifier: Hashable, Sendable, Comparable, CustomStringConvertible, Decodable {
    public let text: String

    public init(_ text: String) {
        self.text = text
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            text = string
        } else if let integer = try? container.decode(Int64.self) {
            text = String(integer)
        } else {
            throw DecodingError.typeMismatch(
                Identifier.self,
                .init(codingPath: decoder.codingPath, debugDescription: "an id (a string or an integer)")
            )
        }
    }

    public var description: String { text }

    public static func < (lhs: Identifier, rhs: Identifier) -> Bool { lhs.text < rhs.text }
}
