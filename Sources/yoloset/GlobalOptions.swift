import ArgumentParser
import Foundation
import YolosetCore

/// Options every command takes, before or after the subcommand's name (`yoloset -C DIR status`).
struct GlobalOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp("Run as if yoloset was started in DIR.", valueName: "DIR"))
    var directory: String?

    @Option(
        help: ArgumentHelp(
            "Colour text output: auto (only when stdout is a terminal, NO_COLOR is unset and TERM is not dumb), always, never."
        ))
    var color: ColorChoice = .auto

    /// Applies -C; call first in run().
    func apply() throws {
        guard let directory else { return }
        guard FileManager.default.changeCurrentDirectoryPath(directory) else {
            throw RunError(description: "-C '\(directory)': cannot change into this folder (missing or not a folder)")
        }
    }
}
