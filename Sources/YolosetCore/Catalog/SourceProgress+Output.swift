/// A Runflow or Nimble batch in `import` and `status`.
extension SourceProgress: Encodable {
    /// For people: the batch's progress on one line, then its failure and up to `itemLimit` items that
    /// became no image; `outcome` is what an import did with the batch.
    public func lines(
        itemLimit: Int, indent: String = "", outcome: ImportReport.BatchOutcome? = nil
    ) -> [String] {
        var line = "\(indent)\(api.displayName) batch \(batchID): "
        if let outcome {
            line +=
                "\(outcome.imagesAdded) added, \(outcome.imagesUpdated) updated, \(outcome.imagesUnchanged) unchanged"
            if outcome.imagesFailing > 0 { line += ", \(outcome.imagesFailing) failing validation" }
            switch outcome.state {
            case "unchanged": break
            case "older": line += " [an older dump than the catalog's: the batch's newer record was kept]"
            default: line += " [batch \(outcome.state)]"
            }
            line += "; "
        }
        line += "status \(rawStatus ?? "-"), items \(progress) — "
        switch (isComplete, BatchState(raw: rawStatus)) {
        case (true, .failed): line += "complete (the batch failed)"
        case (true, .cancelled): line += "complete (the batch was cancelled)"
        case (true, _): line += "complete"
        case (false, _): line += "not complete"
        }
        line += "; \(plural(images, "image")) in the catalog"
        if let project = projectID {
            line += "; project \(project), stage \(stage ?? "-")"
        } else {
            line += "; raw pool (unassigned)"
        }
        var lines = [line]
        if failureCode != nil || failureMessage != nil {
            lines.append(
                "\(indent)  batch failure: "
                    + [failureCode, failureMessage].compactMap { $0 }.joined(separator: ": "))
        }
        for item in notImported.prefix(itemLimit) {
            var text = "\(indent)  not imported: \(item.key) \(item.state)"
            if let raw = item.rawStatus, raw != item.state { text += " (\(raw))" }
            if item.rawStatus == nil, item.state == "unknown" { text += " (no status)" }
            if let message = item.message { text += ": \(message)" }
            lines.append(text)
        }
        if notImported.count > itemLimit {
            lines.append("\(indent)  … and \(notImported.count - itemLimit) more (--json lists all)")
        }
        return lines
    }

    enum CodingKeys: String, CodingKey {
        case source, status, stage, complete, progress, images
        case itemsSucceeded = "items_succeeded"
        case itemsFailed = "items_failed"
        case itemsCancelled = "items_cancelled"
        case itemsRunning = "items_running"
        case itemsUnknown = "items_unknown"
        case batchID = "batch_id"
        case projectID = "project_id"
        case itemsTotal = "items_total"
        case itemsSeen = "items_seen"
        case failureCode = "failure_code"
        case failureMessage = "failure_message"
        case notImported = "not_imported"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(batchID, forKey: .batchID)
        try container.encode(api.rawValue, forKey: .source)
        try container.encode(rawStatus, forKey: .status)
        try container.encode(projectID, forKey: .projectID)
        try container.encode(stage, forKey: .stage)
        try container.encode(isComplete, forKey: .complete)
        try container.encode(progress, forKey: .progress)
        try container.encode(max(tally.total, declaredTotal ?? 0), forKey: .itemsTotal)
        try container.encode(tally.total, forKey: .itemsSeen)
        try container.encode(tally[.succeeded], forKey: .itemsSucceeded)
        try container.encode(tally[.failed], forKey: .itemsFailed)
        try container.encode(tally[.cancelled], forKey: .itemsCancelled)
        try container.encode(tally[.running], forKey: .itemsRunning)
        try container.encode(tally[.unknown], forKey: .itemsUnknown)
        try container.encode(images, forKey: .images)
        try container.encode(failureCode, forKey: .failureCode)
        try container.encode(failureMessage, forKey: .failureMessage)
        try container.encode(notImported, forKey: .notImported)
    }
}

extension SourceProgress.Item: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, state, status, message, file
        case jsonPath = "json_path"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .id)
        try container.encode(state, forKey: .state)
        try container.encode(rawStatus, forKey: .status)
        try container.encode(message, forKey: .message)
        try container.encode(dumpFile, forKey: .file)
        try container.encode(jsonPath, forKey: .jsonPath)
    }
}
