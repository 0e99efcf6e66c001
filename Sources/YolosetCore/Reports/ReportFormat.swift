/// The formats a validation report is written in.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// For people: findings grouped by rule, then a summary line.
    case text
    /// Stable, versioned JSON (`schema_version`, snake_case keys); also what `--baseline` reads.
    case json
    /// JUnit XML (junit-10.xsd): one test case per rule, so CI test tabs list what failed.
    case junit
    /// SARIF 2.1.0, for code-scanning UIs (GitHub code scanning takes it whole).
    case sarif
    /// GitHub Actions workflow commands: an annotation per finding, then a summary line.
    case github
    /// GitLab's Code Quality report.
    case gitlab

    /// Renders a report. `failOn` decides what counts as a failure (JUnit failures, `passed`);
    /// `context` says what paths are relative to and how long the run took.
    public func render(
        _ report: ValidationReport, failOn: FailThreshold, color: Bool = false, context: ReportContext = .init()
    ) -> String {
        switch self {
        case .text: TextReport(report: report, failOn: failOn, color: color).render()
        case .json: JSONReport(report: report, failOn: failOn).render()
        case .junit: JUnitReport(report: report, failOn: failOn, context: context).render()
        case .sarif: SARIFReport(report: report, context: context).render()
        case .github: GitHubReport(report: report, failOn: failOn, context: context).render()
        case .gitlab: GitLabReport(report: report, context: context).render()
        }
    }
}
