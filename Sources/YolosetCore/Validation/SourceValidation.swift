internal import Foundation

/// Validates Runflow and Nimble dumps once `Validator` has chosen them, a group of batches at a time so
/// that memory stays flat however many items there are. Its stages:
///
/// 1. Index: outline every dump (`DumpFile.outline`: which batch it is, or which batches its items
///    join, without decoding the items), a group of files at a time, into `SourceIndex`; the dumps
///    that cannot be read are reported first (`dump.unreadable`).
/// 2. A group of batches at a time (the files that hold them: batch dumps and items pages, wherever
///    they sit among the others), decode those files whole (the run's first group of files was read
///    whole already, and is not read again) and assemble the batches (`SourceBatches.assemble`), then
///    - check each batch as a whole: failed, incomplete, counts that disagree with its items;
///    - on every core (`ImageCheck`): find the image of each succeeded item (`SourceImageLookup`),
///      check it (libjpeg/libpng; in an import, store it), and run the item and image rules;
///    - keep of each image found its record for the content rules (`ContentRules.Record`), and in an
///      import the batches.
/// 3. Compare content across all images found: `image.duplicate`.
/// 4. Order the findings: each batch's own, then its items', batches in the order `assemble` gives
///    them for all readable dumps at once (`SourceIndex.positions`).
/// 5. Locate: the line and column of each finding's JSON path, in the dumps that have findings
///    (`FindingPositions`).
struct SourceValidation {
    let config: ValidationConfig
    let check: CheckLevel
    /// Where image files live; nil means the folder holding each item's dump.
    let imagesRoot: String?
    let workers: Int
    let decoder: DumpDecoder
    /// Files decoded together; a group of batches may hold more (all the files of one batch).
    let groupSize: Int

    /// What a run found. `batches` (each found image in `SourceItem.imageFile`) are kept only when asked
    /// for (an import); `files` are the stored image files by image id (`SourceImport.imageID`).
    struct Outcome {
        let report: ValidationReport
        let batches: [SourceBatch]
        let files: [String: StoredFile]
    }

    /// Validates `files`, of which the first group (`first`, the files `0..<first.count`) is decoded
    /// already and holds the run's first readable dump, a Runflow or Nimble one. `known` is the
    /// catalog's record of each image's file, by image id. Throws for an Acusight dump among them.
    func run(
        _ files: [String], first: [Result<DumpFile, DumpError>], keepBatches: Bool, images: inout ImageCheck,
        known: [String: ImageCheck.KnownFile], progress: (@Sendable (Validator.Progress) -> Void)?
    ) throws(DumpError) -> Outcome {
        // 1. Index. Sort keys name a batch by its number until step 4 gives it its place.
        var pass = try index(files, first: first, progress: progress)
        var ordered: [(key: [Int], finding: Finding)] = pass.unreadable.map { ([-2, $0.file, 0], $0.finding) }

        // 2. A group of batches at a time.
        let rules = SourceRules(config: config)
        let config = self.config
        var summaries: [(number: Int, batch: ValidationReport.BatchProgress)] = []
        var kept: [(number: Int, batch: SourceBatch)] = []
        var records: [ContentRules.Record] = []
        var stored: [String: StoredFile] = [:]
        var sources = Set<DumpSource>()
        var tally = SourceBatch.Tally()
        var found = 0
        var filesDone = 0
        // Files only the second reading refuses, and batches only it sees (their files changed between).
        var excluded = Set<Int>()
        var unseen = 0
        for group in pass.index.groups(files: groupSize) {
            var dumps: [SourceDump] = []
            let unread = group.filter { pass.decoded[$0] == nil }
            var read = Dictionary(uniqueKeysWithValues: zip(unread, decoder.decode(unread.map { files[$0] })))
            for file in group {
                switch pass.decoded.removeValue(forKey: file).map(Result.success) ?? read.removeValue(forKey: file)! {
                case .success(.source(let dump)):
                    sources.insert(dump.source)
                    if dump.byteOrderMark, let finding = Validator.encodingFinding(file: dump.file, config: config) {
                        ordered.append(([-1, file, 0], finding))
                    }
                    dumps.append(dump)
                case .success(.acusight(let dump)):
                    throw .mixedSources(
                        file: pass.firstFile, source: pass.firstSource, other: dump.file, otherSource: .acusight)
                case .failure(let error):
                    ordered.append(([-2, file, 0], try DumpDecoder.unreadable(error, file: files[file])))
                    excluded.insert(file)
                }
            }
            read = [:]
            var batches = SourceBatches.assemble(dumps)
            dumps = []
            let numbers = batches.map { batch in
                pass.index.number(of: batch)
                    ?? {
                        defer { unseen += 1 }
                        return pass.index.batchCount + unseen
                    }()
            }
            for (number, batch) in zip(numbers, batches) {
                for finding in rules.check(batch) { ordered.append(([number, -1, rank(finding.rule)], finding)) }
            }
            var jobs: [Job] = []
            for (batchIndex, batch) in batches.enumerated() {
                for (itemIndex, item) in batch.items.enumerated() {
                    let locator = images.locator(root: imagesRoot ?? Validator.folder(of: item.file))
                    let imageID = batch.id.map {
                        SourceImport.imageID(batch: $0.text, key: item.key(position: itemIndex))
                    }
                    jobs.append(
                        Job(
                            item: item, batch: batchIndex, index: itemIndex,
                            sequence: Self.sequence(batch: numbers[batchIndex], item: itemIndex), imageID: imageID,
                            lookup: SourceImageLookup(locator: locator)))
                }
            }
            let groupProgress = Progression(
                before: filesDone, files: group.count, total: files.count, imagesBefore: found, images: jobs.count,
                report: progress)
            let results = images.map(
                count: jobs.count, progress: { done in groupProgress.update(done) },
                target: { [jobs] index in
                    let job = jobs[index]
                    guard job.item.state == .succeeded else { return ImageCheck.Target(location: nil) }
                    return ImageCheck.Target(
                        location: job.lookup.locate(job.item), known: job.imageID.flatMap { known[$0] })
                },
                rules: { [jobs] index, checked in Self.checkItem(jobs[index], checked, config: config) })
            for (job, result) in zip(jobs, results) {
                for finding in result.findings {
                    ordered.append(([numbers[job.batch], job.index, rank(finding.rule)], finding))
                }
                if let record = result.record { records.append(record) }
                guard let path = result.path else { continue }
                found += 1
                if keepBatches { batches[job.batch].items[job.index].imageFile = path }
                if let file = result.file, let id = job.imageID { stored[id] = file }
            }
            jobs = []
            filesDone += group.count
            for (number, batch) in zip(numbers, batches) {
                summaries.append((number, ValidationReport.BatchProgress(batch)))
                tally = tally + batch.tally
            }
            if keepBatches { kept += zip(numbers, batches).map { (number: $0, batch: $1) } }
        }

        // 3. Content.
        for (sequence, finding) in ContentRules(config: config, workers: workers).check(records) {
            ordered.append(([sequence >> 32, sequence & 0xFFFF_FFFF, rank(finding.rule)], finding))
        }

        // 4. Order: each batch number to its place (those only the second reading saw go last).
        let known = pass.index.positions(excluding: excluded)
        let place = { (number: Int) -> Int in number < known.count ? known[number] : known.count + number }
        for index in ordered.indices where ordered[index].key[0] >= 0 {
            ordered[index].key[0] = place(ordered[index].key[0])
        }
        ordered.sort { $0.key.lexicographicallyPrecedes($1.key) }
        summaries.sort { place($0.number) < place($1.number) }
        let summary = ValidationReport.SourceSummary(
            sources: sources.sorted(), batches: summaries.map(\.batch), items: tally)

        // 5. Locate.
        let findings = FindingPositions.locate(ordered.map(\.finding), workers: workers)
        let report = ValidationReport(
            subject: .sources(summary), check: check, dumps: files.count, batches: summaries.count, images: found,
            annotations: 0, findings: findings,
            disabledRules: (Rule.dumpFile + Rule.sources).filter { config.severity(of: $0) == nil }.map(\.id))
        return Outcome(
            report: report, batches: kept.sorted { place($0.number) < place($1.number) }.map(\.batch), files: stored)
    }

    /// What the first pass learned.
    private struct Pass {
        var index = SourceIndex()
        /// `dump.unreadable` of each dump that cannot be read, with its file's index.
        var unreadable: [(file: Int, finding: Finding)] = []
        /// The run's first readable dump, for the error about an Acusight one among them.
        var firstFile = ""
        var firstSource = DumpSource.runflow
        /// The first group's dumps, read whole already, by file index: not read again.
        var decoded: [Int: DumpFile] = [:]
    }

    /// Outlines every file (the first group's from their whole reading), or notes why it cannot be read.
    private func index(
        _ files: [String], first: [Result<DumpFile, DumpError>],
        progress: (@Sendable (Validator.Progress) -> Void)?
    ) throws(DumpError) -> Pass {
        var pass = Pass()
        var start = 0
        while start < files.count {
            let range = start..<min(start + groupSize, files.count)
            let outlines: [Result<DumpFile.Outline, DumpError>]
            if start == 0 {
                outlines = zip(range, first).map { file, entry in
                    entry.map { read in
                        pass.decoded[file] = read
                        return read.outline
                    }
                }
            } else {
                outlines = decoder.outline(files[range])
            }
            for (file, entry) in zip(range, outlines) {
                switch entry {
                case .success(.source(let outline)):
                    if pass.firstFile.isEmpty { (pass.firstFile, pass.firstSource) = (files[file], outline.source) }
                    pass.index.add(outline, file: file, path: files[file])
                case .success(.acusight(let other)):
                    throw .mixedSources(
                        file: pass.firstFile, source: pass.firstSource, other: other, otherSource: .acusight)
                case .failure(let error):
                    pass.unreadable.append((file, try DumpDecoder.unreadable(error, file: files[file])))
                }
            }
            start = range.upperBound
            Progression.indexed(start, total: files.count, report: progress)
        }
        pass.index.finish()
        return pass
    }

    /// A finding's place among an item's: its rule's among the sources rules.
    private func rank(_ rule: Rule) -> Int {
        Rule.sources.firstIndex(of: rule) ?? Rule.sources.count
    }

    /// An item's place in the run, for `ContentRules`: its batch's position, then its index there.
    private static func sequence(batch: Int, item: Int) -> Int { batch << 32 | item }

    /// Progress over both passes. Outlining a file is counted as a tenth of the work on it.
    private struct Progression: Sendable {
        static let indexShare = 0.1
        let before: Int
        let files: Int
        let total: Int
        let imagesBefore: Int
        let images: Int
        let report: (@Sendable (Validator.Progress) -> Void)?

        static func indexed(_ done: Int, total: Int, report: (@Sendable (Validator.Progress) -> Void)?) {
            report?(
                Validator.Progress(
                    fraction: indexShare * Double(done) / Double(total), imagesDone: 0, dumpsTotal: total))
        }

        func update(_ done: Int) {
            guard let report, total > 0 else { return }
            let share = images > 0 ? Double(done) / Double(images) : 1
            let checked = (Double(before) + share * Double(files)) / Double(total)
            report(
                Validator.Progress(
                    fraction: Self.indexShare + (1 - Self.indexShare) * checked, imagesDone: imagesBefore + done,
                    dumpsTotal: total))
        }
    }

    private struct Job: Sendable {
        let item: SourceItem
        /// The batch's index in its group, and the item's in the batch.
        let batch: Int
        let index: Int
        let sequence: Int
        /// `SourceImport.imageID`; nil when the batch has no id.
        let imageID: String?
        let lookup: SourceImageLookup
    }

    /// What is kept of an item once checked.
    private struct JobResult: Sendable {
        var findings: [Finding] = []
        var record: ContentRules.Record?
        /// The image file found, and in an import the file stored.
        var path: String?
        var file: StoredFile?
    }

    private static func checkItem(_ job: Job, _ checked: ImageCheck.Checked, config: ValidationConfig) -> JobResult {
        var item = job.item
        var result = JobResult(path: checked.path, file: checked.file)
        guard item.state == .succeeded, let location = checked.location else {
            result.findings = SourceRules(config: config).check(item, location: nil, inspection: nil)
            return result
        }
        item.imageFile = checked.path
        result.findings = SourceRules(config: config).check(item, location: location, inspection: checked.inspection)
        result.record = checked.record(
            sequence: job.sequence,
            location: .init(
                file: item.file, jsonPath: item.jsonPath, batchID: item.batchID?.text, imageFile: checked.path,
                itemID: item.id?.text),
            split: nil)
        return result
    }
}
