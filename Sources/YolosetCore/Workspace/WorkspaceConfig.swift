internal import Foundation
internal import Yams

/// `yoloset.yaml`: the workspace's settings, read and written with Yams.
///
/// ```yaml
/// project:
///   name: Dock safety
///   type: detect            # detect | segment
///   id: 6a1f…               # optional: the Acusight project `assign` moves raw-pool batches into
/// classes:                  # optional; the catalog learns classes from the dumps
///   - { name: person, raw_value: "0" }
/// split:
///   ratios: { train: 0.8, val: 0.1, test: 0.1 }
///   seed: 0
///   group_by: none          # none | device | batch
/// validation:               # the same settings as `validate --config`
///   rules: {}
/// store:
///   link: auto              # auto | reflink | copy | hardlink: how objects take in image files
/// pipeline:                 # what `yoloset run` does; paths relative to this file's folder
///   dumps: dumps            # the folder of batch dumps to import (required by `run`)
///   images: images          # where their images are (default: each dump's folder)
///   check: header           # header | full
///   lock: true              # lock the splits `run` assigns
///   version: version.yaml   # a version config for the snapshot (optional)
/// ```
///
/// Unknown keys are errors naming the key, as in every yoloset config.
public struct WorkspaceConfig: Sendable, Equatable {
    public static let fileName = "yoloset.yaml"

    public var name: String
    public var type: ProjectKind
    /// The project's id, when the file names one (`assign` uses it before any Acusight dump has).
    public var projectID: String?
    public var classes: [ClassEntry]
    public var ratios: SplitRatios
    public var seed: UInt64
    public var groupBy: SplitGrouping
    public var validation: ValidationConfig
    public var pipeline: Pipeline
    /// How the object store takes in image files (`store.link`).
    public var link: StoreLink

    public struct ClassEntry: Sendable, Equatable {
        public var name: String
        public var rawValue: String?
    }

    /// The `pipeline:` section: what `yoloset run` imports and how. Paths are as written in the file;
    /// `Workspace.resolve(_:)` makes them absolute.
    public struct Pipeline: Sendable, Equatable {
        public var dumps: String?
        public var images: String?
        public var check: CheckLevel = .header
        public var lock = true
        public var version: String?

        public init(dumps: String? = nil, images: String? = nil) {
            self.dumps = dumps
            self.images = images
        }
    }

    public init(name: String, type: ProjectKind) {
        self.name = name
        self.type = type
        classes = []
        ratios = .standard
        seed = 0
        groupBy = .none
        validation = ValidationConfig()
        pipeline = Pipeline()
        link = .auto
    }

    public static func load(file: String) throws(ConfigError) -> WorkspaceConfig {
        try parse(yaml: try ConfigReader.text(of: file), file: file)
    }

    public static func parse(yaml: String, file: String) throws(ConfigError) -> WorkspaceConfig {
        guard let root = try ConfigReader.compose(yaml, file: file) else {
            throw ConfigError(file: file, path: nil, problem: "the file is empty")
        }
        let reader = ConfigReader(file: file)
        let top = try reader.mapping(
            root, path: "", allowed: ["project", "classes", "split", "validation", "pipeline", "store"])
        guard let projectNode = top["project"] else {
            throw ConfigError(file: file, path: "project", problem: "missing; it names the project and its type")
        }
        let project = try reader.mapping(projectNode, path: "project", allowed: ["name", "type", "id"])
        guard let name = project["name"]?.scalar?.string, !name.isEmpty else {
            throw ConfigError(file: file, path: "project.name", problem: "expected a non-empty name")
        }
        let typeText = project["type"]?.scalar?.string ?? ProjectKind.detect.rawValue
        guard let type = ProjectKind(rawValue: typeText) else {
            throw ConfigError(
                file: file, path: "project.type", problem: "expected detect or segment, not '\(typeText)'")
        }
        var config = WorkspaceConfig(name: name, type: type)
        if let id = project["id"] {
            guard let text = id.scalar?.string, !text.isEmpty else {
                throw ConfigError(file: file, path: "project.id", problem: "expected a project id")
            }
            config.projectID = text
        }
        if let classes = top["classes"] {
            guard let items = classes.sequence else {
                throw ConfigError(file: file, path: "classes", problem: "expected a list of {name, raw_value}")
            }
            for (index, item) in items.enumerated() {
                let path = "classes[\(index)]"
                let fields = try reader.mapping(item, path: path, allowed: ["name", "raw_value"])
                guard let className = fields["name"]?.scalar?.string, !className.isEmpty else {
                    throw ConfigError(file: file, path: "\(path).name", problem: "expected a non-empty name")
                }
                config.classes.append(ClassEntry(name: className, rawValue: fields["raw_value"]?.scalar?.string))
            }
        }
        if let split = top["split"] {
            let fields = try reader.mapping(split, path: "split", allowed: ["ratios", "seed", "group_by"])
            if let ratios = fields["ratios"] {
                let parts = try reader.mapping(ratios, path: "split.ratios", allowed: ["train", "val", "test"])
                var values: [String: Double] = [:]
                for (key, node) in parts {
                    values[key] = try reader.number(node, path: "split.ratios.\(key)", minimum: 0)
                }
                do {
                    config.ratios = try SplitRatios(
                        train: values["train"] ?? 0, val: values["val"] ?? 0, test: values["test"] ?? 0)
                } catch {
                    throw ConfigError(file: file, path: "split.ratios", problem: error.description)
                }
            }
            if let seed = fields["seed"] {
                guard let text = seed.scalar?.string, let value = UInt64(text) else {
                    throw ConfigError(file: file, path: "split.seed", problem: "expected a whole number ≥ 0")
                }
                config.seed = value
            }
            if let group = fields["group_by"] {
                guard let text = group.scalar?.string, let value = SplitGrouping(rawValue: text) else {
                    throw ConfigError(file: file, path: "split.group_by", problem: "expected none, device or batch")
                }
                config.groupBy = value
            }
        }
        if let validation = top["validation"] {
            try config.validation.apply(validation, file: file, path: "validation")
        }
        if let pipeline = top["pipeline"] {
            let fields = try reader.mapping(
                pipeline, path: "pipeline", allowed: ["dumps", "images", "check", "lock", "version"])
            for (key, node) in fields {
                let path = "pipeline.\(key)"
                switch key {
                case "lock": config.pipeline.lock = try reader.bool(node, path: path)
                case "check":
                    guard let text = node.scalar?.string, let level = CheckLevel(rawValue: text) else {
                        throw ConfigError(file: file, path: path, problem: "expected header or full")
                    }
                    config.pipeline.check = level
                default:
                    guard let text = node.scalar?.string, !text.isEmpty else {
                        throw ConfigError(file: file, path: path, problem: "expected a path")
                    }
                    switch key {
                    case "dumps": config.pipeline.dumps = text
                    case "images": config.pipeline.images = text
                    default: config.pipeline.version = text
                    }
                }
            }
        }
        if let store = top["store"] {
            let fields = try reader.mapping(store, path: "store", allowed: ["link"])
            if let node = fields["link"] {
                guard let text = node.scalar?.string, let link = StoreLink(rawValue: text) else {
                    throw ConfigError(
                        file: file, path: "store.link", problem: "expected auto, reflink, copy or hardlink")
                }
                config.link = link
            }
        }
        return config
    }

    /// The file `yoloset init` writes.
    public func yaml() -> String {
        func scalar(_ text: String) -> Node { Node(text) }
        func mapping(_ pairs: [(String, Node)]) -> Node {
            .mapping(Node.Mapping(pairs.map { (Node($0.0), $0.1) }))
        }
        var classNodes: [Node] = []
        for entry in classes {
            var pairs = [("name", scalar(entry.name))]
            if let raw = entry.rawValue { pairs.append(("raw_value", Node(raw, Tag(.str), .doubleQuoted))) }
            classNodes.append(mapping(pairs))
        }
        var pipelinePairs: [(String, Node)] = []
        if let dumps = pipeline.dumps { pipelinePairs.append(("dumps", scalar(dumps))) }
        if let images = pipeline.images { pipelinePairs.append(("images", scalar(images))) }
        pipelinePairs.append(("check", scalar(pipeline.check.rawValue)))
        pipelinePairs.append(("lock", scalar(pipeline.lock ? "true" : "false")))
        if let version = pipeline.version { pipelinePairs.append(("version", scalar(version))) }
        let root = mapping([
            (
                "project",
                mapping(
                    [("name", scalar(name)), ("type", scalar(type.rawValue))]
                        + (projectID.map { [("id", Node($0, Tag(.str), .doubleQuoted))] } ?? []))
            ),
            ("classes", .sequence(Node.Sequence(classNodes))),
            (
                "split",
                mapping([
                    (
                        "ratios",
                        mapping([
                            ("train", scalar(Self.format(ratios.train))), ("val", scalar(Self.format(ratios.val))),
                            ("test", scalar(Self.format(ratios.test))),
                        ])
                    ),
                    ("seed", scalar(String(seed))),
                    ("group_by", scalar(groupBy.rawValue)),
                ])
            ),
            ("validation", mapping([("rules", mapping([]))])),
            ("store", mapping([("link", scalar(link.rawValue))])),
            ("pipeline", mapping(pipelinePairs)),
        ])
        let body = (try? Yams.serialize(node: root, sortKeys: false)) ?? ""
        return """
            # yoloset workspace settings; `yoloset init --help` describes them.
            # project.type: detect | segment. split.group_by: none | device | batch.
            # validation: the same keys as `yoloset validate --config` (rules, images).
            # pipeline: what `yoloset run` does (dumps, images, check, lock, version); paths relative to this file.
            # store.link: auto (reflink where the file system can, else copy) | reflink | copy | hardlink
            # (no second copy, but editing a source image in place then changes the stored object).

            """ + body
    }

    private static func format(_ value: Double) -> String {
        formatted(value, decimals: 6)
    }
}

/// The kind of labels a project has: boxes, or instance polygons.
public enum ProjectKind: String, Sendable, CaseIterable, Codable {
    case detect, segment

    /// Acusight's `project_type` for this kind.
    public var acusightType: String {
        switch self {
        case .detect: "object_detection"
        case .segment: "instance_segmentation"
        }
    }
}

/// What must stay together in one split besides identical images.
public enum SplitGrouping: String, Sendable, CaseIterable {
    case none, device, batch
}
