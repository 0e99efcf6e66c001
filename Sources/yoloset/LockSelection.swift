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

    @Flag(help: "Print what changed as JSON.")
    var json = false

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
