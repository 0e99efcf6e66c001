internal import Foundation

#if canImport(Glibc)
    internal import Glibc
#endif

/// A yoloset workspace: `yoloset.yaml` and the `.yoloset/` folder beside it (the catalog, the object
/// store, the writer lock). One workspace per project.
public final class Workspace: Sendable {
    /// The folder holding `yoloset.yaml`.
    public let root: String
    public let config: WorkspaceConfig
    let catalog: Catalog
    let objects: ObjectStore

    static let stateFolder = ".yoloset"

    private init(root: String, config: WorkspaceConfig) throws(WorkspaceError) {
        self.root = root
        self.config = config
        let state = "\(root)/\(Self.stateFolder)"
        catalog = try Catalog(path: "\(state)/catalog.sqlite")
        objects = ObjectStore(root: "\(state)/objects", staging: "\(state)/tmp", link: config.link)
    }

    /// Creates a workspace in `folder` (made if missing). Refuses a folder that already holds one.
    @discardableResult
    public static func create(at folder: String, config: WorkspaceConfig) throws(WorkspaceError) -> Workspace {
        let manager = FileManager.default
        let root = (folder as NSString).standardizingPath
        let configFile = "\(root)/\(WorkspaceConfig.fileName)"
        let state = "\(root)/\(stateFolder)"
        if manager.fileExists(atPath: configFile), !manager.fileExists(atPath: state) {
            throw WorkspaceError(
                "'\(folder)' already has a \(WorkspaceConfig.fileName): it is a workspace already, and every yoloset "
                    + "command run there uses it (the catalog is made on first use); nothing was changed")
        }
        if manager.fileExists(atPath: configFile) || manager.fileExists(atPath: state) {
            throw WorkspaceError(
                "'\(folder)' already holds a yoloset workspace (\(WorkspaceConfig.fileName) or \(stateFolder)/); "
                    + "nothing was changed")
        }
        do {
            try manager.createDirectory(atPath: "\(state)/objects", withIntermediateDirectories: true)
            try manager.createDirectory(atPath: "\(state)/tmp", withIntermediateDirectories: true)
        } catch {
            throw WorkspaceError("cannot create '\(state)': \(error.localizedDescription)")
        }
        let workspace = try Workspace(root: root, config: config)
        // yoloset.yaml is written last, atomically: until it exists the folder is not a workspace.
        do {
            try Data(config.yaml().utf8).write(to: URL(fileURLWithPath: configFile), options: .atomic)
        } catch {
            throw WorkspaceError("cannot write '\(configFile)': \(error.localizedDescription)")
        }
        return workspace
    }

    /// Opens the workspace whose settings are `configFile`, creating its catalog and object store
    /// beside the file when they are missing (a checkout that keeps only `yoloset.yaml` and its dumps).
    public static func open(configFile: String) throws -> Workspace {
        let config = try WorkspaceConfig.load(file: configFile)
        let root = (URL(fileURLWithPath: configFile).standardizedFileURL.path as NSString).deletingLastPathComponent
        let state = "\(root)/\(stateFolder)"
        guard mkdirAll("\(state)/objects"), mkdirAll("\(state)/tmp") else {
            throw WorkspaceError("cannot create '\(state)': \(errnoText())")
        }
        return try Workspace(root: root, config: config)
    }

    /// A path from `yoloset.yaml`, made absolute against the workspace's folder.
    public func resolve(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let absolute = expanded.hasPrefix("/") ? expanded : "\(root)/\(expanded)"
        return (absolute as NSString).standardizingPath
    }

    /// Opens the workspace holding `folder`: the nearest folder at or above it with a `yoloset.yaml`. A
    /// checkout that keeps only `yoloset.yaml` (and its dumps) gets its catalog and object store created
    /// beside the file, as `--config` does.
    public static func find(from start: String? = nil) throws -> Workspace {
        let folder = start ?? FileManager.default.currentDirectoryPath
        var current = URL(fileURLWithPath: folder).standardizedFileURL.path
        while true {
            let configFile = "\(current)/\(WorkspaceConfig.fileName)"
            if FileManager.default.fileExists(atPath: configFile) { return try open(configFile: configFile) }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { throw WorkspaceError.notFound(from: folder) }
            current = parent
        }
    }

    /// Runs `body` holding the writer lock. `notice` gets the message to print while waiting for another
    /// writer; `wait: false` fails at once instead. Files a killed writer left half-written in the object
    /// store's staging folder are removed first, unless `keepStaging` (a dry run that only counts them).
    func exclusively<T>(
        command: String, wait: Bool, notice: (String) -> Void, keepStaging: Bool = false, _ body: () throws -> T
    ) throws -> T {
        let lock = try WorkspaceLock(
            path: "\(root)/\(Self.stateFolder)/lock", command: command, wait: wait, notice: notice)
        defer { withExtendedLifetime(lock) {} }
        if !keepStaging { clearStaging() }
        return try body()
    }

    /// Removes copies a killed run left half-written; only the lock holder may.
    private func clearStaging() {
        for path in objects.temporaries() { unlink(path) }
    }

    /// How a writing command waits for the lock.
    public struct WriteOptions: Sendable {
        public var wait: Bool
        public var notice: @Sendable (String) -> Void

        public init(wait: Bool = true, notice: @escaping @Sendable (String) -> Void = { _ in }) {
            self.wait = wait
            self.notice = notice
        }
    }
}
