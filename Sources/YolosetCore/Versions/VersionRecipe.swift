internal import Foundation
internal import GRDB

/// Everything a version is made from, recorded in the catalog (`version_recipes`) when it is made:
/// its images (id, split, SHA-256, annotations as the catalog held them), classes, batches, project,
/// the version config's YAML, the class indices it inherited, the project kind and box tolerance, and
/// its id and creation time. The catalog's own rows move on with every import; the recipe does not, so
/// `verify vN --rebuild` can build the version again from it and the object store alone.
struct VersionRecipe: Codable, Sendable {
    var number: Int
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
    var members: [Snapshotter.Member]

    func record(_ db: Database) throws {
        let data = try JSONEncoder().encode(self)
        try db.execute(
            sql: "INSERT OR REPLACE INTO version_recipes (number, recipe) VALUES (?, ?)", arguments: [number, data])
    }

    static func load(_ db: Database, number: Int) throws -> VersionRecipe? {
        guard let data = try Data.fetchOne(db, sql: "SELECT recipe FROM version_recipes WHERE number = ?", arguments: [number])
        else { return nil }
        return try JSONDecoder().decode(VersionRecipe.self, from: data)
    }

    /// The version config it was made with.
    func config() throws(ConfigError) -> VersionConfig {
        configYAML.isEmpty ? VersionConfig() : try VersionConfig.parse(yaml: configYAML, file: "v\(number)'s recipe")
    }
}
