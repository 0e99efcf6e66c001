/// `yoloset extract-reviewed`.
extension ReviewExtractor.Result: CommandOutput {
    /// For people: Acusight's keys, one a line.
    public var text: String {
        [
            "extracted_count: \(extractedCount)", "new_batch_id: \(newBatchID)", "new_batch_name: \(newBatchName)",
            "remaining_count: \(remainingCount)",
        ].joined(separator: "\n")
    }

    enum CodingKeys: String, CodingKey {
        case extractedCount = "extracted_count"
        case newBatchID = "new_batch_id"
        case newBatchName = "new_batch_name"
        case remainingCount = "remaining_count"
        case sourceBatchID = "source_batch_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(extractedCount, forKey: .extractedCount)
        try container.encode(newBatchID, forKey: .newBatchID)
        try container.encode(newBatchName, forKey: .newBatchName)
        try container.encode(remainingCount, forKey: .remainingCount)
        try container.encode(sourceBatchID, forKey: .sourceBatchID)
    }
}
