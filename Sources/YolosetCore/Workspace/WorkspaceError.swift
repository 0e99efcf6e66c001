/// Why a workspace command cannot run. Like `DumpError`, any of these stops the command before it
/// changes anything.
public struct WorkspaceError: RunFailure, Equatable, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }

    static func notFound(from start: String) -> WorkspaceError {
        WorkspaceError(
            "'\(start)' is not inside a yoloset workspace (no yoloset.yaml here or in any parent folder); "
                + "create one with `yoloset init`, or point at one with -C DIR")
    }

    static func unknownBatch(_ id: String) -> WorkspaceError {
        WorkspaceError("no batch '\(id)' in this workspace; `yoloset status` lists the batches")
    }

    static func unknownImage(_ id: String) -> WorkspaceError {
        WorkspaceError("no image '\(id)' in this workspace; `yoloset images` lists them")
    }

    static func catalog(_ path: String, _ error: any Error) -> WorkspaceError {
        WorkspaceError("the catalog '\(path)' cannot be used: \(error)")
    }
}
