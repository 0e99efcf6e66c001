/// What `yoloset images` lists: the images a selection names, ordered by batch and id. The list is
/// written as it is read from the catalog (`write(asJSON:)`), so a million images' list is never in
/// memory.
public struct ImageList: Sendable {
    let workspace: Workspace
    public let selection: ImageSelection
}

extension Workspace {
    /// The list of the images `selection` names; nothing is read until it is written.
    public func imageList(_ selection: ImageSelection) -> ImageList {
        ImageList(workspace: self, selection: selection)
    }
}
