/// The rules of Runflow and Nimble dumps: the batch as a whole, each item's outcome, and the image of
/// each succeeded item. Images found are also checked by the rules on image files (`image.corrupt` and the
/// others of `ImageRules.fileFindings`) and `image.duplicate`, as for Acusight dumps.
extension Rule {
    public static let batchFailed = Rule(
        id: "batch.failed", defaultSeverity: .warning,
        summary: "A Runflow or Nimble batch failed or was cancelled as a whole, or carries a failure code or message.")
    public static let batchIncomplete = Rule(
        id: "batch.incomplete", defaultSeverity: .warning,
        summary: "A Runflow or Nimble batch has items that have not finished (queued, running, or no status).")
    public static let batchCountMismatch = Rule(
        id: "batch.count-mismatch", defaultSeverity: .warning,
        summary: "A batch's own counts (items_total, items_succeeded, completed_count, ...) disagree with its items.")
    public static let itemFailed = Rule(
        id: "item.failed", defaultSeverity: .warning,
        summary: "An item or task failed: no image came of it (listed with its status and error).")
    public static let itemCancelled = Rule(
        id: "item.cancelled", defaultSeverity: .info,
        summary: "An item or task was cancelled (listed with its status and error, if any).")
    public static let itemImageMissing = Rule(
        id: "item.image-missing", defaultSeverity: .error,
        summary: "No image file for a succeeded item or task (by output name, client_ref, run_id, then id).")

    /// Every rule of Runflow and Nimble dump validation, in report order.
    public static let sources: [Rule] = [
        .batchFailed, .batchIncomplete, .batchCountMismatch, .itemFailed, .itemCancelled, .itemImageMissing,
        .imageCorrupt, .imageUnsupported, .imageTooLarge, .imageLoaderRefuses, .imageStructure, .imageExtension,
        .imageTrailingData, .imageDuplicate,
    ]
}

/// Checks one batch, or one item, of a Runflow or Nimble dump.
struct SourceRules {
    let config: ValidationConfig

    /// `batch.failed`, `batch.incomplete`, `batch.count-mismatch`.
    func check(_ batch: SourceBatch) -> [Finding] {
        var findings: [Finding] = []
        func report(_ rule: Rule, _ message: String) {
            guard let severity = config.severity(of: rule) else { return }
            findings.append(
                Finding(
                    rule: rule, severity: severity, message: message,
                    location: .init(file: batch.file, jsonPath: "$", batchID: batch.id?.text)))
        }
        let failed = batch.status == .failed || batch.status == .cancelled
        if failed || batch.failureCode != nil || batch.failureMessage != nil {
            report(
                .batchFailed,
                "the batch's status is \(Self.quoted(batch.rawStatus))"
                    + Self.failure(code: batch.failureCode, message: batch.failureMessage)
                    + "; its items say \(batch.tally.progress)")
        }
        let unfinished = batch.items.filter { !$0.state.isTerminal }
        if !unfinished.isEmpty {
            let statuses = Dictionary(grouping: unfinished, by: { $0.rawStatus ?? "no status" })
                .map { "\($0.value.count) \($0.key)" }.sorted().joined(separator: ", ")
            let ids = unfinished.prefix(5).map { $0.id?.text ?? $0.jsonPath }.joined(separator: ", ")
            report(
                .batchIncomplete,
                "\(batch.tally.progress): \(unfinished.count) item\(unfinished.count == 1 ? " has" : "s have") "
                    + "not finished (\(statuses); \(ids)\(unfinished.count > 5 ? ", …" : "")); the batch's status is "
                    + "\(Self.quoted(batch.rawStatus)). Dump the batch again once it completes")
        }
        let mismatches = countMismatches(batch)
        if !mismatches.isEmpty {
            report(.batchCountMismatch, mismatches.joined(separator: "; "))
        }
        return findings
    }

    private func countMismatches(_ batch: SourceBatch) -> [String] {
        let tally = batch.tally
        let declared = batch.declared
        var found: [String] = []
        func compare(_ field: String, _ value: Int?, _ present: Int, _ what: String) {
            guard let value, value != present else { return }
            found.append("\(field) is \(value) but \(present) \(what)")
        }
        let items = batch.source == .nimble ? "tasks" : "items"
        compare("items_total", declared.total, tally.total, "\(items) are in the dumps")
        compare("items_succeeded", declared.succeeded, tally[.succeeded], "succeeded")
        compare("items_failed", declared.failed, tally[.failed], "failed")
        compare("items_cancelled", declared.cancelled, tally[.cancelled], "were cancelled")
        let finished = tally.total - tally[.running] - tally[.unknown]
        compare("completed_count", declared.completed, finished, "\(items) have finished")
        if declared.isCompleted == true && finished < tally.total {
            found.append("completed is true but \(tally.total - finished) of \(tally.total) \(items) have not finished")
        }
        if let progress = declared.progress, tally.total > 0 {
            let actual = Double(finished) / Double(tally.total)
            if abs(progress - actual) > 0.005 {
                found.append(
                    "progress is \(formatted(progress, decimals: 3)) but \(finished) of \(tally.total) \(items) "
                        + "have finished (\(formatted(actual, decimals: 3)))")
            }
        }
        return found
    }

    /// `item.failed`, `item.cancelled`, and for a succeeded item, `item.image-missing` (the `location`
    /// the lookup returned) or the image rules on the file found.
    func check(
        _ item: SourceItem, location: ImageLocator.Location?, inspection: ImageInspection?
    ) -> [Finding] {
        var findings: [Finding] = []
        func report(_ rule: Rule, _ message: String) {
            guard let severity = config.severity(of: rule) else { return }
            findings.append(
                Finding(
                    rule: rule, severity: severity, message: message,
                    location: .init(
                        file: item.file, jsonPath: item.jsonPath, batchID: item.batchID?.text,
                        imageFile: item.imageFile, itemID: item.id?.text)))
        }
        switch item.state {
        case .failed:
            report(
                .itemFailed,
                "status \(Self.quoted(item.rawStatus))"
                    + Self.failure(code: item.errorCode, message: item.errorMessage, none: "no error message"))
        case .cancelled:
            report(
                .itemCancelled,
                "status \(Self.quoted(item.rawStatus))" + Self.failure(code: item.errorCode, message: item.errorMessage)
            )
        case .succeeded:
            if case .missing(let reason) = location {
                report(.itemImageMissing, "status \(Self.quoted(item.rawStatus)) but no image file: \(reason)")
            }
        case .running, .unknown:
            break
        }
        guard let inspection, let file = item.imageFile else { return findings }
        for (rule, message) in ImageRules.fileFindings(inspection, file: file, inDataset: false) {
            report(rule, message)
        }
        return findings
    }

    static func quoted(_ status: String?) -> String {
        status.map { "'\($0)'" } ?? "null"
    }

    /// `: QUOTA: monthly quota exceeded`, or `none` (with its colon) when there is neither.
    static func failure(code: String?, message: String?, none: String? = nil) -> String {
        switch (code, message) {
        case (nil, nil): none.map { ": \($0)" } ?? ""
        case (let code?, nil): ": \(code)"
        case (nil, let message?): ": \(message)"
        case (let code?, let message?): ": \(code): \(message)"
        }
    }
}
