import ArgumentParser
import Foundation
import YolosetCore

/// Options every command takes, before or after the subcommand's name (`yoloset -C DIR status`).
struct GlobalOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp("Run as if yoloset was started in DIR.", valueName: "DIR"))
    var directory: String?

    /// Applies -C; call first in run().
    func apply() throws {
        guard let directory else { return }
        guard FileManager.default.changeCurrentDirectoryPath(directory) else {
            throw RunError(description: "-C '\(directory)': cannot change into this folder (missing or not a folder)")
        }
    }
}
