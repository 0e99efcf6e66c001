internal import Foundation

/// JSON text of a value built in memory (the validation reports): keys sorted, slashes left as they
/// are. Pretty with a final newline, or `compact` on one line.
func encodeJSON(_ value: some Encodable, compact: Bool = false) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting =
        compact ? [.sortedKeys, .withoutEscapingSlashes] : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Encoding plain structs of strings and numbers cannot fail.
    let data = try! encoder.encode(value)
    return String(decoding: data, as: UTF8.self) + (compact ? "" : "\n")
}
