/// `yoloset diff`.
extension VersionDiff: CommandOutput {
    /// For people: counts of each kind of change, the first ids of each, and every class change.
    public var text: String {
        var lines = ["v\(from) → v\(to)"]
        if isEmpty {
            lines.append("  no differences")
            return lines.joined(separator: "\n")
        }
        func list(_ ids: [String]) -> String {
            ids.prefix(10).joined(separator: ", ") + (ids.count > 10 ? ", … (\(ids.count - 10) more)" : "")
        }
        lines.append(
            "images: \(imagesAdded.count) added, \(imagesRemoved.count) removed, "
                + "\(imagesMoved.count) moved, \(imagesChanged.count) with new bytes")
        if !imagesAdded.isEmpty { lines.append("  + \(list(imagesAdded))") }
        if !imagesRemoved.isEmpty { lines.append("  - \(list(imagesRemoved))") }
        for move in imagesMoved.prefix(20) { lines.append("  ~ \(move.imageID): \(move.from) → \(move.to)") }
        lines.append(
            "annotations: \(annotationsAdded.count) added, \(annotationsRemoved.count) removed, "
                + "\(annotationsChanged.count) changed")
        for rename in classesRenamed { lines.append("class renamed: \(rename.from) → \(rename.to)") }
        for name in classesAdded { lines.append("class added: \(name)") }
        for name in classesRemoved { lines.append("class removed: \(name)") }
        for change in classesReindexed {
            lines.append("class re-indexed: \(change.name) \(change.from) → \(change.to)")
        }
        return lines.joined(separator: "\n")
    }

    enum CodingKeys: String, CodingKey {
        case from, to, identical, images, annotations, classes
    }

    enum ImagesKeys: String, CodingKey {
        case added, removed, moved
        case contentChanged = "content_changed"
    }

    enum AnnotationsKeys: String, CodingKey {
        case added, removed, changed
    }

    enum ClassesKeys: String, CodingKey {
        case renamed, added, removed, reindexed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(isEmpty, forKey: .identical)
        var images = container.nestedContainer(keyedBy: ImagesKeys.self, forKey: .images)
        try images.encode(imagesAdded, forKey: .added)
        try images.encode(imagesRemoved, forKey: .removed)
        try images.encode(imagesChanged, forKey: .contentChanged)
        try images.encode(imagesMoved, forKey: .moved)
        var annotations = container.nestedContainer(keyedBy: AnnotationsKeys.self, forKey: .annotations)
        try annotations.encode(annotationsAdded, forKey: .added)
        try annotations.encode(annotationsRemoved, forKey: .removed)
        try annotations.encode(annotationsChanged, forKey: .changed)
        var classes = container.nestedContainer(keyedBy: ClassesKeys.self, forKey: .classes)
        try classes.encode(classesRenamed, forKey: .renamed)
        try classes.encode(classesAdded, forKey: .added)
        try classes.encode(classesRemoved, forKey: .removed)
        try classes.encode(classesReindexed, forKey: .reindexed)
    }
}

extension VersionDiff.Move: Encodable {
    enum CodingKeys: String, CodingKey {
        case from, to
        case imageID = "image_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(imageID, forKey: .imageID)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
    }
}

extension VersionDiff.Rename: Encodable {
    enum CodingKeys: String, CodingKey {
        case original, from, to
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(original, forKey: .original)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
    }
}

extension VersionDiff.Reindex: Encodable {
    enum CodingKeys: String, CodingKey {
        case name, from, to
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
    }
}
