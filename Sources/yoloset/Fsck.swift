import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Fsck: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fsck",
            abstract: "Re-hash every object; check every version's images and every catalog row against the store.",
            discussion: """
                Exit status: 0 clean; 1 problems found (each printed with its path).

                Examples:
                  yoloset -C ws fsck
                  yoloset -C ws fsck --json
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: "Threads that hash (default: all cores).")
        var jobs: Int?

        @Flag(help: "Print the result as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            let report = try Workspace.find().fsck(workers: jobs)
            report.write(asJSON: json)
            if !report.clean { throw ExitCode(1) }
        }
    }
}
