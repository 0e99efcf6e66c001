/// `yoloset verify --rebuild`: the `rebuild` of verify's document.
extension RebuildReport: Encodable {
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

    enum CodingKeys: String, CodingKey {
        case identical, differing
        case filesCompared = "files_compared"
        case onlyInVersion = "only_in_version"
        case onlyInRebuild = "only_in_rebuild"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(identical, forKey: .identical)
        try container.encode(filesCompared, forKey: .filesCompared)
        try container.encode(differing, forKey: .differing)
        try container.encode(onlyInVersion, forKey: .onlyInVersion)
        try container.encode(onlyInRebuild, forKey: .onlyInRebuild)
    }
}
