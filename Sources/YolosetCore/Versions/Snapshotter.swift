internal import Crypto
internal import Foundation
internal import GRDB
internal import Synchronization
internal import Yams

#if canImport(Glibc)
    internal import Glibc
#endif

/// Snapshots a workspace into an immutable, numbered version folder that is a ready-to-train YOLO
/// dataset. One entry point, `run(name:config:)`; its stages:
///
/// 1. Take the writer lock; read the images that qualify (completed, with a split, stored, passing
///    validation — the version config widens or narrows this), their annotations, and the classes.
/// 2. Map classes to YOLO indices (`ClassMapping`) and give every image a name unique in the version.
/// 3. Build the folder under a hidden temporary name: images hard-linked from the object store, label
///    files written on every core, `data.yaml`, `version.json`, `checksums.sha256`; files read-only.
/// 4. Rename it to `versions/v<N>` in one step. A killed snapshot leaves only a hidden temporary
///    folder, which the next writer removes.
///
/// N is one past every number the catalog ever issued, so a removed version's number never names
/// another dataset; names are unique the same way (`Workspace.checkName`).
public struct Snapshotter: Sendable {
    public var workspace: Workspace
    public var workers: Int

    public init(workspace: Workspace, workers: Int? = nil) {
        self.workspace = workspace
        self.workers = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Makes the next version. With `unlessUnchanged`, makes none when it would hold exactly what the
    /// newest version holds (the same image bytes under the same names and splits, the same label files
    /// and class names) and returns `.unchanged` with that version.
    public func run(
        name: String?, config: VersionConfig = .init(), unlessUnchanged: Bool = false,
        write: Workspace.WriteOptions = .init()
    ) throws -> SnapshotResult {
        try workspace.exclusively(command: "snapshot", wait: write.wait, notice: write.notice) {
            try snapshot(name: name, config: config, unlessUnchanged: unlessUnchanged)
        }
    }

    /// One image as the version holds it.
    struct Member: Sendable {
        let id: String
        let batchID: String
        let originalBatchID: String?
        let filename: String?
        let storageKey: String?
        let split: DatasetSplit
        let sha256: String
        let format: String?
        let width: Int
        let height: Int
        /// Where a Runflow or Nimble background image came from; nil for Acusight images.
        var provenance: Provenance? = nil
        var versionName = ""
        var annotations: [AnnotationRecord] = []
    }

    /// The item or task a background image was made of.
    struct Provenance: Sendable, Codable {
        let api: String
        let sourceBatchID: String?
        let itemID: String?
        let runID: String?
        let taskID: String?
        let clientRef: String?
        let status: String?
    }

    private func snapshot(name: String?, config: VersionConfig, unlessUnchanged: Bool) throws -> SnapshotResult {
        let store = VersionStore(workspace: workspace)
        try store.removeAbandoned()
        let previous = try store.latest()
        let kind = workspace.config.type
        let tolerance = workspace.config.validation.boxTolerancePixels

        // 1. Read, and what the previous version held that this one will not.
        let dropSeverity = workspace.config.validation.severity(of: .versionDropped)
        let (loaded, drops) = try workspace.catalog.read { db in
            let loaded = try Self.load(db, config: config)
            guard let previous, let dropSeverity else { return (loaded, [VersionDrop]()) }
            return (loaded, try Self.drops(db, previous: previous.number, loaded: loaded, severity: dropSeverity))
        }
        var warnings = loaded.warnings
        try config.checkClasses(loaded.classes.map(\.name))
        let mapping = ClassMapping(
            classes: loaded.classes, config: config, previous: previous?.classIndices)
        warnings += mapping.warnings
        if !mapping.dropped.isEmpty {
            warnings.append("classes dropped by the config: \(mapping.dropped.joined(separator: ", "))")
        }
        guard !loaded.members.isEmpty else {
            throw WorkspaceError(
                "no image qualifies for a version (completed, with a split, stored, passing validation); "
                    + "run `yoloset split`, or see `yoloset status`; nothing was written")
        }

        // An object that no longer holds its bytes (hardlink mode: its source was edited in place) never
        // enters a version.
        let changed = try workspace.changedObjects(loaded.members.map(\.sha256), workers: workers)
        if !changed.isEmpty {
            let byDigest = Dictionary(grouping: loaded.members, by: \.sha256)
            let lines = changed.prefix(5).map { change in
                "\((byDigest[change.sha256] ?? []).map(\.id).sorted().joined(separator: ", ")): \(change.message)"
            }
            throw WorkspaceError(
                "\(changed.count) image(s) no longer have the bytes they were imported with; nothing was written "
                    + "(`yoloset import` again stores the files as they are now; `yoloset fsck` lists every object):\n  "
                    + lines.joined(separator: "\n  ") + (changed.count > 5 ? "\n  …" : ""))
        }

        for split in [DatasetSplit.train, .val] where !loaded.members.contains(where: { $0.split == split }) {
            warnings.append(
                "\(split.rawValue) holds no images; Ultralytics needs \(split.rawValue) images to train "
                    + "(`yoloset split` assigns them)")
        }

        // 2. Names, label texts and checksums; nothing is written yet.
        let number = try store.nextNumber()
        let name = try workspace.checkName(name ?? "v\(number)", for: number, in: store)
        let recipe = VersionRecipe(
            number: number,
            parts: .init(
                name: name, id: UUID().uuidString.lowercased(), createdAt: Timestamp.now(), kind: kind,
                tolerancePixels: tolerance, configYAML: config.yaml, previousIndices: previous?.classIndices,
                project: loaded.project, classes: loaded.classes, batches: loaded.batches),
            members: loaded.members)
        let plan = Self.plan(recipe, config: config, mapping: mapping, workers: workers)
        warnings += plan.labels.result.warnings
        let indices = Dictionary(mapping.entries.map { ($0.name, $0.index) }, uniquingKeysWith: { first, _ in first })
        if unlessUnchanged, let previous, previous.classIndices == indices,
            plan.checksums.matches(fileAt: "\(store.folder(previous.number))/checksums.sha256")
        {
            return .unchanged(number: previous.number, path: store.folder(previous.number))
        }

        // 3. Build, with the recipe in the catalog first: whatever version appears can be built again.
        let temporary = try store.makeTemporary()
        do {
            try workspace.catalog.write { db in try recipe.record(db) }
            let manifest = try Self.build(
                plan, recipe: recipe, config: config, into: temporary, objects: workspace.objects, workers: workers)
            let final = try store.publish(temporary, number: number)
            // The version exists from here on; its catalog row only spares `versions` and `show` from
            // parsing version.json, so failing to write it is not failing the snapshot.
            try? store.index(manifest, folder: final)
            // The number counts as issued from the rename on (nextNumber() also reads the folders), so a
            // failed or killed snapshot, which never showed a version, leaves its number free.
            try? workspace.catalog.write { db in try VersionStore.issue(db, number: number, name: manifest.name) }
            // Linking changed the objects' change times; record them, or the next check re-hashes them all.
            try? workspace.refreshChangeTimes(plan.members.map(\.sha256))
            return .created(
                VersionSummary(
                    number: number, name: manifest.name, path: final, images: plan.members.count,
                    annotations: plan.labels.result.rowsWritten,
                    splits: manifest.splits(),
                    classes: mapping.entries.map(\.name), warnings: warnings, dropped: drops))
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// A version's files before any is written: its members named, their label texts rendered, and the
    /// SHA-256 of every image and label file by its path in the version.
    struct Plan {
        let mapping: ClassMapping
        let members: [Member]
        let labels: LabelWriter.Rendered
        let checksums: VersionChecksums
    }

    static func plan(_ recipe: VersionRecipe, config: VersionConfig, mapping: ClassMapping, workers: Int) -> Plan {
        var members = recipe.members
        VersionNaming.assign(&members)
        let rendered = LabelWriter(
            kind: recipe.kind, mapping: mapping, config: config, tolerancePixels: recipe.tolerancePixels,
            workers: workers
        ).render(members)
        return Plan(
            mapping: mapping, members: members, labels: rendered,
            checksums: VersionChecksums(members: members, labelDigests: rendered.result.digests))
    }

    /// Writes a planned version into `folder`: image links from the object store, label files, data.yaml,
    /// version.json, checksums.sha256. The same recipe always gives the same bytes.
    static func build(
        _ plan: Plan, recipe: VersionRecipe, config: VersionConfig, into folder: String, objects: ObjectStore,
        workers: Int
    ) throws -> VersionManifest {
        let members = plan.members
        try LabelWriter.makeFolders(root: folder, splits: Set(members.map(\.split)))
        // Files are made from two threads, each in folders of its own: the train labels (most of them)
        // on one; the image links and the other labels on the other.
        let texts = plan.labels.texts
        let train = members.indices.filter { members[$0].split == .train }
        let others = members.indices.filter { members[$0].split != .train }
        let outcomes = Parallel.map(count: 2, workers: 2) { task -> WorkspaceError? in
            do throws(WorkspaceError) {
                if task == 0 {
                    try LabelWriter.write(texts, of: members, indices: train, root: folder)
                } else {
                    try VersionStore.linkImages(members, into: folder, objects: objects)
                    try LabelWriter.write(texts, of: members, indices: others, root: folder)
                }
                return nil
            } catch {
                return error
            }
        }
        if let failure = outcomes.compactMap({ $0 }).first { throw failure }
        let manifest = VersionManifest(
            number: recipe.number, name: recipe.name, project: recipe.project, kind: recipe.kind, config: config,
            mapping: plan.mapping, batches: recipe.batches, members: members, labels: plan.labels.result,
            id: recipe.id, createdAt: recipe.createdAt)
        let dataYAML = try VersionStore.writeReadOnly(
            manifest.dataYAML(splits: Set(members.map(\.split))), at: "\(folder)/data.yaml")
        let versionJSON = try manifest.writeJSON(to: "\(folder)/version.json", workers: workers)
        try plan.checksums.write(
            to: "\(folder)/checksums.sha256", dataYAML: dataYAML, versionJSON: versionJSON)
        return manifest
    }

    struct Loaded {
        var project: VersionManifest.ProjectInfo?
        var classes: [ClassMapping.Source]
        var batches: [VersionManifest.BatchInfo]
        var members: [Member]
        var warnings: [String]
        /// Images with a split and stored bytes that the version leaves out, and why.
        var leftOut: [String: VersionDrop.Reason] = [:]
        /// Backgrounds left out because the same bytes are in the version annotated: nothing is lost.
        var replaced: Set<String> = []
    }

    private static func load(_ db: Database, config: VersionConfig) throws -> Loaded {
        let project = try Row.fetchOne(db, sql: "SELECT id, name, project_type FROM projects LIMIT 1").map {
            VersionManifest.ProjectInfo(id: $0["id"], name: $0["name"], type: $0["project_type"])
        }
        let classes = try Row.fetchAll(
            db, sql: "SELECT name, raw_value, original_id FROM classes ORDER BY position"
        ).map { ClassMapping.Source(name: $0["name"], rawValue: $0["raw_value"], originalID: $0["original_id"]) }
        let knownBatches = Set(try String.fetchAll(db, sql: "SELECT id FROM batches"))
        for batch in config.batches ?? [] where !knownBatches.contains(batch) {
            throw WorkspaceError.unknownBatch(batch)
        }
        let wanted = config.batches.map(Set.init)
        var warnings: [String] = []
        var members: [Member] = []
        var failing: [String] = []
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT i.id, i.batch_id, i.original_batch_id, i.filename, i.storage_key, s.split, i.sha256, i.format,
                    i.width, i.height, i.annotation_status,
                    EXISTS (SELECT 1 FROM findings f WHERE f.image_id = i.id AND f.severity = 'error') AS failing,
                    coalesce(b.api, 'acusight') AS api, b.project_id IS NOT NULL AS assigned, si.item_id, si.run_id,
                    si.task_id, si.client_ref, si.raw_status
                FROM images i JOIN image_splits s ON s.image_id = i.id
                    LEFT JOIN batches b ON b.id = coalesce(i.original_batch_id, i.batch_id)
                    LEFT JOIN source_items si ON si.image_id = i.id
                WHERE s.split IS NOT NULL AND i.sha256 IS NOT NULL
                ORDER BY i.batch_id, i.id
                """)
        var pending = 0
        var backgroundsLeftOut = 0
        var leftOut: [String: VersionDrop.Reason] = [:]
        while let row = try rows.next() {
            let batchID: String = row[1]
            if let wanted, !wanted.contains(batchID) {
                leftOut[row[0]] = .batchNotSelected
                continue
            }
            let api: String = row[12]
            var provenance: Provenance?
            if api != DumpSource.acusight.rawValue {
                // A Runflow or Nimble image: a background, when the config asks for them.
                guard config.backgrounds == .assigned, row[13] as Bool else {
                    if row[13] as Bool { backgroundsLeftOut += 1 }
                    leftOut[row[0]] = .backgroundLeftOut
                    continue
                }
                provenance = Provenance(
                    api: api, sourceBatchID: row[2], itemID: row[14], runID: row[15], taskID: row[16],
                    clientRef: row[17], status: row[18])
            } else if (row[10] as String?) != "completed" && !config.includePending {
                pending += 1
                leftOut[row[0]] = .notCompleted
                continue
            }
            if row[11] as Bool {
                switch config.failedValidation {
                case .exclude:
                    failing.append(row[0])
                    leftOut[row[0]] = .failedValidation(rules: [])
                    continue
                case .refuse: failing.append(row[0])
                case .include: break
                }
            }
            members.append(
                Member(
                    id: row[0], batchID: batchID, originalBatchID: row[2], filename: row[3], storageKey: row[4],
                    split: DatasetSplit(rawValue: row[5])!, sha256: row[6], format: row[7], width: row[8],
                    height: row[9], provenance: provenance))
        }
        // A background whose bytes came back annotated (in an Acusight dump) is that image, not a second one.
        let annotated = Set(members.lazy.filter { $0.provenance == nil }.map(\.sha256))
        let before = members.count
        let replaced = Set(members.lazy.filter { $0.provenance != nil && annotated.contains($0.sha256) }.map(\.id))
        members.removeAll { replaced.contains($0.id) }
        if members.count < before {
            let count = before - members.count
            warnings.append(
                "\(count) background image\(count == 1 ? " is" : "s are") also in the workspace annotated (same "
                    + "bytes); the annotated image\(count == 1 ? " was" : "s were") taken instead")
        }
        if backgroundsLeftOut > 0 {
            warnings.append(
                "\(plural(backgroundsLeftOut, "image")) of assigned Runflow/Nimble batches "
                    + "\(backgroundsLeftOut == 1 ? "was" : "were") left out (the version config's `backgrounds: assigned` takes them in as backgrounds)"
            )
        }
        if config.failedValidation == .refuse && !failing.isEmpty {
            throw WorkspaceError(
                "\(plural(failing.count, "image")) with a split \(failing.count == 1 ? "fails" : "fail") validation "
                    + "(\(failing.prefix(5).joined(separator: ", "))…) and the version config says "
                    + "failed_validation: refuse; fix them or exclude them; nothing was written")
        }
        if !failing.isEmpty {
            warnings.append(
                "\(plural(failing.count, "image")) with a split \(failing.count == 1 ? "fails" : "fail") validation "
                    + "and \(failing.count == 1 ? "was" : "were") left out (`yoloset status` lists the findings)")
        }
        if pending > 0 {
            warnings.append(
                "\(plural(pending, "image")) with a split \(pending == 1 ? "is" : "are") not completed and "
                    + "\(pending == 1 ? "was" : "were") left out")
        }
        // Annotations, in their dump order.
        var position: [String: Int] = [:]
        for (index, member) in members.enumerated() { position[member.id] = index }
        let annotations = try Row.fetchCursor(
            db,
            sql: """
                SELECT image_id, id, class_value, x_center, y_center, width, height, geometry, confidence, source
                FROM annotations ORDER BY image_id, position
                """)
        while let row = try annotations.next() {
            guard let at = position[row[0] as String] else { continue }
            members[at].annotations.append(
                AnnotationRecord(
                    id: row[1], classValue: row[2], xCenter: row[3], yCenter: row[4], width: row[5], height: row[6],
                    geometry: row[7], confidence: row[8], source: row[9]))
        }
        let batchIDs = Set(members.map(\.batchID))
        let batches = try Row.fetchAll(db, sql: "SELECT id, name, parent_batch_id FROM batches ORDER BY id")
            .filter { batchIDs.contains($0["id"]) }
            .map { VersionManifest.BatchInfo(id: $0["id"], name: $0["name"], parentID: $0["parent_batch_id"]) }
        return Loaded(
            project: project, classes: classes, batches: batches, members: members, warnings: warnings,
            leftOut: leftOut, replaced: replaced)
    }

    /// `version.dropped`: every image of version `previous` (from its recipe, in its order) that
    /// `loaded` does not hold, with the reason. Empty when the recipe is gone (nothing to compare with).
    private static func drops(
        _ db: Database, previous: Int, loaded: Loaded, severity: Severity
    ) throws -> [VersionDrop] {
        let kept = Set(loaded.members.map(\.id))
        let rows = try Row.fetchAll(
            db, sql: "SELECT image_id, batch_id, split FROM version_members WHERE number = ? ORDER BY position",
            arguments: [previous])
        let state = try db.makeStatement(
            sql: """
                SELECT s.split IS NOT NULL AS has_split, i.sha256 IS NOT NULL AS stored
                FROM images i LEFT JOIN image_splits s ON s.image_id = i.id WHERE i.id = ?
                """)
        let failing = try db.makeStatement(
            sql: "SELECT DISTINCT rule FROM findings WHERE image_id = ? AND severity = 'error' ORDER BY rule")
        var drops: [VersionDrop] = []
        for row in rows {
            let id: String = row[0]
            guard !kept.contains(id), !loaded.replaced.contains(id),
                let split = DatasetSplit(rawValue: row[2] as String)
            else { continue }
            var reason: VersionDrop.Reason
            if let known = loaded.leftOut[id] {
                reason = known
            } else if let now = try Row.fetchOne(state, arguments: [id]) {
                reason = !(now[0] as Bool) ? .noSplit : !(now[1] as Bool) ? .notStored : .notInWorkspace
            } else {
                reason = .notInWorkspace
            }
            if case .failedValidation = reason {
                reason = .failedValidation(rules: try String.fetchAll(failing, arguments: [id]))
            }
            drops.append(
                VersionDrop(
                    imageID: id, batchID: row[1], previousVersion: previous, previousSplit: split, reason: reason,
                    severity: severity))
        }
        return drops
    }
}

/// What `snapshot` did: made a version, or (asked to make one only when something changed) found the
/// newest version already holds the same dataset.
public enum SnapshotResult: Sendable, Equatable {
    case created(VersionSummary)
    case unchanged(number: Int, path: String)
}

/// What `snapshot` made.
public struct VersionSummary: Sendable, Equatable {
    public var number: Int
    public var name: String
    public var path: String
    public var images: Int
    public var annotations: Int
    /// Every split (train, val, test), with zeros when it holds nothing.
    public var splits: [SplitCounts]
    public var classes: [String]
    public var warnings: [String]
    /// Images of the previous version this one leaves out (`version.dropped`), in that version's order.
    public var dropped: [VersionDrop] = []
}
