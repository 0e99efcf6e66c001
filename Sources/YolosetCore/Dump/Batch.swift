/// An Acusight batch: a set of images from one device or upload, optionally assigned to a project.
public struct Batch: Sendable {
    public var id: Identifier
    public var name: String?
    public var organizationID: Identifier?
    /// Nil for a batch in the raw pool.
    public var projectID: Identifier?
    public var project: Project?
    public var deviceID: Identifier?
    /// "edge" | "upload" (later sources add their own).
    public var source: String?
    /// "unassigned" | "annotating" | "dataset".
    public var stage: String?
    public var status: String?
    public var tags: [String]
    /// Processing settings the server attached, in whichever of Go's byte-slice forms it arrived.
    public var pipelineConfig: GoBytes?
    public var createdAt: String?
    public var updatedAt: String?
    public var images: [BatchImage]

    init(_ object: JSONObjectNode) throws(DumpError) {
        id = try object.identifier("id")
        name = try object.optionalString("name")
        organizationID = try object.optionalIdentifier("organization_id")
        projectID = try object.optionalIdentifier("project_id")
        project = try object.optionalObject("project").map { object throws(DumpError) in try Project(object) }
        deviceID = try object.optionalIdentifier("device_id")
        source = try object.optionalString("source")
        stage = try object.optionalString("stage")
        status = try object.optionalString("status")
        tags = try (object.optionalArray("tags") ?? []).map { tag throws(DumpError) in try tag.string() }
        pipelineConfig = object.optionalGoBytes("pipeline_config")
        createdAt = try object.optionalString("created_at")
        updatedAt = try object.optionalString("updated_at")
        images = try (object.optionalArray("images") ?? []).map { image throws(DumpError) in
            try BatchImage(image.object())
        }
    }
}

/// The project a batch belongs to, with its classes.
public struct Project: Sendable {
    public var id: Identifier?
    public var name: String?
    /// "object_detection" | "instance_segmentation".
    public var projectType: String?
    public var classes: [ProjectClass]

    init(_ object: JSONObjectNode) throws(DumpError) {
        id = try object.optionalIdentifier("id")
        name = try object.optionalString("name")
        projectType = try object.optionalString("project_type")
        classes = try (object.optionalArray("classes") ?? []).map { item throws(DumpError) in
            try ProjectClass(item.object())
        }
    }

    /// The class an annotation's `class_value` names: by raw value first, then by name.
    public func resolveClass(_ value: String) -> ProjectClass? {
        classes.first { $0.rawValue == value } ?? classes.first { $0.name == value }
    }
}

/// One class of a project. `rawValue` is the original YOLO index ("0", "1", ...).
public struct ProjectClass: Sendable {
    public var id: Identifier?
    public var name: String
    public var rawValue: String?
    public var color: String?

    init(_ object: JSONObjectNode) throws(DumpError) {
        id = try object.optionalIdentifier("id")
        name = try object.string("name")
        rawValue = try object.optionalIdentifier("raw_value")?.text
        color = try object.optionalString("color")
    }
}
