internal import Foundation

/// What a report needs to know of the run beyond its findings: the folder its paths are relative to
/// (CI systems match them against the repository's files), what was validated, and how long it took.
public struct ReportContext: Sendable, Equatable {
    /// The folder SARIF, GitHub and GitLab paths are relative to: absolute, standardized; nil leaves
    /// paths as the run named them.
    public var base: String?
    /// What was validated: `dumps`, `dataset` or `workspace`, and the paths as named.
    public var kind: String
    public var inputs: [String]
    /// Wall time of the run in seconds (JUnit's `time`).
    public var elapsed: Double

    public init(base: String? = nil, kind: String = "dumps", inputs: [String] = [], elapsed: Double = 0) {
        self.base = base.map(Self.absolute)
        self.kind = kind
        self.inputs = inputs
        self.elapsed = elapsed
    }

    /// `--base`'s default: the git work tree that holds the first input, else the current folder.
    public static func defaultBase(for inputs: [String]) -> String {
        let current = FileManager.default.currentDirectoryPath
        guard let first = inputs.first else { return current }
        var folder = URL(fileURLWithPath: absolute(first))
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) || !isFolder.boolValue {
            folder.deleteLastPathComponent()
        }
        while true {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(".git").path) {
                return folder.path
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return current }
            folder = parent
        }
    }

    /// A path made absolute against the current folder, `.` and `..` resolved (symlinks are not).
    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: full).standardizedFileURL.path
    }

    /// A finding's path relative to `base`, or nil when it lies outside it (or there is no base).
    func relative(_ path: String) -> String? {
        guard let base else { return nil }
        let full = Self.absolute(path)
        if full == base { return "." }
        let prefix = base == "/" ? "/" : base + "/"
        return full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : nil
    }

    /// A path for reports a CI system reads against its checkout: relative to `base`, through `..`
    /// when it lies outside (GitLab takes relative paths only); as the run named it without a base.
    func display(_ path: String) -> String {
        guard let base else { return path }
        return relativePath(of: Self.absolute(path), from: base)
    }

    /// `automationDetails.id`: `yoloset/KIND/PATHS/`: one category per kind of input and inputs, so a
    /// dump report and a dataset report uploaded by one job do not replace each other.
    var automationID: String {
        let paths = inputs.isEmpty ? "." : inputs.map(display).joined(separator: ",")
        return "yoloset/\(kind)/\(paths)/"
    }
}
