/// An item's `error` as Runflow and Nimble send it: a message, or an object with a code and a message.
enum SourceError {
    /// (code, message); both nil for an absent or null error.
    static func read(_ node: JSONNode?) throws(DumpError) -> (code: String?, message: String?) {
        guard let node, !node.isNull else { return (nil, nil) }
        if let text = try? node.string() { return (nil, text) }
        guard let object = try? node.object() else { throw node.mismatch("a string or an object") }
        let code = try object.optionalIdentifier("code")?.text
        let type = try object.optionalString("type")
        let message = try object.optionalString("message")
        let detail = try object.optionalString("detail")
        return (code ?? type, message ?? detail)
    }
}
