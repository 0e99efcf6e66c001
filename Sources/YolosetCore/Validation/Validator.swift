internal import Foundation
internal import Synchronization

/// Validates batch dumps and the images they name. One entry point, `run(paths:progress:)`; its stages:
///
/// 1. Collect: expand folders into dump files.
/// 2. Check, a group of dumps at a time so memory stays flat however many dumps there are: decode the
///    group's dumps (in parallel; a bad dump stops the run), each as the API its shape shows (or
///    `source`), then locate and inspect each image on every core (libjpeg/libpng) and run the per-image
///    rules (boxes, classes, geometry, image files, splits). Runflow and Nimble dumps are kept for the
///    end instead: their items pages join batches dumped in other files (`SourceValidation`).
/// 3. Check that every batch listing saved as pages is complete.
/// 4. Compare content across all images: `image.duplicate`, `split.leak`.
/// 5. Order the findings as the dumps are ordered.
///
/// Acusight dumps and Runflow or Nimble dumps are never mixed in one run (their reports differ).
public struct Validator: Sendable {
    public var config: ValidationConfig
    public var check: CheckLevel
    /// Where image files live; nil means the folder holding each dump.
    public var imagesRoot: String?
    /// Threads that inspect images.
    public var workers: Int
    /// The API every dump must come from (`--source`); nil tells each file's API from its fields.
    public var source: DumpSource?

    public init(
        config: ValidationConfig = .init(), check: CheckLevel = .header, imagesRoot: String? = nil, workers: Int? = nil,
        source: DumpSource? = nil
    ) {
        self.config = config
        self.check = check
        self.imagesRoot = imagesRoot
        self.workers = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
        self.source = source
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

    /// Validates every dump under `paths`. Throws `DumpError` when a dump cannot be read; problems in
    /// the data are findings in the report.
    public func run(paths: [String], progress: (@Sendable (Progress) -> Void)? = nil) throws(DumpError)
        -> ValidationReport
    {
        try run(paths: paths, progress: progress, observer: Observer(), acceptsSources: true)
    }

    /// Hooks for a caller that builds on validation (the importer).
    struct Observer {
        /// Each group of dumps once decoded, in order, on the calling thread.
        var dumps: (([Dump]) -> Void)?
        /// Each image right after its checks, on the worker thread that checked it.
        var image: (@Sendable (CheckedImage) -> Void)?
        /// Runflow and Nimble batches once checked, each found image in `SourceItem.imageFile` and its
        /// inspection in `SourceItem.inspection`. Without it, such dumps refuse the run.
        var sources: (([SourceBatch]) -> Void)?
    }

    /// What the observer learns of each image.
    struct CheckedImage: Sendable {
        let file: String
        let batch: Batch
        let image: BatchImage
        let sequence: Int
        /// The image's file, when found.
        let imageFile: String?
        let inspection: ImageInspection?
    }

    /// The importer's run. Runflow and Nimble dumps go to `observer.sources`.
    func run(
        paths: [String], progress: (@Sendable (Progress) -> Void)?, observer: Observer
    ) throws(DumpError) -> ValidationReport {
        try run(paths: paths, progress: progress, observer: observer, acceptsSources: observer.sources != nil)
    }

    private func run(
        paths: [String], progress: (@Sendable (Progress) -> Void)?, observer: Observer, acceptsSources: Bool
    ) throws(DumpError) -> ValidationReport {
        // 1. Collect.
        let files = try DumpCollection.files(in: paths)

        // 2. Check, group by group.
        let counter = Atomic<Int>(0)
        var ordered: [(key: SortKey, finding: Finding)] = []
        var records: [ContentRules.Record] = []
        var pages: [(file: String, page: PageInfo)] = []
        var counts = (batches: 0, images: 0, annotations: 0)
        var sequence = 0
        // One locator per images root, so its caches serve every dump that shares the root.
        var locators: [String: ImageLocator] = [:]
        var sourceDumps: [SourceDump] = []
        var firstAcusight: String?
        let source = self.source
        for start in stride(from: 0, to: files.count, by: groupSize) {
            let end = min(start + groupSize, files.count)
            let decoded = try parallelMap(Array(files[start..<end])) { file throws(DumpError) in
                try DumpFile.read(file: file, source: source)
            }
            var dumps: [Dump] = []
            for entry in decoded {
                switch entry {
                case .acusight(let dump):
                    if let other = sourceDumps.first {
                        throw .mixedSources(
                            file: other.file, source: other.source, other: dump.file, otherSource: .acusight)
                    }
                    firstAcusight = firstAcusight ?? dump.file
                    dumps.append(dump)
                case .source(let dump):
                    guard acceptsSources else { throw .unsupportedSource(file: dump.file, source: dump.source) }
                    if let firstAcusight {
                        throw .mixedSources(
                            file: firstAcusight, source: .acusight, other: dump.file, otherSource: dump.source)
                    }
                    sourceDumps.append(dump)
                }
            }
            observer.dumps?(dumps)
            var jobs: [ImageJob] = []
            for dump in dumps {
                if let page = dump.page { pages.append((dump.file, page)) }
                let root = imagesRoot ?? Self.folder(of: dump.file)
                let locator = locators[root] ?? ImageLocator(root: root)
                locators[root] = locator
                for (batchIndex, batch) in dump.batches.enumerated() {
                    counts.batches += 1
                    for (imageIndex, image) in batch.images.enumerated() {
                        jobs.append(
                            ImageJob(
                                file: dump.file, batch: batch, image: image,
                                jsonPath: "\(dump.jsonPath(ofBatch: batchIndex)).images[\(imageIndex)]",
                                locator: locator, sequence: sequence))
                        sequence += 1
                        counts.images += 1
                        counts.annotations += image.annotations.count
                    }
                }
            }
            let group = GroupProgress(
                firstDump: start, dumps: end - start, dumpsTotal: files.count, images: jobs.count, report: progress)
            let results = checkImages(jobs, counter: counter, progress: group, observer: observer.image)
            for (job, result) in zip(jobs, results) {
                for (annotation, finding) in result.findings {
                    ordered.append(
                        (SortKey(sequence: job.sequence, annotation: annotation, rule: finding.rule), finding))
                }
                if let record = result.record { records.append(record) }
            }
            group.finish(imagesDone: counter.load(ordering: .relaxed))
        }

        if !sourceDumps.isEmpty {
            let validation = SourceValidation(config: config, check: check, imagesRoot: imagesRoot, workers: workers)
            let (report, batches) = validation.run(
                consume sourceDumps, dumpCount: files.count, progress: progress)
            observer.sources?(batches)
            return report
        }

        // 3. Listings.
        try ListingCheck.check(pages)

        // 4. Compare content.
        for (recordSequence, finding) in ContentRules(config: config, workers: workers).check(records) {
            ordered.append((SortKey(sequence: recordSequence, annotation: nil, rule: finding.rule), finding))
        }

        // 5. Order.
        ordered.sort { $0.key < $1.key }
        return ValidationReport(
            check: check, dumps: files.count, batches: counts.batches, images: counts.images,
            annotations: counts.annotations, findings: ordered.map(\.finding),
            disabledRules: Rule.all.filter { config.severity(of: $0) == nil }.map(\.id))
    }

    /// Turns images checked within one group into a fraction of the whole run.
    private struct GroupProgress: Sendable {
        let firstDump: Int
        let dumps: Int
        let dumpsTotal: Int
        let images: Int
        let report: (@Sendable (Progress) -> Void)?

        func update(checkedInGroup: Int, imagesDone: Int) {
            guard let report, dumpsTotal > 0 else { return }
            let share = images > 0 ? Double(checkedInGroup) / Double(images) : 1
            report(
                Progress(
                    fraction: (Double(firstDump) + share * Double(dumps)) / Double(dumpsTotal), imagesDone: imagesDone,
                    dumpsTotal: dumpsTotal))
        }

        func finish(imagesDone: Int) {
            update(checkedInGroup: images, imagesDone: imagesDone)
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
    }

    /// Findings sort by image (in dump order), then annotation, then rule.
    private struct SortKey: Comparable {
        let sequence: Int
        let annotation: Int
        let rule: Int

        init(sequence: Int, annotation: Int?, rule: Rule) {
            self.sequence = sequence
            self.annotation = annotation ?? -1
            self.rule = Rule.all.firstIndex(of: rule) ?? Rule.all.count
        }

        static func < (lhs: SortKey, rhs: SortKey) -> Bool {
            (lhs.sequence, lhs.annotation, lhs.rule) < (rhs.sequence, rhs.annotation, rhs.rule)
        }
    }

    private func checkImages(
        _ jobs: [ImageJob], counter: borrowing Atomic<Int>, progress: GroupProgress,
        observer: (@Sendable (CheckedImage) -> Void)?
    ) -> [ImageResult] {
        let config = self.config
        let check = self.check
        return Parallel.map(
            count: jobs.count, workers: workers, state: { ImageInspector(level: check, limits: config.imageLimits) },
            each: { index, inspector in
                let result = Self.checkImage(jobs[index], inspector: inspector, config: config, observer: observer)
                let done = counter.wrappingAdd(1, ordering: .relaxed).newValue
                if done % 64 == 0 {
                    progress.update(checkedInGroup: index + 1, imagesDone: done)
                }
                return result
            })
    }

    private static func checkImage(
        _ job: ImageJob, inspector: ImageInspector, config: ValidationConfig,
        observer: (@Sendable (CheckedImage) -> Void)?
    ) -> ImageResult {
        let location = job.locator.locate(storageKey: job.image.storageKey, filename: job.image.filename)
        var imageFile: String?
        var inspection: ImageInspection?
        if case .found(let path) = location {
            imageFile = path
            inspection = inspector.inspect(path: path)
        }
        var context = ImageContext(
            config: config, file: job.file, batch: job.batch, image: job.image, jsonPath: job.jsonPath,
            imageFile: imageFile, inspection: inspection)
        ImageRules.check(&context, location: location)
        BoxRules.check(&context)
        AnnotationRules.check(&context)
        SplitRules.check(&context)
        observer?(
            CheckedImage(
                file: job.file, batch: job.batch, image: job.image, sequence: job.sequence, imageFile: imageFile,
                inspection: inspection))
        var result = ImageResult(findings: context.findings)
        if let imageFile, let inspection, inspection.byteCount > 0 {
            result.record = ContentRules.Record(
                sequence: job.sequence, byteCount: inspection.byteCount, sample: inspection.sample, path: imageFile,
                location: .init(
                    file: job.file, jsonPath: job.jsonPath, batchID: job.batch.id.text, imageID: job.image.id.text,
                    imageFile: imageFile),
                split: job.image.split)
        }
        return result
    }

    private func parallelMap<T: Sendable>(_ items: [String], _ transform: @Sendable (String) throws(DumpError) -> T)
        throws(DumpError) -> [T]
    {
        let results = Parallel.map(count: items.count, workers: workers) { index -> Result<T, DumpError> in
            do throws(DumpError) {
                return .success(try transform(items[index]))
            } catch {
                return .failure(error)
            }
        }
        // The first bad file in the user's order is the one reported.
        return try results.map { result throws(DumpError) in try result.get() }
    }

    static func folder(of file: String) -> String {
        let folder = (file as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }
}
