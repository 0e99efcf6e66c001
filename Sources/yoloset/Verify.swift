import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Check a version (or any version folder) against its checksums and layout; exit 1 naming every "
                + "changed, missing or extra file.",
            discussion: """
                Examples:
                  yoloset -C ws verify v1
                  yoloset -C ws verify v1 --rebuild
                  yoloset verify /mnt/export/dock-v1 --json
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(
            help: ArgumentHelp(
                "vN, N or a version's name; or the path of a version folder (an exported copy: no workspace "
                    + "needed). An argument holding a '/' is a path.",
                valueName: "version|path"))
        var version: String

        @Flag(
            help: ArgumentHelp(
                "Also build the version again, from the recipe the catalog recorded and the object store, and "
                    + "compare every file byte for byte."))
        var rebuild = false

        @Flag(help: "Print the report as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            let report: VerifyReport
            if Workspace.isVersionFolder(version) {
                guard !rebuild else {
                    throw RunError(
                        description: "--rebuild needs a version of the workspace (vN or its name), not a folder's path")
                }
                report = try Workspace.verify(folderAt: version)
            } else {
                report = try Workspace.find().verify(version, rebuild: rebuild)
            }
            report.write(asJSON: json)
            if !report.passed { throw ExitCode(1) }
        }
    }
}
