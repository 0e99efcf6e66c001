import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Versions: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the versions, with counts per split.")

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Print the list as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            let versions = try Workspace.find().versions()
            if json {
                FileHandle.standardOutput.write(Data(VersionList(versions).json.utf8))
                return
            }
            if versions.isEmpty { print("no versions yet; `yoloset snapshot` makes one") }
            for version in versions {
                let splits = version.splits.map { "\($0.split.rawValue) \($0.images)" }.joined(separator: ", ")
                print(
                    "v\(version.number)  \(version.name)  \(version.createdAt)  \(version.images) images "
                        + "(\(splits)), \(version.annotations) labels")
            }
        }
    }
}
