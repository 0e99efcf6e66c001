/// `yoloset snapshot`. `created` says whether a version was made; when not, `version` and `path` name
/// the newest one, which already holds the same dataset, and the keys describing a new version are null.
extension SnapshotResult: CommandOutput {
    /// For people: the version made, with its counts and warnings, or the version that already holds
    /// this dataset.
    public var text: String {
        switch self {
        case .unchanged(let number, let path):
            return "no new version: v\(number) (\(path)) already holds this dataset"
        case .created(let summary):
            let splits = summary.splits.map { "\($0.split.rawValue) \($0.images)" }
            // A version named after its number is not named twice: "created v1 at …".
            let named = summary.name == "v\(summary.number)" ? "" : " (\(summary.name))"
            var lines = [
                "created v\(summary.number)\(named) at \(summary.path): \(plural(summary.images, "image")) "
                    + "(\(splits.joined(separator: ", "))), \(plural(summary.annotations, "label")), "
                    + "\(plural(summary.classes.count, "class", "classes"))"
            ]
            for warning in summary.warnings { lines.append("warning: \(warning)") }
            for drop in summary.dropped {
                lines.append("\(drop.severity.rawValue): \(Rule.versionDropped.id): \(drop.message)")
            }
            return lines.joined(separator: "\n")
        }
    }

    /// 2: `split_counts` became `splits`, each with images, annotations and class_distribution.
    public static var schemaVersion: Int { 2 }

    enum CodingKeys: String, CodingKey {
        case created, version, path, name, images, annotations, classes, splits, warnings, dropped
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .created(let summary):
            try summary.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(true, forKey: .created)
        case .unchanged(let number, let path):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(false, forKey: .created)
            try container.encode(number, forKey: .version)
            try container.encode(path, forKey: .path)
            // No version was made: what would describe it is null (`yoloset show` describes the one named).
            for key in [CodingKeys.name, .images, .annotations, .classes, .splits] {
                try container.encodeNil(forKey: key)
            }
            try container.encode([String](), forKey: .warnings)
            try container.encode([String](), forKey: .dropped)
        }
    }
}

/// The version `snapshot` made.
extension VersionSummary: Encodable {
    enum CodingKeys: String, CodingKey {
        case version, name, path, images, annotations, classes, splits, warnings, dropped
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number, forKey: .version)
        try container.encode(name, forKey: .name)
        try container.encode(path, forKey: .path)
        try container.encode(images, forKey: .images)
        try container.encode(annotations, forKey: .annotations)
        try container.encode(
            SplitCounts.byName(splits), forKey: .splits)
        try container.encode(classes, forKey: .classes)
        try container.encode(warnings, forKey: .warnings)
        try container.encode(dropped, forKey: .dropped)
    }
}

/// One `version.dropped` finding of `snapshot --json`'s `dropped` list.
extension VersionDrop: Encodable {
    enum CodingKeys: String, CodingKey {
        case rule, severity, message, reason, rules
        case imageID = "image_id"
        case batchID = "batch_id"
        case previousVersion = "previous_version"
        case previousSplit = "previous_split"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Rule.versionDropped.id, forKey: .rule)
        try container.encode(severity, forKey: .severity)
        try container.encode(message, forKey: .message)
        try container.encode(imageID, forKey: .imageID)
        try container.encode(batchID, forKey: .batchID)
        try container.encode(previousVersion, forKey: .previousVersion)
        try container.encode(previousSplit.rawValue, forKey: .previousSplit)
        try container.encode(reason.code, forKey: .reason)
        // The failing rules for `failed_validation`, else empty.
        if case .failedValidation(let rules) = reason {
            try container.encode(rules, forKey: .rules)
        } else {
            try container.encode([String](), forKey: .rules)
        }
    }
}
