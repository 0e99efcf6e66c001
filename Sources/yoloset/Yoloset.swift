import ArgumentParser
import Foundation
import YolosetCore

/// The `yoloset` command: parses arguments, hands the work to YolosetCore, prints.
@main
struct Yoloset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "yoloset",
        abstract: "Turn MLOps batch dumps and their images into validated Ultralytics YOLO datasets.",
        discussion: """
            Exit status: 0 passed; 1 findings at or above --fail-on; 2 the run could not complete \
            (unreadable or malformed input, bad arguments, an unknown batch or image, a busy workspace \
            with --no-wait).

            Examples:
              yoloset validate fixtures/sample/dumps --images fixtures/sample/images
              yoloset init ws --dumps fixtures/sample/dumps --images fixtures/sample/images
              yoloset -C ws run
            """,
        version: YolosetVersion.current,
        subcommands: [
            Run.self, Validate.self, MergeReports.self, Init.self, Import.self, Status.self, Assign.self,
            ExtractReviewed.self, Split.self,
            Images.self,
            Lock.self, Unlock.self, Snapshot.self, Versions.self, Show.self, Verify.self,
            Export.self, Diff.self, GC.self, Fsck.self,
        ]
    )

    @OptionGroup var global: GlobalOptions

    /// Like ParsableCommand.main(), but a run that cannot complete (bad arguments, unreadable input, an
    /// error nobody expected) exits with status 2 and one line on stderr; exit 1 is kept for findings.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let words = CommandWords(arguments)
        if let unknown = words.unknownCommand { fail(unknown) }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            guard let line = failureLine(for: error, command: words.command) else { exit(withError: error) }
            fail(line)
        }
    }

    private static func fail(_ line: String) -> Never {
        FileHandle.standardError.write(Data("yoloset: error: \(line)\n".utf8))
        Foundation.exit(2)
    }

    /// The one line that says why the run could not complete (for unreadable dumps, a line apiece), or
    /// nil for the ends argument-parser prints
    /// itself: --help and --version (status 0), and the `ExitCode` a command throws after printing its
    /// findings. A usage error points to the help of `command`, the subcommand the line names.
    static func failureLine(for error: any Error, command: String? = nil) -> String? {
        let text: String
        switch error {
        // A line per dump: the count, then each (already one line apiece).
        case let unreadable as UnreadableDumps:
            return unreadable.description
        case let failure as any RunFailure:
            text = failure.description
        case is ExitCode:
            return nil
        default:
            switch exitCode(for: error) {
            case .success: return nil
            // A usage error; --help has the usage.
            case .validationFailure:
                let help = ["yoloset", command, "--help"].compactMap { $0 }.joined(separator: " ")
                text = message(for: error) + " (see '\(help)')"
            default: text = message(for: error).isEmpty ? String(describing: error) : message(for: error)
            }
        }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
    }
}
