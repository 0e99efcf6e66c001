import ArgumentParser
import Foundation
import YolosetCore

/// Options of the commands that change a workspace.
struct WriteOptions: ParsableArguments {
    @Flag(name: .customLong("no-wait"), help: "Fail at once when another yoloset process is changing the workspace.")
    var noWait = false

    var workspaceWrite: Workspace.WriteOptions {
        Workspace.WriteOptions(wait: !noWait) { message in
            FileHandle.standardError.write(Data("yoloset: \(message)\n".utf8))
        }
    }
}
