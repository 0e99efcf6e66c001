internal import Foundation

/// JUnit XML as the Jenkins xUnit plugin's junit-10.xsd defines it (which GitLab and CircleCI also
/// read), one test case per rule: a rule with findings at or above `--fail-on` is a failure that lists
/// them; findings below it, and those a baseline already had, go to the case's system-out; rules the
/// config turned off are skipped. The suites carry the run's wall time; the rules run together over
/// each image, so a case's own time is not separable and is given as 0.
struct JUnitReport {
    let report: ValidationReport
    let failOn: FailThreshold
    let context: ReportContext

    func render() -> String {
        let grouped = Dictionary(grouping: report.findings.indices) { report.findings[$0].rule }
        var cases: [String] = []
        var failures = 0
        var skipped = 0
        let rules = report.rules
        for rule in rules {
            let indices = grouped[rule] ?? []
            let fails = { (index: Int) in
                failOn.fails(report.findings[index].severity) && report.baseline?.states[index] != .unchanged
            }
            let failing = indices.filter(fails).map { report.findings[$0] }
            let passing = indices.filter { !fails($0) }.map { report.findings[$0] }
            let family = rule.id.split(separator: ".").first.map(String.init) ?? rule.id
            var body = ""
            if report.disabledRules.contains(rule.id) {
                skipped += 1
                body += "      <skipped message=\"turned off in the config\"/>\n"
            }
            if !failing.isEmpty {
                failures += 1
                let severity = failing.map(\.severity).max()!
                body += "      <failure message=\"\(escape(count(failing)))\" type=\"\(severity.rawValue)\">"
                body += escape(failing.map(line).joined(separator: "\n")) + "</failure>\n"
            }
            if !passing.isEmpty {
                body += "      <system-out>" + escape(passing.map(line).joined(separator: "\n")) + "</system-out>\n"
            }
            let open = "    <testcase classname=\"yoloset.\(family)\" name=\"\(escape(rule.id))\" time=\"0\""
            cases.append(body.isEmpty ? open + "/>" : open + ">\n" + body + "    </testcase>")
        }
        let time = String(format: "%.3f", context.elapsed)
        let counts = "tests=\"\(rules.count)\" failures=\"\(failures)\" errors=\"0\""
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="yoloset validate" \(counts) time="\(time)">
              <testsuite name="yoloset.validate" \(counts) skipped="\(skipped)" time="\(time)">
                <properties>
                  <property name="check" value="\(report.check.rawValue)"/>
                  <property name="fail_on" value="\(failOn.rawValue)"/>
            \(properties())
                  <property name="yoloset_version" value="\(YolosetVersion.current)"/>
                </properties>
            \(cases.joined(separator: "\n"))
              </testsuite>
            </testsuites>

            """
    }

    /// What was checked: dump counts, or the dataset's.
    private func properties() -> String {
        let pairs: [(String, String)]
        switch report.subject {
        case .dumps:
            pairs = [
                ("dumps", "\(report.dumps)"), ("unreadable_dumps", "\(report.unreadableDumps)"),
                ("images", "\(report.images)"), ("annotations", "\(report.annotations)"),
            ]
        case .dataset(let dataset):
            pairs = [
                ("data_yaml", dataset.dataYAML), ("splits", dataset.splits.joined(separator: ",")),
                ("images", "\(report.images)"), ("label_files", "\(dataset.labelFiles)"),
                ("labels", "\(dataset.labels)"),
            ]
        case .sources(let sources):
            pairs = [
                ("dumps", "\(report.dumps)"), ("unreadable_dumps", "\(report.unreadableDumps)"),
                ("sources", sources.sources.map(\.rawValue).joined(separator: ",")),
                ("batches", "\(sources.batches.count)"), ("items", "\(sources.items.total)"),
                ("succeeded", "\(sources.items[.succeeded])"), ("failed", "\(sources.items[.failed])"),
                ("cancelled", "\(sources.items[.cancelled])"), ("images", "\(report.images)"),
            ]
        case .workspace(let workspace):
            pairs = [
                ("workspace", workspace.root), ("batches", "\(workspace.batches)"), ("images", "\(report.images)"),
                ("annotations", "\(report.annotations)"), ("versions", "\(workspace.versions)"),
                ("version_files", "\(workspace.versionFiles)"),
            ]
        }
        return pairs.map { "      <property name=\"\($0.0)\" value=\"\(escape($0.1))\"/>" }.joined(separator: "\n")
    }

    private func count(_ findings: [Finding]) -> String {
        let errors = findings.count { $0.severity == .error }
        let warnings = findings.count { $0.severity == .warning }
        let infos = findings.count { $0.severity == .info }
        return [
            errors > 0 ? "\(errors) error\(errors == 1 ? "" : "s")" : nil,
            warnings > 0 ? "\(warnings) warning\(warnings == 1 ? "" : "s")" : nil,
            infos > 0 ? "\(infos) info" : nil,
        ]
        .compactMap { $0 }.joined(separator: ", ")
    }

    private func line(_ finding: Finding) -> String {
        guard let jsonPath = finding.location.jsonPath else {
            return "\(finding.severity.rawValue): \(TextReport.place(finding.location)): \(finding.message)"
        }
        var ids: [String] = []
        if let batch = finding.location.batchID { ids.append("batch \(batch)") }
        if let image = finding.location.imageID { ids.append("image \(image)") }
        if let annotation = finding.location.annotationID { ids.append("annotation \(annotation)") }
        if let item = finding.location.itemID { ids.append("item \(item)") }
        let named = ids.isEmpty ? "" : " (\(ids.joined(separator: ", ")))"
        return "\(finding.severity.rawValue): \(TextReport.position(finding.location)) \(jsonPath)\(named): "
            + finding.message
    }

    /// XML text and attribute escaping; characters XML 1.0 cannot carry at all become U+FFFD.
    private func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\n", "\t", "\r": result.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                let allowed = value >= 0x20 && !(0xFFFE...0xFFFF).contains(value)
                result.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return result
    }
}
