internal import Foundation

/// A finding as yoloset's JSON documents hold it: rule, severity, message and every location field, each
/// key written even when null. The validation report writes findings through it, a baseline reads them
/// back, and a shard's part does both.
struct FindingRecord: Codable {
    let rule: String
    let severity: Severity
    let message: String
    let file: String
    let line: Int?
    let column: Int?
    let jsonPath: String?
    let batchID: String?
    let imageID: String?
    let annotationID: String?
    let imageFile: String?
    let itemID: String?

    init(_ finding: Finding) {
        rule = finding.rule.id
        severity = finding.severity
        message = finding.message
        file = finding.location.file
        line = finding.location.line
        column = finding.location.column
        jsonPath = finding.location.jsonPath
        batchID = finding.location.batchID
        imageID = finding.location.imageID
        annotationID = finding.location.annotationID
        imageFile = finding.location.imageFile
        itemID = finding.location.itemID
    }

    /// The finding, of `rule` when given; else of the rule its id names (one this yoloset does not know
    /// keeps its id and severity).
    func finding(rule known: Rule? = nil) -> Finding {
        Finding(
            rule: known ?? Rule.named(rule)
                ?? Rule(id: rule, defaultSeverity: severity, summary: "A rule this yoloset does not know."),
            severity: severity, message: message,
            location: .init(
                file: file, jsonPath: jsonPath, line: line, column: column, batchID: batchID, imageID: imageID,
                annotationID: annotationID, imageFile: imageFile, itemID: itemID))
    }

    enum CodingKeys: String, CodingKey {
        case rule, severity, message, file, line, column
        case jsonPath = "json_path"
        case batchID = "batch_id"
        case imageID = "image_id"
        case annotationID = "annotation_id"
        case imageFile = "image_file"
        case itemID = "item_id"
    }

    // Every key is always present (null when it does not apply): a stable shape for consumers.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rule, forKey: .rule)
        try container.encode(severity.rawValue, forKey: .severity)
        try container.encode(message, forKey: .message)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
        try container.encode(jsonPath, forKey: .jsonPath)
        try container.encode(batchID, forKey: .batchID)
        try container.encode(imageID, forKey: .imageID)
        try container.encode(annotationID, forKey: .annotationID)
        try container.encode(imageFile, forKey: .imageFile)
        try container.encode(itemID, forKey: .itemID)
    }
}

/// Reads one of yoloset's own JSON documents back (a baseline report, a shard's part): the problem, in
/// words that name the JSON path, when the file is missing, unreadable or of another shape.
enum JSONDocumentFile {
    /// Why the file cannot be read as the document: "no such file", "not X: $.findings is missing".
    struct Problem: Error {
        let text: String

        init(_ text: String) { self.text = text }
    }

    static func decode<T: Decodable>(_ type: T.Type, file: String, what: String) -> Result<T, Problem> {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            let exists = FileManager.default.fileExists(atPath: file)
            return .failure(Problem(exists ? "cannot read the file" : "no such file"))
        }
        do {
            return .success(try JSONDecoder().decode(type, from: data))
        } catch let DecodingError.keyNotFound(key, context) {
            return .failure(Problem("not \(what): \(path(context.codingPath + [key])) is missing"))
        } catch let DecodingError.typeMismatch(_, context) {
            return .failure(Problem("not \(what): \(path(context.codingPath)) has the wrong type"))
        } catch let DecodingError.valueNotFound(_, context) {
            return .failure(Problem("not \(what): \(path(context.codingPath)) is null"))
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            return .failure(Problem("not \(what): \(path(context.codingPath)) has a wrong value"))
        } catch {
            return .failure(Problem("not \(what) (not valid JSON)"))
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        "$" + keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
    }
}
