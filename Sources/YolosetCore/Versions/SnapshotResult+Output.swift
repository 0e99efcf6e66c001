/// `yoloset snapshot`. `created` says whether a version was made; when not, `version` and `path` name
/// the newest one, which already holds the same dataset.
extension SnapshotResult: CommandOutput {
    /// For people: the version made, with its counts and warnings, or the version that already holds
    /// this dataset.
    public var text: String {
        switch self {
        case .unchanged(let number, let path):
            return "no new version: v\(number) (\(path)) already holds this dataset"
        case .created(let summary):
            let splits = DatasetSplit.allCases.map { "\($0.rawValue) \(summary.perSplit[$0] ?? 0)" }
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

    enum CodingKeys: String, CodingKey {
        case created, version, path
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
        }
    }
}

/// The version `snapshot` made.
extension VersionSummary: Encodable {
    enum CodingKeys: String, CodingKey {
        case version, name, path, images, annotations, classes, warnings, dropped
        case splitCounts = "split_counts"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number, forKey: .version)
        try container.encode(name, forKey: .name)
        try container.encode(path, forKey: .path)
        try container.encode(images, forKey: .images)
        try container.encode(annotations, forKey: .annotations)
        // Every split, with 0 when it has no image.
        try container.encode(
            Dictionary(uniqueKeysWithValues: DatasetSplit.allCases.map { ($0.rawValue, perSplit[$0] ?? 0) }),
            forKey: .splitCounts)
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
