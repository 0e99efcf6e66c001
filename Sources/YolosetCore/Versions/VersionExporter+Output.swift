/// `yoloset export`.
extension VersionExporter.Result: CommandOutput {
    /// For people: where the version went, and that the copy verifies.
    public var text: String {
        let named = name == "v\(version)" ? "" : " (\(name))"
        return "exported v\(version)\(named) to \(path) (\(plural(verify.filesChecked, "file")) verified, "
            + "images by \(link.rawValue))"
    }

    enum CodingKeys: String, CodingKey {
        case version, name, path, link, intact
        case filesChecked = "files_checked"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(name, forKey: .name)
        try container.encode(path, forKey: .path)
        try container.encode(link.rawValue, forKey: .link)
        try container.encode(verify.intact, forKey: .intact)
        try container.encode(verify.filesChecked, forKey: .filesChecked)
    }
}
