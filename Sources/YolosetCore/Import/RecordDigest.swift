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

    static func of(_ image: BatchImage) -> String {
        var fields: [String?] = [
            image.id.text, image.batchID?.text, image.filename, image.storageKey, String(image.width),
            String(image.height), image.annotationStatus, image.split, String(image.splitLocked),
            image.deviceID?.text,
        ]
        for annotation in image.annotations {
            fields.append(contentsOf: [
                annotation.id.text, annotation.imageID?.text, annotation.classValue, annotation.type,
                annotation.xCenter.map { String($0) }, annotation.yCenter.map { String($0) },
                annotation.width.map { String($0) }, annotation.height.map { String($0) },
                annotation.geometry.map { JSONText.of($0.value) }, annotation.confidence.map { String($0) },
                annotation.source, annotation.modelName, annotation.modelVersion, annotation.zOrder.map { String($0) },
            ])
        }
        return digest(fields)
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

    private static func digest(_ fields: [String?]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fields.count * 16)
        for field in fields {
            guard let field else {
                bytes.append(0)
                continue
            }
            bytes.append(1)
            let count = UInt32(field.utf8.count)
            withUnsafeBytes(of: count.littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: field.utf8)
        }
        return SHA256.hash(data: bytes).hexString
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
