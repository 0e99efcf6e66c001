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
        let document: Document
        switch JSONDocumentFile.decode(Document.self, file: file, what: "a yoloset JSON report") {
        case .success(let decoded): document = decoded
        case .failure(let problem): throw BaselineError(file: file, problem: problem.text)
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

    /// A finding of the report, and the fingerprint it was written with.
    struct Entry: Decodable {
        let record: FindingRecord
        let fingerprint: String?

        enum CodingKeys: String, CodingKey { case fingerprint }

        init(from decoder: any Decoder) throws {
            record = try FindingRecord(from: decoder)
            fingerprint = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(
                String.self, forKey: .fingerprint)
        }

        var finding: Finding { record.finding() }
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
