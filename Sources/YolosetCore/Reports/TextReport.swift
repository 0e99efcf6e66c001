/// The report for people: findings grouped by rule (errors first), then one summary line.
struct TextReport {
    let report: ValidationReport
    let failOn: FailThreshold
    let color: Bool

    func render() -> String {
        var lines: [String] = []
        let groups = Dictionary(grouping: report.findings.indices) { report.findings[$0].rule }
        let worst = groups.mapValues { $0.map { report.findings[$0].severity }.max()! }
        let rules = report.rules
        // Errors first, then rules in catalog order.
        let order = groups.keys.sorted { lhs, rhs in
            worst[lhs]! != worst[rhs]!
                ? worst[lhs]! > worst[rhs]!
                : (rules.firstIndex(of: lhs) ?? rules.count, lhs.id) < (
                    rules.firstIndex(of: rhs) ?? rules.count, rhs.id
                )
        }
        for rule in order {
            let indices = groups[rule]!
            let severity = worst[rule]!
            lines.append(
                "\(paint(severity.rawValue, Self.colors[severity]!)) \(bold(rule.id)) "
                    + "(\(indices.count)) \(rule.summary)")
            for index in indices {
                let finding = report.findings[index]
                // A finding the baseline already had: shown, marked, never failing the run.
                let message =
                    "    \(finding.message)" + (report.baseline?.states[index] == .unchanged ? " (unchanged)" : "")
                guard let jsonPath = finding.location.jsonPath else {
                    lines.append("  \(Self.place(finding.location))")
                    lines.append(message)
                    continue
                }
                var ids: [String] = []
                if let batch = finding.location.batchID { ids.append("batch \(batch)") }
                if let image = finding.location.imageID { ids.append("image \(image)") }
                if let annotation = finding.location.annotationID { ids.append("annotation \(annotation)") }
                if let item = finding.location.itemID { ids.append("item \(item)") }
                let named = ids.isEmpty ? "" : " (\(ids.joined(separator: ", ")))"
                lines.append("  \(Self.position(finding.location)) \(jsonPath)\(named)")
                lines.append(message)
            }
            lines.append("")
        }
        if case .sources(let sources) = report.subject {
            for batch in sources.batches {
                lines.append(
                    "\(batch.source.displayName) batch \(batch.id ?? "without id") (\(batch.file)): status "
                        + "\(SourceRules.quoted(batch.rawStatus)), items \(batch.items.progress) — "
                        + (batch.isComplete ? "complete" : "incomplete"))
            }
        }
        lines.append(summary())
        return lines.joined(separator: "\n") + "\n"
    }

    private static let colors: [Severity: String] = [.error: "31", .warning: "33", .info: "36"]

    /// A dataset finding's place: `file:line`, and the image when the file is its label.
    static func place(_ location: Finding.Location) -> String {
        var text = position(location)
        if let image = location.imageFile, image != location.file { text += " (image \(image))" }
        return text
    }

    /// `file:line:column`, as far as they are known (a dump finding has all three, a label row no column).
    static func position(_ location: Finding.Location) -> String {
        guard let line = location.line else { return location.file }
        return "\(location.file):\(line)" + (location.column.map { ":\($0)" } ?? "")
    }

    private func summary() -> String {
        let failed = report.fails(at: failOn)
        let verdict = failed ? paint("FAILED", "31") : paint("passed", "32")
        let counted: String
        switch report.subject {
        case .dumps:
            counted =
                "\(plural(report.dumps, "dump")), \(plural(report.batches, "batch", "batches")), "
                + "\(plural(report.images, "image")), \(plural(report.annotations, "annotation"))"
        case .dataset(let dataset):
            counted =
                "\(dataset.isVersion ? "yoloset version" : "YOLO dataset") \(dataset.dataYAML): "
                + "\(plural(dataset.splits.count, "split")) (\(dataset.splits.joined(separator: ", "))), "
                + "\(plural(report.images, "image")), \(plural(dataset.labelFiles, "label file")), "
                + "\(plural(dataset.labels, "label"))"
        case .sources(let sources):
            let items = sources.items
            var states = [
                "\(items[.succeeded]) succeeded", "\(items[.failed]) failed", "\(items[.cancelled]) cancelled",
            ]
            if items[.running] > 0 { states.append("\(items[.running]) running") }
            if items[.unknown] > 0 { states.append("\(items[.unknown]) without a known status") }
            counted =
                "\(plural(report.dumps, "dump")) (\(sources.sources.map(\.rawValue).joined(separator: ", "))), "
                + "\(plural(sources.batches.count, "batch", "batches")), \(plural(items.total, "item")): "
                + "\(states.joined(separator: ", ")); \(plural(report.images, "image"))"
        case .workspace(let workspace):
            counted =
                "workspace \(workspace.root): \(plural(workspace.batches, "batch", "batches")), "
                + "\(plural(report.images, "image")), \(plural(report.annotations, "annotation")), "
                + "\(plural(workspace.versions, "version")) (\(plural(workspace.versionFiles, "file")) verified)"
        }
        let check: String
        if case .workspace = report.subject { check = "" } else { check = " (\(report.check.rawValue) check)" }
        return "\(counted)\(check): \(plural(report.errors, "error")), "
            + "\(plural(report.warnings, "warning"))" + (report.infos > 0 ? ", \(report.infos) info" : "")
            + (report.baseline.map { baseline in
                " (against \(baseline.file): \(baseline.new) new, \(baseline.unchanged) unchanged, "
                    + "\(baseline.absent.count) fixed)"
            } ?? "")
            + " — \(verdict)" + (failOn == .error ? "" : " (--fail-on \(failOn.rawValue))")
            + (report.unreadableDumps > 0
                ? " — \(paint("INCOMPLETE", "31")): \(plural(report.unreadableDumps, "dump")) could not be read"
                : "")
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private func bold(_ text: String) -> String {
        color ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }
}
