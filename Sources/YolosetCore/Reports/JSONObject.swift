internal import Foundation

/// Stable JSON for the workspace commands: snake_case keys, sorted, `schema_version` first among
/// equals. Built as plain dictionaries and written by Foundation's JSONSerialization.
enum JSONObject {
    static let schemaVersion = 1

    /// Renders a document, adding `schema_version`.
    static func render(_ document: [String: Any?]) -> String {
        var object = clean(document) as! [String: Any]
        object["schema_version"] = schemaVersion
        let data = try! JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Compact text of a value, for the catalog's history.
    static func compact(_ document: [String: Any?]) -> String {
        let data = try! JSONSerialization.data(
            withJSONObject: clean(document), options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    private static func clean(_ value: Any?) -> Any {
        switch value {
        case nil: NSNull()
        case let dictionary as [String: Any?]: dictionary.mapValues { clean($0) }
        case let array as [Any?]: array.map { clean($0) }
        case .some(let wrapped): wrapped
        }
    }
}
