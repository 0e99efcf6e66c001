internal import Foundation

/// Validates Runflow and Nimble dumps once `Validator` has decoded them. Its stages:
///
/// 1. Assemble batches from batch dumps and items pages (`SourceBatches.assemble`); the dumps that
///    could not be read are reported first (`dump.unreadable`).
/// 2. Check each batch as a whole: failed, incomplete, counts that disagree with its items.
/// 3. On every core (`ImageCheck`): find the image of each succeeded item (`SourceImageLookup`), check
///    it (libjpeg/libpng; in an import, store it), and run the item and image rules.
/// 4. Compare content across all images found: `image.duplicate`.
/// 5. Order the findings: each batch's own, then its items', in dump order.
/// 6. Locate: the line and column of each finding's JSON path, in the dumps that have findings
///    (`FindingPositions`).
struct SourceValidation {
    let config: ValidationConfig
    let check: CheckLevel
    /// Where image files live; nil means the folder holding each item's dump.
    let imagesRoot: String?
    let workers: Int

    /// The report; the batches with each found image in `SourceItem.imageFile`; in an import, each
    /// stored image file by image id (`SourceImport.imageID`). `known` is the catalog's record of each
    /// image's file, by image id. `unreadable` are the `dump.unreadable` findings of the dumps that could
    /// not be read, in dump order: reported first.
    func run(
        _ dumps: consuming [SourceDump], unreadable: [Finding], dumpCount: Int, images: inout ImageCheck,
        known: [String: ImageCheck.KnownFile], progress: (@Sendable (Validator.Progress) -> Void)?
    ) -> (report: ValidationReport, batches: [SourceBatch], files: [String: StoredFile]) {
        // 1. Assemble; the dumps are let go once their items are in batches.
        let sources = Set(dumps.map(\.source)).sorted()
        let config = self.config
        let marked = Self.encodingFindings(of: dumps, config: config)
        var batches = SourceBatches.assemble(dumps)
        _ = consume dumps

        // 2. Batches.
        let rules = SourceRules(config: config)
        var ordered: [(key: [Int], finding: Finding)] = unreadable.enumerated().map {
            ([-2, $0.offset, 0], $0.element)
        }
        ordered += marked.enumerated().map { ([-1, $0.offset, 0], $0.element) }
        for (index, batch) in batches.enumerated() {
            for finding in rules.check(batch) { ordered.append(([index, -1, rank(finding.rule)], finding)) }
        }

        // 3. Items.
        var jobs: [Job] = []
        for (batchIndex, batch) in batches.enumerated() {
            for (itemIndex, item) in batch.items.enumerated() {
                let locator = images.locator(root: imagesRoot ?? Validator.folder(of: item.file))
                let imageID = batch.id.map { SourceImport.imageID(batch: $0.text, key: item.key(position: itemIndex)) }
                jobs.append(
                    Job(
                        item: item, batch: batchIndex, index: itemIndex, sequence: jobs.count, imageID: imageID,
                        lookup: SourceImageLookup(locator: locator)))
            }
        }
        let total = jobs.count
        var counted: (@Sendable (Int) -> Void)?
        if let progress {
            counted = { done in
                progress(
                    Validator.Progress(fraction: Double(done) / Double(total), imagesDone: done, dumpsTotal: dumpCount))
            }
        }
        let results = images.map(
            count: jobs.count, progress: counted,
            target: { [jobs] index in
                let job = jobs[index]
                guard job.item.state == .succeeded else { return ImageCheck.Target(location: nil) }
                return ImageCheck.Target(
                    location: job.lookup.locate(job.item), known: job.imageID.flatMap { known[$0] })
            },
            rules: { [jobs] index, checked in Self.checkItem(jobs[index], checked, config: config) })
        var records: [ContentRules.Record] = []
        var files: [String: StoredFile] = [:]
        for (job, (result, checked)) in zip(jobs, results) {
            batches[job.batch].items[job.index].imageFile = checked.path
            for finding in result.findings {
                ordered.append(([job.batch, job.sequence, rank(finding.rule)], finding))
            }
            if let record = result.record { records.append(record) }
            if let file = checked.file, let id = job.imageID { files[id] = file }
        }

        // 4. Content.
        let bySequence = Dictionary(uniqueKeysWithValues: jobs.map { ($0.sequence, $0.batch) })
        for (sequence, finding) in ContentRules(config: config, workers: workers).check(records) {
            ordered.append(([bySequence[sequence] ?? 0, sequence, rank(finding.rule)], finding))
        }

        // 5. Order.
        ordered.sort { $0.key.lexicographicallyPrecedes($1.key) }
        let summary = ValidationReport.SourceSummary(
            sources: sources, batches: batches.map(ValidationReport.BatchProgress.init),
            items: batches.map(\.tally).reduce(SourceBatch.Tally(), +))

        // 6. Locate.
        let findings = FindingPositions.locate(ordered.map(\.finding), workers: workers)
        let report = ValidationReport(
            subject: .sources(summary), check: check, dumps: dumpCount, batches: batches.count,
            images: results.count { $0.1.path != nil }, annotations: 0, findings: findings,
            disabledRules: (Rule.dumpFile + Rule.sources).filter { config.severity(of: $0) == nil }.map(\.id))
        return (report, batches, files)
    }

    /// `dump.encoding` for each dump that began with a UTF-8 byte-order mark.
    private static func encodingFindings(of dumps: [SourceDump], config: ValidationConfig) -> [Finding] {
        dumps.filter(\.byteOrderMark).compactMap { Validator.encodingFinding(file: $0.file, config: config) }
    }

    private func rank(_ rule: Rule) -> Int {
        Rule.sources.firstIndex(of: rule) ?? Rule.sources.count
    }

    private struct Job: Sendable {
        let item: SourceItem
        let batch: Int
        let index: Int
        let sequence: Int
        /// `SourceImport.imageID`; nil when the batch has no id.
        let imageID: String?
        let lookup: SourceImageLookup
    }

    private struct JobResult: Sendable {
        var findings: [Finding] = []
        var record: ContentRules.Record?
    }

    private static func checkItem(_ job: Job, _ checked: ImageCheck.Checked, config: ValidationConfig)
        -> (JobResult, ImageCheck.Checked)
    {
        var item = job.item
        var result = JobResult()
        guard item.state == .succeeded, let location = checked.location else {
            result.findings = SourceRules(config: config).check(item, location: nil, inspection: nil)
            return (result, checked)
        }
        item.imageFile = checked.path
        result.findings = SourceRules(config: config).check(item, location: location, inspection: checked.inspection)
        result.record = checked.record(
            sequence: job.sequence,
            location: .init(
                file: item.file, jsonPath: item.jsonPath, batchID: item.batchID?.text, imageFile: checked.path,
                itemID: item.id?.text),
            split: nil)
        return (result, checked)
    }
}
