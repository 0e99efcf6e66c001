/// `yoloset init`.
extension WorkspaceInit.Result: CommandOutput {
    /// For people: the workspace made, its project and where it came from, and what to run next.
    public var text: String {
        let origin = projectID.map { ", from the dumps' project \($0)" } ?? ""
        return [
            "Created a yoloset workspace in \(root) (project '\(name)', \(type.rawValue)\(origin)).",
            pipelineDumps == nil
                ? "Next: yoloset import DUMP... --images DIR" : "Next: yoloset run (import, split, snapshot)",
        ].joined(separator: "\n")
    }

    enum CodingKeys: String, CodingKey {
        case workspace, name, type, check
        case configFile = "config_file"
        case projectID = "project_id"
        case pipelineDumps = "pipeline_dumps"
        case pipelineImages = "pipeline_images"
        case storeLink = "store_link"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(root, forKey: .workspace)
        try container.encode(configFile, forKey: .configFile)
        try container.encode(name, forKey: .name)
        try container.encode(type.rawValue, forKey: .type)
        try container.encode(projectID, forKey: .projectID)
        // As yoloset.yaml holds them: relative to the workspace.
        try container.encode(pipelineDumps, forKey: .pipelineDumps)
        try container.encode(pipelineImages, forKey: .pipelineImages)
        try container.encode(check.rawValue, forKey: .check)
        try container.encode(link.rawValue, forKey: .storeLink)
    }
}
