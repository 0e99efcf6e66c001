internal import Foundation

#if canImport(Glibc)
    internal import Glibc
#endif

/// `export`: a version folder copied out of the workspace, for another machine. Images are hard-linked,
/// copied or symlinked; everything else is copied. The copy is built under a hidden name beside the
/// target, renamed into place, and verified against its checksums.
public struct VersionExporter: Sendable {
    public enum LinkMode: String, Sendable, CaseIterable {
        case hardlink, copy, symlink
    }

    public var workspace: Workspace

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// The copy made, and its check against its own checksums.
    public struct Result: Sendable, Equatable {
        public var version: Int
        public var name: String
        /// The new folder, absolute.
        public var path: String
        public var link: LinkMode
        public var verify: VerifyReport
    }

    public func run(_ reference: String, to target: String, link: LinkMode) throws -> Result {
        let store = VersionStore(workspace: workspace)
        let number = try workspace.number(of: reference, in: store)
        let source = store.folder(number)
        let manager = FileManager.default
        let destination = URL(fileURLWithPath: target).standardizedFileURL.path
        let versions = Self.realPath(store.root)
        let real = Self.realPath(destination)
        if real == versions || real.hasPrefix(versions + "/") {
            throw WorkspaceError(
                "'\(target)' is inside the workspace's versions/ folder, which holds only the versions snapshot "
                    + "makes; export somewhere else")
        }
        if manager.fileExists(atPath: destination) {
            let contents = (try? manager.contentsOfDirectory(atPath: destination)) ?? ["?"]
            guard contents.isEmpty else {
                throw WorkspaceError("'\(target)' already exists and is not empty; export into a new folder")
            }
            try? manager.removeItem(atPath: destination)
        }
        let parent = (destination as NSString).deletingLastPathComponent
        guard mkdirAll(parent) else { throw WorkspaceError("cannot create '\(parent)': \(errnoText())") }
        let staging = "\(parent)/.\((destination as NSString).lastPathComponent).tmp-\(UUID().uuidString)"
        do {
            let entries = manager.enumerator(atPath: source)?.allObjects as? [String] ?? []
            for entry in entries.sorted() {
                let from = "\(source)/\(entry)"
                let to = "\(staging)/\(entry)"
                var isDirectory: ObjCBool = false
                _ = manager.fileExists(atPath: from, isDirectory: &isDirectory)
                if isDirectory.boolValue {
                    guard mkdirAll(to) else { throw WorkspaceError("cannot create '\(to)': \(errnoText())") }
                    continue
                }
                guard mkdirAll((to as NSString).deletingLastPathComponent) else {
                    throw WorkspaceError("cannot create a folder for '\(to)': \(errnoText())")
                }
                try place(from, at: to, image: entry.hasPrefix("images/"), mode: link)
            }
            guard rename(staging, destination) == 0 else {
                throw WorkspaceError("cannot move the export into '\(destination)': \(errnoText())")
            }
        } catch {
            try? manager.removeItem(atPath: staging)
            throw error
        }
        let name = (try? workspace.version(reference).name) ?? "v\(number)"
        return Result(
            version: number, name: name, path: destination, link: link,
            verify: Workspace.verify(folder: destination, version: number))
    }

    /// `path` with every symbolic link in the part of it that exists resolved.
    static func realPath(_ path: String) -> String {
        var head = path
        var tail: [String] = []
        while !head.isEmpty, head != "/" {
            if let resolved = realpath(head, nil) {
                defer { free(resolved) }
                return tail.reversed().reduce(String(cString: resolved)) { ($0 as NSString).appendingPathComponent($1) }
            }
            tail.append((head as NSString).lastPathComponent)
            head = (head as NSString).deletingLastPathComponent
        }
        return path
    }

    private func place(_ from: String, at to: String, image: Bool, mode: LinkMode) throws(WorkspaceError) {
        if image {
            switch mode {
            case .hardlink:
                if link(from, to) == 0 { return }
            case .symlink:
                guard symlink(from, to) == 0 else { throw WorkspaceError("cannot link '\(to)': \(errnoText())") }
                return
            case .copy:
                break
            }
        }
        do {
            try FileManager.default.copyItem(atPath: from, toPath: to)
        } catch {
            throw WorkspaceError("cannot copy '\(from)' to '\(to)': \(error.localizedDescription)")
        }
    }
}
