internal import Foundation
internal import GRDB

/// The workspace catalog: `.yoloset/catalog.sqlite`, a SQLite database in WAL mode (readers never wait
/// for the writer), through GRDB. Its schema mirrors Acusight's data model — projects, classes,
/// batches, images, annotations — plus the validation findings of every image and a log of the
/// commands that changed it. The schema is created and upgraded by numbered migrations.
final class Catalog: Sendable {
    let path: String
    private let pool: DatabasePool

    init(path: String) throws(WorkspaceError) {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // The workspace lock serializes yoloset's writers; this covers anything else touching the file.
        configuration.busyMode = .timeout(30)
        configuration.label = "catalog"
        configuration.prepareDatabase { db in
            // WAL with synchronous NORMAL survives any crash of the process (kill -9 included). No memory
            // mapping and an 8 MiB page cache per connection: a mapped page counts in the process's
            // memory, and a million-image catalog (about 2 GB) read end to end by `images` or `split`
            // would keep 256 MiB of it resident; the kernel's page cache holds it either way.
            try db.execute(
                sql: "PRAGMA synchronous = NORMAL; PRAGMA mmap_size = 0; PRAGMA cache_size = -8192")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw .catalog(path, error)
        }
    }

    /// Reads a consistent snapshot.
    func read<T>(_ body: (Database) throws -> T) throws(WorkspaceError) -> T {
        try mappingErrors { try pool.read(body) }
    }

    /// Runs `body` in one transaction: all of it is committed, or none of it.
    func write<T>(_ body: (Database) throws -> T) throws(WorkspaceError) -> T {
        try mappingErrors { try pool.write(body) }
    }

    /// SQLite's errors name the catalog; a `WorkspaceError` thrown by the body passes through.
    private func mappingErrors<T>(_ body: () throws -> T) throws(WorkspaceError) -> T {
        do {
            return try body()
        } catch let error as WorkspaceError {
            throw error
        } catch {
            throw .catalog(path, error)
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE projects (
                        id TEXT PRIMARY KEY,
                        name TEXT,
                        project_type TEXT
                    );
                    CREATE TABLE classes (
                        project_id TEXT NOT NULL REFERENCES projects(id),
                        name TEXT NOT NULL,
                        original_id TEXT,
                        raw_value TEXT,
                        color TEXT,
                        position INTEGER NOT NULL,
                        PRIMARY KEY (project_id, name)
                    );
                    CREATE TABLE batches (
                        id TEXT PRIMARY KEY,
                        name TEXT,
                        organization_id TEXT,
                        project_id TEXT REFERENCES projects(id),
                        device_id TEXT,
                        source TEXT,
                        stage TEXT,
                        status TEXT,
                        tags TEXT NOT NULL DEFAULT '[]',
                        pipeline_config TEXT,
                        created_at TEXT,
                        updated_at TEXT,
                        -- 'dump': imported; 'extract': made here by extract-reviewed from parent_batch_id.
                        origin TEXT NOT NULL,
                        parent_batch_id TEXT REFERENCES batches(id),
                        dump_file TEXT,
                        record_digest TEXT,
                        changed_at TEXT NOT NULL
                    );
                    CREATE TABLE images (
                        id TEXT PRIMARY KEY,
                        batch_id TEXT NOT NULL REFERENCES batches(id),
                        original_batch_id TEXT,
                        filename TEXT,
                        storage_key TEXT,
                        width INTEGER NOT NULL,
                        height INTEGER NOT NULL,
                        annotation_status TEXT,
                        device_id TEXT,
                        sha256 TEXT,
                        byte_count INTEGER,
                        format TEXT,
                        stored_width INTEGER,
                        stored_height INTEGER,
                        orientation INTEGER,
                        source_path TEXT,
                        source_size INTEGER,
                        source_mtime_ns INTEGER,
                        source_inode INTEGER,
                        record_digest TEXT NOT NULL,
                        changed_at TEXT NOT NULL
                    );
                    -- Splits change far more often than anything else about an image; a narrow table keeps
                    -- rewriting them cheap.
                    CREATE TABLE image_splits (
                        image_id TEXT PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
                        split TEXT CHECK (split IN ('train', 'val', 'test')),
                        split_locked INTEGER NOT NULL DEFAULT 0 CHECK (split_locked = 0 OR split IS NOT NULL)
                    ) WITHOUT ROWID;
                    CREATE INDEX image_splits_split ON image_splits(split);
                    CREATE INDEX images_batch ON images(batch_id);
                    CREATE INDEX images_sha256 ON images(sha256);
                    CREATE TABLE annotations (
                        row INTEGER PRIMARY KEY,
                        id TEXT NOT NULL,
                        image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        class_value TEXT NOT NULL,
                        type TEXT,
                        x_center REAL,
                        y_center REAL,
                        width REAL,
                        height REAL,
                        geometry TEXT,
                        confidence REAL,
                        source TEXT,
                        model_name TEXT,
                        model_version TEXT,
                        z_order INTEGER
                    );
                    CREATE INDEX annotations_image ON annotations(image_id, class_value);
                    CREATE TABLE findings (
                        row INTEGER PRIMARY KEY,
                        image_id TEXT REFERENCES images(id) ON DELETE CASCADE,
                        batch_id TEXT,
                        annotation_id TEXT,
                        rule TEXT NOT NULL,
                        severity TEXT NOT NULL,
                        message TEXT NOT NULL,
                        dump_file TEXT NOT NULL,
                        json_path TEXT NOT NULL
                    );
                    CREATE INDEX findings_image ON findings(image_id);
                    CREATE TABLE history (
                        row INTEGER PRIMARY KEY,
                        at TEXT NOT NULL,
                        command TEXT NOT NULL,
                        summary TEXT NOT NULL
                    );
                    """)
        }
        // What `versions` and `show` print, so they need not parse each version.json (tens of megabytes
        // for a large version). A row counts only while `folder_inode` is still the folder's inode.
        migrator.registerMigration("v2 versions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE versions (
                        number INTEGER PRIMARY KEY,
                        id TEXT NOT NULL,
                        name TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        folder_inode INTEGER NOT NULL,
                        images INTEGER NOT NULL,
                        annotations INTEGER NOT NULL,
                        splits TEXT NOT NULL,
                        classes TEXT NOT NULL
                    );
                    """)
        }
        // Runflow and Nimble batches: each batch's API and own fields, and every item the dumps listed,
        // with its state and the image it became (provenance for versions). Acusight batches are 'acusight'.
        migrator.registerMigration("v3 sources") { db in
            try db.execute(
                sql: """
                    ALTER TABLE batches ADD COLUMN api TEXT NOT NULL DEFAULT 'acusight';
                    CREATE TABLE source_batches (
                        batch_id TEXT PRIMARY KEY REFERENCES batches(id),
                        api TEXT NOT NULL,
                        raw_status TEXT,
                        state TEXT NOT NULL,
                        declared_total INTEGER,
                        declared_succeeded INTEGER,
                        declared_failed INTEGER,
                        declared_cancelled INTEGER,
                        declared_completed INTEGER,
                        declared_progress REAL,
                        failure_code TEXT,
                        failure_message TEXT,
                        started_at TEXT,
                        completed_at TEXT
                    );
                    CREATE TABLE source_items (
                        row INTEGER PRIMARY KEY,
                        batch_id TEXT NOT NULL REFERENCES batches(id),
                        -- The item's id, or '#<sequence_index>' / '@<position>' for an item without one.
                        item_key TEXT NOT NULL,
                        item_id TEXT,
                        sequence_index INTEGER,
                        client_ref TEXT,
                        run_id TEXT,
                        task_id TEXT,
                        state TEXT NOT NULL,
                        raw_status TEXT,
                        error_code TEXT,
                        error_message TEXT,
                        started_at TEXT,
                        completed_at TEXT,
                        image_id TEXT REFERENCES images(id),
                        image_file TEXT,
                        dump_file TEXT NOT NULL,
                        json_path TEXT NOT NULL,
                        -- Of every column above: a re-import skips the items whose digest is unchanged.
                        record_digest TEXT NOT NULL,
                        UNIQUE (batch_id, item_key)
                    );
                    CREATE INDEX source_items_image ON source_items(image_id);
                    """)
        }
        // The object store's own record: each object's size, how it relates to its source, and its stat
        // when stored. In hardlink mode the object is the user's file; a stat that no longer matches means
        // it may have been edited, and it is re-hashed before it enters a version.
        migrator.registerMigration("v4 objects") { db in
            try db.execute(
                sql: """
                    CREATE TABLE objects (
                        sha256 TEXT PRIMARY KEY,
                        size INTEGER NOT NULL,
                        link TEXT NOT NULL CHECK (link IN ('copy', 'reflink', 'hardlink')),
                        device INTEGER NOT NULL,
                        inode INTEGER NOT NULL,
                        mtime_ns INTEGER NOT NULL,
                        ctime_ns INTEGER NOT NULL,
                        source_path TEXT,
                        stored_at TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        // What each version was made from (`VersionRecipe`), so `verify --rebuild` can make it again: the
        // small parts as JSON, and its images and annotations as they were, one row each.
        migrator.registerMigration("v5 version recipes") { db in
            try db.execute(
                sql: """
                    CREATE TABLE version_recipes (
                        number INTEGER PRIMARY KEY,
                        header TEXT NOT NULL
                    );
                    CREATE TABLE version_members (
                        number INTEGER NOT NULL,
                        position INTEGER NOT NULL,
                        image_id TEXT NOT NULL,
                        batch_id TEXT NOT NULL,
                        original_batch_id TEXT,
                        filename TEXT,
                        storage_key TEXT,
                        split TEXT NOT NULL,
                        sha256 TEXT NOT NULL,
                        format TEXT,
                        width INTEGER NOT NULL,
                        height INTEGER NOT NULL,
                        provenance TEXT,
                        PRIMARY KEY (number, position)
                    ) WITHOUT ROWID;
                    CREATE TABLE version_annotations (
                        number INTEGER NOT NULL,
                        member INTEGER NOT NULL,
                        position INTEGER NOT NULL,
                        id TEXT NOT NULL,
                        class_value TEXT NOT NULL,
                        x_center REAL,
                        y_center REAL,
                        width REAL,
                        height REAL,
                        geometry TEXT,
                        confidence REAL,
                        source TEXT,
                        PRIMARY KEY (number, member, position)
                    ) WITHOUT ROWID;
                    """)
        }
        // Every version number ever issued, with the version's name, and when it was removed, so a number
        // (or a name) that once named a version never names another: "trained on v4" keeps one meaning
        // after `versions rm v4`. Filled from the versions the catalog already knew.
        migrator.registerMigration("v6 version numbers") { db in
            try db.execute(
                sql: """
                    CREATE TABLE version_numbers (
                        number INTEGER PRIMARY KEY,
                        name TEXT NOT NULL,
                        issued_at TEXT NOT NULL,
                        removed_at TEXT
                    );
                    INSERT OR IGNORE INTO version_numbers (number, name, issued_at)
                        SELECT number, name, created_at FROM versions;
                    INSERT OR IGNORE INTO version_numbers (number, name, issued_at)
                        SELECT number, coalesce(json_extract(header, '$.name'), 'v' || number),
                            coalesce(json_extract(header, '$.createdAt'), '')
                        FROM version_recipes;
                    """)
        }
        return migrator
    }
}

extension Catalog {
    /// Records a command that changed the catalog, with its JSON summary, in the same transaction.
    static func log(_ db: Database, command: String, summary: String) throws {
        try db.execute(
            sql: "INSERT INTO history (at, command, summary) VALUES (?, ?, ?)",
            arguments: [Timestamp.now(), command, summary])
    }
}

/// ISO 8601 timestamps in UTC, as the catalog stores them.
enum Timestamp {
    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date())
    }
}
