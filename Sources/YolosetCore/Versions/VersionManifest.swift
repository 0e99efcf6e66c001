internal import Foundation
internal import Yams

/// A version's self-description: `data.yaml` for training and `version.json` (Acusight's
/// `models.DatasetVersion`) for audits, tracing every file back to its original ids.
struct VersionManifest {
    struct ProjectInfo: Sendable {
        let id: String
        let name: String?
        let type: String?
    }

    struct BatchInfo: Sendable {
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

    func json() -> String {
        let batchIndex = Dictionary(uniqueKeysWithValues: batches.map { ($0.id, $0) })
        var images: [[String: Any?]] = []
        var annotations: [[String: Any?]] = []
        images.reserveCapacity(members.count)
        for member in members {
            images.append([
                "original_image_id": member.id, "version_batch_id": member.batchID,
                "original_batch_id": member.originalBatchID, "split": member.split.rawValue,
                "storage_key": member.storageKey, "filename": member.versionName,
                "original_filename": member.filename, "width": member.width, "height": member.height,
                "sha256": member.sha256,
            ])
            for row in labels.rows[member.id] ?? [] {
                var entry: [String: Any?] = [
                    "original_annotation_id": row.annotationID, "original_image_id": member.id,
                    "version_class_value": String(row.classIndex),
                    "class_name": mapping.entries.first { $0.index == row.classIndex }?.name,
                ]
                switch kind {
                case .detect:
                    entry["box"] =
                        [
                            "x_center": row.values[0], "y_center": row.values[1], "width": row.values[2],
                            "height": row.values[3],
                        ] as [String: Any?]
                case .segment:
                    entry["geometry"] = row.values
                }
                annotations.append(entry)
            }
        }
        var splits: [String: Any?] = [:]
        for split in DatasetSplit.allCases {
            let inSplit = members.filter { $0.split == split }
            var perClass: [String: Int] = [:]
            var count = 0
            for member in inSplit {
                for row in labels.rows[member.id] ?? [] {
                    perClass[mapping.entries.first { $0.index == row.classIndex }?.name ?? "?", default: 0] += 1
                    count += 1
                }
            }
            splits[split.rawValue] =
                ["images": inSplit.count, "annotations": count, "classes": perClass] as [String: Any?]
        }
        let classes = mapping.entries.flatMap { entry in
            entry.sources.map { source -> [String: Any?] in
                [
                    "name": entry.name, "raw_value": source.rawValue, "original_name": source.name,
                    "original_class_id": source.originalID, "yolo_index": entry.index,
                ]
            }
        }
        return JSONObject.render([
            "id": UUID().uuidString.lowercased(),
            "version": number,
            "name": name,
            "created_at": Timestamp.now(),
            "project": project.map { ["id": $0.id, "name": $0.name, "project_type": $0.type] as [String: Any?] },
            "task": kind.rawValue,
            "pipeline_config": config.original,
            "version_classes": classes,
            "dropped_classes": mapping.dropped,
            "version_batches": batches.map { batch -> [String: Any?] in
                [
                    "original_batch_id": batchIndex[batch.id]?.parentID ?? batch.id, "version_batch_id": batch.id,
                    "name": batch.name,
                ]
            },
            "version_images": images,
            "version_annotations": annotations,
            "tool": ["name": "yoloset", "version": YolosetVersion.current] as [String: Any?],
            "summary": ["images": members.count, "annotations": labels.rowsWritten, "splits": splits] as [String: Any?],
        ])
    }

    /// A version folder's `version.json`, parsed.
    static func read(_ folder: String) throws(WorkspaceError) -> [String: Any] {
        let path = "\(folder)/version.json"
        guard let data = FileManager.default.contents(atPath: path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw WorkspaceError("'\(path)' is missing or not a JSON object; `yoloset verify` checks a version") }
        return object
    }
}
