/// A validation rule: a stable id (what configs, reports and CI refer to), its default severity, and
/// one line on what it catches.
public struct Rule: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let id: String
    public let defaultSeverity: Severity
    public let summary: String

    public var description: String { id }

    public static func < (lhs: Rule, rhs: Rule) -> Bool { lhs.id < rhs.id }

    public static func == (lhs: Rule, rhs: Rule) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    public static let dumpEncoding = Rule(
        id: "dump.encoding", defaultSeverity: .warning,
        summary: "The dump starts with a UTF-8 byte-order mark: read, but some JSON tools refuse it.")
    public static let dumpUnreadable = Rule(
        id: "dump.unreadable", defaultSeverity: .error,
        summary: "The dump cannot be read (not JSON, wrong shape, an API error body, a listing missing pages): "
            + "its images are not checked (those of a listing's saved pages are), and the run is incomplete.")
    public static let boxOutOfRange = Rule(
        id: "box.out-of-range", defaultSeverity: .error, summary: "A box coordinate is outside [0, 1].")
    public static let boxDegenerate = Rule(
        id: "box.degenerate", defaultSeverity: .error, summary: "A box has zero or negative width or height.")
    public static let boxOutOfBounds = Rule(
        id: "box.out-of-bounds", defaultSeverity: .error,
        summary: "A box reaches past the image edge by more than the tolerance (pixels, real image size).")
    public static let boxTiny = Rule(
        id: "box.tiny", defaultSeverity: .warning, summary: "A box side is smaller than the minimum in pixels.")
    public static let boxDuplicate = Rule(
        id: "box.duplicate", defaultSeverity: .warning,
        summary: "The same class and box appear twice on one image.")
    public static let classUnknown = Rule(
        id: "class.unknown", defaultSeverity: .error,
        summary: "An annotation's class_value matches no class of the project.")
    public static let confidenceOutOfRange = Rule(
        id: "confidence.out-of-range", defaultSeverity: .error, summary: "A confidence is outside [0, 1].")
    public static let geometryInvalid = Rule(
        id: "geometry.invalid", defaultSeverity: .error,
        summary: "A polygon has an odd number of values, fewer than 3 points, or points outside the image.")
    public static let imageMissing = Rule(
        id: "image.missing", defaultSeverity: .error,
        summary: "No file for the image under the images root, or its key is unsafe.")
    public static let imageCorrupt = Rule(
        id: "image.corrupt", defaultSeverity: .error,
        summary: "Not a PNG/JPEG, unreadable, truncated, or damaged: pixels are missing or wrong.")
    public static let imageUnsupported = Rule(
        id: "image.unsupported", defaultSeverity: .error,
        summary: "A valid JPEG that no common loader decodes (12-bit, lossless, hierarchical, JPEG-LS, a side over "
            + "65500); in datasets also a format yoloset cannot check (a warning).")
    public static let imageTooLarge = Rule(
        id: "image.too-large", defaultSeverity: .error,
        summary: "Over images.max_pixels, or its check would exceed the memory or scan budget: not checked.")
    public static let imageLoaderRefuses = Rule(
        id: "image.loader-refuses", defaultSeverity: .error,
        summary: "Sound bytes that Pillow, and so Ultralytics, refuses (text chunk or pixel limits; in datasets, a "
            + "side under 10 pixels).")
    public static let imageStructure = Rule(
        id: "image.structure", defaultSeverity: .warning,
        summary: "The decoder noted an oddity that loses no pixel (stray header bytes, an invalid ancillary chunk).")
    public static let imageDimensions = Rule(
        id: "image.dimensions", defaultSeverity: .error,
        summary: "The decoded size (after EXIF orientation) differs from the declared width and height.")
    public static let imageOrientation = Rule(
        id: "image.orientation", defaultSeverity: .warning,
        summary: "The declared size matches the stored size, but EXIF orientation would rotate or flip it.")
    public static let imageExtension = Rule(
        id: "image.extension", defaultSeverity: .warning,
        summary: "The file's content format disagrees with its extension.")
    public static let imageTrailingData = Rule(
        id: "image.trailing-data", defaultSeverity: .warning,
        summary: "Bytes follow the image's end marker (some loaders rewrite such files).")
    public static let imageDuplicate = Rule(
        id: "image.duplicate", defaultSeverity: .warning, summary: "The same bytes appear under two image ids.")
    public static let splitInvalid = Rule(
        id: "split.invalid", defaultSeverity: .error, summary: "split is not null, \"train\", \"val\" or \"test\".")
    public static let splitLockedUnassigned = Rule(
        id: "split.locked-unassigned", defaultSeverity: .error,
        summary: "split_locked is true but split is null.")
    public static let splitLeak = Rule(
        id: "split.leak", defaultSeverity: .error,
        summary: "Identical image content is in train and in val or test.")
    public static let splitOverlap = Rule(
        id: "split.overlap", defaultSeverity: .warning,
        summary: "Identical image content is in val and in test (neither is trained on).")

    public static let versionIntegrity = Rule(
        id: "version.integrity", defaultSeverity: .error,
        summary: "A version's file differs from its checksums.sha256, is missing or was added (as `yoloset verify`).")
    /// An error by default: a version that quietly trains on fewer images than the one before is what
    /// `run && yolo train` must not let through; a deliberate narrowing fails one run, or is turned down.
    public static let versionDropped = Rule(
        id: "version.dropped", defaultSeverity: .error,
        summary: "A new version leaves out an image the previous version had (failed validation, batch not "
            + "selected, no longer completed, split or stored, gone from the workspace).")

    /// Rules about a dump file as a whole (not an image of it), for dumps of every API: reported first.
    public static let dumpFile: [Rule] = [.dumpUnreadable, .dumpEncoding]

    /// Every rule of dump validation about images and annotations, in report order.
    public static let all: [Rule] = [
        .boxOutOfRange, .boxDegenerate, .boxOutOfBounds, .boxTiny, .boxDuplicate, .classUnknown,
        .confidenceOutOfRange, .geometryInvalid, .imageMissing, .imageCorrupt, .imageUnsupported, .imageTooLarge,
        .imageLoaderRefuses, .imageStructure, .imageDimensions, .imageOrientation, .imageExtension,
        .imageTrailingData, .imageDuplicate, .splitInvalid, .splitLockedUnassigned, .splitLeak, .splitOverlap,
    ]

    /// Every rule of YOLO dataset validation, in report order: data.yaml, splits, label rows, label
    /// files, images, content across splits.
    public static let dataset: [Rule] = [
        .datasetConfig, .datasetDownload, .datasetSplitMissing, .datasetSplitEmpty, .labelColumns, .labelNotANumber,
        .labelClassInvalid, .labelClassOutOfRange, .labelOutOfRange, .labelOutOfBounds, .labelDegenerate,
        .labelDuplicate, .labelMixedTasks, .labelEncoding, .labelWhitespace, .labelMissing, .labelEmpty, .labelOrphan,
        .imageMissing, .imageCorrupt, .imageUnsupported, .imageTooLarge, .imageLoaderRefuses, .imageStructure,
        .imageExtension, .imageTrailingData, .imageDuplicate, .splitLeak, .splitOverlap,
    ]

    /// Rules about versions, reported by `validate` on a workspace and by `snapshot`.
    public static let versions: [Rule] = [.versionIntegrity, .versionDropped]

    /// Every rule of any kind, once: what a config may name.
    public static let known: [Rule] = (dumpFile + all + dataset + sources + versions).reduce(into: []) {
        known, rule in
        if !known.contains(rule) { known.append(rule) }
    }

    /// Rules merged into others: a config naming one is told which.
    static let renamed: [String: String] = ["image.too-small": Rule.imageLoaderRefuses.id]

    public static func named(_ id: String) -> Rule? {
        known.first { $0.id == id }
    }
}
