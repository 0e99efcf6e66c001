internal import GRDB

/// The catalog's `objects` table: for each object, its size, how it relates to its source (`copy`,
/// `reflink`, `hardlink`) and its stat when stored.
enum ObjectRecords {
    struct Record: Sendable {
        let sha256: String
        let size: Int64
        let link: StoreLink
        let stamp: ObjectStore.Stamp
        let sourcePath: String?
    }

    /// Records newly stored objects (and objects found already stored, which a workspace made before
    /// this table existed has no row for); an existing row is kept.
    static func insert(_ stored: [(source: String, object: ObjectStore.Stored)], into db: Database) throws {
        let now = Timestamp.now()
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO objects
                    (sha256, size, link, device, inode, mtime_ns, ctime_ns, source_path, stored_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for (source, object) in stored {
            let stamp = object.stamp
            try statement.execute(arguments: [
                object.digest, stamp.size, object.link.rawValue,
                stamp.device, stamp.inode, stamp.mtime, stamp.ctime, object.link == .hardlink ? source : nil, now,
            ])
        }
    }

    /// The objects the catalog's image rows name (what gc keeps and fsck expects in the store).
    static func imageDigests(_ db: Database) throws -> Set<String> {
        try Set(String.fetchAll(db, sql: "SELECT DISTINCT sha256 FROM images WHERE sha256 IS NOT NULL"))
    }

    /// Every row, by SHA-256.
    static func all(_ db: Database) throws -> [String: Record] {
        var records: [String: Record] = [:]
        let rows = try Row.fetchCursor(
            db, sql: "SELECT sha256, size, link, device, inode, mtime_ns, ctime_ns, source_path FROM objects")
        while let row = try rows.next() {
            let sha: String = row[0]
            records[sha] = Record(
                sha256: sha, size: row[1], link: StoreLink(rawValue: row[2]) ?? .copy,
                stamp: ObjectStore.Stamp(device: row[3], inode: row[4], size: row[1], mtime: row[5], ctime: row[6]),
                sourcePath: row[7])
        }
        return records
    }

    /// Takes the new change time of objects that only gained hard links (a version's images): the same
    /// inode, size and modification time as recorded.
    static func refreshChangeTimes(_ stamps: [(sha256: String, stamp: ObjectStore.Stamp)], in db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                UPDATE objects SET ctime_ns = ?
                WHERE sha256 = ? AND device = ? AND inode = ? AND size = ? AND mtime_ns = ?
                """)
        for (sha, stamp) in stamps {
            try statement.execute(arguments: [stamp.ctime, sha, stamp.device, stamp.inode, stamp.size, stamp.mtime])
        }
    }

    /// Removes the rows of objects gc deleted.
    static func delete(_ digests: [String], from db: Database) throws {
        let statement = try db.cachedStatement(sql: "DELETE FROM objects WHERE sha256 = ?")
        for digest in digests { try statement.execute(arguments: [digest]) }
    }
}
