/// `yoloset versions`.
extension VersionList: CommandOutput {
    enum CodingKeys: String, CodingKey {
        case versions
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // Each version's keys as `show` has them, without a schema_version of its own.
        try container.encode(versions, forKey: .versions)
    }
}
