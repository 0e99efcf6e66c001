import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Check a version against its checksums and layout; exit 1 naming every changed, missing or extra file.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "vN or N.")
        var version: String

        @Flag(
            help: ArgumentHelp(
                "Also build the version again, from the recipe the catalog recorded and the object store, and "
                    + "compare every file byte for byte."))
        var rebuild = false

        func run() throws {
            try global.apply()
            let workspace = try Workspace.find()
            let report = try workspace.verify(version)
            for path in report.changed {
                print("changed: \(path)" + (report.objectChanges[path].map { " (\($0.message))" } ?? ""))
            }
            for path in report.missing {
                print("missing: \(path)" + (report.objectChanges[path].map { " (\($0.message))" } ?? ""))
            }
            for path in report.extra { print("extra: \(path)") }
            for problem in report.structure { print("layout: \(problem)") }
            if report.intact {
                print("v\(report.version): intact (\(report.filesChecked) files match checksums.sha256)")
            } else {
                print(
                    "v\(report.version): NOT intact — \(report.changed.count) changed, \(report.missing.count) missing, "
                        + "\(report.extra.count) extra, \(report.structure.count) layout problems")
            }
            var rebuilt = true
            if rebuild {
                let result = try workspace.rebuild(version)
                for path in result.differing { print("rebuild differs: \(path)") }
                for path in result.onlyInVersion { print("rebuild lacks: \(path)") }
                for path in result.onlyInRebuild { print("rebuild adds: \(path)") }
                rebuilt = result.identical
                print(
                    "v\(result.version): "
                        + (result.identical
                            ? "rebuilt from the catalog's recipe and the object store: \(result.filesCompared) files "
                                + "byte-identical (version.json's id and created_at come from the recipe)"
                            : "the rebuild differs — \(result.differing.count) files differ, "
                                + "\(result.onlyInVersion.count) missing from the rebuild, \(result.onlyInRebuild.count) only in it")
                )
            }
            if !report.intact || !rebuilt { throw ExitCode(1) }
        }
    }
}
