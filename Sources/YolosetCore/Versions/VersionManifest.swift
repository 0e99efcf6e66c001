internal import Foundation
internal import Yams

/// A version's self-description: `data.yaml` for training and `version.json` (Acusight's
/// `models.DatasetVersion`) for audits, tracing every file back to its original ids.
struct VersionManifest {
    /// `schema_version` of version.json: it changes only when a key changes meaning or goes away.
    static let schemaVersion = 1

    struct ProjectInfo: Sendable, Codable {
        let id: String
        let name: String?
        let type: String?
    }

    struct BatchInfo: Sendable, Codable {
        let id: String
        let name: String?
        let parentID: String?
    }

    let number: Int
    let name: String
    let project: ProjectInfo?
    let kind: ProjectKind
    let config: VersionConfig
    let mapping: ClassMapping
    let batches: [BatchInfo]
    let members: [Snapshotter.Member]
    let labels: LabelWriter.Result
    /// Given when a version is built again from its recipe, so its version.json comes out the same.
    var id = UUID().uuidString.lowercased()
    var createdAt = Timestamp.now()

    /// Split folders relative to the file's own folder: Ultralytics falls back to the YAML's folder when
    /// `path` is absent, so the version loads from any working directory.
    func dataYAML(splits: Set<DatasetSplit>) -> String {
        var pairs: [(Node, Node)] = [
            (Node("train"), Node("images/train")), (Node("val"), Node("images/val")),
        ]
        if splits.contains(.test) { pairs.append((Node("test"), Node("images/test"))) }
        pairs.append((Node("nc"), Node(String(mapping.entries.count), Tag(.int))))
        let names = mapping.entries.map { (Node(String($0.index), Tag(.int)), Node($0.name, Tag(.str))) }
        pairs.append((Node("names"), .mapping(Node.Mapping(names))))
        let body = (try? Yams.serialize(node: .mapping(Node.Mapping(pairs)), sortKeys: false)) ?? ""
        return "# yoloset version v\(number) (\(name)); version.json traces every file to its original ids.\n"
            + body
    }

    /// Class names by YOLO index.
    var classNames: [Int: String] {
        var names: [Int: String] = [:]
        for entry in mapping.entries { names[entry.index] = entry.name }
        return names
    }

    /// Images, annotations and annotations per class name, for every split (train, val, test).
    func splits() -> [SplitCounts] {
        let className = classNames
        var perSplit: [DatasetSplit: SplitCounts] = [:]
        for member in members {
            var counts = perSplit[member.split] ?? SplitCounts(split: member.split)
            counts.images += 1
            for row in labels.rows[member.id] ?? [] {
                counts.annotations += 1
                counts.classes[className[row.classIndex] ?? String(row.classIndex), default: 0] += 1
            }
            perSplit[member.split] = counts
        }
        return DatasetSplit.allCases.map { perSplit[$0] ?? SplitCounts(split: $0) }
    }

    /// `summary.splits`, as version.json and the catalog hold it.
    func splitCounts() -> JSONOut {
        JSONOut.object(
            splits().map { counts in
                (
                    counts.split.rawValue,
                    .object([
                        ("annotations", .int(counts.annotations)),
                        ("classes", .sorted(counts.classes.mapValues { .int($0) })), ("images", .int(counts.images)),
                    ])
                )
            }.sorted { $0.0 < $1.0 })
    }

    /// Writes `version.json` (keys sorted; the long arrays one element per line, rendered on every
    /// core) to a new read-only file; returns its SHA-256.
    func writeJSON(to path: String, workers: Int) throws(WorkspaceError) -> String {
        let parent = Dictionary(uniqueKeysWithValues: batches.map { ($0.id, $0.parentID) })
        let className = classNames
        let annotationCount = labels.rowsWritten
        let members = members
        let rows = labels.rows
        let kind = kind
        let names = className
        let images = JSONFileWriter.Part.rows(count: members.count) { index in
            let member = members[index]
            var fields: [(String, JSONOut)] = [
                ("filename", .string(member.versionName)), ("height", .int(member.height)),
                ("original_batch_id", .string(member.originalBatchID)),
                ("original_filename", .string(member.filename)), ("original_image_id", .string(member.id)),
            ]
            if let source = member.provenance {
                // Only background images carry it: Acusight images are traced by their ids alone.
                fields.append(
                    (
                        "provenance",
                        .object([
                            ("client_ref", .string(source.clientRef)), ("item_id", .string(source.itemID)),
                            ("item_status", .string(source.status)), ("run_id", .string(source.runID)),
                            ("source", .string(source.api)), ("source_batch_id", .string(source.sourceBatchID)),
                            ("task_id", .string(source.taskID)),
                        ])
                    ))
            }
            fields += [
                ("sha256", .string(member.sha256)), ("split", .string(member.split.rawValue)),
                ("storage_key", .string(member.storageKey)), ("version_batch_id", .string(member.batchID)),
                ("width", .int(member.width)),
            ]
            return .object(fields)
        }
        // Annotations in image order, flattened: (image, row).
        var flat: [(member: Int, row: Int)] = []
        flat.reserveCapacity(annotationCount)
        for (index, member) in members.enumerated() {
            for row in (rows[member.id] ?? []).indices { flat.append((index, row)) }
        }
        let annotations = JSONFileWriter.Part.rows(count: flat.count) { [flat] index in
            let member = members[flat[index].member]
            let row = rows[member.id]![flat[index].row]
            let shape: (String, JSONOut) =
                switch kind {
                case .detect:
                    (
                        "box",
                        .object([
                            ("height", .double(row.values[3])), ("width", .double(row.values[2])),
                            ("x_center", .double(row.values[0])), ("y_center", .double(row.values[1])),
                        ])
                    )
                case .segment: ("geometry", .array(row.values.map(JSONOut.double)))
                }
            return .object(
                [
                    shape, ("class_name", .string(names[row.classIndex] ?? String(row.classIndex))),
                    ("original_annotation_id", .string(row.annotationID)), ("original_image_id", .string(member.id)),
                    ("version_class_value", .string(String(row.classIndex))),
                ].sorted { $0.0 < $1.0 })
        }
        let splits = splitCounts()
        let classes = mapping.entries.flatMap { entry in
            entry.sources.map { source -> JSONOut in
                .object([
                    ("name", .string(entry.name)), ("original_class_id", .string(source.originalID)),
                    ("original_name", .string(source.name)), ("raw_value", .string(source.rawValue)),
                    ("yolo_index", .int(entry.index)),
                ])
            }
        }
        let document: [String: JSONFileWriter.Part] = [
            "created_at": .value(.string(createdAt)),
            "dropped_classes": .value(.array(mapping.dropped.map { .string($0) })),
            "id": .value(.string(id)),
            "name": .value(.string(name)),
            "pipeline_config": .value(JSONOut(any: config.original)),
            "project": .value(
                project.map {
                    .object([("id", .string($0.id)), ("name", .string($0.name)), ("project_type", .string($0.type))])
                } ?? .null),
            "schema_version": .value(.int(Self.schemaVersion)),
            "summary": .value(
                .object([
                    ("annotations", .int(labels.rowsWritten)), ("images", .int(members.count)), ("splits", splits),
                ])),
            "task": .value(.string(kind.rawValue)),
            "tool": .value(.object([("name", .string("yoloset")), ("version", .string(YolosetVersion.current))])),
            "version": .value(.int(number)),
            "version_annotations": annotations,
            "version_batches": .value(
                .array(
                    batches.map { batch in
                        .object([
                            ("name", .string(batch.name)),
                            ("original_batch_id", .string((parent[batch.id] ?? nil) ?? batch.id)),
                            ("version_batch_id", .string(batch.id)),
                        ])
                    })),
            "version_classes": .value(.array(classes)),
            "version_images": images,
        ]
        return try JSONFileWriter(workers: workers).write(document.sorted { $0.key < $1.key }, to: path)
    }
}
