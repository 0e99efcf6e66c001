internal import Foundation
internal import Yams

/// A version's `pipeline_config`: which images and annotations a snapshot takes, and how classes are
/// renamed, merged or dropped. Read from YAML; unknown keys are errors naming the key.
///
/// ```yaml
/// batches: [b-1001, b-1002]      # default: every batch
/// include_pending: false         # images not yet completed
/// sources: [manual, model]       # annotation sources taken (default: all)
/// min_confidence: 0.5            # model-made annotations below it are left out
/// failed_validation: exclude     # exclude (default) | refuse | include
/// backgrounds: none              # none (default) | assigned: the images of Runflow and Nimble
///                                # batches assigned to the project, with empty label files
/// classes:
///   rename: { car: vehicle }
///   merge: { truck: vehicle }    # truck's annotations become vehicle's
///   drop: [dog]
/// ```
public struct VersionConfig: Sendable, Equatable {
    public enum FailedValidation: String, Sendable {
        case exclude, refuse, include
    }

    /// Which unannotated Runflow and Nimble images a version takes as background images.
    public enum Backgrounds: String, Sendable {
        case none, assigned
    }

    public var batches: [String]?
    public var includePending = false
    public var sources: [String]?
    public var minConfidence: Double?
    public var failedValidation = FailedValidation.exclude
    public var backgrounds = Backgrounds.none
    public var renames: [String: String] = [:]
    public var merges: [String: String] = [:]
    public var drops: Set<String> = []
    /// The config as given, as JSON-ready values, for `version.json`'s `pipeline_config`.
    public var original: [String: Any?] { raw.mapValues { $0.value } }
    private var raw: [String: AnyValue] = [:]
    /// The YAML it was read from ("" for the defaults): what a version records to be built again.
    var yaml = ""
    /// The file it was read from, for errors.
    var file = "version config"

    public init() {}

    public static func == (lhs: VersionConfig, rhs: VersionConfig) -> Bool {
        lhs.batches == rhs.batches && lhs.includePending == rhs.includePending && lhs.sources == rhs.sources
            && lhs.minConfidence == rhs.minConfidence && lhs.failedValidation == rhs.failedValidation
            && lhs.backgrounds == rhs.backgrounds
            && lhs.renames == rhs.renames && lhs.merges == rhs.merges && lhs.drops == rhs.drops
    }

    public static func load(file: String) throws(ConfigError) -> VersionConfig {
        try parse(yaml: try ConfigReader.text(of: file), file: file)
    }

    public static func parse(yaml: String, file: String) throws(ConfigError) -> VersionConfig {
        var config = VersionConfig()
        config.yaml = yaml
        config.file = file
        guard let root = try ConfigReader.compose(yaml, file: file) else { return config }
        let reader = ConfigReader(file: file)
        let keys: Set<String> = [
            "batches", "include_pending", "sources", "min_confidence", "failed_validation", "classes", "backgrounds",
        ]
        for (key, node) in try reader.mapping(root, path: "", allowed: keys) {
            config.raw[key] = AnyValue(node)
            switch key {
            case "batches": config.batches = try reader.strings(node, path: key)
            case "sources": config.sources = try reader.strings(node, path: key)
            case "include_pending": config.includePending = try reader.bool(node, path: key)
            case "min_confidence":
                let value = try reader.number(node, path: key, minimum: 0)
                guard value <= 1 else {
                    throw ConfigError(file: file, path: key, problem: "expected a number in [0, 1]")
                }
                config.minConfidence = value
            case "failed_validation":
                guard let text = node.scalar?.string, let value = FailedValidation(rawValue: text) else {
                    throw ConfigError(file: file, path: key, problem: "expected exclude, refuse or include")
                }
                config.failedValidation = value
            case "backgrounds":
                guard let text = node.scalar?.string, let value = Backgrounds(rawValue: text) else {
                    throw ConfigError(file: file, path: key, problem: "expected none or assigned")
                }
                config.backgrounds = value
            default:
                for (action, value) in try reader.mapping(node, path: key, allowed: ["rename", "merge", "drop"]) {
                    let path = "classes.\(action)"
                    switch action {
                    case "drop": config.drops = Set(try reader.strings(value, path: path))
                    default:
                        var pairs: [String: String] = [:]
                        for (from, to) in try reader.mapping(value, path: path, allowed: nil) {
                            guard let target = to.scalar?.string, !target.isEmpty else {
                                throw ConfigError(file: file, path: "\(path).\(from)", problem: "expected a class name")
                            }
                            pairs[from] = target
                        }
                        if action == "rename" { config.renames = pairs } else { config.merges = pairs }
                    }
                }
            }
        }
        return config
    }

    /// Refuses a `classes` section that names a class the project does not have: every class `rename`,
    /// `merge` and `drop` name must be one of `names`, and a merge's target one of them or a rename's
    /// new name. A typo would otherwise make a version that silently keeps the class as it was.
    func checkClasses(_ names: [String]) throws(ConfigError) {
        let known = Set(names)
        let listed = names.isEmpty ? "the project has no classes" : "its classes are \(names.joined(separator: ", "))"
        func check(_ name: String, _ path: String) throws(ConfigError) {
            guard !known.contains(name) else { return }
            throw ConfigError(file: file, path: path, problem: "no class '\(name)' in the project; \(listed)")
        }
        for name in drops.sorted() { try check(name, "classes.drop") }
        for name in renames.keys.sorted() { try check(name, "classes.rename.\(name)") }
        for name in merges.keys.sorted() { try check(name, "classes.merge.\(name)") }
        let renamed = Set(renames.values)
        for (name, target) in merges.sorted(by: { $0.key < $1.key }) where !renamed.contains(target) {
            guard !known.contains(target) else { continue }
            throw ConfigError(
                file: file, path: "classes.merge.\(name)",
                problem: "merges into '\(target)', which is no class of the project (\(listed)); merge into one of "
                    + "them, or rename '\(name)' to give it a new name")
        }
    }
}

/// A YAML value kept for `pipeline_config`: scalars typed as YAML resolves them.
private struct AnyValue: @unchecked Sendable {
    let value: Any?

    init(_ node: Node) {
        switch node {
        case .scalar(let scalar):
            if let bool = Bool.construct(from: scalar) {
                value = bool
            } else if let int = Int.construct(from: scalar) {
                value = int
            } else if let double = Double.construct(from: scalar) {
                value = double
            } else if scalar.string == "null" || scalar.string == "~" {
                value = nil
            } else {
                value = scalar.string
            }
        case .sequence(let sequence): value = sequence.map { AnyValue($0).value }
        case .mapping(let mapping):
            var object: [String: Any?] = [:]
            for (key, item) in mapping { object[key.scalar?.string ?? ""] = AnyValue(item).value }
            value = object
        case .alias: value = nil
        }
    }
}
