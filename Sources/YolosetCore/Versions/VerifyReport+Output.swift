/// `yoloset verify` (text only: it has no --json).
extension VerifyReport {
    /// For people: every changed, missing, extra file and layout problem, then whether the version is
    /// intact.
    public var text: String {
        var lines: [String] = []
        for path in changed {
            lines.append("changed: \(path)" + (objectChanges[path].map { " (\($0.message))" } ?? ""))
        }
        for path in missing {
            lines.append("missing: \(path)" + (objectChanges[path].map { " (\($0.message))" } ?? ""))
        }
        for path in extra { lines.append("extra: \(path)") }
        for problem in structure { lines.append("layout: \(problem)") }
        let version = "v\(self.version)" + (folder.map { " (\($0))" } ?? "")
        if intact {
            lines.append(
                "\(version): intact (\(plural(filesChecked, "file")) match\(filesChecked == 1 ? "es" : "") checksums.sha256)"
            )
        } else {
            lines.append(
                "\(version): NOT intact — \(changed.count) changed, \(missing.count) missing, "
                    + "\(extra.count) extra, \(plural(structure.count, "layout problem"))")
        }
        return lines.joined(separator: "\n")
    }
}
