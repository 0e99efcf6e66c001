/// `yoloset versions rm`.
extension VersionRemoval: CommandOutput {
    /// For people: which version went, and that its number stays retired.
    public var text: String {
        "removed v\(number)\(name == "v\(number)" ? "" : " (\(name))"); the number is not reused; "
            + "`yoloset gc` frees the images only it held"
    }

    enum CodingKeys: String, CodingKey {
        case version, name, path
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number, forKey: .version)
        try container.encode(name, forKey: .name)
        try container.encode(path, forKey: .path)
    }
}
