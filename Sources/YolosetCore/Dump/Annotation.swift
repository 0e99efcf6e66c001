/// One object on an image: a box (normalized centre and size) and, for instance segmentation, a polygon.
public struct Annotation: Sendable {
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

    init(_ object: JSONObjectNode) throws(DumpError) {
        id = try object.identifier("id")
        imageID = try object.optionalIdentifier("image_id")
        classValue = try object.string("class_value")
        type = try object.optionalString("type")
        geometry = object.optionalGoBytes("geometry")
        // A box needs all four numbers; a polygon may carry them as its bounding box, or not at all.
        if geometry == nil || type == "bbox" {
            xCenter = try object.double("x_center")
            yCenter = try object.double("y_center")
            width = try object.double("width")
            height = try object.double("height")
        } else {
            xCenter = try object.optionalDouble("x_center")
            yCenter = try object.optionalDouble("y_center")
            width = try object.optionalDouble("width")
            height = try object.optionalDouble("height")
        }
        confidence = try object.optionalDouble("confidence")
        source = try object.optionalString("source")
        modelName = try object.optionalString("model_name")
        modelVersion = try object.optionalString("model_version")
        zOrder = try object.optionalInt("z_order")
    }

    /// The box, when all four numbers are present.
    public var box: (xCenter: Double, yCenter: Double, width: Double, height: Double)? {
        guard let xCenter, let yCenter, let width, let height else { return nil }
        return (xCenter, yCenter, width, height)
    }
}
