/// `yoloset extract-reviewed`.
extension ReviewExtractor.Result: CommandOutput {
    /// For people: what moved where, and what stayed.
    public var text: String {
        "extracted \(plural(extractedCount, "image")) of batch \(sourceBatchID) into new batch \(newBatchID) "
            + "(\(newBatchName)); \(plural(remainingCount, "image")) remain in \(sourceBatchID)"
    }

    public static var schemaVersion: Int { 2 }

    enum CodingKeys: String, CodingKey {
        case extractedCount = "images_extracted"
        case newBatchID = "new_batch_id"
        case newBatchName = "new_batch_name"
        case remainingCount = "images_remaining"
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
