import ArgumentParser
import Foundation
import YolosetCore

extension VersionExporter.LinkMode: ExpressibleByArgument {}

extension Yoloset {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a version out of the workspace (for another machine); the copy is verified.",
            discussion: """
                Examples:
                  yoloset -C ws export v1 --out /tmp/dock-v1
                  yoloset -C ws export v1 --out /tmp/dock-v1-copy --link copy
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: "vN, N or the version's name.")
        var version: String

        @Option(help: ArgumentHelp("The new folder (must not exist, or be empty).", valueName: "DIR"))
        var out: String

        @Option(help: "How images get there: hardlink (copy across file systems), copy, or symlink.")
        var link: VersionExporter.LinkMode = .hardlink

        @Flag(help: "Print what was exported as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            let result = try VersionExporter(workspace: try Workspace.find()).run(version, to: out, link: link)
            let report = result.verify
            guard report.intact else {
                throw RunError(
                    description: "the export to '\(out)' does not verify: \(report.changed.count) changed, "
                        + "\(report.missing.count) missing, \(report.extra.count) extra")
            }
            result.write(asJSON: json)
        }
    }
}
