import ArgumentParser
import Foundation
import YolosetCore

extension DatasetSplit: ExpressibleByArgument {}
extension SplitGrouping: ExpressibleByArgument {}

extension Yoloset {
    struct Split: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Assign train/val/test splits, as Acusight's PUT /data/batches/{id}/images/split.",
            discussion: """
                Modes: proportions (--train/--val/--test, stratified by class), all (--target), existing \
                (assign nothing; promote). A locked image never moves; an image with a split moves only with \
                --force-reassignment. New images are placed by the seed and their content hash, so the same \
                inputs give the same splits anywhere, whatever the import order. Identical images always \
                share a split; --group-by keeps devices or batches whole.

                Examples:
                  yoloset -C ws split
                  yoloset -C ws split b-1002 --train 0.7 --val 0.2 --test 0.1
                """)

        enum Mode: String, ExpressibleByArgument {
            case proportions, all, existing
        }

        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions

        @Argument(help: "Batch ids (default: every batch).")
        var batches: [String] = []

        @Option(help: "proportions, all or existing.")
        var mode: Mode = .proportions

        @Option(help: "Share of train: a fraction (0.8) or a percentage (80). Default: yoloset.yaml.")
        var train: Double?
        @Option(help: "Share of val.")
        var val: Double?
        @Option(help: "Share of test.")
        var test: Double?

        @Option(help: "For --mode all: train, val or test.")
        var target: DatasetSplit?

        @Flag(
            name: .customLong("include-pending"),
            help: "Let images that are not completed take part (default: completed only).")
        var includePending = false

        @Flag(name: .customLong("completed-only"), help: "Only completed images take part (the default).")
        var completedOnly = false

        @Flag(name: .customLong("include-failing"), help: "Let images with validation errors take part.")
        var includeFailing = false

        @Flag(name: .customLong("force-reassignment"), help: "Unlocked images that have a split may move.")
        var forceReassignment = false

        @Flag(name: .customLong("mark-all-complete"), help: "Mark every image of the batches completed first.")
        var markAllComplete = false

        @Flag(name: .customLong("no-promote"), help: "Leave the batches' stage as it is (default: dataset).")
        var noPromote = false

        @Flag(help: "Lock every image this run assigns or moves.")
        var lock = false

        @Option(help: "Seed for the placement order (default: yoloset.yaml split.seed).")
        var seed: UInt64?

        @Option(name: .customLong("group-by"), help: "none, device or batch (default: yoloset.yaml).")
        var groupBy: SplitGrouping?

        @Flag(name: .customLong("dry-run"), help: "Print the plan; change nothing.")
        var dryRun = false

        @Flag(help: "Print the summary as JSON.")
        var json = false

        func validate() throws {
            if includePending && completedOnly {
                throw ValidationError("--include-pending and --completed-only contradict each other.")
            }
            let given = [train, val, test].compactMap { $0 }
            switch mode {
            case .proportions:
                if target != nil { throw ValidationError("--target applies to --mode all only.") }
                if !given.isEmpty {
                    do {
                        _ = try SplitRatios(train: train ?? 0, val: val ?? 0, test: test ?? 0)
                    } catch {
                        throw ValidationError("--train/--val/--test: \(error.description).")
                    }
                }
            case .all:
                if target == nil { throw ValidationError("--mode all needs --target train|val|test.") }
                if !given.isEmpty { throw ValidationError("--train/--val/--test apply to --mode proportions only.") }
            case .existing:
                if target != nil || !given.isEmpty {
                    throw ValidationError("--mode existing assigns nothing: drop --target/--train/--val/--test.")
                }
            }
        }

        func run() throws {
            try global.apply()
            let workspace = try Workspace.find()
            let config = workspace.config
            let requestMode: SplitRequest.Mode
            switch mode {
            case .proportions:
                let given = [train, val, test].contains { $0 != nil }
                requestMode = .proportions(
                    given ? try SplitRatios(train: train ?? 0, val: val ?? 0, test: test ?? 0) : config.ratios)
            case .all: requestMode = .all(target!)
            case .existing: requestMode = .existing
            }
            var request = SplitRequest(mode: requestMode)
            request.batches = batches
            request.completedOnly = !includePending
            request.includeFailing = includeFailing
            request.forceReassignment = forceReassignment
            request.markAllComplete = markAllComplete
            request.promote = !noPromote
            request.lock = lock
            request.seed = seed ?? config.seed
            request.groupBy = groupBy ?? config.groupBy
            request.dryRun = dryRun
            let summary = try Splitter(workspace: workspace).run(request, write: write.workspaceWrite)
            summary.write(asJSON: json)
        }
    }
}
