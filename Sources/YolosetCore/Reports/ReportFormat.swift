/// The formats a validation report is written in.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// For people: findings grouped by rule, then a summary line.
    case text
    /// Stable, versioned JSON (`schema_version`, snake_case keys).
    case json
    /// JUnit XML: one test case per rule, so CI test tabs list what failed.
    case junit
    /// SARIF 2.1.0, for code-scanning UIs.
    case sarif

    /// Renders a report. `failOn` decides what counts as a failure (JUnit failures, `passed`).
    public func render(_ report: ValidationReport, failOn: FailThreshold, color: Bool = false) -> String {
        switch self {
        case .text: TextReport(report: report, failOn: failOn, color: color).render()
        case .json: JSONReport(report: report, failOn: failOn).render()
        case .junit: JUnitReport(report: report, failOn: failOn).render()
        case .sarif: SARIFReport(report: report).render()
        }
    }
}
