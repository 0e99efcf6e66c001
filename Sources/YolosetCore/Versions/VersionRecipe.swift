internal import Foundation
internal import GRDB

/// Everything a version is made from, recorded in the catalog when it is made: its images (id, split,
/// SHA-256, and their annotations as the catalog held them), classes, batches, project, the version
/// config's YAML, the class indices it inherited, the project kind and box tolerance, and its id and
/// creation time. The catalog's own rows move on with every import; the recipe does not, so
/// `verify vN --rebuild` can build the version again from it and the object store alone.
///
/// Stored as `version_recipes` (the small parts, JSON) and `version_members` / `version_annotations`
/// (one row per image and per annotation, written with prepared statements: no document of the whole).
@dynamicMemberLookup
struct VersionRecipe: Sendable {
    var number: Int
    /// Everything but the images: `version_recipes.header`.
    var parts: Parts
    var members: [Snapshotter.Member]

    struct Parts: Codable, Sendable {
        var name: String
        var id: String
        var createdAt: String
        var kind: ProjectKind
        var tolerancePixels: Double
        var configYAML: String
        var previousIndices: [String: Int]?
        var project: VersionManifest.ProjectInfo?
        var classes: [ClassMapping.Source]
        var batches: [VersionManifest.BatchInfo]
    }

    subscript<T>(dynamicMember key: KeyPath<Parts, T>) -> T { parts[keyPath: key] }

    func record(_ db: Database) throws {
        for table in ["version_recipes", "version_members", "version_annotations"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE number = ?", arguments: [number])
        }
        try db.execute(
            sql: "INSERT INTO version_recipes (number, header) VALUES (?, ?)",
            arguments: [number, String(decoding: try JSONEncoder().encode(parts), as: UTF8.self)])
        let member = try db.makeStatement(
            sql: """
                INSERT INTO version_members (number, position, image_id, batch_id, original_batch_id, filename,
                    storage_key, split, sha256, format, width, height, provenance)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let annotation = try db.makeStatement(
            sql: """
                INSERT INTO version_annotations (number, member, position, id, class_value, x_center, y_center,
                    width, height, geometry, confidence, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let encoder = JSONEncoder()
        for (position, m) in members.enumerated() {
            let provenance = try m.provenance.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
            try member.execute(arguments: [
                number, position, m.id, m.batchID, m.originalBatchID, m.filename, m.storageKey, m.split.rawValue,
                m.sha256, m.format, m.width, m.height, provenance,
            ])
            for (index, a) in m.annotations.enumerated() {
                try annotation.execute(arguments: [
                    number, position, index, a.id, a.classValue, a.xCenter, a.yCenter, a.width, a.height, a.geometry,
                    a.confidence, a.source,
                ])
            }
        }
    }

    static func load(_ db: Database, number: Int) throws -> VersionRecipe? {
        guard
            let text = try String.fetchOne(
                db, sql: "SELECT header FROM version_recipes WHERE number = ?", arguments: [number])
        else { return nil }
        let parts = try JSONDecoder().decode(Parts.self, from: Data(text.utf8))
        var members: [Snapshotter.Member] = []
        let decoder = JSONDecoder()
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT image_id, batch_id, original_batch_id, filename, storage_key, split, sha256, format, width,
                    height, provenance
                FROM version_members WHERE number = ? ORDER BY position
                """, arguments: [number])
        while let row = try rows.next() {
            let splitText: String = row[5]
            guard let split = DatasetSplit(rawValue: splitText) else {
                throw WorkspaceError("v\(number)'s recipe names a split '\(splitText)'")
            }
            let provenance = try (row[10] as String?).map {
                try decoder.decode(Snapshotter.Provenance.self, from: Data($0.utf8))
            }
            members.append(
                Snapshotter.Member(
                    id: row[0], batchID: row[1], originalBatchID: row[2], filename: row[3], storageKey: row[4],
                    split: split, sha256: row[6], format: row[7], width: row[8], height: row[9],
                    provenance: provenance))
        }
        let annotations = try Row.fetchCursor(
            db,
            sql: """
                SELECT member, id, class_value, x_center, y_center, width, height, geometry, confidence, source
                FROM version_annotations WHERE number = ? ORDER BY member, position
                """, arguments: [number])
        while let row = try annotations.next() {
            let position: Int = row[0]
            guard members.indices.contains(position) else {
                throw WorkspaceError("v\(number)'s recipe has an annotation of image \(position), which it lacks")
            }
            members[position].annotations.append(
                AnnotationRecord(
                    id: row[1], classValue: row[2], xCenter: row[3], yCenter: row[4], width: row[5], height: row[6],
                    geometry: row[7], confidence: row[8], source: row[9]))
        }
        return VersionRecipe(number: number, parts: parts, members: members)
    }

    /// The version config it was made with.
    func config() throws(ConfigError) -> VersionConfig {
        parts.configYAML.isEmpty
            ? VersionConfig() : try VersionConfig.parse(yaml: parts.configYAML, file: "v\(number)'s recipe")
    }
}
