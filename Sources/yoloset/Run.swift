import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The whole pipeline from yoloset.yaml: import the dumps, validate, split, snapshot.",
            discussion: """
                Reads `pipeline:` in yoloset.yaml (dumps: the folder of batch dumps; images; check: header or \
                full; lock: lock the splits it assigns; version: a version config). Imports every dump under \
                the folder (validated with the workspace's rules; images that fail stay out of splits and \
                versions), splits with the configured ratios, seed and grouping without moving any image that \
                has a split, and snapshots versions/v<N> — unless the newest version already holds exactly \
                this dataset: a second run with no new input makes no version and says so.
                With --config FILE, the workspace is FILE's folder; its catalog is created when missing.

                Examples:
                  yoloset init ws --dumps fixtures/sample/dumps --images fixtures/sample/images
                  yoloset -C ws run
                  yoloset -C ws run --json
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions

        @Option(
            help: ArgumentHelp(
                "The workspace's yoloset.yaml (default: found from the current folder upward).", valueName: "FILE"))
        var config: String?

        @Option(name: [.short, .customLong("jobs")], help: "Worker threads (default: one per core).")
        var jobs: Int?

        @Flag(help: "Print the result as JSON.")
        var json = false

        func validate() throws {
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, not \(jobs).") }
        }

        func run() throws {
            try global.apply()
            let workspace = try config.map { try Workspace.open(configFile: $0) } ?? Workspace.find()
            let bar = ProgressBar(label: "importing")
            let report: PipelineReport
            do {
                report = try Pipeline(workspace: workspace, workers: jobs).run(write: write.workspaceWrite) {
                    stage, step in
                    guard stage == .importing, let step else { return }
                    bar?.update(fraction: step.fraction, images: step.imagesDone, detail: "\(step.imagesDone) images")
                }
                bar?.finish()
            } catch {
                bar?.finish()
                throw error
            }
            report.write(asJSON: json)
        }
    }
}
