import ArgumentParser
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

    func validate() throws {
        if let jobs, jobs < 1 {
            throw ValidationError("--jobs must be at least 1, not \(jobs).")
        }
    }
}
