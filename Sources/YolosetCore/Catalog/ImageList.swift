/// What `yoloset images` lists: the images a selection names, ordered by batch and id.
public struct ImageList: Sendable, Equatable {
    public var images: [ImageRow]

    public init(_ images: [ImageRow]) {
        self.images = images
    }
}
