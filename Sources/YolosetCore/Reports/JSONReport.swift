internal import Foundation

/// The machine-readable report. Keys are snake_case and sorted; `schema_version` changes only when a
/// key changes meaning or goes away.
struct JSONReport {
    static let schemaVersion = 1

    let report: ValidationReport
    let failOn: FailThreshold

    func render() -> String {
        let tool = Tool(name: "yoloset", version: YolosetVersion.current)
        let fingerprints = FindingFingerprints.of(report)
        let baseline = report.baseline.map(BaselineSummary.init)
        func entries(withItem: Bool = false) -> [FindingEntry] {
            report.findings.indices.map { index in
                FindingEntry(
                    finding: report.findings[index], fingerprint: fingerprints[index],
                    baselineState: report.baseline?.states[index].rawValue, withItem: withItem)
            }
        }
        switch report.subject {
        case .dumps:
            let document = Document(
                schemaVersion: Self.schemaVersion, subject: nil, tool: tool, check: report.check.rawValue,
                failOn: failOn.rawValue,
                summary: Summary(
                    dumps: report.dumps, batches: report.batches, images: report.images,
                    annotations: report.annotations, unreadableDumps: report.unreadableDumps, errors: report.errors,
                    warnings: report.warnings, passed: !report.fails(at: failOn)),
                baseline: baseline, findings: entries())
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
                baseline: baseline, findings: entries())
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
                    images: report.images, unreadableDumps: report.unreadableDumps, errors: report.errors,
                    warnings: report.warnings, infos: report.infos, passed: !report.fails(at: failOn),
                    batchDetails: sources.batches.map(BatchEntry.init)),
                baseline: baseline, findings: entries(withItem: true))
            return encodeJSON(document)
        case .workspace(let workspace):
            let document = Document(
                schemaVersion: Self.schemaVersion, subject: "workspace", tool: tool, check: report.check.rawValue,
                failOn: failOn.rawValue,
                summary: WorkspaceSummary(
                    workspace: workspace.root, dumps: report.dumps, batches: workspace.batches, images: report.images,
                    annotations: report.annotations, versions: workspace.versions,
                    versionFiles: workspace.versionFiles, errors: report.errors, warnings: report.warnings,
                    infos: report.infos, passed: !report.fails(at: failOn)),
                baseline: baseline, findings: entries())
            return encodeJSON(document)
        }
    }

    /// A Runflow/Nimble report's summary: item counts by state, and each batch's standing.
    struct SourceSummary: Encodable {
        let dumps: Int
        let sources: [String]
        let batches, items, succeeded, failed, cancelled, running, unknown, images: Int
        /// Dumps that could not be read (`dump.unreadable`): when not 0, the run was incomplete.
        let unreadableDumps: Int
        let errors, warnings, infos: Int
        let passed: Bool
        let batchDetails: [BatchEntry]

        enum CodingKeys: String, CodingKey {
            case dumps, sources, batches, items, succeeded, failed, cancelled, running, unknown, images, errors
            case warnings, infos, passed
            case unreadableDumps = "unreadable_dumps"
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
    /// `yolo_dataset`, and its summary has the keys of `DatasetSummary`; a Runflow/Nimble report's is
    /// `source_dumps`, with the keys of `SourceSummary` and an `item_id` per finding. Every finding has a
    /// `line` and a `column` (a dump finding's value in its dump; a dataset finding's line, no column).
    struct Document<S: Encodable>: Encodable {
        let schemaVersion: Int
        let subject: String?
        let tool: Tool
        let check: String
        let failOn: String
        let summary: S
        /// How the findings compare with `--baseline` (null without one).
        let baseline: BaselineSummary?
        let findings: [FindingEntry]

        enum CodingKeys: String, CodingKey {
            case subject, tool, check, summary, baseline, findings
            case schemaVersion = "schema_version"
            case failOn = "fail_on"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(schemaVersion, forKey: .schemaVersion)
            try container.encodeIfPresent(subject, forKey: .subject)
            try container.encode(tool, forKey: .tool)
            try container.encode(check, forKey: .check)
            try container.encode(failOn, forKey: .failOn)
            try container.encode(summary, forKey: .summary)
            try container.encode(baseline, forKey: .baseline)
            try container.encode(findings, forKey: .findings)
        }
    }

    /// A workspace report's summary: what the catalog holds and how much of the versions was verified.
    struct WorkspaceSummary: Encodable {
        let workspace: String
        let dumps, batches, images, annotations, versions, versionFiles, errors, warnings, infos: Int
        let passed: Bool

        enum CodingKeys: String, CodingKey {
            case workspace, dumps, batches, images, annotations, versions, errors, warnings, infos, passed
            case versionFiles = "version_files"
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

    struct BaselineSummary: Encodable {
        let file: String
        let new, unchanged, absent: Int

        init(_ comparison: BaselineComparison) {
            file = comparison.file
            new = comparison.new
            unchanged = comparison.unchanged
            absent = comparison.absent.count
        }
    }

    struct Tool: Encodable {
        let name: String
        let version: String
    }

    struct Summary: Encodable {
        let dumps, batches, images, annotations: Int
        /// Dumps that could not be read (`dump.unreadable`): when not 0, the run was incomplete.
        let unreadableDumps: Int
        let errors, warnings: Int
        let passed: Bool

        enum CodingKeys: String, CodingKey {
            case dumps, batches, images, annotations, errors, warnings, passed
            case unreadableDumps = "unreadable_dumps"
        }
    }

    struct FindingEntry: Encodable {
        let finding: Finding
        /// `FindingFingerprints`: what `--baseline` matches findings by.
        let fingerprint: String
        /// `new` or `unchanged` against `--baseline`; nil without one.
        let baselineState: String?
        /// Whether the entry has an `item_id` key (Runflow and Nimble reports).
        var withItem = false

        enum CodingKeys: String, CodingKey {
            case rule, severity, message, file, line, column, fingerprint
            case baselineState = "baseline_state"
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
            try container.encode(finding.location.line, forKey: .line)
            try container.encode(finding.location.column, forKey: .column)
            try container.encode(finding.location.jsonPath, forKey: .jsonPath)
            try container.encode(finding.location.batchID, forKey: .batchID)
            try container.encode(finding.location.imageID, forKey: .imageID)
            try container.encode(finding.location.annotationID, forKey: .annotationID)
            try container.encode(finding.location.imageFile, forKey: .imageFile)
            if withItem { try container.encode(finding.location.itemID, forKey: .itemID) }
            try container.encode(fingerprint, forKey: .fingerprint)
            try container.encode(baselineState, forKey: .baselineState)
        }
    }
}
