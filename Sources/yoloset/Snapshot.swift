import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Snapshot: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Snapshot the workspace into versions/v<N>: an immutable, ready-to-train YOLO dataset.",
            discussion: """
                Takes images that are completed, have a split and pass validation (a version config can \
                widen or narrow this). The folder holds data.yaml (paths relative to itself), images/ \
                (hard links), labels/, version.json (every original id) and checksums.sha256 \
                (`sha256sum -c` works). It is built under a hidden name and renamed into place in one step.
                Each image of the previous version that the new one leaves out is reported as a \
                version.dropped finding naming why (`run --fail-on` fails on them; snapshot exits 0).

                Examples:
                  yoloset -C ws snapshot
                  yoloset -C ws snapshot --name dock-week-12 --if-changed
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions

        @Option(help: "A name for the version (default: vN).")
        var name: String?

        @Option(help: ArgumentHelp("Version config (YAML): batches, classes, sources, ...", valueName: "FILE"))
        var config: String?

        @Flag(
            name: .customLong("if-changed"),
            help: "Make no version when the newest one already holds exactly this dataset (and say so).")
        var ifChanged = false

        @Flag(help: "Print the result as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            let workspace = try Workspace.find()
            let settings = try config.map { try VersionConfig.load(file: $0) } ?? VersionConfig()
            let result = try Snapshotter(workspace: workspace).run(
                name: name, config: settings, unlessUnchanged: ifChanged, write: write.workspaceWrite)
            result.write(asJSON: json)
        }
    }
}
