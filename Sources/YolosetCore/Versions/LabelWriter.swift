internal import Crypto
internal import Foundation

#if canImport(Glibc)
    internal import Glibc
#endif

/// One annotation as the catalog holds it, for the label writer.
struct AnnotationRecord: Sendable {
    let id: String
    let classValue: String
    let xCenter: Double?
    let yCenter: Double?
    let width: Double?
    let height: Double?
    /// JSON text of the polygon, for instance segmentation.
    let geometry: String?
    let confidence: Double?
    let source: String?
}

/// The YOLO writer: one `labels/<split>/<stem>.txt` per image, written on every core. Detection rows are
/// `class x_center y_center width height`, segmentation rows `class x1 y1 x2 y2 ...`; integer class ids,
/// coordinates normalized, clamped to [0, 1] only within the validation tolerance; an empty file for an
/// image without objects; UTF-8, `\n`, no blank lines.
struct LabelWriter {
    let kind: ProjectKind
    let mapping: ClassMapping
    let config: VersionConfig
    let tolerancePixels: Double
    let workers: Int

    struct Result: Sendable {
        /// SHA-256 of each member's label file, in member order.
        var digests: [ContentDigest]
        var rowsWritten: Int
        /// Rows per image id, in the order written, for version.json: (annotation id, class index, values).
        var rows: [String: [Row]]
        var warnings: [String]
    }

    struct Row: Sendable {
        let annotationID: String
        let classIndex: Int
        let values: [Double]
    }

    /// The label text of every image (on every core), with checksums and rows; nothing is written.
    func render(_ members: [Snapshotter.Member]) -> Rendered {
        let all = Parallel.map(count: members.count, workers: workers) { index in
            let (text, rows, skipped) = labels(for: members[index])
            return (
                text: text, digest: ContentDigest(SHA256.hash(data: Array(text.utf8))), rows: rows, skipped: skipped
            )
        }
        var result = Result(digests: all.map(\.digest), rowsWritten: 0, rows: [:], warnings: [])
        var skipped: [String] = []
        for (member, outcome) in zip(members, all) {
            result.rowsWritten += outcome.rows.count
            result.rows[member.id] = outcome.rows
            skipped += outcome.skipped
        }
        if !skipped.isEmpty {
            result.warnings.append(
                "\(skipped.count) annotation\(skipped.count == 1 ? " was" : "s were") left out: "
                    + skipped.prefix(5).joined(separator: "; ") + (skipped.count > 5 ? "; …" : ""))
        }
        return Rendered(texts: all.map(\.text), result: result)
    }

    /// Label texts in member order, and what they amount to.
    struct Rendered {
        let texts: [String]
        let result: Result
    }

    /// The `labels/` and `images/` split folders: train and val always (data.yaml names them; Ultralytics
    /// checks the paths), test when used.
    static func makeFolders(root: String, splits: Set<DatasetSplit>) throws(WorkspaceError) {
        for split in splits.union([.train, .val]) {
            for folder in ["labels", "images"] {
                let path = "\(root)/\(folder)/\(split.rawValue)"
                guard mkdirAll(path) else { throw WorkspaceError("cannot create '\(path)': \(errnoText())") }
            }
        }
    }

    /// Creates the label files of `members[indices]`. From one thread per folder: creating files in one
    /// folder serializes on the folder's lock in the kernel, and two threads contending for it are
    /// slower than one.
    static func write(
        _ texts: [String], of members: [Snapshotter.Member], indices: [Int], root: String
    ) throws(WorkspaceError) {
        for index in indices {
            try VersionStore.create(texts[index], at: "\(root)/\(labelPath(members[index]))")
        }
    }

    /// `labels/<split>/<stem>.txt`: the image's path with `labels` for `images` and `.txt` for its extension,
    /// as Ultralytics looks for it.
    static func labelPath(_ member: Snapshotter.Member) -> String {
        "labels/\(member.split.rawValue)/\(labelName(member))"
    }

    /// The label file's name: the image's with `.txt` for its extension.
    static func labelName(_ member: Snapshotter.Member) -> String {
        let name = member.versionName
        return "\(name[..<(name.lastIndex(of: ".") ?? name.endIndex)]).txt"
    }

    /// The label text of one image, its rows, and why any annotation was left out.
    func labels(for member: Snapshotter.Member) -> (String, [Row], [String]) {
        var text = ""
        var rows: [Row] = []
        var skipped: [String] = []
        let toleranceX = tolerancePixels / Double(max(member.width, 1))
        let toleranceY = tolerancePixels / Double(max(member.height, 1))
        for annotation in member.annotations {
            if let sources = config.sources, !sources.contains(annotation.source ?? "") { continue }
            if let minimum = config.minConfidence, annotation.source != "manual",
                let confidence = annotation.confidence, confidence < minimum
            {
                continue
            }
            guard let index = mapping.indexByValue[annotation.classValue] else { continue }
            var values: [Double]
            switch kind {
            case .detect:
                guard let x = annotation.xCenter, let y = annotation.yCenter, let w = annotation.width,
                    let h = annotation.height
                else {
                    skipped.append("\(annotation.id) has no box")
                    continue
                }
                guard
                    let corners = Self.clamp(
                        [x - w / 2, y - h / 2, x + w / 2, y + h / 2], toleranceX: toleranceX, toleranceY: toleranceY)
                else {
                    skipped.append("\(annotation.id) reaches past the image by more than the tolerance")
                    continue
                }
                values = [
                    (corners[0] + corners[2]) / 2, (corners[1] + corners[3]) / 2, corners[2] - corners[0],
                    corners[3] - corners[1],
                ]
                guard values[2] > 0, values[3] > 0 else {
                    skipped.append("\(annotation.id) has no area")
                    continue
                }
            case .segment:
                guard let geometry = annotation.geometry,
                    let json = JSONDocument.value(parsing: Data(geometry.utf8)),
                    case .values(let points) = Polygon.parse(json), points.count >= 6, points.count % 2 == 0,
                    let clamped = Self.clamp(points, toleranceX: toleranceX, toleranceY: toleranceY)
                else {
                    skipped.append("\(annotation.id) has no usable polygon")
                    continue
                }
                values = clamped
            }
            // Six decimals, as the label file has them, so version.json holds the same numbers.
            values = values.map { ($0 * 1e6).rounded() / 1e6 }
            rows.append(Row(annotationID: annotation.id, classIndex: index, values: values))
            text += "\(index) " + values.map { formatted($0, decimals: 6) }.joined(separator: " ") + "\n"
        }
        return (text, rows, skipped)
    }

    /// Interleaved x, y values clamped to [0, 1]; nil when one lies outside by more than the tolerance.
    static func clamp(_ values: [Double], toleranceX: Double, toleranceY: Double) -> [Double]? {
        var result = values
        for index in values.indices {
            let tolerance = index % 2 == 0 ? toleranceX : toleranceY
            let value = values[index]
            guard value.isFinite, value >= -tolerance - 1e-9, value <= 1 + tolerance + 1e-9 else { return nil }
            result[index] = min(max(value, 0), 1)
        }
        return result
    }

}
