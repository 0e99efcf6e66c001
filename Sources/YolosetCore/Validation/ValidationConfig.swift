internal import Foundation
internal import Yams

/// Rule severities and thresholds, like a linter's config. Read from YAML:
///
/// ```yaml
/// rules:
///   box.tiny: { severity: error, min_side_pixels: 3 }
///   box.out-of-bounds: { tolerance_pixels: 2 }
///   image.orientation: off        # shorthand for severity
/// images:
///   max_pixels: 50000000
///   max_memory_mb: 512
/// ```
///
/// Unknown keys and rules are errors that name them, so a typo never silently disables a check.
public struct ValidationConfig: Sendable, Equatable {
    /// Severity overrides by rule id; a nil value turns the rule off.
    public var severities: [String: Severity?] = [:]
    /// How far (pixels) a box may reach past an image edge before `box.out-of-bounds` fires.
    public var boxTolerancePixels: Double = 1
    /// How far (pixels) a label box may reach past an image edge before `label.out-of-bounds` fires.
    public var labelTolerancePixels: Double = 1
    /// `box.tiny` fires when a box side is shorter than this (pixels).
    public var tinyMinSidePixels: Double = 2
    /// How far (pixels) a polygon point may lie outside the image before `geometry.invalid` fires.
    public var geometryTolerancePixels: Double = 1
    /// Images with more pixels are refused before decoding (Pillow's own bomb limit by default).
    public var maxPixels: UInt64 = 178_956_970
    /// Bytes the check of one image may have its decoder hold, per worker (`images.max_memory_mb`).
    public var maxMemory: UInt64 = 256 << 20

    /// What bounds the check of each image.
    var imageLimits: ImageLimits { ImageLimits(maxPixels: maxPixels, maxMemory: maxMemory) }

    public init() {}

    /// The severity a rule reports at, or nil when it is turned off.
    public func severity(of rule: Rule) -> Severity? {
        // A run that skipped a dump is never complete, whatever the config says.
        if rule == .dumpUnreadable { return .error }
        if let override = severities[rule.id] { return override }
        return rule.defaultSeverity
    }

    /// Reads a config file.
    public static func load(file: String) throws(ConfigError) -> ValidationConfig {
        try parse(yaml: try ConfigReader.text(of: file), file: file)
    }

    /// Parses a config from YAML text; `file` names it in errors.
    public static func parse(yaml: String, file: String) throws(ConfigError) -> ValidationConfig {
        var config = ValidationConfig()
        guard let node = try ConfigReader.compose(yaml, file: file) else { return config }
        try config.apply(node, file: file, path: "")
        return config
    }

    /// Applies a `rules:`/`images:` mapping found at `path` (empty at the top of a file; a workspace
    /// config nests it under `validation`).
    mutating func apply(_ node: Node, file: String, path: String) throws(ConfigError) {
        let top = try ConfigReader(file: file).mapping(node, path: path, allowed: ["rules", "images"])
        let reader = ConfigReader(file: file)
        if let rules = top["rules"] {
            let rulesPath = reader.join(path, "rules")
            for (key, _) in rules.mapping ?? [:] {
                if let id = key.scalar?.string, let now = Rule.renamed[id] {
                    throw ConfigError(
                        file: file, path: reader.join(rulesPath, id), problem: "this rule is now part of \(now)")
                }
            }
            for (id, value) in try reader.mapping(rules, path: rulesPath, allowed: Set(Rule.known.map(\.id))) {
                try applyRule(id, value, reader: reader, path: reader.join(rulesPath, id))
            }
        }
        if let images = top["images"] {
            let imagesPath = reader.join(path, "images")
            let settings = try reader.mapping(images, path: imagesPath, allowed: ["max_pixels", "max_memory_mb"])
            if let value = settings["max_pixels"] {
                let limit = try reader.number(value, path: reader.join(imagesPath, "max_pixels"))
                guard limit >= 1, limit <= Double(UInt64.max / 2) else {
                    throw ConfigError(
                        file: file, path: reader.join(imagesPath, "max_pixels"),
                        problem: "must be a positive number of pixels")
                }
                maxPixels = UInt64(limit)
            }
            if let value = settings["max_memory_mb"] {
                let limit = try reader.number(value, path: reader.join(imagesPath, "max_memory_mb"))
                guard limit >= 16, limit <= 1_048_576 else {
                    throw ConfigError(
                        file: file, path: reader.join(imagesPath, "max_memory_mb"),
                        problem: "must be a number of MiB from 16 to 1048576")
                }
                maxMemory = UInt64(limit * 1_048_576)
            }
        }
    }

    private mutating func applyRule(_ id: String, _ node: Node, reader: ConfigReader, path: String) throws(ConfigError)
    {
        if node.scalar != nil {
            severities[id] = try reader.severity(node, path: path)
            return
        }
        var allowed: Set<String> = ["severity"]
        switch id {
        case Rule.boxOutOfBounds.id, Rule.geometryInvalid.id, Rule.labelOutOfBounds.id:
            allowed.insert("tolerance_pixels")
        case Rule.boxTiny.id: allowed.insert("min_side_pixels")
        default: break
        }
        let settings = try reader.mapping(node, path: path, allowed: allowed)
        if let value = settings["severity"] {
            severities[id] = try reader.severity(value, path: reader.join(path, "severity"))
        }
        if let value = settings["tolerance_pixels"] {
            let pixels = try reader.number(value, path: reader.join(path, "tolerance_pixels"), minimum: 0)
            switch id {
            case Rule.boxOutOfBounds.id: boxTolerancePixels = pixels
            case Rule.labelOutOfBounds.id: labelTolerancePixels = pixels
            default: geometryTolerancePixels = pixels
            }
        }
        if let value = settings["min_side_pixels"] {
            tinyMinSidePixels = try reader.number(value, path: reader.join(path, "min_side_pixels"), minimum: 0)
        }
    }
}
