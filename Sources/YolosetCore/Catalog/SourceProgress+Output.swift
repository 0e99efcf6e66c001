/// A Runflow or Nimble batch in `import --json` and `status --json`.
extension SourceProgress: Encodable {
    enum CodingKeys: String, CodingKey {
        case api, status, stage, complete, progress, succeeded, failed, cancelled, running, unknown, images
        case batchID = "batch_id"
        case projectID = "project_id"
        case itemsTotal = "items_total"
        case itemsSeen = "items_seen"
        case failureCode = "failure_code"
        case failureMessage = "failure_message"
        case notImported = "not_imported"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(batchID, forKey: .batchID)
        try container.encode(api.rawValue, forKey: .api)
        try container.encode(rawStatus, forKey: .status)
        try container.encode(projectID, forKey: .projectID)
        try container.encode(stage, forKey: .stage)
        try container.encode(isComplete, forKey: .complete)
        try container.encode(progress, forKey: .progress)
        try container.encode(max(tally.total, declaredTotal ?? 0), forKey: .itemsTotal)
        try container.encode(tally.total, forKey: .itemsSeen)
        try container.encode(tally[.succeeded], forKey: .succeeded)
        try container.encode(tally[.failed], forKey: .failed)
        try container.encode(tally[.cancelled], forKey: .cancelled)
        try container.encode(tally[.running], forKey: .running)
        try container.encode(tally[.unknown], forKey: .unknown)
        try container.encode(images, forKey: .images)
        try container.encode(failureCode, forKey: .failureCode)
        try container.encode(failureMessage, forKey: .failureMessage)
        try container.encode(notImported, forKey: .notImported)
    }
}

extension SourceProgress.Item: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, state, status, message, file
        case jsonPath = "json_path"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .id)
        try container.encode(state, forKey: .state)
        try container.encode(rawStatus, forKey: .status)
        try container.encode(message, forKey: .message)
        try container.encode(dumpFile, forKey: .file)
        try container.encode(jsonPath, forKey: .jsonPath)
    }
}
