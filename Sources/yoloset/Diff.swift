import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare two versions: images added, removed, moved; annotations; classes.",
            discussion: """
                Examples:
                  yoloset -C ws diff v1 v2
                  yoloset -C ws diff 1 2 --json
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The older version (vN, N or its name).")
        var from: String

        @Argument(help: "The newer version.")
        var to: String

        @Flag(help: "Print the differences as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            let diff = try Workspace.find().diff(from, to)
            diff.write(asJSON: json)
        }
    }
}
