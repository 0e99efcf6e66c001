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

        func run() throws {
            try global.apply()
            if Workspace.isVersionFolder(version) {
                guard !rebuild else {
                    throw RunError(
                        description: "--rebuild needs a version of the workspace (vN or its name), not a folder's path")
                }
                let report = try Workspace.verify(folderAt: version)
                print(report.text)
                if !report.intact { throw ExitCode(1) }
                return
            }
            let workspace = try Workspace.find()
            let report = try workspace.verify(version)
            print(report.text)
            var rebuilt = true
            if rebuild {
                let result = try workspace.rebuild(version)
                print(result.text)
                rebuilt = result.identical
            }
            if !report.intact || !rebuilt { throw ExitCode(1) }
        }
    }
}
