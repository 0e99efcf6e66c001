internal import CJSONC

/// A JSON object, read member by member. Missing and null optional members read as nil; a member of the
/// wrong type is an error naming its path.
struct JSONObjectNode {
    let node: JSONNode
    /// `node.path`, built once for all the members read.
    private let path: JSONPath

    init(node: JSONNode) {
        self.node = node
        path = node.path
    }

    /// The member, nil when absent (a JSON null member is present, with `isNull`).
    func member(_ key: String) -> JSONNode? {
        var value: OpaquePointer?
        // withCString lends a native string's bytes; passing `key` as a pointer would copy it into an array.
        guard key.withCString({ json_object_object_get_ex(node.pointer, $0, &value) }) != 0 else { return nil }
        return JSONNode(pointer: value, parent: path, step: .key(key), file: node.file)
    }

    func contains(_ key: String) -> Bool { member(key) != nil }

    /// The member names, in the document's order.
    var keys: [String] {
        var result: [String] = []
        guard let table = json_object_get_object(node.pointer) else { return result }
        var entry = lh_table_head(table)
        while let current = entry {
            if let key = lh_entry_k(current) { result.append(String(cString: key.assumingMemoryBound(to: CChar.self))) }
            entry = lh_entry_next(current)
        }
        return result
    }

    func required(_ key: String) throws(DumpError) -> JSONNode {
        guard let value = member(key) else {
            throw .malformed(
                file: node.file, jsonPath: JSONPath.key(path, key).description,
                problem: "required field is missing")
        }
        return value
    }

    private func present(_ key: String) -> JSONNode? {
        guard let value = member(key), !value.isNull else { return nil }
        return value
    }

    func string(_ key: String) throws(DumpError) -> String { try required(key).string() }
    func double(_ key: String) throws(DumpError) -> Double { try required(key).double() }
    func int(_ key: String) throws(DumpError) -> Int { try required(key).int() }
    func identifier(_ key: String) throws(DumpError) -> Identifier { try required(key).identifier() }

    func optionalString(_ key: String) throws(DumpError) -> String? { try present(key)?.string() }
    func optionalDouble(_ key: String) throws(DumpError) -> Double? { try present(key)?.double() }
    func optionalInt(_ key: String) throws(DumpError) -> Int? { try present(key)?.int() }
    func optionalBool(_ key: String) throws(DumpError) -> Bool? { try present(key)?.bool() }
    func optionalIdentifier(_ key: String) throws(DumpError) -> Identifier? { try present(key)?.identifier() }
    func optionalObject(_ key: String) throws(DumpError) -> JSONObjectNode? { try present(key)?.object() }
    func optionalArray(_ key: String) throws(DumpError) -> [JSONNode]? { try present(key)?.array() }

    /// A field the Go server holds as a byte slice; absent or null is nil.
    func optionalGoBytes(_ key: String) -> GoBytes? {
        present(key).map { GoBytes(raw: $0.value()) }
    }
}
