/// An Acusight batch: a set of images from one device or upload, optionally assigned to a project.
public struct Batch: Sendable, Decodable {
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

    enum CodingKeys: String, CodingKey {
        case id, name, project, source, stage, status, tags, images
        case organizationID = "organization_id"
        case projectID = "project_id"
        case deviceID = "device_id"
        case pipelineConfig = "pipeline_config"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Identifier.self, forKey: .id)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        organizationID = try container.decodeIfPresent(Identifier.self, forKey: .organizationID)
        projectID = try container.decodeIfPresent(Identifier.self, forKey: .projectID)
        project = try container.decodeIfPresent(Project.self, forKey: .project)
        deviceID = try container.decodeIfPresent(Identifier.self, forKey: .deviceID)
        source = try container.decodeIfPresent(String.self, forKey: .source)
        stage = try container.decodeIfPresent(String.self, forKey: .stage)
        status = try container.decodeIfPresent(String.self, forKey: .status)
        tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
        pipelineConfig = try container.decodeIfPresent(GoBytes.self, forKey: .pipelineConfig)
        createdAt = try container.decodeIfPresent(String.self, forKey: .createdAt)
        updatedAt = try container.decodeIfPresent(String.self, forKey: .updatedAt)
        images = try container.decodeIfPresent([BatchImage].self, forKey: .images) ?? []
    }
}

/// The project a batch belongs to, with its classes.
public struct Project: Sendable, Decodable {
    public var id: Identifier?
    public var name: String?
    /// "object_detection" | "instance_segmentation".
    public var projectType: String?
    public var classes: [ProjectClass]

    enum CodingKeys: String, CodingKey {
        case id, name, classes
        case projectType = "project_type"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(Identifier.self, forKey: .id)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        projectType = try container.decodeIfPresent(String.self, forKey: .projectType)
        classes = try container.decodeIfPresent([ProjectClass].self, forKey: .classes) ?? []
    }

    /// The class an annotation's `class_value` names: by raw value first, then by name.
    public func resolveClass(_ value: String) -> ProjectClass? {
        classes.first { $0.rawValue == value } ?? classes.first { $0.name == value }
    }
}

/// One class of a project. `rawValue` is the original YOLO index ("0", "1", ...).
public struct ProjectClass: Sendable, Decodable {
    public var id: Identifier?
    public var name: String
    public var rawValue: String?
    public var color: String?

    enum CodingKeys: String, CodingKey {
        case id, name, color
        case rawValue = "raw_value"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(Identifier.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        rawValue = try container.decodeIfPresent(Identifier.self, forKey: .rawValue)?.text
        color = try container.decodeIfPresent(String.self, forKey: .color)
    }
}
