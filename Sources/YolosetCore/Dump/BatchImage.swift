/// One image of a batch, as the dump describes it. The file itself is found under the images root.
public struct BatchImage: Sendable, Decodable {
    public var id: Identifier
    public var batchID: Identifier?
    public var filename: String?
    /// Object-store path of the file, relative to the images root.
    public var storageKey: String?
    /// Size as the annotators saw the image (after EXIF orientation).
    public var width: Int
    public var height: Int
    /// "pending" | "completed".
    public var annotationStatus: String?
    /// nil, or "train" | "val" | "test"; other strings are reported by `split.invalid`.
    public var split: String?
    public var splitLocked: Bool
    public var deviceID: Identifier?
    public var annotations: [Annotation]

    enum CodingKeys: String, CodingKey {
        case id, filename, width, height, split, annotations
        case batchID = "batch_id"
        case storageKey = "storage_key"
        case annotationStatus = "annotation_status"
        case splitLocked = "split_locked"
        case deviceID = "device_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Identifier.self, forKey: .id)
        batchID = try container.decodeIfPresent(Identifier.self, forKey: .batchID)
        filename = try container.decodeIfPresent(String.self, forKey: .filename)
        storageKey = try container.decodeIfPresent(String.self, forKey: .storageKey)
        width = try container.decode(Int.self, forKey: .width)
        height = try container.decode(Int.self, forKey: .height)
        annotationStatus = try container.decodeIfPresent(String.self, forKey: .annotationStatus)
        split = try container.decodeIfPresent(String.self, forKey: .split)
        splitLocked = try container.decodeIfPresent(Bool.self, forKey: .splitLocked) ?? false
        deviceID = try container.decodeIfPresent(Identifier.self, forKey: .deviceID)
        annotations = try container.decodeIfPresent([Annotation].self, forKey: .annotations) ?? []
    }
}
