/// `yoloset assign`.
extension BatchAssigner.Result: CommandOutput {
    enum CodingKeys: String, CodingKey {
        case project, assigned, images, stage
        case alreadyAssigned = "already_assigned"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(project, forKey: .project)
        try container.encode(assigned, forKey: .assigned)
        try container.encode(alreadyAssigned, forKey: .alreadyAssigned)
        try container.encode(images, forKey: .images)
        try container.encode("annotating", forKey: .stage)
    }
}
