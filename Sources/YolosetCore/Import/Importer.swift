internal import Foundation
internal import GRDB
internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#endif

/// Imports batch dumps into a workspace. One entry point, `run(paths:)`; its stages:
///
/// 1. Take the workspace's writer lock.
/// 2. Validate the dumps with the workspace's rules (`Validator`); a dump that cannot be read refuses
///    the whole import. While each image is checked, on the same worker, its file is hashed (SHA-256,
///    skipped when size, mtime and inode match what the catalog recorded) and put in the object store.
/// 3. Write everything in one catalog transaction: projects and classes, batches, images (a locked
///    split is never changed), annotations, and each image's findings.
///
/// Interrupted at any point, the catalog is as before or as after; objects stored for an import that
/// did not commit are unreferenced (and removed when the import fails in an orderly way).
public struct Importer: Sendable {
    public var workspace: Workspace
    /// Where image files live; nil means the folder holding each dump.
    public var imagesRoot: String?
    public var check: CheckLevel
    public var workers: Int?
    /// The API every dump must come from (`--source`); nil tells each file's API from its fields.
    public var source: DumpSource?

    public init(
        workspace: Workspace, imagesRoot: String? = nil, check: CheckLevel = .header, workers: Int? = nil,
        source: DumpSource? = nil
    ) {
        self.workspace = workspace
        self.imagesRoot = imagesRoot
        self.check = check
        self.workers = workers
        self.source = source
    }

    public func run(
        paths: [String], write: Workspace.WriteOptions = .init(),
        progress: (@Sendable (Validator.Progress) -> Void)? = nil
    ) throws -> ImportReport {
        try workspace.exclusively(command: "import", wait: write.wait, notice: write.notice) {
            try importLocked(paths: paths, progress: progress)
        }
    }

    /// What the catalog knows of an image before this import.
    struct Known: Sendable {
        let batchID: String
        let split: String?
        let locked: Bool
        let recordDigest: String
        let sha256: String?
        let sourcePath: String?
        let sourceSize: Int64?
        let sourceMTime: Int64?
        let sourceInode: Int64?
    }

    /// What the workers learned of one image: the digest of its record, and its stored file.
    struct ImageFacts: Sendable {
        let recordDigest: String
        var file: StoredFile?
    }

    /// An image's file, once stored.
    struct StoredFile: Sendable {
        let path: String
        let sha256: String
        let size: Int64
        let mtime: Int64
        let inode: Int64
        let outcome: ObjectStore.Outcome?
        /// What the store made of it; nil when the catalog's record still matched and nothing was read.
        let object: ObjectStore.Stored?
        var format: String? = nil
        var storedWidth: Int? = nil
        var storedHeight: Int? = nil
        var orientation: Int? = nil
    }

    private func importLocked(
        paths: [String], progress: (@Sendable (Validator.Progress) -> Void)?
    ) throws -> ImportReport {
        let catalog = workspace.catalog
        let objects = workspace.objects
        let known: [String: Known] = try catalog.read { db in
            var known: [String: Known] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT id, batch_id, split, split_locked, record_digest, sha256, source_path, source_size,
                           source_mtime_ns, source_inode FROM images JOIN image_splits ON image_splits.image_id = images.id
                    """)
            while let row = try rows.next() {
                known[row["id"]] = Known(
                    batchID: row["batch_id"], split: row["split"], locked: row["split_locked"],
                    recordDigest: row["record_digest"], sha256: row["sha256"], sourcePath: row["source_path"],
                    sourceSize: row["source_size"], sourceMTime: row["source_mtime_ns"],
                    sourceInode: row["source_inode"])
            }
            return known
        }

        // 2. Validate, hashing and storing each found file on the worker that checked it.
        let facts = Mutex<[Int: ImageFacts]>([:])
        let created = Mutex<[String]>([])
        let storeError = Mutex<WorkspaceError?>(nil)
        let validator = Validator(
            config: workspace.config.validation, check: check, imagesRoot: imagesRoot, workers: workers,
            source: source)
        let buffers = ReadBuffers()
        var dumps: [Dump] = []
        var sourceBatches: [SourceBatch]?
        var observer = Validator.Observer()
        observer.dumps = { dumps.append(contentsOf: $0) }
        observer.sources = { sourceBatches = $0 }
        observer.image = { checked in
            // The record's digest is worked out here, on every core, rather than in the transaction.
            var fact = ImageFacts(recordDigest: RecordDigest.of(checked.image), file: nil)
            defer { facts.withLock { $0[checked.sequence] = fact } }
            guard let path = checked.imageFile, let inspection = checked.inspection, inspection.byteCount > 0
            else { return }
            do throws(WorkspaceError) {
                guard
                    var file = try Self.store(
                        path: path, known: known[checked.image.id.text], objects: objects, buffers: buffers)
                else { return }
                file.format = inspection.format?.rawValue
                if inspection.hasSize {
                    file.storedWidth = inspection.storedWidth
                    file.storedHeight = inspection.storedHeight
                    file.orientation = inspection.orientation
                }
                fact.file = file
                if file.outcome.map({ $0 != .present }) == true {
                    created.withLock { $0.append(file.sha256) }
                }
            } catch {
                storeError.withLock { if $0 == nil { $0 = error } }
            }
        }
        do {
            let report = try validator.run(paths: paths, progress: progress, observer: observer)
            if let error = storeError.withLock({ $0 }) { throw error }
            if let sourceBatches {
                let files = try storeSourceImages(
                    sourceBatches, known: known, objects: objects, buffers: buffers, validator: validator)
                created.withLock { $0.append(contentsOf: files.created) }
                let writer = SourceImport(
                    report: report, batches: sourceBatches, files: files.stored, known: known, roots: files.roots)
                return try commit(Array(files.stored.values), created: created.withLock { $0 }) { db in
                    try writer.write(db)
                }
            }
            // 3. One transaction.
            let allFacts = facts.withLock { $0 }
            let writer = CatalogImport(config: workspace.config, report: report, facts: allFacts, known: known)
            return try commit(allFacts.values.compactMap(\.file), created: created.withLock { $0 }) { db in
                try writer.write(db, dumps: dumps)
            }
        } catch {
            objects.remove(created.withLock { $0 })
            throw error
        }
    }

    /// Makes the objects this import created durable (one syncfs), then writes the catalog in one
    /// transaction with the store's record of each object: no committed row ever names an object a
    /// crash could lose.
    private func commit(
        _ files: [StoredFile], created: [String], _ body: (Database) throws -> ImportReport
    ) throws -> ImportReport {
        if !created.isEmpty { try workspace.objects.sync() }
        return try workspace.catalog.write { db in
            let report = try body(db)
            try ObjectRecords.insert(files.compactMap { file in file.object.map { (file.path, $0) } }, into: db)
            return report
        }
    }

    /// Hashes and stores the image file of every succeeded Runflow item or Nimble task, on every core.
    private func storeSourceImages(
        _ batches: [SourceBatch], known: [String: Known], objects: ObjectStore, buffers: ReadBuffers,
        validator: Validator
    ) throws(WorkspaceError) -> (stored: [String: StoredFile], roots: [String: String], created: [String]) {
        let created = Mutex<[String]>([])
        var jobs: [(path: String, known: Known?, inspection: ImageInspection)] = []
        var roots: [String: String] = [:]
        for batch in batches {
            for (position, item) in batch.items.enumerated() where item.state == .succeeded {
                guard let path = item.imageFile, let inspection = item.inspection, inspection.byteCount > 0,
                    roots[path] == nil
                else { continue }
                roots[path] = imagesRoot ?? Validator.folder(of: item.file)
                let id = batch.id.map { SourceImport.imageID(batch: $0.text, key: item.key(position: position)) }
                jobs.append((path, id.flatMap { known[$0] }, inspection))
            }
        }
        let results = Parallel.map(count: jobs.count, workers: validator.workers) {
            [jobs] index -> Result<StoredFile?, WorkspaceError> in
            let job = jobs[index]
            do throws(WorkspaceError) {
                guard var file = try Self.store(path: job.path, known: job.known, objects: objects, buffers: buffers)
                else { return .success(nil) }
                file.format = job.inspection.format?.rawValue
                if job.inspection.hasSize {
                    file.storedWidth = job.inspection.storedWidth
                    file.storedHeight = job.inspection.storedHeight
                    file.orientation = job.inspection.orientation
                }
                if file.outcome.map({ $0 != .present }) == true {
                    created.withLock { $0.append(file.sha256) }
                }
                return .success(file)
            } catch {
                return .failure(error)
            }
        }
        var stored: [String: StoredFile] = [:]
        for (job, result) in zip(jobs, results) {
            switch result {
            case .success(let file): stored[job.path] = file
            case .failure(let error):
                objects.remove(created.withLock { $0 })
                throw error
            }
        }
        return (stored, roots, created.withLock { $0 })
    }

    /// Hashes and stores one file, unless the catalog's record of it still matches.
    private static func store(
        path: String, known: Known?, objects: ObjectStore, buffers: ReadBuffers
    ) throws(WorkspaceError) -> StoredFile? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let size = Int64(info.st_size)
        let mtime = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        let inode = Int64(bitPattern: UInt64(info.st_ino))
        if let known, let sha = known.sha256, known.sourcePath == path, known.sourceSize == size,
            known.sourceMTime == mtime, known.sourceInode == inode, objects.contains(sha)
        {
            return StoredFile(
                path: path, sha256: sha, size: size, mtime: mtime, inode: inode, outcome: nil, object: nil)
        }
        guard
            let stored = try buffers.with({ buffer throws(WorkspaceError) in
                try objects.store(source: path, buffer: buffer)
            })
        else { return nil }
        return StoredFile(
            path: path, sha256: stored.digest, size: size, mtime: mtime, inode: inode, outcome: stored.outcome,
            object: stored)
    }
}

/// One 1 MiB read buffer per thread that hashes.
final class ReadBuffers: Sendable {
    private let pool = Mutex<[UnsafeMutableRawBufferPointerBox]>([])

    func with<T, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> T) throws(E) -> T {
        let box = pool.withLock { $0.popLast() } ?? UnsafeMutableRawBufferPointerBox()
        defer { pool.withLock { $0.append(box) } }
        return try body(box.buffer)
    }
}

final class UnsafeMutableRawBufferPointerBox: @unchecked Sendable {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
    deinit { buffer.deallocate() }
}
