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
            """,
        version: YolosetVersion.current,
        subcommands: [
            Run.self, Validate.self, Init.self, Import.self, Status.self, Assign.self, ExtractReviewed.self, Split.self,
            Images.self,
            Lock.self, Unlock.self, Snapshot.self, Versions.self, Show.self, Verify.self,
            Export.self, Diff.self, GC.self, Fsck.self,
        ]
    )

    @OptionGroup var global: GlobalOptions

    /// Like ParsableCommand.main(), but every failure to run (bad arguments, unreadable input) exits
    /// with status 2 and one line on stderr; exit 1 is kept for "findings".
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as DumpError {
            fail("\(error)")
        } catch let error as DatasetError {
            fail("\(error)")
        } catch let error as ConfigError {
            fail("\(error)")
        } catch let error as WorkspaceError {
            fail("\(error)")
        } catch let error as SplitRatios.Problem {
            fail("\(error)")
        } catch let error as BaselineError {
            fail("\(error)")
        } catch let error as RunError {
            fail("\(error)")
        } catch {
            if exitCode(for: error) == .validationFailure {
                // One line, like every other failure to run; --help has the usage.
                fail(message(for: error) + " (see 'yoloset --help')")
            }
            exit(withError: error)
        }
    }

    private static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("yoloset: error: \(message)\n".utf8))
        Foundation.exit(2)
    }
}

/// A run that cannot complete for a reason outside the data (an unwritable output file, a bad -C).
struct RunError: Error, CustomStringConvertible {
    let description: String
}
