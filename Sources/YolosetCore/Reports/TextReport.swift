/// The report for people: findings grouped by rule (errors first), then one summary line.
struct TextReport {
    let report: ValidationReport
    let failOn: FailThreshold
    let color: Bool

    func render() -> String {
        var lines: [String] = []
        let groups = Dictionary(grouping: report.findings, by: \.rule)
        let worst = groups.mapValues { $0.map(\.severity).max()! }
        // Errors first, then rules in catalog order.
        let order = groups.keys.sorted { lhs, rhs in
            worst[lhs]! != worst[rhs]!
                ? worst[lhs]! > worst[rhs]!
                : (Rule.all.firstIndex(of: lhs)!, lhs.id) < (Rule.all.firstIndex(of: rhs)!, rhs.id)
        }
        for rule in order {
            let findings = groups[rule]!
            let severity = worst[rule]!
            lines.append(
                "\(paint(severity.rawValue, severity == .error ? "31" : "33")) \(bold(rule.id)) "
                    + "(\(findings.count)) \(rule.summary)")
            for finding in findings {
                var ids: [String] = []
                if let batch = finding.location.batchID { ids.append("batch \(batch)") }
                if let image = finding.location.imageID { ids.append("image \(image)") }
                if let annotation = finding.location.annotationID { ids.append("annotation \(annotation)") }
                lines.append("  \(finding.location.file) \(finding.location.jsonPath) (\(ids.joined(separator: ", ")))")
                lines.append("    \(finding.message)")
            }
            lines.append("")
        }
        lines.append(summary())
        return lines.joined(separator: "\n") + "\n"
    }

    private func summary() -> String {
        let failed = report.fails(at: failOn)
        let verdict = failed ? paint("FAILED", "31") : paint("passed", "32")
        return "\(plural(report.dumps, "dump")), \(plural(report.batches, "batch", "batches")), "
            + "\(plural(report.images, "image")), \(plural(report.annotations, "annotation")) "
            + "(\(report.check.rawValue) check): \(plural(report.errors, "error")), "
            + "\(plural(report.warnings, "warning")) — \(verdict)"
            + (failOn == .error ? "" : " (--fail-on \(failOn.rawValue))")
    }

    private func plural(_ count: Int, _ one: String, _ many: String? = nil) -> String {
        "\(count) \(count == 1 ? one : many ?? one + "s")"
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private func bold(_ text: String) -> String {
        color ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }
}
