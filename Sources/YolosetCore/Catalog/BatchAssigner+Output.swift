/// `yoloset assign`.
extension BatchAssigner.Result: CommandOutput {
    /// For people: each batch assigned or already in the project, then the counts.
    public var text: String {
        var lines: [String] = []
        for batch in assigned {
            lines.append("assigned batch \(batch) to project \(project) (stage annotating)")
        }
        for batch in alreadyAssigned {
            lines.append("batch \(batch) is already in project \(project)")
        }
        lines.append(
            "\(plural(assigned.count, "batch", "batches")) assigned, "
                + "\(plural(images, "image"))")
        return lines.joined(separator: "\n")
    }

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
