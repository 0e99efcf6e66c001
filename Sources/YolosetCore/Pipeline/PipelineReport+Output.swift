/// `yoloset run`: each stage's document, as `import`, `split` and `snapshot` print it, under one key.
extension PipelineReport: CommandOutput {
    enum CodingKeys: String, CodingKey {
        case imported = "import"
        case split, snapshot
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(imported, forKey: .imported)
        try container.encode(split, forKey: .split)
        try container.encode(snapshot, forKey: .snapshot)
    }
}
