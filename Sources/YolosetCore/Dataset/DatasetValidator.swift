internal import Foundation

#if canImport(Glibc)
    internal import Glibc
#endif

/// Validates a YOLO dataset given by its data.yaml (a yoloset version or any Ultralytics dataset) and
/// never writes to it. One entry point, `run(dataYAML:progress:)`; its stages:
///
/// 1. Read data.yaml (`DataYAML`): root, splits, class count; its own problems are findings.
/// 2. List each split's images (`DatasetListing`), and flag splits that are missing or empty.
/// 3. Check each distinct image file on every core: libjpeg/libpng (`ImageCheck`), then its label
///    file (Ultralytics' `img2label_paths`) row by row (`LabelRules`). A file in train and another split is
///    `split.leak`, in val and test `split.overlap`.
/// 4. Find label files that no image claims, under each split folder's labels folder.
/// 5. Flag box and polygon rows mixed across the dataset.
/// 6. Compare content: the same bytes in two splits is `split.leak` (or `split.overlap` for val and test),
///    twice in one split `image.duplicate`.
public struct DatasetValidator: Sendable {
    public var config: ValidationConfig
    public var check: CheckLevel
    public var workers: Int

    public init(config: ValidationConfig = .init(), check: CheckLevel = .full, workers: Int? = nil) {
        self.config = config
        self.check = check
        self.workers = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The data.yaml a path names, or nil when the path is not a YOLO dataset: a `.yaml`/`.yml` file, or
    /// a folder holding `data.yaml`.
    public static func dataYAML(in path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue {
            let file = DataYAML.join(path, "data.yaml")
            return FileManager.default.fileExists(atPath: file) ? file : nil
        }
        let lowered = path.lowercased()
        return lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") ? path : nil
    }

    /// Progress of a run, for a progress bar.
    public struct Progress: Sendable {
        public var fraction: Double
        public var imagesDone: Int
    }

    /// Validates the dataset that `file` describes. Throws `DatasetError` when data.yaml cannot be used
    /// at all; problems in the data are findings in the report.
    public func run(dataYAML file: String, progress: (@Sendable (Progress) -> Void)? = nil) throws(DatasetError)
        -> ValidationReport
    {
        // 1. data.yaml.
        let yaml = try DataYAML.load(file: file, config: config)
        var findings = yaml.findings

        // 2. Splits.
        let listing = DatasetListing(yaml, config: config)
        findings += listing.findings
        var jobs: [Job] = []
        var byFile: [String: Int] = [:]
        let currentFolder = FileManager.default.currentDirectoryPath
        // A file listed twice (by two paths, or in two splits) is checked once: known by its real path,
        // the listing's when it knows it, else resolved (on every core).
        let resolved = Parallel.map(count: listing.images.count, workers: workers) { index in
            listing.images[index].realPath ?? ImageLocator.resolve(listing.images[index].path)
        }
        for (image, real) in zip(listing.images, resolved) {
            let key = real ?? image.path
            if let index = byFile[key] {
                if !jobs[index].splits.contains(image.split) { jobs[index].splits.append(image.split) }
                continue
            }
            byFile[key] = jobs.count
            jobs.append(
                Job(
                    image: image.path, label: DatasetListing.labelPath(of: image.path, currentFolder: currentFolder),
                    fileExtension: image.path.split(separator: ".").last.map { $0.lowercased() } ?? "",
                    splits: [image.split], sequence: jobs.count))
        }

        // 3. Images and their labels.
        let results = checkJobs(jobs, yaml: yaml, progress: progress)
        for (job, result) in zip(jobs, results) {
            findings += result.findings
            if job.splits.count > 1 {
                let rule = SplitRules.sharingRule(job.splits)
                report(
                    rule,
                    "the same file is in \(job.splits.joined(separator: " and ")); \(SplitRules.consequence(of: rule)): "
                        + "keep it in one split",
                    file: job.image, imageFile: job.image, into: &findings)
            }
        }

        // 4. Orphan labels.
        let claimed = Set(jobs.map { Self.absolute($0.label, currentFolder) })
        var scanned: Set<String> = []
        for folder in listing.folders {
            let probe = DatasetListing.labelPath(of: DataYAML.join(folder, "x.jpg"), currentFolder: currentFolder)
            let labels = Validator.folder(of: probe)
            guard scanned.insert(Self.absolute(labels, currentFolder)).inserted else { continue }
            for label in DatasetListing.files(under: labels).map(\.path)
            where label.hasSuffix(".txt") && !claimed.contains(Self.absolute(label, currentFolder)) {
                report(
                    .labelOrphan,
                    "no image of \(folder) maps to this label file; delete it or restore its image", file: label,
                    imageFile: nil, strictInVersion: yaml.isVersion, into: &findings)
            }
        }

        // 5. Boxes and polygons across files.
        checkMixedTasks(zip(jobs, results).filter { $0.1.label.boxRows == 0 || $0.1.label.polygonRows == 0 }, &findings)

        // 6. Content.
        checkContent(jobs, results, &findings)

        let labelFiles = results.count { $0.labelFound }
        let summary = ValidationReport.DatasetSummary(
            dataYAML: file, isVersion: yaml.isVersion, splits: yaml.splits.map(\.name), labelFiles: labelFiles,
            labels: results.reduce(0) { $0 + $1.label.rows })
        return ValidationReport(
            subject: .dataset(summary), check: check, dumps: 0, batches: 0, images: jobs.count, annotations: 0,
            findings: findings, disabledRules: Rule.dataset.filter { config.severity(of: $0) == nil }.map(\.id))
    }

    private struct Job: Sendable {
        let image: String
        let label: String
        /// Lower case, without the dot.
        let fileExtension: String
        var splits: [String]
        let sequence: Int
    }

    private struct JobResult: Sendable {
        var findings: [Finding] = []
        var label = LabelRules.Result()
        var labelFound = false
        var byteCount = 0
        var sample = 0
    }

    /// The file name extensions whose images yoloset checks (JPEG and PNG).
    private static let checkedExtensions = ImageFormat.jpeg.extensions.union(ImageFormat.png.extensions)

    private func checkJobs(_ jobs: [Job], yaml: DataYAML, progress: (@Sendable (Progress) -> Void)?) -> [JobResult] {
        let config = self.config
        let images = ImageCheck(level: check, limits: config.imageLimits, workers: workers)
        var counted: (@Sendable (Int) -> Void)?
        if let progress {
            counted = { done in progress(Progress(fraction: Double(done) / Double(jobs.count), imagesDone: done)) }
        }
        return images.map(
            count: jobs.count, progress: counted,
            target: { index in
                let job = jobs[index]
                return ImageCheck.Target(
                    location: Self.checkedExtensions.contains(job.fileExtension) ? .found(path: job.image) : nil)
            },
            rules: { index, checked in Self.checkJob(jobs[index], checked, yaml: yaml, config: config) })
    }

    private static func checkJob(_ job: Job, _ checked: ImageCheck.Checked, yaml: DataYAML, config: ValidationConfig)
        -> JobResult
    {
        var result = JobResult()
        var findings: [Finding] = []
        func report(_ rule: Rule, _ message: String) {
            guard let severity = config.severity(of: rule) else { return }
            findings.append(
                Finding(
                    rule: rule, severity: severity, message: message,
                    location: .init(file: job.image, jsonPath: nil, imageFile: job.image)))
        }
        var size: (width: Int, height: Int)?
        if let inspection = checked.inspection {
            for (rule, message) in ImageRules.fileFindings(inspection, file: job.image, inDataset: true) {
                report(rule, message)
            }
            if inspection.hasSize {
                size = (inspection.displayedWidth, inspection.displayedHeight)
            }
            if inspection.problem == nil {
                result.byteCount = inspection.byteCount
                result.sample = inspection.sample
            }
        } else if let severity = config.severities[Rule.imageUnsupported.id] ?? Severity.warning {
            // A warning, not the rule's error: Ultralytics loads these formats; only yoloset cannot check them.
            findings.append(
                Finding(
                    rule: .imageUnsupported, severity: severity,
                    message:
                        "a .\(job.fileExtension) file: Ultralytics loads it, but yoloset checks only PNG and JPEG; "
                        + "convert it to be sure it decodes",
                    location: .init(file: job.image, jsonPath: nil, imageFile: job.image)))
        }

        switch Self.readLabel(job.label) {
        case .missing:
            let message =
                yaml.isVersion
                ? "no label file at '\(job.label)'; a yoloset version has one for every image (an empty one for a "
                    + "background image): the version is damaged, run yoloset verify"
                : "no label file at '\(job.label)'; Ultralytics takes the image as background: add an empty label "
                    + "file if it is one"
            let fallback: Severity? = yaml.isVersion ? .error : .warning
            let severity = config.severities[Rule.labelMissing.id] ?? fallback
            if let severity {
                findings.append(
                    Finding(
                        rule: .labelMissing, severity: severity, message: message,
                        location: .init(file: job.image, jsonPath: nil, imageFile: job.image)))
            }
        case .unreadable(let reason):
            if let severity = config.severities[Rule.labelMissing.id] ?? Severity.error {
                findings.append(
                    Finding(
                        rule: .labelMissing, severity: severity,
                        message: "cannot read the label file '\(job.label)': \(reason); Ultralytics drops the image",
                        location: .init(file: job.image, jsonPath: nil, imageFile: job.image)))
            }
        case .bytes(let bytes):
            result.labelFound = true
            let rules = LabelRules(
                config: config, file: job.label, imageFile: job.image, classCount: yaml.classCount, imageSize: size)
            result.label = rules.check(bytes)
            findings += result.label.findings
        }
        result.findings = findings
        return result
    }

    private enum LabelRead {
        case missing
        case unreadable(String)
        case bytes([UInt8])
    }

    /// A label file's bytes, read without ever creating or changing it.
    private static func readLabel(_ path: String) -> LabelRead {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            return errno == ENOENT || errno == ENOTDIR ? .missing : .unreadable(errnoText())
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .unreadable(errnoText()) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return .unreadable("not a regular file") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: max(4096, Int(info.st_size) + 1))
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .unreadable(errnoText())
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return .bytes(bytes)
    }

    private func checkMixedTasks(_ pairs: [(Job, JobResult)], _ findings: inout [Finding]) {
        let boxFiles = pairs.filter { $0.1.label.boxRows > 0 }
        let polygonFiles = pairs.filter { $0.1.label.polygonRows > 0 }
        guard !boxFiles.isEmpty, !polygonFiles.isEmpty else { return }
        let minorityIsBoxes = boxFiles.count <= polygonFiles.count
        let (job, result) = minorityIsBoxes ? boxFiles[0] : polygonFiles[0]
        let minority = min(boxFiles.count, polygonFiles.count)
        func files(_ count: Int) -> String { "\(count) label file\(count == 1 ? " holds" : "s hold")" }
        guard let severity = config.severity(of: .labelMixedTasks) else { return }
        findings.append(
            Finding(
                rule: .labelMixedTasks, severity: severity,
                message: "\(files(boxFiles.count)) boxes and \(files(polygonFiles.count)) polygons; this file is "
                    + (minority == 1 ? "the only one" : "the first of the \(minority)") + " with "
                    + "\(minorityIsBoxes ? "boxes" : "polygons"). Ultralytics then trains on boxes only and drops "
                    + "every polygon: make the dataset all boxes or all polygons",
                location: .init(
                    file: job.label, jsonPath: nil,
                    line: minorityIsBoxes ? result.label.firstBoxLine : result.label.firstPolygonLine,
                    imageFile: job.image)))
    }

    private func checkContent(_ jobs: [Job], _ results: [JobResult], _ findings: inout [Finding]) {
        var bySample: [[Int]: [Int]] = [:]
        for (index, result) in results.enumerated() where result.byteCount > 0 {
            bySample[[result.byteCount, result.sample], default: []].append(index)
        }
        let candidates = bySample.values.filter { $0.count > 1 }.flatMap { $0 }.sorted()
        guard !candidates.isEmpty else { return }
        let digests = ContentRules.digests(of: candidates.map { jobs[$0].image }, workers: workers)
        var byDigest: [String: [Int]] = [:]
        for (index, digest) in zip(candidates, digests) {
            guard let digest else { continue }
            byDigest[digest, default: []].append(index)
        }
        for group in byDigest.values.map({ $0.sorted() }).sorted(by: { $0[0] < $1[0] }) where group.count > 1 {
            let original = jobs[group[0]]
            for index in group.dropFirst() {
                let copy = jobs[index]
                let others = copy.splits.filter { !original.splits.contains($0) }
                if let split = others.first {
                    let rule = SplitRules.sharingRule(original.splits + others)
                    report(
                        rule,
                        "same bytes as '\(original.image)' (\(original.splits.joined(separator: ", "))), here in "
                            + "\(split); \(SplitRules.consequence(of: rule)): keep one copy, in one split",
                        file: copy.image, imageFile: copy.image, into: &findings)
                } else {
                    report(
                        .imageDuplicate,
                        "same bytes as '\(original.image)', in \(copy.splits[0]) too; keep one of them",
                        file: copy.image, imageFile: copy.image, into: &findings)
                }
            }
        }
    }

    private func report(
        _ rule: Rule, _ message: String, file: String, imageFile: String?, strictInVersion: Bool = false,
        into findings: inout [Finding]
    ) {
        let fallback: Severity? = strictInVersion ? .error : rule.defaultSeverity
        guard let severity = config.severities[rule.id] ?? fallback else { return }
        findings.append(
            Finding(
                rule: rule, severity: severity, message: message,
                location: .init(file: file, jsonPath: nil, imageFile: imageFile)))
    }

    private static func absolute(_ path: String, _ currentFolder: String) -> String {
        path.hasPrefix("/") ? path : DataYAML.join(currentFolder, path)
    }
}
