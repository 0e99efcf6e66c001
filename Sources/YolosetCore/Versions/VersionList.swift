/// What `yoloset versions` lists: every version, oldest first.
public struct VersionList: Sendable, Equatable {
    public var versions: [VersionInfo]

    public init(_ versions: [VersionInfo]) {
        self.versions = versions
    }
}
