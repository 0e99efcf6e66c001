import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct GC: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gc",
            abstract: "Remove objects that no catalog row and no version refers to, and files killed commands left.",
            discussion: """
                Examples:
                  yoloset -C ws gc --dry-run
                  yoloset -C ws gc
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions

        @Flag(help: "Count what would be removed; remove nothing.")
        var dryRun = false

        @Flag(help: "Print the result as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            let report = try GarbageCollector(workspace: try Workspace.find(), dryRun: dryRun).run(
                write: write.workspaceWrite)
            report.write(asJSON: json)
        }
    }
}
