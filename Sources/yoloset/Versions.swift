import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Versions: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the versions, with counts per split.",
            discussion: """
                Examples:
                  yoloset -C ws versions
                  yoloset -C ws versions --json
                """)

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Print the list as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            VersionList(try Workspace.find().versions()).write(asJSON: json)
        }
    }
}
