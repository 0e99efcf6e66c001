import ArgumentParser
import Foundation
import YolosetCore

/// The dumps a command reads and how their images are checked: `validate` and `import` share them.
/// `--check` has no default here: `validate` checks a YOLO dataset fully, dumps by their headers.
struct DumpInputOptions: ParsableArguments {
    @Argument(help: "Dump files, or folders of dumps (every .json file under them).")
    var paths: [String] = []

    @Option(
        help: ArgumentHelp(
            "Folder that storage keys are relative to (default: each dump's folder).", valueName: "DIR"))
    var images: String?

    @Option(
        help: """
            header: sizes, formats, EXIF and end markers; full: also decode all compressed data \
            (default: header; full for a YOLO dataset).
            """)
    var check: CheckLevel?

    @Option(name: [.short, .customLong("jobs")], help: "Threads that check images (default: one per core).")
    var jobs: Int?

    /// Refuses an images root that does not exist: a typo, not a run where every image is missing.
    func checkImagesRoot() throws {
        guard let images else { return }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: images, isDirectory: &isFolder), isFolder.boolValue else {
            throw RunError(description: "images root '\(images)' is not a folder (--images); nothing was checked")
        }
    }

    func validate() throws {
        if let jobs, jobs < 1 {
            throw ValidationError("--jobs must be at least 1, not \(jobs).")
        }
    }
}
