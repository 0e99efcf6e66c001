/// A command's result, written one way for machines: its `Encodable` form is the document `--json`
/// prints (snake_case keys, sorted, `schema_version` added). Each result type writes its keys in
/// `encode(to:)`, every key always present (null when it does not apply), in a `+Output.swift` file
/// beside the type.
public protocol CommandOutput: Encodable {
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
