/// `yoloset diff`.
extension VersionDiff: CommandOutput {
    enum CodingKeys: String, CodingKey {
        case from, to, images, annotations, classes
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
