import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct MergeReports: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge-reports",
            abstract: "Join the parts of a sharded validate into the report and exit status of one run.",
            discussion: """
                PART is what 'yoloset validate --shard K/N' wrote, one for every shard from 1 to N, in any \
                order. The rules across shards (image.duplicate, split.leak, split.overlap) are computed here \
                from the digests the parts carry: no image is read. Their findings get the line and column of \
                their JSON path from the dumps, when the dumps are where the shards read them (check the \
                repository out in the merging job).

                The report has the findings, counts, order and exit status of one unsharded run of the same \
                validate command, in any format: 0 passed; 1 findings at or above --fail-on; 2 a dump could \
                not be read (the report is written), or the parts cannot be merged (a shard missing or given \
                twice, parts of different runs or yoloset versions).

                Examples:
                  yoloset merge-reports part-1.json part-2.json --format sarif --output validate.sarif
                  yoloset merge-reports parts/*.json --fail-on warning
                """
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The part of every shard (validate --shard K/N --output FILE).")
        var parts: [String] = []

        @OptionGroup var report: ReportOptions

        @Option(name: [.short, .customLong("jobs")], help: "Threads that compare content (default: one per core).")
        var jobs: Int?

        func validate() throws {
            if parts.isEmpty {
                throw ValidationError("name the part of every shard (validate --shard K/N --output FILE).")
            }
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, not \(jobs).") }
        }

        func run() throws {
            try global.apply()
            let accepted = try report.loadBaseline()
            let loaded = try parts.map { try ValidationPart.load(file: $0) }
            let merged = try ReportMerge(workers: jobs).run(parts: loaded, files: parts)
            try report.deliver(
                merged.report, baseline: accepted, kind: "dumps", inputs: merged.inputs, elapsed: merged.elapsed,
                color: global.color)
        }
    }
}
