internal import GRDB

/// `yoloset assign`: moves Runflow and Nimble batches out of the raw pool into the workspace's project,
/// in stage "annotating" — Acusight's batch assignment. Their images can then be annotated elsewhere
/// and come back in an Acusight dump, take part in splits, and enter versions as background images
/// (`backgrounds: assigned` in a version config).
public struct BatchAssigner: Sendable {
    public var workspace: Workspace

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    public struct Result: Sendable, Equatable {
        public var project: String
        /// Batches moved into the project, and those already in it.
        public var assigned: [String]
        public var alreadyAssigned: [String]
        /// Images of the batches moved.
        public var images: Int
    }

    /// Assigns `batches` to `project`: the project named, else the catalog's project, else
    /// `project.id` in yoloset.yaml. A workspace holds one project, so any other project is refused, as
    /// are unknown and Acusight batches; nothing is changed then.
    public func run(batches: [String], project: String?, write: Workspace.WriteOptions = .init()) throws -> Result {
        try workspace.exclusively(command: "assign", wait: write.wait, notice: write.notice) {
            try workspace.catalog.write { db in try assign(batches, project: project, db: db) }
        }
    }

    private func assign(_ batches: [String], project: String?, db: Database) throws -> Result {
        let existing = try String.fetchOne(db, sql: "SELECT id FROM projects LIMIT 1")
        guard let target = project ?? existing ?? workspace.config.projectID else {
            throw WorkspaceError(
                "this workspace has no project yet (no Acusight dump was imported); name it: "
                    + "`yoloset assign BATCH --project ID`, or set project.id in yoloset.yaml")
        }
        if let existing, existing != target {
            throw WorkspaceError(
                "this workspace holds project '\(existing)', not '\(target)'; a workspace holds one project, so "
                    + "import the batch into a workspace of its own; nothing was assigned")
        }
        var result = Result(project: target, assigned: [], alreadyAssigned: [], images: 0)
        for batch in batches {
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT api, project_id FROM batches WHERE id = ?", arguments: [batch])
            else { throw WorkspaceError.unknownBatch(batch) }
            let api: String = row["api"]
            guard api != DumpSource.acusight.rawValue else {
                throw WorkspaceError(
                    "batch \(batch) came from an Acusight dump, which names its project and stage; assign moves "
                        + "Runflow and Nimble batches out of the raw pool; nothing was assigned")
            }
            if (row["project_id"] as String?) == target {
                result.alreadyAssigned.append(batch)
            } else {
                result.assigned.append(batch)
            }
        }
        guard !result.assigned.isEmpty else { return result }
        if existing == nil {
            try db.execute(
                sql: "INSERT INTO projects (id, name, project_type) VALUES (?, ?, ?)",
                arguments: [target, workspace.config.name, workspace.config.type.acusightType])
        }
        let now = Timestamp.now()
        for batch in result.assigned {
            try db.execute(
                sql: "UPDATE batches SET project_id = ?, stage = 'annotating', changed_at = ? WHERE id = ?",
                arguments: [target, now, batch])
            result.images +=
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM images WHERE batch_id = ?", arguments: [batch]) ?? 0
        }
        try Catalog.log(
            db, command: "assign",
            summary: encodeJSON(Logged(project: target, batches: result.assigned, images: result.images), compact: true)
        )
        return result
    }

    /// What the catalog's history keeps of an assignment.
    private struct Logged: Encodable {
        let project: String
        let batches: [String]
        let images: Int
    }
}
