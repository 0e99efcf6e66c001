internal import Foundation
internal import GRDB

/// Imports batch dumps into a workspace. One entry point, `run(paths:)`; its stages:
///
/// 1. Take the workspace's writer lock.
/// 2. Validate the dumps with the workspace's rules (`Validator`); a dump that cannot be read refuses
///    the whole import, which names every such dump (`UnreadableDumps`). Each image file is read once (`ImageCheck`): hashed (SHA-256), checked and put
///    in the object store from the same bytes; a file whose size, mtime and inode match what the
///    catalog recorded is not read whole again.
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

        /// The file as the catalog recorded it, when it was stored.
        var file: ImageCheck.KnownFile? {
            guard let sha256, let sourcePath, let sourceSize, let sourceMTime, let sourceInode else { return nil }
            return .init(path: sourcePath, sha256: sha256, size: sourceSize, mtime: sourceMTime, inode: sourceInode)
        }

        /// Every image the catalog holds, by id; columns are read by position (by name costs a lookup per
        /// column per row, a fifth of a re-import's serial time on 20,000 images).
        static func all(_ db: Database) throws -> [String: Known] {
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM images") ?? 0
            var known: [String: Known] = [:]
            known.reserveCapacity(count)
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT id, batch_id, split, split_locked, record_digest, sha256, source_path, source_size,
                           source_mtime_ns, source_inode FROM images JOIN image_splits ON image_splits.image_id = images.id
                    """)
            while let row = try rows.next() {
                known[row[0]] = Known(
                    batchID: row[1], split: row[2], locked: row[3], recordDigest: row[4], sha256: row[5],
                    sourcePath: row[6], sourceSize: row[7], sourceMTime: row[8], sourceInode: row[9])
            }
            return known
        }
    }

    private func importLocked(
        paths: [String], progress: (@Sendable (Validator.Progress) -> Void)?
    ) throws -> ImportReport {
        let catalog = workspace.catalog
        let objects = workspace.objects
        let known = try catalog.read(Known.all)
        // 2. Validate, storing each file from the bytes its check reads.
        let validator = Validator(
            config: workspace.config.validation, check: check, imagesRoot: imagesRoot, workers: workers,
            source: source)
        let outcome = try validator.validate(
            paths: paths, progress: progress,
            importing: .init(store: objects, known: known.compactMapValues(\.file)))
        do {
            if let unreadable = UnreadableDumps(report: outcome.report, consequence: "nothing was imported") {
                throw unreadable
            }
            if let failure = outcome.storeFailure { throw failure }
            // 3. One transaction.
            switch outcome.content {
            case .dumps(let dumps, let facts):
                let writer = CatalogImport(
                    config: workspace.config, report: outcome.report, facts: facts, known: known)
                return try commit(facts.values.compactMap(\.file), created: outcome.created) { db in
                    try writer.write(db, dumps: dumps)
                }
            case .sources(let batches, let files):
                let writer = SourceImport(
                    report: outcome.report, batches: batches, files: files, known: known, imagesRoot: imagesRoot)
                return try commit(Array(files.values), created: outcome.created) { db in try writer.write(db) }
            }
        } catch {
            objects.remove(outcome.created)
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
}
