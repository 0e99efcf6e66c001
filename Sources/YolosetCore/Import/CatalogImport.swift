internal import Foundation
internal import GRDB

/// Stage 3 of an import: writes validated dumps into the catalog, inside the caller's transaction.
struct CatalogImport {
    let config: WorkspaceConfig
    let report: ValidationReport
    /// What the image check learned of each image, by image id.
    let facts: [String: Validator.ImageFacts]
    let known: [String: Importer.Known]

    /// Rules whose findings compare images across the whole workspace; `status` and `split` work them
    /// out from content hashes, so they are not stored per import.
    static let workspaceRules: Set<String> = [Rule.imageDuplicate.id, Rule.splitLeak.id, Rule.splitOverlap.id]

    func write(_ db: Database, dumps: [Dump]) throws -> ImportReport {
        let now = Timestamp.now()
        let findingsByImage = Dictionary(
            grouping: report.findings.filter { !Self.workspaceRules.contains($0.rule.id) },
            by: { "\($0.location.batchID ?? "")\u{0}\($0.location.imageID ?? "")" })
        // The catalog's project, else the one yoloset.yaml names (init writes the dumps' project there).
        var project = try String.fetchOne(db, sql: "SELECT id FROM projects LIMIT 1") ?? config.projectID
        var batchDigests: [String: String?] = [:]
        var origins: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, origin, record_digest FROM batches") {
            batchDigests[row["id"]] = row["record_digest"] as String?
            origins[row["id"]] = row["origin"]
        }
        var storedFindings: [String: [String]] = [:]
        let rows = try Row.fetchCursor(
            db, sql: "SELECT image_id, rule, message, json_path FROM findings WHERE image_id IS NOT NULL")
        while let row = try rows.next() {
            storedFindings[row["image_id"], default: []].append(
                Self.signature(row["rule"], row["message"], row["json_path"]))
        }

        var outcomes: [ImportReport.BatchOutcome] = []
        var lockedKept: [ImportReport.LockedKept] = []
        var images = known
        for dump in dumps {
            for (batchIndex, batch) in dump.batches.enumerated() {
                try checkProject(batch, dump: dump, batchIndex: batchIndex, existing: &project, db: db)
                let digest = RecordDigest.of(batch)
                let state: String
                switch batchDigests[batch.id.text] {
                case nil: state = "added"
                case .some(let previous) where previous == digest: state = "unchanged"
                default: state = "updated"
                }
                if state != "unchanged" {
                    try upsertBatch(batch, file: dump.file, digest: digest, now: now, db: db)
                    batchDigests[batch.id.text] = digest
                    if origins[batch.id.text] == nil { origins[batch.id.text] = "dump" }
                }
                var outcome = ImportReport.BatchOutcome(
                    id: batch.id.text, name: batch.name, file: dump.file, state: state, imagesAdded: 0,
                    imagesUpdated: 0, imagesUnchanged: 0, imagesFailing: 0)
                for image in batch.images {
                    let findings = findingsByImage["\(batch.id.text)\u{0}\(image.id.text)"] ?? []
                    if findings.contains(where: { $0.severity == .error }) { outcome.imagesFailing += 1 }
                    var entry = images[image.id.text]
                    let change = try writeImage(
                        image, batch: batch, entry: &entry, facts: facts[image.id.text], now: now, db: db,
                        origins: origins, lockedKept: &lockedKept)
                    images[image.id.text] = entry
                    let findingsChanged = try replaceFindings(
                        image.id.text, findings, stored: &storedFindings, db: db)
                    switch change {
                    case .added: outcome.imagesAdded += 1
                    case .updated: outcome.imagesUpdated += 1
                    case .unchanged where findingsChanged: outcome.imagesUpdated += 1
                    case .unchanged: outcome.imagesUnchanged += 1
                    }
                }
                outcomes.append(outcome)
            }
        }
        let result = ImportReport(
            dumps: report.dumps, batches: outcomes, validation: report,
            objects: .init(facts.values.lazy.map { $0.file?.outcome }), lockedKept: lockedKept)
        try Self.logHistory(result, db: db)
        return result
    }

    /// An import that changed the catalog is logged in `history`, with its counts. Acusight and
    /// Runflow/Nimble imports share it.
    static func logHistory(_ result: ImportReport, db: Database) throws {
        guard result.changed else { return }
        try Catalog.log(
            db, command: "import",
            summary: encodeJSON(
                [
                    "dumps": result.dumps, "images_added": result.imagesAdded, "images_updated": result.imagesUpdated,
                    "images_unchanged": result.imagesUnchanged,
                ], compact: true))
    }

    private enum Change { case added, updated, unchanged }

    /// One workspace, one project: a batch of another project, or of a kind the workspace cannot hold,
    /// refuses the import.
    private func checkProject(
        _ batch: Batch, dump: Dump, batchIndex: Int, existing: inout String?, db: Database
    ) throws {
        let path = dump.jsonPath(ofBatch: batchIndex)
        guard let projectID = batch.projectID ?? batch.project?.id else { return }
        if let existing, existing != projectID.text {
            throw WorkspaceError(
                "'\(dump.file)': \(path).project_id: batch \(batch.id) belongs to project '\(projectID)', but this "
                    + "workspace holds project '\(existing)'; import it into a workspace of its own; nothing was "
                    + "imported")
        }
        if batch.project?.projectType == ProjectKind.detect.acusightType, config.type == .segment {
            throw WorkspaceError(
                "'\(dump.file)': \(path).project.project_type: batch \(batch.id) is an object_detection project "
                    + "(boxes only), but this workspace is type 'segment' (yoloset.yaml project.type); nothing "
                    + "was imported")
        }
        existing = projectID.text
        try db.execute(
            sql: """
                INSERT INTO projects (id, name, project_type) VALUES (?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = coalesce(excluded.name, name),
                    project_type = coalesce(excluded.project_type, project_type)
                """, arguments: [projectID.text, batch.project?.name, batch.project?.projectType])
        guard let project = batch.project else { return }
        for (position, item) in project.classes.enumerated() {
            try db.execute(
                sql: """
                    INSERT INTO classes (project_id, name, original_id, raw_value, color, position)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(project_id, name) DO UPDATE SET original_id = excluded.original_id,
                        raw_value = excluded.raw_value, color = excluded.color, position = excluded.position
                    """,
                arguments: [projectID.text, item.name, item.id?.text, item.rawValue, item.color, position])
        }
    }

    private func upsertBatch(_ batch: Batch, file: String, digest: String, now: String, db: Database) throws {
        let tags = JSONText.of(.array(batch.tags.map(JSONValue.string)))
        let pipeline = batch.pipelineConfig.map { JSONText.of($0.value) }
        let projectID = (batch.projectID ?? batch.project?.id)?.text
        try db.execute(
            sql: """
                INSERT INTO batches (id, name, organization_id, project_id, device_id, source, stage, status, tags,
                    pipeline_config, created_at, updated_at, origin, dump_file, record_digest, changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'dump', ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, organization_id = excluded.organization_id,
                    project_id = excluded.project_id, device_id = excluded.device_id, source = excluded.source,
                    stage = excluded.stage, status = excluded.status, tags = excluded.tags,
                    pipeline_config = excluded.pipeline_config, created_at = excluded.created_at,
                    updated_at = excluded.updated_at, dump_file = excluded.dump_file,
                    record_digest = excluded.record_digest, changed_at = excluded.changed_at
                """,
            arguments: [
                batch.id.text, batch.name, batch.organizationID?.text, projectID, batch.deviceID?.text, batch.source,
                batch.stage, batch.status, tags, pipeline, batch.createdAt, batch.updatedAt, file, digest, now,
            ])
    }

    /// Inserts or updates one image; `entry` is the catalog's record of it, before and after.
    private func writeImage(
        _ image: BatchImage, batch: Batch, entry: inout Importer.Known?, facts: Validator.ImageFacts?, now: String,
        db: Database, origins: [String: String], lockedKept: inout [ImportReport.LockedKept]
    ) throws -> Change {
        let previous = entry
        let file = facts?.file
        let digest = facts?.recordDigest ?? RecordDigest.of(image)
        let dumpSplit = image.split.flatMap { DatasetSplit(rawValue: $0) }?.rawValue
        var split = previous?.split
        var locked = previous?.locked ?? false
        if locked {
            if let dumpSplit, dumpSplit != split {
                lockedKept.append(.init(imageID: image.id.text, kept: split ?? "", dumpSplit: dumpSplit))
            }
        } else if previous?.recordDigest != digest {
            // What the dump says about splits applies when it says something new; a null split never
            // clears one assigned here.
            if let dumpSplit { split = dumpSplit }
            if image.splitLocked, split != nil { locked = true }
        }
        // An image that extract-reviewed moved into a batch made here stays there; otherwise it lives in
        // the batch of the dump that last described it.
        var batchID = batch.id.text
        if let previous, origins[previous.batchID] == "extract" { batchID = previous.batchID }

        if let previous, previous.recordDigest == digest, previous.sha256 == file?.sha256,
            previous.batchID == batchID, previous.split == split, previous.locked == locked
        {
            if let file { try Self.refreshSource(image.id.text, previous: previous, file: file, db: db) }
            return .unchanged
        }
        try Self.upsertImage(
            [
                image.id.text, batchID, batch.id.text, image.filename, image.storageKey, image.width, image.height,
                image.annotationStatus, image.deviceID?.text ?? batch.deviceID?.text, file?.sha256,
                file?.size, file?.format, file?.storedWidth, file?.storedHeight, file?.orientation, file?.path,
                file?.size, file?.mtime, file?.inode, digest, now,
            ], db: db)
        if previous == nil || previous?.split != split || previous?.locked != locked {
            let splits = try db.cachedStatement(
                sql: """
                    INSERT INTO image_splits (image_id, split, split_locked) VALUES (?, ?, ?)
                    ON CONFLICT(image_id) DO UPDATE SET split = excluded.split, split_locked = excluded.split_locked
                    """)
            try splits.execute(arguments: [image.id.text, split, locked])
        }
        entry = Importer.Known(
            batchID: batchID, split: split, locked: locked, recordDigest: digest, sha256: file?.sha256,
            sourcePath: file?.path, sourceSize: file?.size, sourceMTime: file?.mtime, sourceInode: file?.inode)
        if previous?.recordDigest != digest {
            if previous != nil {
                try db.execute(sql: "DELETE FROM annotations WHERE image_id = ?", arguments: [image.id.text])
            }
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO annotations (id, image_id, position, class_value, type, x_center, y_center, width,
                        height, geometry, confidence, source, model_name, model_version, z_order)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for (position, annotation) in image.annotations.enumerated() {
                try insert.execute(arguments: [
                    annotation.id.text, image.id.text, position, annotation.classValue, annotation.type,
                    annotation.xCenter, annotation.yCenter, annotation.width, annotation.height,
                    annotation.geometry.map { JSONText.of($0.value) }, annotation.confidence, annotation.source,
                    annotation.modelName, annotation.modelVersion, annotation.zOrder,
                ])
            }
        }
        return previous == nil ? .added : .updated
    }

    /// Inserts an image or updates every field of it: id, batch_id, original_batch_id, filename,
    /// storage_key, width, height, annotation_status, device_id, sha256, byte_count, format,
    /// stored_width, stored_height, orientation, source_path, source_size, source_mtime_ns,
    /// source_inode, record_digest, changed_at. Acusight and Runflow/Nimble imports share it.
    static func upsertImage(_ values: StatementArguments, db: Database) throws {
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO images (id, batch_id, original_batch_id, filename, storage_key, width, height,
                    annotation_status, device_id, sha256, byte_count, format, stored_width, stored_height,
                    orientation, source_path, source_size, source_mtime_ns, source_inode, record_digest, changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET batch_id = excluded.batch_id,
                    original_batch_id = excluded.original_batch_id, filename = excluded.filename,
                    storage_key = excluded.storage_key, width = excluded.width, height = excluded.height,
                    annotation_status = excluded.annotation_status, device_id = excluded.device_id,
                    sha256 = excluded.sha256,
                    byte_count = excluded.byte_count, format = excluded.format, stored_width = excluded.stored_width,
                    stored_height = excluded.stored_height, orientation = excluded.orientation,
                    source_path = excluded.source_path, source_size = excluded.source_size,
                    source_mtime_ns = excluded.source_mtime_ns, source_inode = excluded.source_inode,
                    record_digest = excluded.record_digest, changed_at = excluded.changed_at
                """)
        try upsert.execute(arguments: values)
    }

    /// The image's record is unchanged but its file was found at another path or was touched: keep the
    /// catalog's source fields current, so the next import can skip hashing it.
    static func refreshSource(_ id: String, previous: Importer.Known, file: StoredFile, db: Database) throws {
        guard
            previous.sourcePath != file.path || previous.sourceMTime != file.mtime || previous.sourceInode != file.inode
        else { return }
        try db.execute(
            sql: """
                UPDATE images SET source_path = ?, source_size = ?, source_mtime_ns = ?, source_inode = ?
                WHERE id = ?
                """, arguments: [file.path, file.size, file.mtime, file.inode, id])
    }

    private static func signature(_ rule: String, _ message: String, _ path: String) -> String {
        "\(rule)\u{0}\(message)\u{0}\(path)"
    }

    /// Replaces an image's stored findings; returns whether they differ from what was stored.
    private func replaceFindings(
        _ imageID: String, _ findings: [Finding], stored: inout [String: [String]], db: Database
    ) throws -> Bool {
        let before = (stored[imageID] ?? []).sorted()
        let after = findings.map { Self.signature($0.rule.id, $0.message, $0.location.jsonPath ?? "") }.sorted()
        guard before != after else { return false }
        stored[imageID] = after
        try db.execute(sql: "DELETE FROM findings WHERE image_id = ?", arguments: [imageID])
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO findings (image_id, batch_id, annotation_id, rule, severity, message, dump_file, json_path)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for finding in findings {
            try insert.execute(arguments: [
                imageID, finding.location.batchID, finding.location.annotationID, finding.rule.id,
                finding.severity.rawValue, finding.message, finding.location.file, finding.location.jsonPath ?? "",
            ])
        }
        return true
    }
}
