import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Versions: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the versions, with counts per split; `versions rm` removes one.",
            discussion: """
                Examples:
                  yoloset -C ws versions
                  yoloset -C ws versions --json
                  yoloset -C ws versions rm v2
                """,
            subcommands: [List.self, Remove.self], defaultSubcommand: List.self)
    }
}

extension Yoloset.Versions {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the versions, with counts per split.",
            discussion: """
                Examples:
                  yoloset -C ws versions list
                  yoloset -C ws versions list --json
                """)

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Print the list as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            VersionList(try Workspace.find().versions()).write(asJSON: json)
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm",
            abstract: "Remove a version; its number is never issued again, and `gc` frees what only it held.",
            discussion: """
                Examples:
                  yoloset -C ws versions rm v2
                  yoloset -C ws versions rm dock-week-12 --json
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions

        @Argument(help: "vN, N or the version's name.")
        var version: String

        @Flag(help: "Print the result as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            let removal = try Workspace.find().removeVersion(version, write: write.workspaceWrite)
            removal.write(asJSON: json)
        }
    }
}
