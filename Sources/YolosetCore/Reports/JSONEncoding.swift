internal import Foundation

/// The one JSON writer for documents built in memory (every `--json`, the validation reports, the
/// catalog's history): keys sorted, slashes left as they are. Pretty with a final newline, as commands
/// print it, or `compact` on one line. `version.json`, too large to build in memory, is streamed by
/// `JSONFileWriter` instead.
func encodeJSON(_ value: some Encodable, compact: Bool = false) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting =
        compact ? [.sortedKeys, .withoutEscapingSlashes] : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Encoding plain structs of strings and numbers cannot fail.
    let data = try! encoder.encode(value)
    return String(decoding: data, as: UTF8.self) + (compact ? "" : "\n")
}
