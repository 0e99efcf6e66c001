internal import Crypto
internal import Foundation

/// The partial report of one shard (`validate --shard K/N`): the findings of the images it checked, each
/// with its place in the whole run's order, and what the rules across shards (`image.duplicate`,
/// `split.leak`, `split.overlap`) need of each image: its size, SHA-256 and split.
/// `ReportMerge` turns all N parts into the report one unsharded run gives.
public struct ValidationPart: Sendable {
    public let shard: Shard
    public let run: RunIdentity
    /// The shard's findings, images and annotations; the dumps and batches of the whole run (every shard
    /// reads every dump).
    public let report: ValidationReport
    /// One per finding of `report`: where it sorts among the findings of every shard.
    let orders: [FindingOrder]
    /// The images the shard read, for the content rules; every one with its digest.
    let records: [ContentRules.Record]
    /// Wall time of the shard's run, in seconds.
    public var elapsed: Double = 0

    /// 1: the first shape.
    static let schemaVersion = 1
    static let kind = "yoloset_validate_part"

    /// The part as JSON (one line: a part of a large run holds a record per image).
    public func render() -> String {
        let document = Document(
            schemaVersion: Self.schemaVersion, kind: Self.kind,
            tool: .init(name: "yoloset", version: YolosetVersion.current),
            shard: .init(index: shard.index, count: shard.count),
            run: .init(
                key: run.key, check: run.check.rawValue, inputs: run.inputs, imagesRoot: run.imagesRoot,
                severities: run.severities.mapValues { $0?.rawValue ?? "off" }, disabledRules: report.disabledRules),
            elapsedSeconds: elapsed,
            summary: .init(
                dumps: report.dumps, batches: report.batches, images: report.images, annotations: report.annotations),
            findings: zip(report.findings, orders).map { finding, order in .init(finding, order: order) },
            images: records.map(ImageEntry.init))
        return encodeJSON(document, compact: true) + "\n"
    }

    /// Reads a part written by `render()`; refuses, naming the file, anything else.
    public static func load(file: String) throws(ShardError) -> ValidationPart {
        func refuse(_ problem: String) -> ShardError { ShardError("part '\(file)': \(problem)") }
        let document: Document
        switch JSONDocumentFile.decode(Document.self, file: file, what: "a part written by validate --shard") {
        case .success(let decoded): document = decoded
        case .failure(let problem): throw refuse(problem.text)
        }
        guard document.kind == kind else {
            throw refuse(
                "$.kind is '\(document.kind)', not '\(kind)'; merge-reports reads what validate --shard writes")
        }
        guard document.schemaVersion == schemaVersion else {
            throw refuse("schema_version \(document.schemaVersion); this yoloset reads \(schemaVersion)")
        }
        guard document.tool.version == YolosetVersion.current else {
            throw refuse(
                "written by yoloset \(document.tool.version); merge parts with the yoloset that wrote them "
                    + "(this is \(YolosetVersion.current))")
        }
        let shard: Shard
        do throws(ShardError) {
            shard = try Shard(index: document.shard.index, count: document.shard.count)
        } catch {
            throw refuse("$.shard: \(error)")
        }
        guard let check = CheckLevel(rawValue: document.run.check) else {
            throw refuse("$.run.check '\(document.run.check)' is not a check level")
        }
        var severities: [String: Severity?] = [:]
        for (id, value) in document.run.severities {
            guard value == "off" || Severity(rawValue: value) != nil else {
                throw refuse("$.run.severities.\(id) is '\(value)', not error, warning, info or off")
            }
            severities[id] = Severity(rawValue: value)
        }
        var findings: [Finding] = []
        var orders: [FindingOrder] = []
        for (index, entry) in document.findings.enumerated() {
            guard let rule = Rule.named(entry.record.rule), entry.order.count == 3 else {
                throw refuse("$.findings[\(index)] has an unknown rule or order")
            }
            findings.append(entry.record.finding(rule: rule))
            orders.append(FindingOrder(sequence: entry.order[0], annotation: entry.order[1], rule: entry.order[2]))
        }
        let report = ValidationReport(
            check: check, dumps: document.summary.dumps, batches: document.summary.batches,
            images: document.summary.images, annotations: document.summary.annotations, findings: findings,
            disabledRules: document.run.disabledRules)
        let run = RunIdentity(
            key: document.run.key, check: check, inputs: document.run.inputs, imagesRoot: document.run.imagesRoot,
            severities: severities)
        return ValidationPart(
            shard: shard, run: run, report: report, orders: orders, records: document.images.map(\.record),
            elapsed: document.elapsedSeconds)
    }

    struct Document: Codable {
        let schemaVersion: Int
        let kind: String
        let tool: JSONReport.Tool
        let shard: ShardEntry
        let run: Run
        let elapsedSeconds: Double
        let summary: Summary
        let findings: [FindingEntry]
        let images: [ImageEntry]

        enum CodingKeys: String, CodingKey {
            case kind, tool, shard, run, summary, findings, images
            case schemaVersion = "schema_version"
            case elapsedSeconds = "elapsed_seconds"
        }
    }

    struct ShardEntry: Codable {
        let index: Int
        let count: Int
    }

    struct Run: Codable {
        let key: String
        let check: String
        let inputs: [String]
        let imagesRoot: String?
        /// The config's severity overrides by rule id: `error`, `warning`, `info` or `off`.
        let severities: [String: String]
        let disabledRules: [String]

        enum CodingKeys: String, CodingKey {
            case key, check, inputs, severities
            case imagesRoot = "images_root"
            case disabledRules = "disabled_rules"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(key, forKey: .key)
            try container.encode(check, forKey: .check)
            try container.encode(inputs, forKey: .inputs)
            try container.encode(imagesRoot, forKey: .imagesRoot)
            try container.encode(severities, forKey: .severities)
            try container.encode(disabledRules, forKey: .disabledRules)
        }
    }

    struct Summary: Codable {
        let dumps, batches, images, annotations: Int
    }

    /// A finding, and where it sorts in the whole run.
    struct FindingEntry: Codable {
        let record: FindingRecord
        /// `FindingOrder`: the image's place in the run, the annotation's, the rule's.
        let order: [Int]

        init(_ finding: Finding, order: FindingOrder) {
            record = FindingRecord(finding)
            self.order = [order.sequence, order.annotation, order.rule]
        }

        enum CodingKeys: String, CodingKey { case order }

        init(from decoder: any Decoder) throws {
            record = try FindingRecord(from: decoder)
            order = try decoder.container(keyedBy: CodingKeys.self).decode([Int].self, forKey: .order)
        }

        func encode(to encoder: any Encoder) throws {
            try record.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(order, forKey: .order)
        }
    }

    /// What the content rules need of one image the shard read.
    struct ImageEntry: Codable {
        let sequence: Int
        let byteCount: Int
        let sha256: String
        let path: String
        let split: String?
        let file: String
        let jsonPath: String?
        let batchID: String?
        let imageID: String?

        init(_ record: ContentRules.Record) {
            sequence = record.sequence
            byteCount = record.byteCount
            sha256 = record.digest ?? ""
            path = record.path
            split = record.split
            file = record.location.file
            jsonPath = record.location.jsonPath
            batchID = record.location.batchID
            imageID = record.location.imageID
        }

        var record: ContentRules.Record {
            // The sample is a per-process hash (`Hasher`), meaningless in another process; with every
            // digest known the comparison needs only sizes.
            ContentRules.Record(
                sequence: sequence, byteCount: byteCount, sample: 0, path: path,
                location: .init(
                    file: file, jsonPath: jsonPath, batchID: batchID, imageID: imageID, imageFile: path),
                split: split, digest: sha256)
        }

        enum CodingKeys: String, CodingKey {
            case sequence, sha256, path, split, file
            case byteCount = "bytes"
            case jsonPath = "json_path"
            case batchID = "batch_id"
            case imageID = "image_id"
        }
    }
}

/// What every shard of one run shares: parts whose identities differ come from different runs (another
/// check level, other inputs or config) and are not merged.
public struct RunIdentity: Sendable, Equatable {
    /// SHA-256 of all of the below and the config's thresholds.
    public let key: String
    public let check: CheckLevel
    /// The dump paths, as named.
    public let inputs: [String]
    public let imagesRoot: String?
    /// The config's severity overrides by rule id (nil: the rule is off).
    let severities: [String: Severity?]

    init(key: String, check: CheckLevel, inputs: [String], imagesRoot: String?, severities: [String: Severity?]) {
        self.key = key
        self.check = check
        self.inputs = inputs
        self.imagesRoot = imagesRoot
        self.severities = severities
    }

    init(check: CheckLevel, inputs: [String], imagesRoot: String?, config: ValidationConfig) {
        let severities = config.severities.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value?.rawValue ?? "off")" }
        let fields =
            [YolosetVersion.current, check.rawValue, imagesRoot ?? "\u{1}"] + inputs + severities + [
                "\(config.boxTolerancePixels)", "\(config.labelTolerancePixels)", "\(config.tinyMinSidePixels)",
                "\(config.geometryTolerancePixels)", "\(config.maxPixels)", "\(config.maxMemory)",
            ]
        let digest = SHA256.hash(data: Data(fields.joined(separator: "\u{0}").utf8))
        self.init(
            key: digest.hexString, check: check, inputs: inputs, imagesRoot: imagesRoot, severities: config.severities)
    }

    /// The config as far as the rules across shards need it.
    var config: ValidationConfig {
        var config = ValidationConfig()
        config.severities = severities
        return config
    }
}
