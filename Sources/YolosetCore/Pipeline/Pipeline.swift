internal import Foundation

/// `yoloset run`: the whole pipeline from the workspace's `yoloset.yaml`. One entry point, `run`; its
/// stages are the commands a person would type:
///
/// 1. import every dump under `pipeline.dumps` (validated with the workspace's rules; a dump that
///    cannot be read stops the run before anything is written),
/// 2. split with the configured ratios, seed and grouping (locking what it assigns when
///    `pipeline.lock`), never moving an image that already has a split,
/// 3. snapshot with the `pipeline.version` config, unless the newest version already holds exactly
///    this dataset: a second run with no new input makes no version; a version made reports each image
///    of the previous one it leaves out (`version.dropped`).
///
/// A stage that fails ends the run; the `PipelineReport` holds every stage before it and the failure.
public struct Pipeline: Sendable {
    public var workspace: Workspace
    public var workers: Int?

    public init(workspace: Workspace, workers: Int? = nil) {
        self.workspace = workspace
        self.workers = workers
    }

    /// The stages, in order; the raw value is the command each one is.
    public enum Stage: String, Sendable, CaseIterable {
        case importing = "import"
        case splitting = "split"
        case snapshotting = "snapshot"
    }

    /// Runs the stages in order. Settings that stop the run before anything is written (no
    /// `pipeline.dumps`, a bad version config, a folder that does not exist) are thrown; a stage that
    /// fails ends the run with the report of every stage before it and the error as its `failure` —
    /// what those stages committed stays committed. `ended` gets the report after each stage that
    /// completes, so a caller can show it before the next stage starts.
    public func run(
        write: Workspace.WriteOptions = .init(),
        progress: (@Sendable (Stage, Validator.Progress?) -> Void)? = nil,
        ended: (Stage, PipelineReport) -> Void = { _, _ in }
    ) throws -> PipelineReport {
        let settings = workspace.config.pipeline
        guard let dumps = settings.dumps else {
            throw WorkspaceError(
                "\(workspace.root)/\(WorkspaceConfig.fileName) has no pipeline.dumps; add `pipeline: { dumps: DIR }` "
                    + "naming the folder of batch dumps `yoloset run` imports")
        }
        // The version config is read first, so a mistake in it stops the run before anything is written.
        let versionConfig = try settings.version.map { try VersionConfig.load(file: workspace.resolve($0)) } ?? .init()
        for (key, path) in [("pipeline.dumps", dumps), ("pipeline.images", settings.images)] {
            guard let path else { continue }
            let resolved = workspace.resolve(path)
            guard FileManager.default.fileExists(atPath: resolved) else {
                throw WorkspaceError(
                    "\(key == "pipeline.images" ? "images root" : "dumps") '\(resolved)' does not exist (\(key)); nothing was imported"
                )
            }
        }

        var report = PipelineReport()
        // Runs one stage: its result goes into the report and to `ended`; its error ends the run.
        func stage<Result>(
            _ stage: Stage, into keyPath: WritableKeyPath<PipelineReport, Result?>, _ body: () throws -> Result
        ) -> Bool {
            progress?(stage, nil)
            do {
                report[keyPath: keyPath] = try body()
            } catch {
                report.failure = .init(stage: stage, error: error)
                return false
            }
            ended(stage, report)
            return true
        }

        let importer = Importer(
            workspace: workspace, imagesRoot: settings.images.map(workspace.resolve), check: settings.check,
            workers: workers)
        let imported = stage(.importing, into: \.imported) {
            try importer.run(paths: [workspace.resolve(dumps)], write: write) { step in progress?(.importing, step) }
        }
        guard imported else { return report }

        var request = SplitRequest(mode: .proportions(workspace.config.ratios))
        request.seed = workspace.config.seed
        request.groupBy = workspace.config.groupBy
        request.lock = settings.lock
        let split = stage(.splitting, into: \.split) { try Splitter(workspace: workspace).run(request, write: write) }
        guard split else { return report }

        _ = stage(.snapshotting, into: \.snapshot) {
            try Snapshotter(workspace: workspace, workers: workers).run(
                name: nil, config: versionConfig, unlessUnchanged: true, write: write)
        }
        return report
    }
}

/// What `yoloset run` did, stage by stage: each stage that completed, and the stage that failed and
/// why. A stage after a failed one did not run.
public struct PipelineReport: Sendable {
    public var imported: ImportReport?
    public var split: SplitSummary?
    public var snapshot: SnapshotResult?
    /// The stage that could not complete; nil when every stage did.
    public var failure: Failure?

    public init() {}

    /// A stage's error. The stages before it completed, and what they wrote stays written.
    public struct Failure: Sendable {
        public var stage: Pipeline.Stage
        public var error: any Error

        /// The error's text: a `RunFailure`'s description, else how Swift describes the error.
        public var message: String {
            (error as? any RunFailure)?.description ?? String(describing: error)
        }
    }

    /// The findings `run --fail-on` counts: the import's validation findings (every dump the run read,
    /// including ones imported before) and the new version's `version.dropped`, at or above `threshold`.
    public func failing(at threshold: FailThreshold) -> (imported: Int, dropped: Int) {
        let imported = imported?.validation.findings.count { threshold.fails($0.severity) } ?? 0
        guard case .created(let summary) = snapshot else { return (imported, 0) }
        return (imported, summary.dropped.count { threshold.fails($0.severity) })
    }
}
