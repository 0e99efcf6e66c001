internal import Foundation

/// `yoloset diff`: for people, counts and the first ids; for machines, every id, written as it is
/// rendered (a re-split moves hundreds of thousands of images).
extension VersionDiff {
    public static var schemaVersion: Int { 1 }

    /// For people: counts of each kind of change, the first ids of each, and every class change.
    public var text: String {
        var lines = ["v\(from) → v\(to)"]
        if isEmpty {
            lines.append("  no differences")
            return lines.joined(separator: "\n")
        }
        func list(_ rows: [UInt32], of ids: IDArena) -> String {
            rows.prefix(10).map { ids.string(Int($0)) }.joined(separator: ", ")
                + (rows.count > 10 ? ", … (\(rows.count - 10) more)" : "")
        }
        lines.append(
            "images: \(addedImages.count) added, \(removedImages.count) removed, "
                + "\(movedImages.count) moved, \(changedImages.count) with new bytes")
        if !addedImages.isEmpty { lines.append("  + \(list(addedImages, of: new.imageIDs))") }
        if !removedImages.isEmpty { lines.append("  - \(list(removedImages, of: old.imageIDs))") }
        for index in movedImages.indices.prefix(20) {
            let move = move(index)
            lines.append("  ~ \(move.imageID): \(move.from) → \(move.to)")
        }
        lines.append(
            "annotations: \(addedAnnotations.count) added, \(removedAnnotations.count) removed, "
                + "\(changedAnnotations.count) changed")
        for rename in classesRenamed { lines.append("class renamed: \(rename.from) → \(rename.to)") }
        for name in classesAdded { lines.append("class added: \(name)") }
        for name in classesRemoved { lines.append("class removed: \(name)") }
        for change in classesReindexed {
            lines.append("class re-indexed: \(change.name) \(change.from) → \(change.to)")
        }
        return lines.joined(separator: "\n")
    }

    /// Writes the diff to standard output: its text, or the `--json` document (keys sorted, every list
    /// in order of id, one element a line, `schema_version` beside them).
    public func write(asJSON json: Bool) throws(WorkspaceError) {
        guard json else {
            var sink = OutputSink.standardOutput
            try sink.append(text + "\n")
            try sink.flush()
            return
        }
        let diff = self
        func ids(_ rows: [UInt32], of arena: IDArena) -> JSONFileWriter.Part {
            .rows(count: rows.count) { index in .string(arena.string(Int(rows[index]))) }
        }
        let moves = JSONFileWriter.Part.rows(count: movedImages.count) { index in
            let move = diff.move(index)
            return .object([
                ("from", .string(move.from)), ("image_id", .string(move.imageID)), ("to", .string(move.to)),
            ])
        }
        let classes = JSONOut.object([
            ("added", .array(classesAdded.map { .string($0) })),
            (
                "reindexed",
                .array(
                    classesReindexed.map {
                        .object([("from", .int($0.from)), ("name", .string($0.name)), ("to", .int($0.to))])
                    })
            ),
            ("removed", .array(classesRemoved.map { .string($0) })),
            (
                "renamed",
                .array(
                    classesRenamed.map {
                        .object([
                            ("from", .string($0.from)), ("original", .string($0.original)), ("to", .string($0.to)),
                        ])
                    })
            ),
        ])
        try JSONFileWriter(workers: max(1, ProcessInfo.processInfo.activeProcessorCount)).writeToStandardOutput([
            (
                "annotations",
                .object([
                    ("added", ids(addedAnnotations, of: new.annotationIDs)),
                    ("changed", ids(changedAnnotations, of: new.annotationIDs)),
                    ("removed", ids(removedAnnotations, of: old.annotationIDs)),
                ])
            ),
            ("classes", .value(classes)),
            ("from", .value(.int(from))),
            ("identical", .value(.bool(isEmpty))),
            (
                "images",
                .object([
                    ("added", ids(addedImages, of: new.imageIDs)),
                    ("content_changed", ids(changedImages, of: new.imageIDs)),
                    ("moved", moves),
                    ("removed", ids(removedImages, of: old.imageIDs)),
                ])
            ),
            ("schema_version", .value(.int(Self.schemaVersion))),
            ("to", .value(.int(to))),
        ])
    }
}
