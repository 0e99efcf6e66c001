import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Images: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List images: id, batch, filename, annotation status, split, lock, content hash, findings.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "Only images of this batch (repeatable).")
        var batch: [String] = []

        @Option(help: "Only images in this split.")
        var split: DatasetSplit?

        @Flag(help: "Only locked images.")
        var locked = false

        @Flag(help: "Only unlocked images.")
        var unlocked = false

        @Flag(help: "Print the list as JSON.")
        var json = false

        func validate() throws {
            if locked && unlocked { throw ValidationError("--locked and --unlocked exclude each other.") }
        }

        func run() throws {
            try global.apply()
            let workspace = try Workspace.find()
            let rows = try workspace.images(
                ImageSelection(batches: batch, split: split, locked: locked ? true : unlocked ? false : nil))
            if json {
                FileHandle.standardOutput.write(Data(ImageList(rows).json.utf8))
                return
            }
            print("id\tbatch\tfilename\tannotation_status\tsplit\tlocked\tsha256\tfindings")
            for row in rows {
                let findings =
                    row.openErrors + row.openWarnings == 0
                    ? "-" : "\(row.openErrors) errors, \(row.openWarnings) warnings"
                print(
                    [
                        row.id, row.batchID, row.filename ?? "-", row.annotationStatus ?? "-", row.split ?? "-",
                        row.splitLocked ? "locked" : "-", row.sha256.map { String($0.prefix(12)) } ?? "-", findings,
                    ].joined(separator: "\t"))
            }
        }
    }
}
