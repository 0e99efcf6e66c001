internal import Foundation

#if canImport(Glibc)
    internal import Glibc
#endif

/// Files a command reads or writes for the user (`--output`, `--config`), with problems said in one
/// plain line: the system's own words ("No such file or directory"), never Foundation's.
public enum ReportFile {
    /// Writes `text` to `path` whole or not at all (a temporary file renamed over it), creating its
    /// parent folders.
    public static func write(_ text: String, to path: String) throws(FileProblem) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw FileProblem(path: path, problem: "is a folder; name a file to write")
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, let problem = makeFolders(parent) {
            throw FileProblem(path: path, problem: "cannot create its folder '\(parent)' (\(problem))")
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw FileProblem(path: path, problem: "cannot be written (\(reason(parent.isEmpty ? "." : parent)))")
        }
    }

    /// Why `path` cannot be read, or nil when it can.
    public static func readProblem(_ path: String) -> String? {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            return "is a folder, not a file"
        }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return errnoText() }
        close(fd)
        return nil
    }

    /// Creates `folder` and its parents (mkdir -p); the system's reason when it cannot.
    private static func makeFolders(_ folder: String) -> String? {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            return isFolder.boolValue ? nil : "'\(folder)' is a file"
        }
        let parent = (folder as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != folder, let problem = makeFolders(parent) { return problem }
        return mkdir(folder, 0o777) == 0 || errno == EEXIST ? nil : errnoText()
    }

    /// The system's reason a folder cannot take a new file (or the nearest existing folder above it).
    private static func reason(_ folder: String) -> String {
        var current = folder
        while !FileManager.default.fileExists(atPath: current) {
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { break }
            current = parent
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: current, isDirectory: &isFolder), !isFolder.boolValue {
            return "'\(current)' is a file"
        }
        return access(current, W_OK) == 0 ? "the write failed" : errnoText()
    }
}

/// A file the user named that cannot be used: its path and why, in one line.
public struct FileProblem: RunFailure, Equatable, Sendable {
    public var path: String
    public var problem: String

    public var description: String { "'\(path)' \(problem)" }
}
