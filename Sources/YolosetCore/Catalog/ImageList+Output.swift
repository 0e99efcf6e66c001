/// `yoloset images`.
extension ImageList: CommandOutput {
    /// For people: a header, then one tab-separated line per image.
    public var text: String {
        var lines = ["id\tbatch\tfilename\tannotation_status\tsplit\tlocked\tsha256\tfindings"]
        for row in images {
            let findings =
                row.openErrors + row.openWarnings == 0
                ? "-" : "\(plural(row.openErrors, "error")), \(plural(row.openWarnings, "warning"))"
            lines.append(
                [
                    row.id, row.batchID, row.filename ?? "-", row.annotationStatus ?? "-", row.split ?? "-",
                    row.splitLocked ? "locked" : "-", row.sha256.map { String($0.prefix(12)) } ?? "-", findings,
                ].joined(separator: "\t"))
        }
        return lines.joined(separator: "\n")
    }

    /// 2: `open_errors`/`open_warnings` became `errors`/`warnings`.
    public static var schemaVersion: Int { 2 }

    enum CodingKeys: String, CodingKey {
        case images
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(images, forKey: .images)
    }
}

extension ImageRow: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, filename, split, sha256, annotations
        case batchID = "batch_id"
        case annotationStatus = "annotation_status"
        case splitLocked = "split_locked"
        // The image's open findings, by severity.
        case openErrors = "errors"
        case openWarnings = "warnings"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(batchID, forKey: .batchID)
        try container.encode(filename, forKey: .filename)
        try container.encode(annotationStatus, forKey: .annotationStatus)
        try container.encode(split, forKey: .split)
        try container.encode(splitLocked, forKey: .splitLocked)
        try container.encode(sha256, forKey: .sha256)
        try container.encode(annotations, forKey: .annotations)
        try container.encode(openErrors, forKey: .openErrors)
        try container.encode(openWarnings, forKey: .openWarnings)
    }
}
