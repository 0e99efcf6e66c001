internal import Foundation

/// `yoloset status`.
extension WorkspaceStatus: CommandOutput {
    /// For people: the batches, Runflow and Nimble batches, images by status and split, the store, and
    /// the first 50 open findings.
    public var text: String {
        var lines: [String] = []
        let projectName = project.map { "\($0.name ?? $0.id) (\($0.id))" } ?? name
        lines.append("Workspace \(root) — project \(projectName)")
        if !classes.isEmpty { lines.append("Classes: \(classes.joined(separator: ", "))") }
        lines.append("")
        lines.append("Batches (\(batches.count)):")
        for batch in batches {
            var line = "  \(batch.id)"
            if let name = batch.name { line += " \"\(name)\"" }
            line += "  stage \(batch.stage ?? "-"), status \(batch.status ?? "-")"
            line +=
                "  \(plural(batch.images, "image")) (\(batch.completed) completed), \(plural(batch.annotations, "annotation"))"
            if batch.failing > 0 { line += ", \(batch.failing) failing" }
            if batch.origin == "extract" { line += "  [extracted here]" }
            lines.append(line)
        }
        if !sources.isEmpty {
            lines.append("")
            lines.append("Runflow and Nimble batches (\(sources.count)):")
            for source in sources {
                lines.append(contentsOf: source.lines(itemLimit: 10, indent: "  "))
            }
        }
        lines.append("")
        let byStatus = imagesByStatus.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        lines.append("Images: \(totalImages) (\(byStatus.joined(separator: ", ")))")
        lines.append("Splits:")
        for row in splits {
            let classes = row.classes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            lines.append(
                "  \(row.split.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0))"
                    + "\(plural(row.images, "image")), \(plural(row.annotations, "annotation")), \(row.locked) locked"
                    + (classes.isEmpty ? "" : " — \(classes.joined(separator: ", "))"))
        }
        lines.append("  none  \(plural(unassigned, "image"))")
        lines.append(
            "Store (\(store.link)): \(plural(store.objects, "object")), \(byteText(store.bytes))"
                + (store.sharedBytes > 0
                    ? " (\(byteText(store.sharedBytes)) of it hard links to source files)" : "")
                + "; identical files stored once save \(byteText(store.savedByDeduplication))")
        lines.append("")
        lines.append("Open findings: \(plural(errors, "error")), \(plural(warnings, "warning"))")
        for finding in findings.prefix(50) {
            lines.append(
                "  \(finding.severity) \(finding.rule): batch \(finding.batchID ?? "-"), image "
                    + "\(finding.imageID ?? "-"): \(finding.message)")
        }
        if findings.count > 50 {
            lines.append("  … and \(findings.count - 50) more (`yoloset status --json` lists all)")
        }
        return lines.joined(separator: "\n")
    }

    public static var schemaVersion: Int { 2 }

    enum CodingKeys: String, CodingKey {
        case workspace, project, classes, batches, images, splits, sources, store, findings
        case imagesUnassigned = "images_unassigned"
        case imagesByAnnotationStatus = "images_by_annotation_status"
    }

    enum FindingsKeys: String, CodingKey {
        case errors, warnings, open
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(root, forKey: .workspace)
        try container.encode(project, forKey: .project)
        try container.encode(classes, forKey: .classes)
        try container.encode(batches, forKey: .batches)
        try container.encode(totalImages, forKey: .images)
        try container.encode(imagesByStatus, forKey: .imagesByAnnotationStatus)
        try container.encode(unassigned, forKey: .imagesUnassigned)
        try container.encode(
            Dictionary(splits.map { ($0.split.rawValue, $0) }, uniquingKeysWith: { $1 }), forKey: .splits)
        try container.encode(sources, forKey: .sources)
        try container.encode(store, forKey: .store)
        var open = container.nestedContainer(keyedBy: FindingsKeys.self, forKey: .findings)
        try open.encode(errors, forKey: .errors)
        try open.encode(warnings, forKey: .warnings)
        try open.encode(findings, forKey: .open)
    }
}

extension WorkspaceStatus.ProjectInfo: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, name
        case type = "project_type"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(type, forKey: .type)
    }
}

extension WorkspaceStatus.BatchRow: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, name, stage, status, source, origin, images, annotations
        case completed = "images_completed"
        case failing = "images_failing"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(stage, forKey: .stage)
        try container.encode(status, forKey: .status)
        try container.encode(source, forKey: .source)
        try container.encode(origin, forKey: .origin)
        try container.encode(images, forKey: .images)
        try container.encode(completed, forKey: .completed)
        try container.encode(annotations, forKey: .annotations)
        try container.encode(failing, forKey: .failing)
    }
}

/// One split's counts, under its name in `splits`.
extension WorkspaceStatus.SplitRow: Encodable {
    enum CodingKeys: String, CodingKey {
        case images, annotations
        case locked = "images_locked"
        case classes = "class_distribution"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(images, forKey: .images)
        try container.encode(annotations, forKey: .annotations)
        try container.encode(locked, forKey: .locked)
        try container.encode(classes, forKey: .classes)
    }
}

extension WorkspaceStatus.StoreRow: Encodable {
    enum CodingKeys: String, CodingKey {
        case link, objects, bytes
        case sharedBytes = "bytes_shared"
        case imageBytes = "bytes_of_images"
        case savedByDeduplication = "bytes_saved_by_deduplication"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(link, forKey: .link)
        try container.encode(objects, forKey: .objects)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(sharedBytes, forKey: .sharedBytes)
        try container.encode(imageBytes, forKey: .imageBytes)
        try container.encode(savedByDeduplication, forKey: .savedByDeduplication)
    }
}

extension WorkspaceStatus.FindingRow: Encodable {
    enum CodingKeys: String, CodingKey {
        case rule, severity, message, file
        case batchID = "batch_id"
        case imageID = "image_id"
        case annotationID = "annotation_id"
        case jsonPath = "json_path"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rule, forKey: .rule)
        try container.encode(severity, forKey: .severity)
        try container.encode(batchID, forKey: .batchID)
        try container.encode(imageID, forKey: .imageID)
        try container.encode(annotationID, forKey: .annotationID)
        try container.encode(message, forKey: .message)
        try container.encode(file, forKey: .file)
        try container.encode(jsonPath, forKey: .jsonPath)
    }
}
