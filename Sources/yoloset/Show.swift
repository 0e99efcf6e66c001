import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one version: counts per split and class.",
            discussion: """
                Examples:
                  yoloset -C ws show v1
                  yoloset -C ws show 1 --json
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: "vN, N or the version's name.")
        var version: String

        @Flag(help: "Print it as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            let info = try Workspace.find().version(version)
            info.write(asJSON: json)
        }
    }
}
