/// One image of a batch, as the dump describes it. The file itself is found under the images root.
public struct BatchImage: Sendable {
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

    init(_ object: JSONObjectNode) throws(DumpError) {
        id = try object.identifier("id")
        batchID = try object.optionalIdentifier("batch_id")
        filename = try object.optionalString("filename")
        storageKey = try object.optionalString("storage_key")
        width = try object.int("width")
        height = try object.int("height")
        annotationStatus = try object.optionalString("annotation_status")
        split = try object.optionalString("split")
        splitLocked = try object.optionalBool("split_locked") ?? false
        deviceID = try object.optionalIdentifier("device_id")
        annotations = try (object.optionalArray("annotations") ?? []).map { item throws(DumpError) in
            try Annotation(item.object())
        }
    }
}
