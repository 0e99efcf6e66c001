/// GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per finding, which
/// the Actions runner turns into an annotation on the dump's (or label file's) line in the pull
/// request, then one plain summary line. Findings a baseline already had are not annotated; the
/// summary counts them.
struct GitHubReport {
    let report: ValidationReport
    let failOn: FailThreshold
    let context: ReportContext

    func render() -> String {
        var lines: [String] = []
        for (index, finding) in report.findings.enumerated() where report.baseline?.states[index] != .unchanged {
            let location = finding.location
            var properties = [("file", context.display(location.file))]
            if let line = location.line {
                properties.append(("line", String(line)))
                if let column = location.column { properties.append(("col", String(column))) }
            }
            properties.append(("title", "yoloset \(finding.rule.id)"))
            let command = Self.command(finding.severity)
            let parameters = properties.map { "\($0.0)=\(Self.escapeProperty($0.1))" }.joined(separator: ",")
            lines.append("::\(command) \(parameters)::\(Self.escapeData(Self.message(finding)))")
        }
        lines.append(summary())
        return lines.joined(separator: "\n") + "\n"
    }

    /// The finding's message, and where in the dump it is (a JSON path and ids mean more than a line).
    static func message(_ finding: Finding) -> String {
        let location = finding.location
        var ids: [String] = []
        if let jsonPath = location.jsonPath { ids.append(jsonPath) }
        if let batch = location.batchID { ids.append("batch \(batch)") }
        if let image = location.imageID { ids.append("image \(image)") }
        if let annotation = location.annotationID { ids.append("annotation \(annotation)") }
        if let item = location.itemID { ids.append("item \(item)") }
        return ids.isEmpty ? finding.message : "\(finding.message) (\(ids.joined(separator: ", ")))"
    }

    private func summary() -> String {
        var text =
            "yoloset validate: \(report.errors) error\(report.errors == 1 ? "" : "s"), "
            + "\(report.warnings) warning\(report.warnings == 1 ? "" : "s")"
        if report.infos > 0 { text += ", \(report.infos) info" }
        if let baseline = report.baseline {
            text +=
                " (\(baseline.new) new, \(baseline.unchanged) unchanged, \(baseline.absent.count) fixed since the "
                + "baseline \(baseline.file))"
        }
        let unreadable = report.unreadableDumps
        return text + (report.fails(at: failOn) ? " - FAILED" : " - passed")
            + (failOn == .error ? "" : " (--fail-on \(failOn.rawValue))")
            + (unreadable > 0 ? " - INCOMPLETE: \(unreadable) dump\(unreadable == 1 ? "" : "s") could not be read" : "")
    }

    static func command(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "notice"
        }
    }

    /// The runner's escaping of a command's message.
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// The runner's escaping of a property value: also `:` and `,`.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
