internal import Foundation

/// `yoloset run`: the whole pipeline from the workspace's `yoloset.yaml`. One entry point, `run`; its
/// stages are the commands a person would type:
///
/// 1. import every dump under `pipeline.dumps` (validated with the workspace's rules; a dump that
///    cannot be read stops the run before anything is written),
/// 2. split with the configured ratios, seed and grouping (locking what it assigns when
///    `pipeline.lock`), never moving an image that already has a split,
/// 3. snapshot with the `pipeline.version` config, unless the newest version already holds exactly
///    this dataset: a second run with no new input makes no version.
public struct Pipeline: Sendable {
    public var workspace: Workspace
    public var workers: Int?

    public init(workspace: Workspace, workers: Int? = nil) {
        self.workspace = workspace
        self.workers = workers
    }

    public enum Stage: String, Sendable {
        case importing, splitting, snapshotting
    }

    public func run(
        write: Workspace.WriteOptions = .init(),
        progress: (@Sendable (Stage, Validator.Progress?) -> Void)? = nil
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

        progress?(.importing, nil)
        let importer = Importer(
            workspace: workspace, imagesRoot: settings.images.map(workspace.resolve), check: settings.check,
            workers: workers)
        let imported = try importer.run(paths: [workspace.resolve(dumps)], write: write) { step in
            progress?(.importing, step)
        }

        progress?(.splitting, nil)
        var request = SplitRequest(mode: .proportions(workspace.config.ratios))
        request.seed = workspace.config.seed
        request.groupBy = workspace.config.groupBy
        request.lock = settings.lock
        let split = try Splitter(workspace: workspace).run(request, write: write)

        progress?(.snapshotting, nil)
        let snapshot = try Snapshotter(workspace: workspace, workers: workers).run(
            name: nil, config: versionConfig, unlessUnchanged: true, write: write)
        return PipelineReport(imported: imported, split: split, snapshot: snapshot)
    }
}

/// What `yoloset run` did, stage by stage.
public struct PipelineReport: Sendable {
    public var imported: ImportReport
    public var split: SplitSummary
    public var snapshot: SnapshotResult
}
