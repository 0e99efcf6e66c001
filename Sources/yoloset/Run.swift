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
                Each stage's report is printed as the stage ends. When a stage fails, stderr's first line is \
                the cause, then one line for each stage: what it did (and committed), or that it did not run.
                A new version that leaves out an image of the previous one reports a version.dropped finding \
                (an error by default) naming why.
                With --config FILE, the workspace is FILE's folder; its catalog is created when missing.
                Exit status: 0 done; 1 findings at or above --fail-on (the import's validation findings and \
                version.dropped); 2 a stage could not complete.

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

        @Option(
            name: .customLong("fail-on"),
            help: "Lowest severity (import findings, version.dropped) that fails the run: error, warning or never.")
        var failOn: FailThreshold = .error

        @Flag(help: "Print the result as JSON.")
        var json = false

        func validate() throws {
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, not \(jobs).") }
        }

        func run() throws {
            try global.apply()
            let workspace = try config.map { try Workspace.open(configFile: $0) } ?? Workspace.find()
            let bar = ProgressBar(label: "importing")
            // Ctrl-C says where the run stopped and what the stages before it did.
            Interrupt.install()
            Interrupt.say(PipelineReport().interruptedRecap(at: .importing))
            defer { Interrupt.say(nil) }
            let report = try Pipeline(workspace: workspace, workers: jobs).run(write: write.workspaceWrite) {
                stage, step in
                guard stage == .importing, let step else { return }
                bar?.update(fraction: step.fraction, images: step.imagesDone, detail: "\(step.imagesDone) images")
            } ended: { stage, report in
                // Written as each stage ends, unbuffered: a run stopped later keeps what was done.
                if stage == .importing { bar?.finish() }
                let stages = Pipeline.Stage.allCases
                if let next = stages.firstIndex(of: stage).map({ $0 + 1 }), next < stages.count {
                    Interrupt.say(report.interruptedRecap(at: stages[next]))
                } else {
                    Interrupt.say(nil)
                }
                guard !json, let section = report.section(stage) else { return }
                FileHandle.standardOutput.write(Data((section + "\n").utf8))
            }
            bar?.finish()
            if json { report.write(asJSON: true) }
            if let failure = report.failure {
                let cause = Yoloset.failureLine(for: failure.error) ?? failure.message
                let lines = ["yoloset: error: \(cause)"] + report.recap
                FileHandle.standardError.write(Data(lines.map { $0 + "\n" }.joined().utf8))
                throw ExitCode(2)
            }
            if let line = report.failOnLine(failOn) {
                FileHandle.standardError.write(Data("yoloset: \(line)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
