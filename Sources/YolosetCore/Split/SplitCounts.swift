/// One split's images, annotations and annotations per class name, as `split`, `snapshot`, `show` and
/// `versions` report them.
public struct SplitCounts: Sendable, Equatable {
    public var split: DatasetSplit
    public var images: Int
    public var annotations: Int
    public var classes: [String: Int]

    public init(split: DatasetSplit, images: Int = 0, annotations: Int = 0, classes: [String: Int] = [:]) {
        self.split = split
        self.images = images
        self.annotations = annotations
        self.classes = classes
    }

    /// The JSON `splits` object: each split under its name.
    static func byName(_ splits: [SplitCounts]) -> [String: SplitCounts] {
        Dictionary(splits.map { ($0.split.rawValue, $0) }, uniquingKeysWith: { $1 })
    }
}

/// One split under its name in a `splits` object.
extension SplitCounts: Encodable {
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
