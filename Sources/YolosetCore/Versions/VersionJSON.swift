/// `snapshot --json`, `versions --json`, `show --json`.
public enum VersionJSON {
    public static func render(_ result: SnapshotResult) -> String {
        JSONObject.render(document(result))
    }

    /// `created` says whether a version was made; when not, `version` and `path` name the newest one,
    /// which already holds the same dataset.
    static func document(_ result: SnapshotResult) -> [String: Any?] {
        switch result {
        case .created(let summary):
            var document = document(summary)
            document["created"] = true
            return document
        case .unchanged(let number, let path):
            return ["created": false, "version": number, "path": path]
        }
    }

    static func document(_ summary: VersionSummary) -> [String: Any?] {
        [
            "version": summary.number, "name": summary.name, "path": summary.path, "images": summary.images,
            "annotations": summary.annotations,
            "split_counts": Dictionary(
                uniqueKeysWithValues: DatasetSplit.allCases.map {
                    ($0.rawValue, summary.perSplit[$0] ?? 0)
                }),
            "classes": summary.classes, "warnings": summary.warnings,
        ]
    }

    public static func render(_ versions: [VersionInfo], single: Bool = false) -> String {
        let documents = versions.map { info -> [String: Any?] in
            var splits: [String: Any?] = [:]
            for split in info.splits {
                splits[split.split.rawValue] =
                    ["images": split.images, "annotations": split.annotations, "class_distribution": split.classes]
                    as [String: Any?]
            }
            return [
                "version": info.number, "name": info.name, "created_at": info.createdAt, "path": info.path,
                "images": info.images, "annotations": info.annotations, "classes": info.classes, "splits": splits,
            ]
        }
        if single, let first = documents.first { return JSONObject.render(first) }
        return JSONObject.render(["versions": documents])
    }
}
