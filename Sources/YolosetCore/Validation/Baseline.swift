internal import Foundation

/// An earlier JSON report (`validate --format json`, or `--write-baseline`) whose findings a team has
/// accepted: in a run compared with it, a finding it has is `unchanged` and never fails the run; only
/// new ones count against `--fail-on`. Findings are matched by fingerprint (`FindingFingerprints`), as
/// many times as each occurs.
public struct Baseline: Sendable, Equatable {
    /// The file, as named.
    public var file: String
    /// The baseline's findings, and the fingerprint of each.
    public var findings: [Finding]
    public var fingerprints: [String]

    /// Reads a JSON report; refuses, naming the file, anything else.
    public static func load(file: String) throws(BaselineError) -> Baseline {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            let exists = FileManager.default.fileExists(atPath: file)
            throw BaselineError(file: file, problem: exists ? "cannot read the file" : "no such file")
        }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw BaselineError(
                file: file, problem: "not a yoloset JSON report: \(Self.path(context.codingPath + [key])) is missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw BaselineError(
                file: file, problem: "not a yoloset JSON report: \(Self.path(context.codingPath)) has the wrong type")
        } catch {
            throw BaselineError(file: file, problem: "not a yoloset JSON report (not valid JSON)")
        }
        guard document.schemaVersion == JSONReport.schemaVersion else {
            throw BaselineError(
                file: file,
                problem:
                    "schema_version \(document.schemaVersion); this yoloset reads \(JSONReport.schemaVersion)")
        }
        let findings = document.findings.map(\.finding)
        let computed = FindingFingerprints.of(findings, root: document.summary.dataYAML.map(Validator.folder(of:)))
        let fingerprints = zip(document.findings, computed).map { entry, computed in entry.fingerprint ?? computed }
        return Baseline(file: file, findings: findings, fingerprints: fingerprints)
    }

    /// The report with each finding marked new or unchanged, and the baseline's findings this run no
    /// longer has listed as absent.
    public func compare(_ report: ValidationReport) -> ValidationReport {
        var remaining: [String: [Int]] = [:]
        for (index, fingerprint) in fingerprints.enumerated() { remaining[fingerprint, default: []].append(index) }
        let states = FindingFingerprints.of(report).map { fingerprint -> BaselineState in
            guard var indices = remaining[fingerprint], !indices.isEmpty else { return .new }
            indices.removeFirst()
            remaining[fingerprint] = indices
            return .unchanged
        }
        let absent = remaining.values.flatMap { $0 }.sorted().map { findings[$0] }
        var compared = report
        compared.baseline = BaselineComparison(file: file, states: states, absent: absent)
        return compared
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        "$" + keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
    }

    /// What a baseline needs of a JSON report.
    struct Document: Decodable {
        let schemaVersion: Int
        let summary: Summary
        let findings: [Entry]

        enum CodingKeys: String, CodingKey {
            case summary, findings
            case schemaVersion = "schema_version"
        }
    }

    struct Summary: Decodable {
        let dataYAML: String?
        enum CodingKeys: String, CodingKey { case dataYAML = "data_yaml" }
    }

    struct Entry: Decodable {
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
        let fingerprint: String?

        enum CodingKeys: String, CodingKey {
            case rule, severity, message, file, line, column, fingerprint
            case jsonPath = "json_path"
            case batchID = "batch_id"
            case imageID = "image_id"
            case annotationID = "annotation_id"
            case imageFile = "image_file"
            case itemID = "item_id"
        }

        var finding: Finding {
            Finding(
                rule: Rule.named(rule)
                    ?? Rule(id: rule, defaultSeverity: severity, summary: "A rule this yoloset does not know."),
                severity: severity, message: message,
                location: .init(
                    file: file, jsonPath: jsonPath, line: line, column: column, batchID: batchID, imageID: imageID,
                    annotationID: annotationID, imageFile: imageFile, itemID: itemID))
        }
    }
}

/// How a run's findings compare with a baseline's.
public struct BaselineComparison: Sendable, Equatable {
    /// The baseline file, as named.
    public var file: String
    /// One per finding of the report, in order.
    public var states: [BaselineState]
    /// The baseline's findings this run does not have (fixed since).
    public var absent: [Finding]

    public var new: Int { states.count { $0 == .new } }
    public var unchanged: Int { states.count { $0 == .unchanged } }
}

/// SARIF's `baselineState` values that yoloset uses.
public enum BaselineState: String, Sendable, Equatable {
    case new, unchanged, absent
}

/// A `--baseline` file that cannot be used.
public struct BaselineError: RunFailure, Equatable, Sendable {
    public var file: String
    public var problem: String

    public var description: String { "baseline '\(file)': \(problem)" }
}
