/// The outcome of a validation run: what was looked at and every finding, in a stable order.
public struct ValidationReport: Sendable, Equatable {
    /// What was validated: batch dumps (the counts below) or one YOLO dataset.
    public var subject: Subject
    public var check: CheckLevel
    public var dumps: Int
    public var batches: Int
    public var images: Int
    public var annotations: Int
    public var findings: [Finding]
    /// Rules the config turned off (reported as skipped where a format can say so).
    public var disabledRules: [String]
    /// How the findings compare with an earlier report (`--baseline`); nil without one.
    public var baseline: BaselineComparison?

    /// What a run looked at.
    public enum Subject: Sendable, Equatable {
        /// Batch dumps and the images they name (`dumps`, `batches`, `annotations`).
        case dumps
        /// A YOLO dataset given by its data.yaml.
        case dataset(DatasetSummary)
        /// Runflow and Nimble dumps: their batches and items (`images` counts the image files found).
        case sources(SourceSummary)
        /// A workspace's catalog and versions (`WorkspaceValidator`).
        case workspace(WorkspaceSummary)

        /// What a workspace is checked for: whatever its imports stored (dumps of every API) and its
        /// versions' integrity.
        static let workspaceRules: [Rule] = (Rule.dumpFile + Rule.all + Rule.sources + [.versionIntegrity]).reduce(
            into: []) {
                rules, rule in if !rules.contains(rule) { rules.append(rule) }
            }
    }

    /// What a workspace run looked at.
    public struct WorkspaceSummary: Sendable, Equatable {
        /// The workspace's folder.
        public var root: String
        public var batches: Int
        public var versions: Int
        /// Files of every version checked against their checksums.
        public var versionFiles: Int

        public init(root: String, batches: Int, versions: Int, versionFiles: Int) {
            self.root = root
            self.batches = batches
            self.versions = versions
            self.versionFiles = versionFiles
        }
    }

    /// What a run over Runflow and Nimble dumps counted.
    public struct SourceSummary: Sendable, Equatable {
        /// The APIs the dumps came from, in `DumpSource` order.
        public var sources: [DumpSource]
        public var batches: [BatchProgress]
        /// Items of every batch, by state.
        public var items: SourceBatch.Tally

        public init(sources: [DumpSource], batches: [BatchProgress], items: SourceBatch.Tally) {
            self.sources = sources
            self.batches = batches
            self.items = items
        }
    }

    /// One batch's standing, for the report.
    public struct BatchProgress: Sendable, Equatable {
        public var source: DumpSource
        public var id: String?
        public var rawStatus: String?
        public var status: BatchState
        public var file: String
        public var items: SourceBatch.Tally
        public var isComplete: Bool

        public init(_ batch: SourceBatch) {
            source = batch.source
            id = batch.id?.text
            rawStatus = batch.rawStatus
            status = batch.status
            file = batch.file
            items = batch.tally
            isComplete = batch.isComplete
        }
    }

    /// What a dataset run counted.
    public struct DatasetSummary: Sendable, Equatable {
        /// The data.yaml, as the user named it (or found in the folder they named).
        public var dataYAML: String
        /// Whether the folder is a yoloset version (a version.json beside data.yaml).
        public var isVersion: Bool
        /// The splits data.yaml lists, in the order train, val, test.
        public var splits: [String]
        public var labelFiles: Int
        /// Label rows: one object each.
        public var labels: Int

        public init(dataYAML: String, isVersion: Bool, splits: [String], labelFiles: Int, labels: Int) {
            self.dataYAML = dataYAML
            self.isVersion = isVersion
            self.splits = splits
            self.labelFiles = labelFiles
            self.labels = labels
        }
    }

    public init(
        subject: Subject = .dumps, check: CheckLevel, dumps: Int, batches: Int, images: Int, annotations: Int,
        findings: [Finding], disabledRules: [String] = []
    ) {
        self.subject = subject
        self.check = check
        self.dumps = dumps
        self.batches = batches
        self.images = images
        self.annotations = annotations
        self.findings = findings
        self.disabledRules = disabledRules
    }

    public var errors: Int { findings.count { $0.severity == .error } }
    public var warnings: Int { findings.count { $0.severity == .warning } }
    public var infos: Int { findings.count { $0.severity == .info } }
    /// Dumps (or listings) that could not be read (`dump.unreadable`): when any, the run is incomplete.
    public var unreadableDumps: Int { findings.count { $0.rule == .dumpUnreadable } }

    /// The rules a run of this kind checks, in report order.
    public var rules: [Rule] {
        switch subject {
        case .dumps: Rule.dumpFile + Rule.all
        case .dataset: Rule.dataset
        case .sources: Rule.dumpFile + Rule.sources
        case .workspace: Subject.workspaceRules
        }
    }

    /// Whether the run fails CI at the given threshold: a finding the baseline already had never does.
    public func fails(at threshold: FailThreshold) -> Bool {
        findings.indices.contains { index in
            threshold.fails(findings[index].severity) && baseline?.states[index] != .unchanged
        }
    }
}

/// `--fail-on`: the lowest severity that fails a run.
public enum FailThreshold: String, Sendable, CaseIterable {
    case error, warning, never

    public func fails(_ severity: Severity) -> Bool {
        switch self {
        case .error: severity == .error
        case .warning: severity >= .warning
        case .never: false
        }
    }
}
