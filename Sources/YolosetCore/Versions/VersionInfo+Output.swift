/// `yoloset show`, and each version in `versions`.
extension VersionInfo: CommandOutput {
    enum CodingKeys: String, CodingKey {
        case version, name, path, images, annotations, classes, splits
        case createdAt = "created_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number, forKey: .version)
        try container.encode(name, forKey: .name)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(path, forKey: .path)
        try container.encode(images, forKey: .images)
        try container.encode(annotations, forKey: .annotations)
        try container.encode(classes, forKey: .classes)
        try container.encode(
            Dictionary(splits.map { ($0.split.rawValue, $0) }, uniquingKeysWith: { $1 }), forKey: .splits)
    }
}

/// One split's counts, under its name in `splits`.
extension VersionInfo.SplitCounts: Encodable {
    enum CodingKeys: String, CodingKey {
        case images, annotations
        case classes = "class_distribution"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(images, forKey: .images)
        try container.encode(annotations, forKey: .annotations)
        try container.encode(classes, forKey: .classes)
    }
}
