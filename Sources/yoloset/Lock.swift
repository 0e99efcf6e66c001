import ArgumentParser
import Foundation
import YolosetCore

/// Selection options shared by `lock` and `unlock`.
struct LockSelection: ParsableArguments {
    @Option(help: "Images of this batch (repeatable).")
    var batch: [String] = []

    @Option(help: "This image (repeatable).")
    var image: [String] = []

    @Option(help: "Images in this split.")
    var split: DatasetSplit?

    @Flag(help: "Every image (needed when no other selection is given).")
    var all = false

    var selection: ImageSelection { ImageSelection(batches: batch, images: image, split: split) }

    func check() throws {
        if all && !selection.isEmpty { throw ValidationError("--all cannot be combined with --batch/--image/--split.") }
        if !all && selection.isEmpty { throw ValidationError("Say which images: --batch, --image, --split, or --all.") }
    }

    /// Sets or clears the lock on the selected images.
    func apply(lock: Bool, global: GlobalOptions, write: WriteOptions) throws -> SplitLocker.Result {
        try global.apply()
        return try SplitLocker(workspace: try Workspace.find()).run(
            lock: lock, selection: selection, write: write.workspaceWrite)
    }
}

extension Yoloset {
    struct Lock: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lock images' splits: a locked image never moves.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions
        @OptionGroup var select: LockSelection

        func validate() throws { try select.check() }

        func run() throws {
            let result = try select.apply(lock: true, global: global, write: write)
            print(
                "locked \(result.changed.count) image\(result.changed.count == 1 ? "" : "s"); \(result.unchanged) already locked"
            )
            if !result.withoutSplit.isEmpty {
                print(
                    "\(result.withoutSplit.count) selected image\(result.withoutSplit.count == 1 ? " has" : "s have") "
                        + "no split and cannot be locked (run `yoloset split` first): "
                        + result.withoutSplit.prefix(10).joined(separator: ", "))
            }
        }
    }

    struct Unlock: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Unlock images' splits, so a forced re-split may move them. Every unlocked image is listed.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions
        @OptionGroup var select: LockSelection

        func validate() throws { try select.check() }

        func run() throws {
            let result = try select.apply(lock: false, global: global, write: write)
            print(
                "unlocked \(result.changed.count) image\(result.changed.count == 1 ? "" : "s"); \(result.unchanged) were not locked"
            )
            for id in result.changed { print("  unlocked \(id)") }
        }
    }
}
