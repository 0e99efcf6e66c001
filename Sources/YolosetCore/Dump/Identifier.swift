/// An id as the server sends it: a string (UUIDs, slugs) or an integer. Kept as text, so ids compare
/// and print the same whichever way they arrived.
public struct Identifier: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let text: String

    public init(_ text: String) {
        self.text = text
    }

    public var description: String { text }

    public static func < (lhs: Identifier, rhs: Identifier) -> Bool { lhs.text < rhs.text }
}
