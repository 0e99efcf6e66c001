/// One object on an image: a box (normalized centre and size) and, for instance segmentation, a polygon.
public struct Annotation: Sendable, Decodable {
    public var id: Identifier
    public var imageID: Identifier?
    /// A class's raw value ("0") or its name ("person").
    public var classValue: String
    /// "bbox" or "polygon".
    public var type: String?
    public var xCenter: Double?
    public var yCenter: Double?
    public var width: Double?
    public var height: Double?
    public var geometry: GoBytes?
    public var confidence: Double?
    public var source: String?
    public var modelName: String?
    public var modelVersion: String?
    public var zOrder: Int?

    enum CodingKeys: String, CodingKey {
        case id, type, width, height, geometry, confidence, source
        case imageID = "image_id"
        case classValue = "class_value"
        case xCenter = "x_center"
        case yCenter = "y_center"
        case modelName = "model_name"
        case modelVersion = "model_version"
        case zOrder = "z_order"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Identifier.self, forKey: .id)
        imageID = try container.decodeIfPresent(Identifier.self, forKey: .imageID)
        classValue = try container.decode(String.self, forKey: .classValue)
        type = try container.decodeIfPresent(String.self, forKey: .type)
        geometry = try container.decodeIfPresent(GoBytes.self, forKey: .geometry)
        // A box needs all four numbers; a polygon may carry them as its bounding box, or not at all.
        if geometry == nil || type == "bbox" {
            xCenter = try container.decode(Double.self, forKey: .xCenter)
            yCenter = try container.decode(Double.self, forKey: .yCenter)
            width = try container.decode(Double.self, forKey: .width)
            height = try container.decode(Double.self, forKey: .height)
        } else {
            xCenter = try container.decodeIfPresent(Double.self, forKey: .xCenter)
            yCenter = try container.decodeIfPresent(Double.self, forKey: .yCenter)
            width = try container.decodeIfPresent(Double.self, forKey: .width)
            height = try container.decodeIfPresent(Double.self, forKey: .height)
        }
        confidence = try container.decodeIfPresent(Double.self, forKey: .confidence)
        source = try container.decodeIfPresent(String.self, forKey: .source)
        modelName = try container.decodeIfPresent(String.self, forKey: .modelName)
        modelVersion = try container.decodeIfPresent(String.self, forKey: .modelVersion)
        zOrder = try container.decodeIfPresent(Int.self, forKey: .zOrder)
    }

    /// The box, when all four numbers are present.
    public var box: (xCenter: Double, yCenter: Double, width: Double, height: Double)? {
        guard let xCenter, let yCenter, let width, let height else { return nil }
        return (xCenter, yCenter, width, height)
    }
}
