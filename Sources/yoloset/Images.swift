import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Images: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List images: id, batch, filename, annotation status, split, lock, content hash, findings.",
            discussion: """
                Examples:
                  yoloset -C ws images --batch b-1001
                  yoloset -C ws images --split val --json
                """)

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
            let selection = ImageSelection(batches: batch, split: split, locked: locked ? true : unlocked ? false : nil)
            try workspace.imageList(selection).write(asJSON: json)
        }
    }
}
