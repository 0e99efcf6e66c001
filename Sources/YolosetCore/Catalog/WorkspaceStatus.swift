internal import GRDB

/// `yoloset status`: what the workspace holds, by batch, annotation status and split, and what is wrong
/// with it.
public struct WorkspaceStatus: Sendable, Equatable {
    public var root: String
    /// `name` in yoloset.yaml, what the text calls the project until a dump names one.
    public var name: String
    public var project: ProjectInfo?
    public var classes: [String]
    public var batches: [BatchRow]
    public var imagesByStatus: [String: Int]
    public var splits: [SplitRow]
    public var unassigned: Int
    /// Open findings: stored per image by import, plus the workspace-wide content checks.
    public var findings: [FindingRow]
    /// Runflow and Nimble batches: progress, and the items that became no image.
    public var sources: [SourceProgress]
    public var store: StoreRow

    /// The object store, from the catalog's record of it.
    public struct StoreRow: Sendable, Equatable {
        /// `store.link` in yoloset.yaml.
        public var link: String
        public var objects: Int
        public var bytes: Int64
        /// Of `bytes`, the objects that are hard links to users' files (no second copy).
        public var sharedBytes: Int64
        /// What the images' files take, and what storing identical bytes once saves of it.
        public var imageBytes: Int64
        public var savedByDeduplication: Int64
    }

    public struct ProjectInfo: Sendable, Equatable {
        public var id: String
        public var name: String?
        public var type: String?
    }

    public struct BatchRow: Sendable, Equatable {
        public var id: String
        public var name: String?
        public var stage: String?
        public var status: String?
        public var source: String?
        public var origin: String
        public var images: Int
        public var completed: Int
        public var annotations: Int
        public var failing: Int
    }

    public struct SplitRow: Sendable, Equatable {
        public var split: DatasetSplit
        public var images: Int
        public var annotations: Int
        public var locked: Int
        public var classes: [String: Int]
    }

    public struct FindingRow: Sendable, Equatable {
        public var rule: String
        public var severity: String
        public var batchID: String?
        public var imageID: String?
        public var annotationID: String?
        public var message: String
        public var file: String?
        public var jsonPath: String?
    }

    public var errors: Int { findings.count { $0.severity == Severity.error.rawValue } }
    public var warnings: Int { findings.count { $0.severity == Severity.warning.rawValue } }
    public var totalImages: Int { batches.reduce(0) { $0 + $1.images } }
}

extension Workspace {
    public func status() throws -> WorkspaceStatus {
        try catalog.read { db in
            let project = try Row.fetchOne(db, sql: "SELECT id, name, project_type FROM projects LIMIT 1").map {
                WorkspaceStatus.ProjectInfo(id: $0["id"], name: $0["name"], type: $0["project_type"])
            }
            let classes = try String.fetchAll(db, sql: "SELECT name FROM classes ORDER BY position")
            let batches = try Row.fetchAll(
                db,
                sql: """
                    SELECT b.id, b.name, b.stage, b.status, b.source, b.origin,
                        (SELECT COUNT(*) FROM images i WHERE i.batch_id = b.id) AS images,
                        (SELECT COUNT(*) FROM images i WHERE i.batch_id = b.id AND i.annotation_status = 'completed')
                            AS completed,
                        (SELECT COUNT(*) FROM annotations a JOIN images i ON a.image_id = i.id
                            WHERE i.batch_id = b.id) AS annotations,
                        (SELECT COUNT(DISTINCT f.image_id) FROM findings f JOIN images i ON f.image_id = i.id
                            WHERE i.batch_id = b.id AND f.severity = 'error') AS failing
                    FROM batches b ORDER BY b.id
                    """
            ).map {
                WorkspaceStatus.BatchRow(
                    id: $0["id"], name: $0["name"], stage: $0["stage"], status: $0["status"], source: $0["source"],
                    origin: $0["origin"], images: $0["images"], completed: $0["completed"],
                    annotations: $0["annotations"], failing: $0["failing"])
            }
            var byStatus: [String: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT coalesce(annotation_status, 'none') AS s, COUNT(*) AS n FROM images GROUP BY s")
            {
                byStatus[row["s"]] = row["n"]
            }
            var names: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, raw_value FROM classes") {
                names[row["name"]] = row["name"]
                if let raw: String = row["raw_value"] { names[raw] = row["name"] }
            }
            var splits: [WorkspaceStatus.SplitRow] = []
            for split in DatasetSplit.allCases {
                let images = try Row.fetchOne(
                    db,
                    sql:
                        "SELECT COUNT(*) AS n, coalesce(SUM(split_locked), 0) AS locked FROM image_splits WHERE split = ?",
                    arguments: [split.rawValue])!
                var classCounts: [String: Int] = [:]
                var annotations = 0
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT a.class_value AS c, COUNT(*) AS n FROM annotations a
                        JOIN image_splits s ON s.image_id = a.image_id WHERE s.split = ? GROUP BY a.class_value
                        """, arguments: [split.rawValue])
                {
                    let value: String = row["c"]
                    classCounts[names[value] ?? value, default: 0] += row["n"] as Int
                    annotations += row["n"] as Int
                }
                splits.append(
                    .init(
                        split: split, images: images["n"], annotations: annotations, locked: images["locked"],
                        classes: classCounts))
            }
            let unassigned = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM image_splits WHERE split IS NULL") ?? 0
            var findings = try Row.fetchAll(
                db,
                sql: """
                    SELECT f.rule, f.severity, coalesce(i.batch_id, f.batch_id) AS batch_id, f.image_id,
                        f.annotation_id, f.message, f.dump_file, f.json_path
                    FROM findings f LEFT JOIN images i ON f.image_id = i.id
                    WHERE f.image_id IS NOT NULL OR f.batch_id IS NOT NULL
                    ORDER BY 3, f.image_id, f.row
                    """
            ).map {
                WorkspaceStatus.FindingRow(
                    rule: $0["rule"], severity: $0["severity"], batchID: $0["batch_id"], imageID: $0["image_id"],
                    annotationID: $0["annotation_id"], message: $0["message"], file: $0["dump_file"],
                    jsonPath: $0["json_path"])
            }
            findings.append(contentsOf: try Self.contentFindings(db))
            let objects = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS n, coalesce(SUM(size), 0) AS bytes,
                        coalesce(SUM(CASE WHEN link = 'hardlink' THEN size ELSE 0 END), 0) AS shared,
                        coalesce((SELECT SUM(byte_count) FROM images WHERE sha256 IS NOT NULL), 0) AS image_bytes,
                        coalesce((SELECT SUM(size) FROM objects WHERE sha256 IN (SELECT sha256 FROM images)), 0)
                            AS referenced
                    FROM objects
                    """)!
            let store = WorkspaceStatus.StoreRow(
                link: config.link.rawValue, objects: objects["n"], bytes: objects["bytes"],
                sharedBytes: objects["shared"],
                imageBytes: objects["image_bytes"],
                savedByDeduplication: max(0, (objects["image_bytes"] as Int64) - (objects["referenced"] as Int64)))
            return WorkspaceStatus(
                root: root, name: config.name, project: project, classes: classes, batches: batches,
                imagesByStatus: byStatus, splits: splits, unassigned: unassigned, findings: findings,
                sources: try SourceProgress.loadAll(db), store: store)
        }
    }

    /// `image.duplicate`, `split.leak` and `split.overlap` over the whole workspace, from content hashes.
    static func contentFindings(_ db: Database) throws -> [WorkspaceStatus.FindingRow] {
        var findings: [WorkspaceStatus.FindingRow] = []
        let groups = try Row.fetchAll(
            db,
            sql: """
                SELECT sha256, group_concat(id || char(31) || batch_id || char(31) || coalesce(split, ''), char(30))
                    AS members
                FROM (SELECT sha256, id, batch_id, split FROM images JOIN image_splits ON image_splits.image_id = images.id
                    WHERE sha256 IS NOT NULL ORDER BY batch_id, id)
                GROUP BY sha256 HAVING COUNT(*) > 1 ORDER BY min(batch_id), min(id)
                """)
        for group in groups {
            let members = (group["members"] as String).split(separator: "\u{1E}").map {
                $0.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            }
            guard let first = members.first else { continue }
            for copy in members.dropFirst() {
                findings.append(
                    .init(
                        rule: Rule.imageDuplicate.id, severity: Rule.imageDuplicate.defaultSeverity.rawValue,
                        batchID: copy[1], imageID: copy[0], annotationID: nil,
                        message: "same bytes as image \(first[0]) of batch \(first[1]); both stay in one split",
                        file: nil, jsonPath: nil))
            }
            for (other, lead, rule) in SplitRules.sharing(members, split: { $0[2] }) {
                findings.append(
                    .init(
                        rule: rule.id, severity: rule.defaultSeverity.rawValue,
                        batchID: other[1], imageID: other[0], annotationID: nil,
                        message: "identical content is in '\(other[2])' here and in '\(lead[2])' as image "
                            + "\(lead[0]) (\(SplitRules.consequence(of: rule))); `yoloset split --force-reassignment` "
                            + "reunites unlocked copies",
                        file: nil, jsonPath: nil))
            }
        }
        return findings
    }
}
