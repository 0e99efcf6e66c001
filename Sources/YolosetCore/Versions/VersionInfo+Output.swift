internal import Foundation

/// `yoloset show`, and each version in `versions`.
extension VersionInfo: CommandOutput {
    /// For people: the version, its folder, its totals and classes, then counts per split and class.
    public var text: String {
        var lines = [
            "v\(number)\(name == "v\(number)" ? "" : " \(name)"), created \(createdAt)", "  \(path)",
            "  \(plural(images, "image")), \(plural(annotations, "label")); classes: \(classes.joined(separator: ", "))",
        ]
        for split in splits {
            let classes = split.classes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            lines.append(
                "  \(split.split.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0))\(plural(split.images, "image")), "
                    + "\(plural(split.annotations, "label"))"
                    + (classes.isEmpty ? "" : " — \(classes.joined(separator: ", "))"))
        }
        return lines.joined(separator: "\n")
    }

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
            SplitCounts.byName(splits), forKey: .splits)
    }
}
