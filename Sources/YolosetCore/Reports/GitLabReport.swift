/// GitLab's Code Quality report (a CodeClimate-style JSON array), which GitLab shows in the merge
/// request widget and on the changed lines: one issue per finding with `description`, `check_name`,
/// `fingerprint`, `severity` and `location.path` / `location.lines.begin`. Paths are relative to the
/// checkout (`--base`), as GitLab matches them against the repository.
struct GitLabReport {
    let report: ValidationReport
    let context: ReportContext

    func render() -> String {
        let fingerprints = FindingFingerprints.of(report)
        let issues = report.findings.indices.map { index in
            let finding = report.findings[index]
            return Issue(
                description: "\(finding.rule.id): \(GitHubReport.message(finding))",
                checkName: finding.rule.id, fingerprint: fingerprints[index],
                severity: Self.severity(finding.severity),
                location: .init(
                    path: context.display(finding.location.file), lines: .init(begin: finding.location.line ?? 1)))
        }
        return encodeJSON(issues)
    }

    /// GitLab's scale is info, minor, major, critical, blocker: an error (which fails the gate) is
    /// major, a warning minor.
    static func severity(_ severity: Severity) -> String {
        switch severity {
        case .error: "major"
        case .warning: "minor"
        case .info: "info"
        }
    }

    struct Issue: Encodable {
        let type = "issue"
        let engineName = "yoloset"
        let description: String
        let checkName: String
        let fingerprint: String
        let severity: String
        let location: Location

        enum CodingKeys: String, CodingKey {
            case type, description, fingerprint, severity, location
            case engineName = "engine_name"
            case checkName = "check_name"
        }
    }

    struct Location: Encodable {
        let path: String
        let lines: Lines
    }

    struct Lines: Encodable { let begin: Int }
}
