import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare two versions: images added, removed, moved; annotations; classes.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The older version (vN or N).")
        var from: String

        @Argument(help: "The newer version.")
        var to: String

        @Flag(help: "Print the differences as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            let diff = try Workspace.find().diff(from, to)
            if json {
                FileHandle.standardOutput.write(Data(diff.json.utf8))
                return
            }
            print("v\(diff.from) → v\(diff.to)")
            if diff.isEmpty {
                print("  no differences")
                return
            }
            func list(_ ids: [String]) -> String {
                ids.prefix(10).joined(separator: ", ") + (ids.count > 10 ? ", … (\(ids.count - 10) more)" : "")
            }
            print(
                "images: \(diff.imagesAdded.count) added, \(diff.imagesRemoved.count) removed, "
                    + "\(diff.imagesMoved.count) moved, \(diff.imagesChanged.count) with new bytes")
            if !diff.imagesAdded.isEmpty { print("  + \(list(diff.imagesAdded))") }
            if !diff.imagesRemoved.isEmpty { print("  - \(list(diff.imagesRemoved))") }
            for move in diff.imagesMoved.prefix(20) { print("  ~ \(move.imageID): \(move.from) → \(move.to)") }
            print(
                "annotations: \(diff.annotationsAdded.count) added, \(diff.annotationsRemoved.count) removed, "
                    + "\(diff.annotationsChanged.count) changed")
            for rename in diff.classesRenamed { print("class renamed: \(rename.from) → \(rename.to)") }
            for name in diff.classesAdded { print("class added: \(name)") }
            for name in diff.classesRemoved { print("class removed: \(name)") }
            for change in diff.classesReindexed {
                print("class re-indexed: \(change.name) \(change.from) → \(change.to)")
            }
        }
    }
}
