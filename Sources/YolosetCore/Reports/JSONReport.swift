internal import Foundation

/// The machine-readable report. Keys are snake_case and sorted; `schema_version` changes only when a
/// key changes meaning or goes away.
struct JSONReport {
    static let schemaVersion = 1

    let report: ValidationReport
    let failOn: FailThreshold

    func render() -> String {
        let tool = Tool(name: "yoloset", version: YolosetVersion.current)
        switch report.subject {
        case .dumps:
            let document = Document(
                schemaVersion: Self.schemaVersion, subject: nil, tool: tool, check: report.check.rawValue,
                failOn: failOn.rawValue,
                summary: Summary(
                    dumps: report.dumps, batches: report.batches, images: report.images,
                    annotations: report.annotations, errors: report.errors, warnings: report.warnings,
                    passed: !report.fails(at: failOn)),
                findings: report.findings.map { FindingEntry(finding: $0, withLine: false) })
            return encodeJSON(document)
        case .dataset(let dataset):
            let document = Document(
                schemaVersion: Self.schemaVersion, subject: "yolo_dataset", tool: tool, check: report.check.rawValue,
                failOn: failOn.rawValue,
                summary: DatasetSummary(
                    dataYAML: dataset.dataYAML, versionFolder: dataset.isVersion, splits: dataset.splits,
                    images: report.images, labelFiles: dataset.labelFiles, labels: dataset.labels,
                    errors: report.errors, warnings: report.warnings, infos: report.infos,
                    passed: !report.fails(at: failOn)),
                findings: report.findings.map { FindingEntry(finding: $0, withLine: true) })
            return encodeJSON(document)
        case .sources(let sources):
            let items = sources.items
            let document = Document(
                schemaVersion: Self.schemaVersion, subject: "source_dumps", tool: tool, check: report.check.rawValue,
                failOn: failOn.rawValue,
                summary: SourceSummary(
                    dumps: report.dumps, sources: sources.sources.map(\.rawValue), batches: sources.batches.count,
                    items: items.total, succeeded: items[.succeeded], failed: items[.failed],
                    cancelled: items[.cancelled], running: items[.running], unknown: items[.unknown],
                    images: report.images, errors: report.errors, warnings: report.warnings, infos: report.infos,
                    passed: !report.fails(at: failOn), batchDetails: sources.batches.map(BatchEntry.init)),
                findings: report.findings.map { FindingEntry(finding: $0, withLine: false, withItem: true) })
            return encodeJSON(document)
        }
    }

    /// A Runflow/Nimble report's summary: item counts by state, and each batch's standing.
    struct SourceSummary: Encodable {
        let dumps: Int
        let sources: [String]
        let batches, items, succeeded, failed, cancelled, running, unknown, images, errors, warnings, infos: Int
        let passed: Bool
        let batchDetails: [BatchEntry]

        enum CodingKeys: String, CodingKey {
            case dumps, sources, batches, items, succeeded, failed, cancelled, running, unknown, images, errors
            case warnings, infos, passed
            case batchDetails = "batch_details"
        }
    }

    struct BatchEntry: Encodable {
        let progress: ValidationReport.BatchProgress

        init(_ progress: ValidationReport.BatchProgress) { self.progress = progress }

        enum CodingKeys: String, CodingKey {
            case source, id, status, state, file, complete, progress, items, succeeded, failed, cancelled, running
            case unknown
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            let items = progress.items
            try container.encode(progress.source.rawValue, forKey: .source)
            try container.encode(progress.id, forKey: .id)
            try container.encode(progress.rawStatus, forKey: .status)
            try container.encode(progress.status.rawValue, forKey: .state)
            try container.encode(progress.file, forKey: .file)
            try container.encode(progress.isComplete, forKey: .complete)
            try container.encode(items.progress, forKey: .progress)
            try container.encode(items.total, forKey: .items)
            try container.encode(items[.succeeded], forKey: .succeeded)
            try container.encode(items[.failed], forKey: .failed)
            try container.encode(items[.cancelled], forKey: .cancelled)
            try container.encode(items[.running], forKey: .running)
            try container.encode(items[.unknown], forKey: .unknown)
        }
    }

    /// A dump report has no `subject` key (its shape predates datasets); a dataset report's is
    /// `yolo_dataset`, and its summary and findings have the keys of `DatasetSummary` and a `line`; a
    /// Runflow/Nimble report's is `source_dumps`, with the keys of `SourceSummary` and an `item_id`.
    struct Document<S: Encodable>: Encodable {
        let schemaVersion: Int
        let subject: String?
        let tool: Tool
        let check: String
        let failOn: String
        let summary: S
        let findings: [FindingEntry]

        enum CodingKeys: String, CodingKey {
            case subject, tool, check, summary, findings
            case schemaVersion = "schema_version"
            case failOn = "fail_on"
        }
    }

    struct DatasetSummary: Encodable {
        let dataYAML: String
        let versionFolder: Bool
        let splits: [String]
        let images, labelFiles, labels, errors, warnings, infos: Int
        let passed: Bool

        enum CodingKeys: String, CodingKey {
            case splits, images, labels, errors, warnings, infos, passed
            case dataYAML = "data_yaml"
            case versionFolder = "version_folder"
            case labelFiles = "label_files"
        }
    }

    struct Tool: Encodable {
        let name: String
        let version: String
    }

    struct Summary: Encodable {
        let dumps, batches, images, annotations, errors, warnings: Int
        let passed: Bool
    }

    struct FindingEntry: Encodable {
        let finding: Finding
        /// Whether the entry has a `line` key (dataset reports).
        let withLine: Bool
        /// Whether the entry has an `item_id` key (Runflow and Nimble reports).
        var withItem = false

        enum CodingKeys: String, CodingKey {
            case rule, severity, message, file, line
            case batchID = "batch_id"
            case imageID = "image_id"
            case annotationID = "annotation_id"
            case itemID = "item_id"
            case jsonPath = "json_path"
            case imageFile = "image_file"
        }

        // Every key is always present (null when it does not apply): a stable shape for consumers.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(finding.rule.id, forKey: .rule)
            try container.encode(finding.severity.rawValue, forKey: .severity)
            try container.encode(finding.message, forKey: .message)
            try container.encode(finding.location.file, forKey: .file)
            if withLine { try container.encode(finding.location.line, forKey: .line) }
            try container.encode(finding.location.jsonPath, forKey: .jsonPath)
            try container.encode(finding.location.batchID, forKey: .batchID)
            try container.encode(finding.location.imageID, forKey: .imageID)
            try container.encode(finding.location.annotationID, forKey: .annotationID)
            try container.encode(finding.location.imageFile, forKey: .imageFile)
            if withItem { try container.encode(finding.location.itemID, forKey: .itemID) }
        }
    }
}
