/// `yoloset verify`, and `verify --rebuild`.
extension VerifyReport: CommandOutput {
    /// For people: every changed, missing, extra file and layout problem, then whether the version is
    /// intact; after a rebuild, its differences and verdict.
    public var text: String {
        var lines: [String] = []
        for path in changed {
            lines.append("changed: \(path)" + (objectChanges[path].map { " (\($0.message))" } ?? ""))
        }
        for path in missing {
            lines.append("missing: \(path)" + (objectChanges[path].map { " (\($0.message))" } ?? ""))
        }
        for path in extra { lines.append("extra: \(path)") }
        for problem in structure { lines.append("layout: \(problem)") }
        let version = "v\(self.version)" + (folder.map { " (\($0))" } ?? "")
        if intact {
            lines.append(
                "\(version): intact (\(plural(filesChecked, "file")) match\(filesChecked == 1 ? "es" : "") checksums.sha256)"
            )
        } else {
            lines.append(
                "\(version): NOT intact — \(changed.count) changed, \(missing.count) missing, "
                    + "\(extra.count) extra, \(plural(structure.count, "layout problem"))")
        }
        if let rebuild { lines.append(rebuild.text) }
        return lines.joined(separator: "\n")
    }

    enum CodingKeys: String, CodingKey {
        case version, path, intact, passed, changed, missing, extra, layout, rebuild
        case filesChecked = "files_checked"
        case objectsChanged = "objects_changed"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(path, forKey: .path)
        try container.encode(intact, forKey: .intact)
        try container.encode(passed, forKey: .passed)
        try container.encode(filesChecked, forKey: .filesChecked)
        try container.encode(changed, forKey: .changed)
        try container.encode(missing, forKey: .missing)
        try container.encode(extra, forKey: .extra)
        try container.encode(structure, forKey: .layout)
        try container.encode(
            objectChanges.sorted { $0.key < $1.key }.map { ObjectChangeEntry(path: $0.key, change: $0.value) },
            forKey: .objectsChanged)
        try container.encode(rebuild, forKey: .rebuild)
    }

    /// A changed or missing image whose store object changed too.
    struct ObjectChangeEntry: Encodable {
        let path: String
        let change: ObjectChange

        enum CodingKeys: String, CodingKey {
            case path, sha256, missing, message
            case sourcePath = "source_path"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(path, forKey: .path)
            try container.encode(change.sha256, forKey: .sha256)
            try container.encode(change.sourcePath, forKey: .sourcePath)
            try container.encode(change.missing, forKey: .missing)
            try container.encode(change.message, forKey: .message)
        }
    }
}
