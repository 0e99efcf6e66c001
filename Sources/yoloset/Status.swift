import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show batches, images by annotation status, splits, and open validation findings.",
            discussion: """
                Examples:
                  yoloset -C ws status
                  yoloset -C ws status --json
                """)

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Print the status as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            let workspace = try Workspace.find()
            let status = try workspace.status()
            status.write(asJSON: json)
        }
    }
}
