internal import Foundation
internal import Synchronization

/// Validates Runflow and Nimble dumps once `Validator` has decoded them. Its stages:
///
/// 1. Assemble batches from batch dumps and items pages (`SourceBatches.assemble`).
/// 2. Check each batch as a whole: failed, incomplete, counts that disagree with its items.
/// 3. On every core: find the image of each succeeded item (`SourceImageLookup`), inspect it
///    (libjpeg/libpng), and run the item and image rules.
/// 4. Compare content across all images found: `image.duplicate`.
/// 5. Order the findings: each batch's own, then its items', in dump order.
struct SourceValidation {
    let config: ValidationConfig
    let check: CheckLevel
    /// Where image files live; nil means the folder holding each item's dump.
    let imagesRoot: String?
    let workers: Int

    /// The report, and the batches with each found image in `SourceItem.imageFile`.
    func run(
        _ dumps: consuming [SourceDump], dumpCount: Int, progress: (@Sendable (Validator.Progress) -> Void)?
    ) -> (report: ValidationReport, batches: [SourceBatch]) {
        // 1. Assemble; the dumps are let go once their items are in batches.
        let sources = Set(dumps.map(\.source)).sorted()
        var batches = SourceBatches.assemble(dumps)
        _ = consume dumps

        // 2. Batches.
        let rules = SourceRules(config: config)
        var ordered: [(key: [Int], finding: Finding)] = []
        for (index, batch) in batches.enumerated() {
            for finding in rules.check(batch) { ordered.append(([index, -1, rank(finding.rule)], finding)) }
        }

        // 3. Items.
        var locators: [String: ImageLocator] = [:]
        var jobs: [Job] = []
        for (batchIndex, batch) in batches.enumerated() {
            for (itemIndex, item) in batch.items.enumerated() {
                let root = imagesRoot ?? Validator.folder(of: item.file)
                let locator = locators[root] ?? ImageLocator(root: root)
                locators[root] = locator
                jobs.append(
                    Job(
                        item: item, batch: batchIndex, index: itemIndex, sequence: jobs.count,
                        lookup: SourceImageLookup(locator: locator)))
            }
        }
        let results = checkItems(jobs, dumpCount: dumpCount, progress: progress)
        var records: [ContentRules.Record] = []
        for (job, result) in zip(jobs, results) {
            batches[job.batch].items[job.index].imageFile = result.imageFile
            batches[job.batch].items[job.index].inspection = result.inspection
            for finding in result.findings {
                ordered.append(([job.batch, job.sequence, rank(finding.rule)], finding))
            }
            if let record = result.record { records.append(record) }
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
        let report = ValidationReport(
            subject: .sources(summary), check: check, dumps: dumpCount, batches: batches.count,
            images: results.count { $0.imageFile != nil }, annotations: 0, findings: ordered.map(\.finding),
            disabledRules: Rule.sources.filter { config.severity(of: $0) == nil }.map(\.id))
        return (report, batches)
    }

    private func rank(_ rule: Rule) -> Int {
        Rule.sources.firstIndex(of: rule) ?? Rule.sources.count
    }

    private struct Job: Sendable {
        let item: SourceItem
        let batch: Int
        let index: Int
        let sequence: Int
        let lookup: SourceImageLookup
    }

    private struct JobResult: Sendable {
        var findings: [Finding] = []
        var imageFile: String?
        var inspection: ImageInspection?
        var record: ContentRules.Record?
    }

    private func checkItems(
        _ jobs: [Job], dumpCount: Int, progress: (@Sendable (Validator.Progress) -> Void)?
    ) -> [JobResult] {
        let config = self.config
        let check = self.check
        let counter = Atomic<Int>(0)
        return Parallel.map(
            count: jobs.count, workers: workers, state: { ImageInspector(level: check, limits: config.imageLimits) },
            each: { index, inspector in
                let result = Self.checkItem(jobs[index], inspector: inspector, config: config)
                let done = counter.wrappingAdd(1, ordering: .relaxed).newValue
                if let progress, done % 64 == 0 || done == jobs.count {
                    progress(
                        Validator.Progress(
                            fraction: Double(done) / Double(jobs.count), imagesDone: done, dumpsTotal: dumpCount))
                }
                return result
            })
    }

    private static func checkItem(_ job: Job, inspector: ImageInspector, config: ValidationConfig) -> JobResult {
        var item = job.item
        var result = JobResult()
        guard item.state == .succeeded else {
            result.findings = SourceRules(config: config).check(item, location: nil, inspection: nil)
            return result
        }
        let location = job.lookup.locate(item)
        var inspection: ImageInspection?
        if case .found(let path) = location {
            item.imageFile = path
            result.imageFile = path
            inspection = inspector.inspect(path: path)
        }
        result.inspection = inspection
        result.findings = SourceRules(config: config).check(item, location: location, inspection: inspection)
        if let path = item.imageFile, let inspection, inspection.byteCount > 0 {
            result.record = ContentRules.Record(
                sequence: job.sequence, byteCount: inspection.byteCount, sample: inspection.sample, path: path,
                location: .init(
                    file: item.file, jsonPath: item.jsonPath, batchID: item.batchID?.text, imageFile: path,
                    itemID: item.id?.text),
                split: nil)
        }
        return result
    }
}
