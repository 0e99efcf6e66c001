internal import Foundation

/// Validates batch dumps and the images they name. One entry point, `run(paths:progress:)`; its stages:
///
/// 1. Collect: expand folders into dump files. The first dump's API (its shape, or `source`) chooses
///    the path: Runflow and Nimble dumps are checked a group of batches at a time (`SourceValidation`),
///    since their items pages join batches dumped in other files; Acusight dumps go on here.
/// 2. Check, a group of dumps at a time so memory stays flat however many dumps there are: decode the
///    group's dumps (in parallel; a dump that cannot be read is a `dump.unreadable` finding, and the
///    run goes on without it), then check each image on every core (`ImageCheck`) and run the
///    per-image rules (boxes, classes, geometry, image files, splits).
/// 3. Check that every batch listing saved as pages is complete (`dump.unreadable` at its first page).
/// 4. Compare content across all images: `image.duplicate`, `split.leak`.
/// 5. Order the findings as the dumps are ordered.
/// 6. Locate: the line and column of each finding's JSON path, in the dumps that have findings
///    (`FindingPositions`).
///
/// Acusight dumps and Runflow or Nimble dumps are never mixed in one run (their reports differ): that,
/// a path that does not exist and a folder without dumps refuse the run (`DumpError.dump` is nil).
public struct Validator: Sendable {
    public var config: ValidationConfig
    public var check: CheckLevel
    /// Where image files live; nil means the folder holding each dump.
    public var imagesRoot: String?
    /// Threads that inspect images.
    public var workers: Int
    /// The API every dump must come from (`--source`); nil tells each file's API from its fields.
    public var source: DumpSource?
    /// Set for one shard of a run spread over several machines (`runPart`): only its images are checked.
    public var shard: Shard?

    public init(
        config: ValidationConfig = .init(), check: CheckLevel = .header, imagesRoot: String? = nil, workers: Int? = nil,
        source: DumpSource? = nil, shard: Shard? = nil
    ) {
        self.config = config
        self.check = check
        self.imagesRoot = imagesRoot
        self.workers = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
        self.source = source
        self.shard = shard
    }

    /// Progress of a run, for a progress bar.
    public struct Progress: Sendable {
        /// Dumps whose images are all checked, plus the checked share of the group in hand.
        public var fraction: Double
        public var imagesDone: Int
        public var dumpsTotal: Int
    }

    /// Dumps decoded and checked together; bounds memory while keeping every core busy.
    private var groupSize: Int { workers * 4 }

    /// Validates every dump under `paths`. A dump that cannot be read is a `dump.unreadable` finding
    /// (`ValidationReport.unreadableDumps`); throws `DumpError` only for a problem with the set of dumps
    /// as a whole. Problems in the data are findings in the report.
    public func run(paths: [String], progress: (@Sendable (Progress) -> Void)? = nil) throws(DumpError)
        -> ValidationReport
    {
        try validate(paths: paths, progress: progress, importing: nil).report
    }

    /// Validates the images of `shard` (which must be set) under `paths`, for `ReportMerge` to join with
    /// the other shards' parts: the content rules across images are left to it, and every image read is
    /// hashed for them. Findings about a whole dump are the first shard's. Acusight dumps only: Runflow
    /// and Nimble batches join items pages across files, and are validated in one run.
    public func runPart(paths: [String], progress: (@Sendable (Progress) -> Void)? = nil) throws(DumpError)
        -> ValidationPart
    {
        precondition(shard != nil, "runPart needs a shard")
        let outcome = try validate(paths: paths, progress: progress, importing: nil)
        let run = RunIdentity(check: check, inputs: paths, imagesRoot: imagesRoot, config: config)
        return ValidationPart(
            shard: shard!, run: run, report: outcome.report, orders: outcome.orders, records: outcome.records)
    }

    /// What an import adds to a run: the store each found file goes into, and the catalog's record of
    /// each image's file by image id (an unchanged file is not read whole again).
    struct Importing: Sendable {
        let store: ObjectStore
        let known: [String: ImageCheck.KnownFile]
    }

    /// What a run found, for a caller that builds on it (the importer).
    struct Outcome {
        let report: ValidationReport
        let content: Content
        /// Objects the run's store created (to remove if the import is abandoned), and the first error
        /// storing one.
        let created: [String]
        let storeFailure: WorkspaceError?
        /// For a shard's part: where each finding sorts in the whole run, and the images it read, hashed.
        var orders: [FindingOrder] = []
        var records: [ContentRules.Record] = []
    }

    enum Content {
        /// Acusight dumps (kept only in an import), and what was learned of each image, by image id.
        case dumps([Dump], facts: [String: ImageFacts])
        /// Runflow and Nimble batches, and each stored image file by image id (`SourceImport.imageID`).
        case sources([SourceBatch], files: [String: StoredFile])
    }

    /// What an import keeps of one image of an Acusight dump.
    struct ImageFacts: Sendable {
        /// `RecordDigest.of(image)`, worked out on the worker that checked the image.
        let recordDigest: String
        let file: StoredFile?
    }

    /// Validates, and in an import stores, every dump under `paths`. The first dump's API chooses the
    /// path: Acusight dumps are checked a group at a time; Runflow and Nimble dumps a group of batches at a
    /// time, once a first pass has found which files hold each batch (`SourceValidation`).
    func validate(
        paths: [String], progress: (@Sendable (Progress) -> Void)?, importing: Importing?
    ) throws(DumpError) -> Outcome {
        // 1. Collect.
        let files = try DumpCollection.files(in: paths)
        var images = ImageCheck(
            level: check, limits: config.imageLimits, workers: workers, store: importing?.store)
        let groups = stride(from: 0, to: files.count, by: groupSize).map { $0..<min($0 + groupSize, files.count) }
        do throws(DumpError) {
            let first = groups.first.map { decoder.decode(files[$0]) } ?? []
            // The first dump read chooses; a run of dumps none of which can be read is an Acusight one.
            if case .source(let dump) = first.lazy.compactMap({ try? $0.get() }).first {
                if shard != nil { throw .shardedSources(file: dump.file, source: dump.source) }
                return try validateSources(
                    files, first: first, images: &images, importing: importing, progress: progress)
            }
            return try validateDumps(
                files, groups: groups, first: first, images: &images, importing: importing, progress: progress)
        } catch {
            // A problem with the set of dumps refuses the run: what the check stored so far goes again.
            importing?.store.remove(images.created)
            throw error
        }
    }

    /// Reads dumps on every core.
    private var decoder: DumpDecoder { DumpDecoder(source: source, workers: workers) }

    private func validateSources(
        _ files: [String], first: [Result<DumpFile, DumpError>], images: inout ImageCheck, importing: Importing?,
        progress: (@Sendable (Progress) -> Void)?
    ) throws(DumpError) -> Outcome {
        let validation = SourceValidation(
            config: config, check: check, imagesRoot: imagesRoot, workers: workers, decoder: decoder,
            groupSize: groupSize)
        let outcome = try validation.run(
            files, first: first, keepBatches: importing != nil, images: &images, known: importing?.known ?? [:],
            progress: progress)
        return Outcome(
            report: outcome.report, content: .sources(outcome.batches, files: outcome.files),
            created: images.created, storeFailure: images.storeFailure)
    }

    private func validateDumps(
        _ files: [String], groups: [Range<Int>], first: [Result<DumpFile, DumpError>], images: inout ImageCheck,
        importing: Importing?,
        progress: (@Sendable (Progress) -> Void)?
    ) throws(DumpError) -> Outcome {
        // 2. Check, group by group.
        var ordered: [(key: FindingOrder, finding: Finding)] = []
        // The content rules' view of each image read: its whole record in an import or a shard's part (the
        // one keeps its dumps anyway, the other writes every record out), else only a sketch, and in step 4
        // the records of the few images whose sketches match another's.
        let sketching = importing == nil && shard == nil
        var records: [ContentRules.Record] = []
        var sketches: [ContentRules.Sketch] = []
        /// Each dump read, with the sequence of its first image.
        var starts: [(file: Int, sequence: Int)] = []
        var pages: [(file: String, page: PageInfo)] = []
        /// Where a finding about a whole dump goes, by file.
        var dumpKeys: [String: FindingOrder] = [:]
        var counts = (batches: 0, images: 0, annotations: 0)
        var sequence = 0
        var firstDump: String?
        var kept: [Dump] = []
        var facts: [String: ImageFacts] = [:]
        for (index, range) in groups.enumerated() {
            var dumps: [Dump] = []
            var jobs: [ImageJob] = []
            for (fileIndex, entry) in zip(range, index == 0 ? first : decoder.decode(files[range])) {
                let key = FindingOrder(dump: fileIndex, beforeImage: sequence)
                let dump: Dump
                switch entry {
                case .success(.acusight(let read)): dump = read
                case .success(.source(let read)):
                    throw .mixedSources(
                        file: firstDump ?? files[0], source: .acusight, other: read.file, otherSource: read.source)
                case .failure(let error):
                    let finding = try DumpDecoder.unreadable(error, file: files[fileIndex])
                    if reportsDumps { ordered.append((key, finding)) }
                    continue
                }
                dumps.append(dump)
                starts.append((fileIndex, sequence))
                firstDump = firstDump ?? dump.file
                dumpKeys[dump.file] = key
                if let page = dump.page { pages.append((dump.file, page)) }
                if reportsDumps, dump.byteOrderMark, let finding = Self.encodingFinding(file: dump.file, config: config)
                {
                    ordered.append((key, finding))
                }
                let locator = images.locator(root: imagesRoot ?? Self.folder(of: dump.file))
                for (batchIndex, batch) in dump.batches.enumerated() {
                    counts.batches += 1
                    for (imageIndex, image) in batch.images.enumerated() {
                        defer { sequence += 1 }
                        if let shard, !shard.contains(batchID: batch.id.text, imageID: image.id.text) { continue }
                        jobs.append(
                            ImageJob(
                                file: dump.file, batch: batch, image: image,
                                jsonPath: "\(dump.jsonPath(ofBatch: batchIndex)).images[\(imageIndex)]",
                                locator: locator, sequence: sequence))
                        counts.images += 1
                        counts.annotations += image.annotations.count
                    }
                }
            }
            let group = GroupProgress(
                firstDump: range.lowerBound, dumps: range.count, dumpsTotal: files.count,
                imagesBefore: counts.images - jobs.count, images: jobs.count, report: progress)
            let config = self.config
            let known = importing?.known
            let results = images.map(
                count: jobs.count,
                progress: { done in group.update(checkedInGroup: done) },
                target: { [jobs] index in
                    let job = jobs[index]
                    return ImageCheck.Target(
                        location: job.locator.locate(storageKey: job.image.storageKey, filename: job.image.filename),
                        known: known?[job.image.id.text])
                },
                rules: { [jobs] index, checked in
                    Self.checkImage(jobs[index], checked, config: config, importing: known != nil)
                }
            )
            for (job, result) in zip(jobs, results) {
                for (annotation, finding) in result.findings {
                    ordered.append(
                        (FindingOrder(sequence: job.sequence, annotation: annotation, rule: finding.rule), finding))
                }
                if let record = result.record {
                    if sketching { sketches.append(ContentRules.Sketch(record)) } else { records.append(record) }
                }
                if let fact = result.facts { facts[job.image.id.text] = fact }
            }
            group.finish()
            if importing != nil { kept += dumps }
        }

        // 3. Listings.
        for (file, problem) in ListingCheck.problems(pages) where reportsDumps {
            ordered.append(
                (dumpKeys[file] ?? FindingOrder(dump: 0, beforeImage: 0), .unreadableDump(problem, file: file)))
        }

        // 4. Compare content; a shard's part hashes what it read, for the merge to compare.
        if sketching {
            records = rebuiltRecords(
                ContentRules.candidates(sketches), files: files, starts: starts, images: &images)
        }
        if shard == nil {
            for (recordSequence, finding) in ContentRules(config: config, workers: workers).check(records) {
                ordered.append((FindingOrder(sequence: recordSequence, annotation: nil, rule: finding.rule), finding))
            }
        } else {
            records = ContentRules.hashed(records, workers: workers)
        }

        // 5. Order.
        ordered = FindingOrder.sorted(ordered)

        // 6. Locate.
        let findings = FindingPositions.locate(ordered.map(\.finding), workers: workers)
        let report = ValidationReport(
            check: check, dumps: files.count, batches: counts.batches, images: counts.images,
            annotations: counts.annotations, findings: findings,
            disabledRules: (Rule.dumpFile + Rule.all).filter { config.severity(of: $0) == nil }.map(\.id))
        return Outcome(
            report: report, content: .dumps(kept, facts: facts), created: images.created,
            storeFailure: images.storeFailure, orders: shard == nil ? [] : ordered.map(\.key),
            records: shard == nil ? [] : records)
    }

    /// The records of the images `candidates` names, as checking them made them: their dumps (only those)
    /// read again and each image's file located again. A dump that can no longer be read, or an image no
    /// longer found, leaves its records out.
    private func rebuiltRecords(
        _ candidates: [Int: ContentRules.Sketch], files: [String], starts: [(file: Int, sequence: Int)],
        images: inout ImageCheck
    ) -> [ContentRules.Record] {
        guard !candidates.isEmpty else { return [] }
        let sequences = candidates.keys.sorted()
        var wanted: [(file: Int, sequence: Int)] = []
        var next = 0
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1].sequence : Int.max
            while next < sequences.count, sequences[next] < start.sequence { next += 1 }
            if next < sequences.count, sequences[next] < end { wanted.append(start) }
        }
        var records: [ContentRules.Record] = []
        for first in stride(from: 0, to: wanted.count, by: groupSize) {
            let group = wanted[first..<min(first + groupSize, wanted.count)]
            for (start, entry) in zip(group, decoder.decode(group.map { files[$0.file] })) {
                guard case .success(.acusight(let dump)) = entry else { continue }
                let locator = images.locator(root: imagesRoot ?? Self.folder(of: dump.file))
                var sequence = start.sequence
                for (batchIndex, batch) in dump.batches.enumerated() {
                    for (imageIndex, image) in batch.images.enumerated() {
                        defer { sequence += 1 }
                        guard let sketch = candidates[sequence],
                            case .found(let path) = locator.locate(
                                storageKey: image.storageKey, filename: image.filename)
                        else { continue }
                        records.append(
                            ContentRules.Record(
                                sequence: sequence, byteCount: sketch.byteCount, sample: sketch.sample, path: path,
                                location: .init(
                                    file: dump.file,
                                    jsonPath: "\(dump.jsonPath(ofBatch: batchIndex)).images[\(imageIndex)]",
                                    batchID: batch.id.text, imageID: image.id.text, imageFile: path),
                                split: image.split, digest: nil))
                    }
                }
            }
        }
        return records
    }

    /// Whether this run reports findings about whole dumps: an unsharded run, or the first shard.
    private var reportsDumps: Bool { shard?.reportsDumps ?? true }

    /// Turns images checked within one group into a fraction of the whole run.
    private struct GroupProgress: Sendable {
        let firstDump: Int
        let dumps: Int
        let dumpsTotal: Int
        /// Images of the groups before this one, all checked.
        let imagesBefore: Int
        let images: Int
        let report: (@Sendable (Progress) -> Void)?

        func update(checkedInGroup: Int) {
            guard let report, dumpsTotal > 0 else { return }
            let share = images > 0 ? Double(checkedInGroup) / Double(images) : 1
            report(
                Progress(
                    fraction: (Double(firstDump) + share * Double(dumps)) / Double(dumpsTotal),
                    imagesDone: imagesBefore + checkedInGroup, dumpsTotal: dumpsTotal))
        }

        func finish() {
            update(checkedInGroup: images)
        }
    }

    private struct ImageJob: Sendable {
        let file: String
        let batch: Batch
        let image: BatchImage
        let jsonPath: String
        let locator: ImageLocator
        let sequence: Int
    }

    private struct ImageResult: Sendable {
        var findings: [(annotation: Int?, finding: Finding)] = []
        var record: ContentRules.Record?
        var facts: ImageFacts?
    }

    /// `dump.encoding` for a dump that began with a UTF-8 byte-order mark; nil when the rule is off.
    static func encodingFinding(file: String, config: ValidationConfig) -> Finding? {
        guard let severity = config.severity(of: .dumpEncoding) else { return nil }
        return Finding(
            rule: .dumpEncoding, severity: severity,
            message: "the file begins with a UTF-8 byte-order mark (EF BB BF); yoloset reads past it, but jq, "
                + "Python's json.load and many JSON tools refuse it: save the file without it",
            location: .init(file: file, jsonPath: "$", line: 1, column: 1))
    }

    private static func checkImage(
        _ job: ImageJob, _ checked: ImageCheck.Checked, config: ValidationConfig, importing: Bool
    ) -> ImageResult {
        var context = ImageContext(
            config: config, file: job.file, batch: job.batch, image: job.image, jsonPath: job.jsonPath,
            imageFile: checked.path, inspection: checked.inspection)
        // Every image of a dump has a location: its file was found, or why not.
        if let location = checked.location { ImageRules.check(&context, location: location) }
        BoxRules.check(&context)
        AnnotationRules.check(&context)
        SplitRules.check(&context)
        var result = ImageResult(findings: context.findings)
        result.record = checked.record(
            sequence: job.sequence,
            location: .init(
                file: job.file, jsonPath: job.jsonPath, batchID: job.batch.id.text, imageID: job.image.id.text,
                imageFile: checked.path),
            split: job.image.split)
        // The record's digest is worked out here, on every core, rather than in the catalog transaction.
        if importing { result.facts = ImageFacts(recordDigest: RecordDigest.of(job.image), file: checked.file) }
        return result
    }

    static func folder(of file: String) -> String {
        let folder = (file as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }
}
