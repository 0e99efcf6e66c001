internal import Foundation
internal import GRDB

#if canImport(Glibc)
    internal import Glibc
#endif

/// `yoloset gc`: removes the objects that no catalog row and no version refers to (a killed import's,
/// a replaced image's old bytes), and temporary files killed commands left. One entry point, `run`;
/// it holds the writer lock, so it never runs beside an import or a snapshot that could be about to
/// refer to an object.
public struct GarbageCollector: Sendable {
    public var workspace: Workspace
    public var dryRun: Bool

    public init(workspace: Workspace, dryRun: Bool = false) {
        self.workspace = workspace
        self.dryRun = dryRun
    }

    public struct Report: Sendable {
        public var dryRun: Bool
        public var objectsKept = 0
        public var objectsRemoved = 0
        public var bytesFreed: Int64 = 0
        public var temporariesRemoved = 0
    }

    public func run(write: Workspace.WriteOptions = .init()) throws -> Report {
        // Taking the lock already clears the object store's staging folder; count what it will clear.
        let staged = workspace.objects.temporaries().count
        return try workspace.exclusively(command: "gc", wait: write.wait, notice: write.notice, keepStaging: dryRun) {
            try collect(staged: staged)
        }
    }

    private func collect(staged: Int) throws -> Report {
        var report = Report(dryRun: dryRun)
        let objects = workspace.objects
        var referenced = try workspace.catalog.read { db in try ObjectRecords.imageDigests(db) }
        let versions = VersionStore(workspace: workspace)
        for number in versions.numbers() {
            guard let contents = versions.contents(of: number) else {
                throw WorkspaceError(
                    "cannot read '\(versions.folder(number))/checksums.sha256', so gc cannot tell which objects "
                        + "v\(number) needs; nothing was removed (`yoloset verify v\(number)` says more)")
            }
            for (path, digest) in contents where path.hasPrefix("images/") { referenced.insert(digest) }
        }
        var removed: [String] = []
        for digest in objects.allDigests() {
            guard !referenced.contains(digest) else {
                report.objectsKept += 1
                continue
            }
            let path = objects.path(of: digest)
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            if !dryRun {
                guard unlink(path) == 0 else { throw WorkspaceError("gc: cannot remove '\(path)': \(errnoText())") }
            }
            removed.append(digest)
            // A hard link to a user's file frees nothing of the user's: only the store's own bytes count.
            if info.st_nlink <= 1 { report.bytesFreed += Int64(info.st_size) }
        }
        report.objectsRemoved = removed.count
        if !dryRun, !removed.isEmpty {
            try workspace.catalog.write { db in
                try ObjectRecords.delete(removed, from: db)
                try Catalog.log(
                    db, command: "gc",
                    summary: encodeJSON(
                        ["objects_removed": Int64(removed.count), "bytes_freed": report.bytesFreed], compact: true))
            }
        }
        report.temporariesRemoved = staged
        if !dryRun { try versions.removeAbandoned() }
        return report
    }
}
