internal import GRDB

/// `yoloset images`: one read of the catalog, written to standard output row by row.
extension ImageList {
    /// 2: `open_errors`/`open_warnings` became `errors`/`warnings`.
    public static var schemaVersion: Int { 2 }

    /// Writes the list to standard output: for people, a header, then one tab-separated line per image;
    /// or the `--json` document, `{"images": [...], "schema_version": 2}` with one image per line. An
    /// unknown batch or image id is an error before anything is written.
    public func write(asJSON json: Bool) throws(WorkspaceError) {
        try workspace.catalog.read { db in
            let rows = try selection.cursor(db)
            func next() throws(WorkspaceError) -> ImageRow? {
                do {
                    return try rows.next().map(ImageRow.init)
                } catch {
                    throw .catalog(workspace.catalog.path, error)
                }
            }
            if json {
                try JSONFileWriter(workers: 1).writeToStandardOutput([
                    ("images", .stream { () throws(WorkspaceError) in try next()?.json }),
                    ("schema_version", .value(.int(Self.schemaVersion))),
                ])
            } else {
                var sink = OutputSink.standardOutput
                try sink.append("id\tbatch\tfilename\tannotation_status\tsplit\tlocked\tsha256\tfindings\n")
                while let row = try next() { try sink.append(row.text + "\n") }
                try sink.flush()
            }
        }
    }
}

extension ImageRow {
    /// The image's tab-separated line.
    var text: String {
        let findings =
            openErrors + openWarnings == 0
            ? "-" : "\(plural(openErrors, "error")), \(plural(openWarnings, "warning"))"
        return [
            id, batchID, filename ?? "-", annotationStatus ?? "-", split ?? "-", splitLocked ? "locked" : "-",
            sha256.map { String($0.prefix(12)) } ?? "-", findings,
        ].joined(separator: "\t")
    }

    /// The image's element of `images`, keys sorted.
    var json: JSONOut {
        .object([
            ("annotation_status", .string(annotationStatus)),
            ("annotations", .int(annotations)),
            ("batch_id", .string(batchID)),
            // The image's open findings, by severity.
            ("errors", .int(openErrors)),
            ("filename", .string(filename)),
            ("id", .string(id)),
            ("sha256", .string(sha256)),
            ("split", .string(split)),
            ("split_locked", .bool(splitLocked)),
            ("warnings", .int(openWarnings)),
        ])
    }
}
