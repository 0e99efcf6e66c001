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
                  yoloset -C ws diff v1 v2 --exit-code || echo "v2 is not v1"
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The older version (vN, N or its name).")
        var from: String

        @Argument(help: "The newer version.")
        var to: String

        @Flag(help: "Print the differences as JSON.")
        var json = false

        @Flag(
            name: .customLong("exit-code"),
            help: "Exit 1 when the versions differ and 0 when they do not, as `git diff --exit-code` does.")
        var exitCode = false

        func run() throws {
            try global.apply()
            let diff = try Workspace.find().diff(from, to)
            try diff.write(asJSON: json)
            if exitCode && !diff.isEmpty { throw ExitCode(1) }
        }
    }
}
