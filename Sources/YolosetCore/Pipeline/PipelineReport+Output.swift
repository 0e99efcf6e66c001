/// `yoloset run`: each stage's output, as `import`, `split` and `snapshot` print it, under the stage's name.
extension PipelineReport: CommandOutput {
    /// For people: each stage's text, as its own command prints it, indented under the stage's name.
    public var text: String {
        func indented(_ text: String) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false).map { "  \($0)" }.joined(separator: "\n")
        }
        return [
            "import:", indented(imported.text), "split:", indented(split.text), "snapshot:", indented(snapshot.text),
        ]
        .joined(separator: "\n")
    }

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
