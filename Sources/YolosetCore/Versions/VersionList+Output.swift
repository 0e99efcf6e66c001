/// `yoloset versions`.
extension VersionList: CommandOutput {
    /// For people: one line per version, with its counts per split.
    public var text: String {
        if versions.isEmpty { return "no versions yet; `yoloset snapshot` makes one" }
        return versions.map { version in
            let splits = version.splits.map { "\($0.split.rawValue) \($0.images)" }.joined(separator: ", ")
            let named = version.name == "v\(version.number)" ? "" : "  \(version.name)"
            return "v\(version.number)\(named)  \(version.createdAt)  \(plural(version.images, "image")) "
                + "(\(splits)), \(plural(version.annotations, "label"))"
        }.joined(separator: "\n")
    }

    enum CodingKeys: String, CodingKey {
        case versions
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // Each version's keys as `show` has them, without a schema_version of its own.
        try container.encode(versions, forKey: .versions)
    }
}
