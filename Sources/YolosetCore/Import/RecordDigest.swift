internal import Crypto
internal import Foundation

/// Digests of what a dump says about a batch or an image, so a re-import can tell "unchanged" from
/// "updated" without comparing field by field.
enum RecordDigest {
    static func of(_ batch: Batch) -> String {
        var fields: [String?] = [
            batch.id.text, batch.name, batch.organizationID?.text, batch.projectID?.text, batch.deviceID?.text,
            batch.source, batch.stage, batch.status, batch.createdAt, batch.updatedAt,
            batch.pipelineConfig.map { JSONText.of($0.value) },
        ]
        fields.append(contentsOf: batch.tags)
        if let project = batch.project {
            fields.append(contentsOf: [project.id?.text, project.name, project.projectType])
            for item in project.classes {
                fields.append(contentsOf: [item.id?.text, item.name, item.rawValue, item.color])
            }
        }
        return digest(fields)
    }

    /// Written field by field into one buffer (no list of strings per image: this runs once per image on
    /// every import, re-imports included); the encoding is the same as `of(_ fields:)`'s.
    static func of(_ image: BatchImage) -> String {
        var fields = Fields(capacity: 160 + image.annotations.count * 160)
        fields.add(image.id.text)
        fields.add(image.batchID?.text)
        fields.add(image.filename)
        fields.add(image.storageKey)
        fields.add(String(image.width))
        fields.add(String(image.height))
        fields.add(image.annotationStatus)
        fields.add(image.split)
        fields.add(String(image.splitLocked))
        fields.add(image.deviceID?.text)
        for annotation in image.annotations {
            fields.add(annotation.id.text)
            fields.add(annotation.imageID?.text)
            fields.add(annotation.classValue)
            fields.add(annotation.type)
            fields.add(annotation.xCenter.map { String($0) })
            fields.add(annotation.yCenter.map { String($0) })
            fields.add(annotation.width.map { String($0) })
            fields.add(annotation.height.map { String($0) })
            fields.add(annotation.geometry.map { JSONText.of($0.value) })
            fields.add(annotation.confidence.map { String($0) })
            fields.add(annotation.source)
            fields.add(annotation.modelName)
            fields.add(annotation.modelVersion)
            fields.add(annotation.zOrder.map { String($0) })
        }
        return fields.digest
    }

    /// What a Runflow or Nimble batch says of itself (its items are recorded one by one).
    static func of(_ batch: SourceBatch) -> String {
        let declared = batch.declared
        return digest([
            batch.source.rawValue, batch.id?.text, batch.rawStatus, batch.createdAt, batch.startedAt,
            batch.completedAt, batch.failureCode, batch.failureMessage, declared.total.map { String($0) },
            declared.succeeded.map { String($0) }, declared.failed.map { String($0) },
            declared.cancelled.map { String($0) }, declared.completed.map { String($0) },
            declared.isCompleted.map { String($0) }, declared.progress.map { String($0) },
        ])
    }

    /// A Runflow item's or Nimble task's record, as the image made of it: its ids and where its file was
    /// found (relative to the images root). A lean handle and the full item give the same digest.
    static func of(_ item: SourceItem, batch: SourceBatch, storageKey: String) -> String {
        digest([
            batch.source.rawValue, batch.id?.text, item.id?.text, item.sequenceIndex.map { String($0) },
            item.clientRef?.text, item.runID?.text, item.taskID?.text, storageKey,
        ])
    }

    /// SHA-256 over the fields, each as a marker byte (nil or present), its length and its UTF-8 bytes:
    /// no two field lists share an encoding.
    static func of(_ fields: [String?]) -> String { digest(fields) }

    private static func digest(_ list: [String?]) -> String {
        var fields = Fields(capacity: list.count * 16)
        for field in list { fields.add(field) }
        return fields.digest
    }

    /// The encoding: each field a marker byte (0 nil, 1 present), then its UTF-8 length (UInt32, little
    /// endian) and bytes.
    private struct Fields {
        private var bytes: [UInt8] = []

        init(capacity: Int) { bytes.reserveCapacity(capacity) }

        mutating func add(_ field: String?) {
            guard var field else {
                bytes.append(0)
                return
            }
            bytes.append(1)
            field.withUTF8 { utf8 in
                withUnsafeBytes(of: UInt32(utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
                bytes.append(contentsOf: utf8)
            }
        }

        var digest: String { SHA256.hash(data: bytes).hexString }
    }
}

/// JSON text of a value, with sorted keys, for storing Go byte-slice fields (`geometry`,
/// `pipeline_config`) in the catalog.
enum JSONText {
    static func of(_ value: JSONValue?) -> String {
        guard let value else { return "null" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension JSONValue: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let values): try container.encode(values)
        case .object(let values): try container.encode(values)
        }
    }
}
