/// `yoloset import`.
extension ImportReport: CommandOutput {
    /// For people: each batch, each Runflow or Nimble batch's progress, locked splits kept, the totals.
    public var text: String {
        var lines: [String] = []
        let sourceIDs = Set(sources.map(\.batchID))
        for batch in batches where !sourceIDs.contains(batch.id) {
            var line = "batch \(batch.id)"
            if let name = batch.name { line += " (\(name))" }
            line +=
                ": \(batch.imagesAdded) added, \(batch.imagesUpdated) updated, \(batch.imagesUnchanged) unchanged"
            if batch.imagesFailing > 0 { line += "; \(batch.imagesFailing) failing validation" }
            if batch.state != "unchanged" { line += " [batch \(batch.state)]" }
            lines.append(line)
        }
        for (batch, images) in batchesWithNoImageFound {
            lines.append(
                "batch \(batch): none of its \(images) image file\(images == 1 ? " was" : "s were") found "
                    + "(image.missing); if they are in another folder, name it with --images (pipeline.images for "
                    + "`yoloset run`)")
        }
        for source in sources {
            let outcome = batches.first { $0.id == source.batchID }
            lines.append(contentsOf: source.lines(itemLimit: 20, outcome: outcome))
        }
        for kept in lockedKept {
            lines.append(
                "image \(kept.imageID): the dump says split '\(kept.dumpSplit)'; its locked split '\(kept.kept)' was kept"
            )
        }
        lines.append(
            "\(plural(dumps, "dump")): \(plural(imagesAdded, "image")) added, "
                + "\(imagesUpdated) updated, \(imagesUnchanged) unchanged; "
                + "\(plural(validation.errors, "error")), \(plural(validation.warnings, "warning"))"
                + (changed ? "" : " — nothing changed"))
        if imagesFailing > 0 {
            lines.append(
                "\(plural(imagesFailing, "image")) failed validation and "
                    + "will stay out of splits until fixed; `yoloset status` lists the findings.")
        }
        return lines.joined(separator: "\n")
    }

    public static var schemaVersion: Int { 2 }

    enum CodingKeys: String, CodingKey {
        case dumps, changed, validation, batches, sources
        case objectsCopied = "objects_copied"
        case objectsCloned = "objects_cloned"
        case objectsLinked = "objects_linked"
        case objectsPresent = "objects_present"
        case imagesAdded = "images_added"
        case imagesUpdated = "images_updated"
        case imagesUnchanged = "images_unchanged"
        case imagesFailing = "images_failing"
        case lockedKept = "locked_kept"
    }

    enum ValidationKeys: String, CodingKey {
        case images, annotations, errors, warnings
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dumps, forKey: .dumps)
        try container.encode(imagesAdded, forKey: .imagesAdded)
        try container.encode(imagesUpdated, forKey: .imagesUpdated)
        try container.encode(imagesUnchanged, forKey: .imagesUnchanged)
        try container.encode(imagesFailing, forKey: .imagesFailing)
        try container.encode(changed, forKey: .changed)
        // How each image's bytes reached the store.
        try container.encode(objects.copied, forKey: .objectsCopied)
        try container.encode(objects.cloned, forKey: .objectsCloned)
        try container.encode(objects.linked, forKey: .objectsLinked)
        try container.encode(objects.present, forKey: .objectsPresent)
        var counts = container.nestedContainer(keyedBy: ValidationKeys.self, forKey: .validation)
        try counts.encode(validation.images, forKey: .images)
        try counts.encode(validation.annotations, forKey: .annotations)
        try counts.encode(validation.errors, forKey: .errors)
        try counts.encode(validation.warnings, forKey: .warnings)
        try container.encode(batches, forKey: .batches)
        try container.encode(sources, forKey: .sources)
        try container.encode(lockedKept, forKey: .lockedKept)
    }
}

extension ImportReport.BatchOutcome: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, name, file, state
        case imagesAdded = "images_added"
        case imagesUpdated = "images_updated"
        case imagesUnchanged = "images_unchanged"
        case imagesFailing = "images_failing"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(file, forKey: .file)
        try container.encode(state, forKey: .state)
        try container.encode(imagesAdded, forKey: .imagesAdded)
        try container.encode(imagesUpdated, forKey: .imagesUpdated)
        try container.encode(imagesUnchanged, forKey: .imagesUnchanged)
        try container.encode(imagesFailing, forKey: .imagesFailing)
    }
}

extension ImportReport.LockedKept: Encodable {
    enum CodingKeys: String, CodingKey {
        case imageID = "image_id"
        case kept = "kept_split"
        case dumpSplit = "dump_split"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(imageID, forKey: .imageID)
        try container.encode(kept, forKey: .kept)
        try container.encode(dumpSplit, forKey: .dumpSplit)
    }
}
