/// A command's result, written one way for people and one way for machines, side by side in a
/// `+Output.swift` file beside the result type: `text`, and `encode(to:)`, whose document `--json`
/// prints (snake_case keys, sorted, every key always present, null when it does not apply, and
/// `schema_version` added).
public protocol CommandOutput: Encodable {
    /// What the command prints for people, without a final newline. It may change from release to
    /// release; scripts read the JSON.
    var text: String { get }

    /// The document's version: it changes only when a key changes meaning or goes away.
    static var schemaVersion: Int { get }
}

extension CommandOutput {
    public static var schemaVersion: Int { 1 }

    /// The `--json` document: the result's keys and `schema_version`, pretty, with a final newline.
    public var json: String { encodeJSON(Versioned(output: self)) }
}

/// A result's document with `schema_version` among its keys. Results nested in another's document
/// (`run --json` holds import's, split's and snapshot's) go without it.
private struct Versioned<Output: CommandOutput>: Encodable {
    let output: Output

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
    }

    func encode(to encoder: any Encoder) throws {
        try output.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Output.schemaVersion, forKey: .schemaVersion)
    }
}
