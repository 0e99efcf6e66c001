internal import Foundation
internal import GRDB

#if canImport(Glibc)
    internal import Glibc
#endif

/// An object that no longer holds the bytes its name promises (`store.object-changed`).
public struct ObjectChange: Sendable, Equatable {
    public var sha256: String
    /// The user's file the object is a hard link to (hardlink mode): the file that was edited.
    public var sourcePath: String?
    /// The object is gone, rather than changed.
    public var missing: Bool

    public var message: String {
        let name = "object \(sha256.prefix(12))…"
        if missing { return "store.object-missing: \(name) is not in the store" }
        guard let sourcePath else {
            return "store.object-changed: \(name) no longer holds the bytes it was stored with"
        }
        return "store.object-changed: \(name) is a hard link to '\(sourcePath)' (store.link: hardlink), which was "
            + "edited in place after import; the bytes it was stored with are gone"
    }
}

/// What `yoloset fsck` found.
public struct FsckReport: Sendable {
    public var objects = 0
    public var objectBytes: Int64 = 0
    public var versions = 0
    public var versionImages = 0
    public var catalogImages = 0
    /// Every problem, by path, with what it is.
    public var problems: [Problem] = []
    /// Objects no catalog row and no version refers to (`gc` removes them), and their bytes.
    public var unreferenced = 0
    public var unreferencedBytes: Int64 = 0
    /// Temporary files a killed command left (`gc` removes them).
    public var staleTemporaries = 0

    public struct Problem: Sendable, Equatable {
        public var path: String
        public var problem: String
    }

    public var clean: Bool { problems.isEmpty }
}

extension Workspace {
    /// The objects among `digests` that are missing, or whose bytes may have changed since they were
    /// stored (their stat differs from the catalog's record) and do: each is re-hashed, on every core.
    func changedObjects(_ digests: [String], workers: Int) throws(WorkspaceError) -> [ObjectChange] {
        let records = try catalog.read { db in try ObjectRecords.all(db) }
        let objects = self.objects
        let unique = Array(Set(digests)).sorted()
        let results = Parallel.map(
            count: unique.count, workers: workers, state: { UnsafeMutableRawBufferPointerBox() },
            each: { index, box -> ObjectChange? in
                let digest = unique[index]
                let record = records[digest]
                let source = record?.link == .hardlink ? record?.sourcePath : nil
                guard let stamp = ObjectStore.Stamp.of(objects.path(of: digest)) else {
                    return ObjectChange(sha256: digest, sourcePath: source, missing: true)
                }
                if let record, record.stamp == stamp { return nil }
                guard ObjectStore.digest(of: objects.path(of: digest), buffer: box.buffer) != digest else { return nil }
                return ObjectChange(sha256: digest, sourcePath: source, missing: false)
            })
        return results.compactMap { $0 }
    }

    /// After a snapshot linked `digests` into a version: their change times moved, nothing else did.
    func refreshChangeTimes(_ digests: [String]) throws(WorkspaceError) {
        let stamps = Set(digests).compactMap { digest in
            ObjectStore.Stamp.of(objects.path(of: digest)).map { (digest, $0) }
        }
        try catalog.write { db in try ObjectRecords.refreshChangeTimes(stamps, in: db) }
    }

    /// Checks the whole store: re-hashes every object on every core; checks that every image file of
    /// every version is a store object with the bytes its checksum names, and that every catalog row's
    /// object exists. Read-only; takes no lock (it may report a concurrent import's objects as
    /// unreferenced, never as damaged).
    public func fsck(workers: Int? = nil) throws -> FsckReport {
        let workers = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
        var report = FsckReport()
        let objects = self.objects
        let (records, catalogDigests) = try catalog.read { db in
            (try ObjectRecords.all(db), try ObjectRecords.imageDigests(db))
        }
        report.catalogImages = catalogDigests.count
        let stored = objects.allDigests()
        let storedSet = Set(stored)
        report.objects = stored.count

        // Objects: name = content, and read-only unless they are the user's own files.
        let results = Parallel.map(
            count: stored.count, workers: workers, state: { UnsafeMutableRawBufferPointerBox() },
            each: { index, box -> (stamp: ObjectStore.Stamp?, mode: mode_t, intact: Bool) in
                let path = objects.path(of: stored[index])
                var info = stat()
                guard stat(path, &info) == 0 else { return (nil, 0, false) }
                let digest = ObjectStore.digest(of: path, buffer: box.buffer)
                return (ObjectStore.Stamp(info), info.st_mode & 0o7777, digest == stored[index])
            })
        for (digest, result) in zip(stored, results) {
            let path = objects.path(of: digest)
            report.objectBytes += result.stamp?.size ?? 0
            let record = records[digest]
            if !result.intact {
                let source = record?.link == .hardlink ? record?.sourcePath : nil
                report.problems.append(
                    .init(path: path, problem: ObjectChange(sha256: digest, sourcePath: source, missing: false).message)
                )
            } else if record?.link != .hardlink, result.mode & 0o222 != 0 {
                report.problems.append(
                    .init(
                        path: path,
                        problem: String(
                            format: "store.object-writable: mode %o; objects are read-only (0444)", result.mode)))
            }
        }

        // Catalog rows.
        for digest in catalogDigests.sorted() where !storedSet.contains(digest) {
            report.problems.append(
                .init(
                    path: objects.path(of: digest),
                    problem: "store.object-missing: the catalog's images refer to \(digest.prefix(12))…, which is "
                        + "not in the store; `yoloset import` the dump again"))
        }

        // Versions: each image file a store object (the same inode, or the same bytes).
        let versions = VersionStore(workspace: self)
        var versionDigests = Set<String>()
        var copies: [(path: String, digest: String)] = []
        for number in versions.numbers() {
            report.versions += 1
            guard let contents = versions.contents(of: number) else {
                report.problems.append(
                    .init(
                        path: "\(versions.folder(number))/checksums.sha256",
                        problem: "version.unreadable: missing or unreadable; `yoloset verify v\(number)` says more"))
                continue
            }
            for (relative, digest) in contents.sorted(by: { $0.key < $1.key }) where relative.hasPrefix("images/") {
                report.versionImages += 1
                versionDigests.insert(digest)
                let path = "\(versions.folder(number))/\(relative)"
                guard storedSet.contains(digest) else {
                    report.problems.append(
                        .init(
                            path: path,
                            problem: "store.object-missing: its object \(digest.prefix(12))… is not in the store; "
                                + "the version cannot be rebuilt"))
                    continue
                }
                guard let file = ObjectStore.Stamp.of(path) else {
                    report.problems.append(
                        .init(path: path, problem: "version.file-missing: `yoloset verify v\(number)`"))
                    continue
                }
                let object = ObjectStore.Stamp.of(objects.path(of: digest))
                if object?.device != file.device || object?.inode != file.inode { copies.append((path, digest)) }
            }
        }
        let copyResults = Parallel.map(
            count: copies.count, workers: workers, state: { UnsafeMutableRawBufferPointerBox() },
            each: { [copies] index, box in ObjectStore.digest(of: copies[index].path, buffer: box.buffer) })
        for (copy, digest) in zip(copies, copyResults) where digest != copy.digest {
            report.problems.append(
                .init(path: copy.path, problem: "version.file-changed: other bytes than checksums.sha256 names"))
        }

        let referenced = catalogDigests.union(versionDigests)
        for (digest, result) in zip(stored, results) where !referenced.contains(digest) {
            report.unreferenced += 1
            report.unreferencedBytes += result.stamp?.size ?? 0
        }
        report.staleTemporaries = objects.temporaries().count
        return report
    }
}

extension ObjectStore {
    /// Every object's digest, from the store's folders.
    func allDigests() -> [String] {
        var digests: [String] = []
        for folder in ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()
        where folder.count == 2 {
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: "\(root)/\(folder)")) ?? []).sorted()
            where name.count == 62 {
                digests.append(folder + name)
            }
        }
        return digests
    }

    /// Files a killed command left under `staging`.
    func temporaries() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []).filter { $0.hasSuffix(".part") }
            .map { "\(staging)/\($0)" }
    }
}
