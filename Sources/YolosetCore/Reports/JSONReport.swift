internal import Foundation

/// The machine-readable report (`validate --format json`). One shape whatever was validated: `subject`
/// says what (`dumps`, `source_dumps`, `yolo_dataset`, `workspace`), every summary key is present in
/// every report (null when it does not apply to the subject), and `batches` lists a Runflow/Nimble
/// report's batches (null for the others). Keys are snake_case and sorted; `schema_version` changes
/// only when a key changes meaning or goes away.
struct JSONReport {
    /// 2: one summary shape for every subject (`labels` → `annotations`, `unreadable_dumps` →
    /// `dumps_unreadable`, `splits` → `split_names`, item counts `items_<state>`, `batch_details` → the
    /// top-level `batches`), `subject` always present, `item_id` on every finding.
    static let schemaVersion = 2

    let report: ValidationReport
    let failOn: FailThreshold

    func render() -> String {
        let fingerprints = FindingFingerprints.of(report)
        let findings = report.findings.indices.map { index in
            FindingEntry(
                finding: report.findings[index], fingerprint: fingerprints[index],
                baselineState: report.baseline?.states[index].rawValue)
        }
        var summary = Summary(
            images: report.images, errors: report.errors, warnings: report.warnings, infos: report.infos,
            passed: !report.fails(at: failOn))
        var batches: [BatchEntry]? = nil
        let subject: String
        switch report.subject {
        case .dumps:
            subject = "dumps"
            summary.dumps = report.dumps
            summary.dumpsUnreadable = report.unreadableDumps
            summary.batches = report.batches
            summary.annotations = report.annotations
        case .dataset(let dataset):
            subject = "yolo_dataset"
            summary.dataYAML = dataset.dataYAML
            summary.versionFolder = dataset.isVersion
            summary.splitNames = dataset.splits
            summary.labelFiles = dataset.labelFiles
            summary.annotations = dataset.labels
        case .sources(let sources):
            subject = "source_dumps"
            let items = sources.items
            summary.dumps = report.dumps
            summary.dumpsUnreadable = report.unreadableDumps
            summary.sources = sources.sources.map(\.rawValue)
            summary.batches = sources.batches.count
            summary.items = items.total
            summary.itemsSucceeded = items[.succeeded]
            summary.itemsFailed = items[.failed]
            summary.itemsCancelled = items[.cancelled]
            summary.itemsRunning = items[.running]
            summary.itemsUnknown = items[.unknown]
            batches = sources.batches.map(BatchEntry.init)
        case .workspace(let workspace):
            subject = "workspace"
            summary.workspace = workspace.root
            summary.dumps = report.dumps
            summary.batches = workspace.batches
            summary.annotations = report.annotations
            summary.versions = workspace.versions
            summary.versionFiles = workspace.versionFiles
        }
        return encodeJSON(
            Document(
                schemaVersion: Self.schemaVersion, subject: subject,
                tool: Tool(name: "yoloset", version: YolosetVersion.current), check: report.check.rawValue,
                failOn: failOn.rawValue, summary: summary, batches: batches,
                baseline: report.baseline.map(BaselineSummary.init), findings: findings))
    }

    /// The counts. Each key is always present; null when it does not apply to the subject (a dataset has
    /// no dumps; dumps have no label files).
    struct Summary: Encodable {
        var workspace: String? = nil
        var dataYAML: String? = nil
        var versionFolder: Bool? = nil
        var splitNames: [String]? = nil
        var dumps: Int? = nil
        /// Dumps that could not be read (`dump.unreadable`): when not 0, the run was incomplete.
        var dumpsUnreadable: Int? = nil
        var sources: [String]? = nil
        var batches: Int? = nil
        var items: Int? = nil
        var itemsSucceeded: Int? = nil
        var itemsFailed: Int? = nil
        var itemsCancelled: Int? = nil
        var itemsRunning: Int? = nil
        var itemsUnknown: Int? = nil
        var images: Int
        var labelFiles: Int? = nil
        var annotations: Int? = nil
        var versions: Int? = nil
        var versionFiles: Int? = nil
        var errors, warnings, infos: Int
        var passed: Bool

        init(images: Int, errors: Int, warnings: Int, infos: Int, passed: Bool) {
            self.images = images
            self.errors = errors
            self.warnings = warnings
            self.infos = infos
            self.passed = passed
        }

        enum CodingKeys: String, CodingKey {
            case workspace, dumps, sources, batches, items, images, annotations, versions, errors, warnings, infos
            case passed
            case dataYAML = "data_yaml"
            case versionFolder = "version_folder"
            case splitNames = "split_names"
            case dumpsUnreadable = "dumps_unreadable"
            case itemsSucceeded = "items_succeeded"
            case itemsFailed = "items_failed"
            case itemsCancelled = "items_cancelled"
            case itemsRunning = "items_running"
            case itemsUnknown = "items_unknown"
            case labelFiles = "label_files"
            case versionFiles = "version_files"
        }

        // `encode` of an Optional writes null, where the synthesized conformance would drop the key.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(workspace, forKey: .workspace)
            try container.encode(dataYAML, forKey: .dataYAML)
            try container.encode(versionFolder, forKey: .versionFolder)
            try container.encode(splitNames, forKey: .splitNames)
            try container.encode(dumps, forKey: .dumps)
            try container.encode(dumpsUnreadable, forKey: .dumpsUnreadable)
            try container.encode(sources, forKey: .sources)
            try container.encode(batches, forKey: .batches)
            try container.encode(items, forKey: .items)
            try container.encode(itemsSucceeded, forKey: .itemsSucceeded)
            try container.encode(itemsFailed, forKey: .itemsFailed)
            try container.encode(itemsCancelled, forKey: .itemsCancelled)
            try container.encode(itemsRunning, forKey: .itemsRunning)
            try container.encode(itemsUnknown, forKey: .itemsUnknown)
            try container.encode(images, forKey: .images)
            try container.encode(labelFiles, forKey: .labelFiles)
            try container.encode(annotations, forKey: .annotations)
            try container.encode(versions, forKey: .versions)
            try container.encode(versionFiles, forKey: .versionFiles)
            try container.encode(errors, forKey: .errors)
            try container.encode(warnings, forKey: .warnings)
            try container.encode(infos, forKey: .infos)
            try container.encode(passed, forKey: .passed)
        }
    }

    /// One Runflow/Nimble batch's standing, in the top-level `batches`.
    struct BatchEntry: Encodable {
        let progress: ValidationReport.BatchProgress

        init(_ progress: ValidationReport.BatchProgress) { self.progress = progress }

        enum CodingKeys: String, CodingKey {
            case source, id, status, state, file, complete, progress, items
            case itemsSucceeded = "items_succeeded"
            case itemsFailed = "items_failed"
            case itemsCancelled = "items_cancelled"
            case itemsRunning = "items_running"
            case itemsUnknown = "items_unknown"
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
            try container.encode(items[.succeeded], forKey: .itemsSucceeded)
            try container.encode(items[.failed], forKey: .itemsFailed)
            try container.encode(items[.cancelled], forKey: .itemsCancelled)
            try container.encode(items[.running], forKey: .itemsRunning)
            try container.encode(items[.unknown], forKey: .itemsUnknown)
        }
    }

    /// Every finding has a `line` and a `column` (a dump finding's value in its dump; a dataset
    /// finding's line, no column), and every key of `FindingEntry`.
    struct Document: Encodable {
        let schemaVersion: Int
        let subject: String
        let tool: Tool
        let check: String
        let failOn: String
        let summary: Summary
        let batches: [BatchEntry]?
        /// How the findings compare with `--baseline` (null without one).
        let baseline: BaselineSummary?
        let findings: [FindingEntry]

        enum CodingKeys: String, CodingKey {
            case subject, tool, check, summary, batches, baseline, findings
            case schemaVersion = "schema_version"
            case failOn = "fail_on"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(schemaVersion, forKey: .schemaVersion)
            try container.encode(subject, forKey: .subject)
            try container.encode(tool, forKey: .tool)
            try container.encode(check, forKey: .check)
            try container.encode(failOn, forKey: .failOn)
            try container.encode(summary, forKey: .summary)
            try container.encode(batches, forKey: .batches)
            try container.encode(baseline, forKey: .baseline)
            try container.encode(findings, forKey: .findings)
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

    /// The tool that wrote a document (a shard's part too).
    struct Tool: Codable {
        let name: String
        let version: String
    }

    struct FindingEntry: Encodable {
        let finding: Finding
        /// `FindingFingerprints`: what `--baseline` matches findings by.
        let fingerprint: String
        /// `new` or `unchanged` against `--baseline`; nil without one.
        let baselineState: String?

        enum CodingKeys: String, CodingKey {
            case fingerprint
            case baselineState = "baseline_state"
        }

        func encode(to encoder: any Encoder) throws {
            try FindingRecord(finding).encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(fingerprint, forKey: .fingerprint)
            try container.encode(baselineState, forKey: .baselineState)
        }
    }
}
