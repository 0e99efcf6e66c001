/// `yoloset verify --rebuild` (text only: verify has no --json).
extension RebuildReport {
    /// For people: every file that differs, is missing from the rebuild or only in it, then the verdict.
    public var text: String {
        var lines: [String] = []
        for path in differing { lines.append("rebuild differs: \(path)") }
        for path in onlyInVersion { lines.append("rebuild lacks: \(path)") }
        for path in onlyInRebuild { lines.append("rebuild adds: \(path)") }
        lines.append(
            "v\(version): "
                + (identical
                    ? "rebuilt from the catalog's recipe and the object store: \(plural(filesCompared, "file")) "
                        + "byte-identical (version.json's id and created_at come from the recipe)"
                    : "the rebuild differs — \(plural(differing.count, "file")) \(differing.count == 1 ? "differs" : "differ"), "
                        + "\(onlyInVersion.count) missing from the rebuild, \(onlyInRebuild.count) only in it"))
        return lines.joined(separator: "\n")
    }
}
