/// The rules of YOLO dataset validation that dumps do not have. Datasets share `image.missing`,
/// `image.corrupt`, `image.extension`, `image.trailing-data`, `image.duplicate` and `split.leak` with dumps.
extension Rule {
    public static let datasetConfig = Rule(
        id: "dataset.config", defaultSeverity: .error,
        summary: "data.yaml lacks train or val, or its names (a list, or a mapping 0..nc-1) and nc disagree.")
    public static let datasetDownload = Rule(
        id: "dataset.download", defaultSeverity: .warning,
        summary: "data.yaml has a download: key, which Ultralytics runs (a URL or a script) when a split is missing.")
    public static let datasetSplitMissing = Rule(
        id: "dataset.split-missing", defaultSeverity: .error,
        summary: "A folder or image list that data.yaml names for a split does not exist.")
    public static let datasetSplitEmpty = Rule(
        id: "dataset.split-empty", defaultSeverity: .error,
        summary: "A split that data.yaml lists holds no images (Ultralytics refuses to load it).")
    public static let labelColumns = Rule(
        id: "label.columns", defaultSeverity: .error,
        summary: "A label row has neither 5 values (a box) nor an odd number of 7 or more (a polygon).")
    public static let labelNotANumber = Rule(
        id: "label.not-a-number", defaultSeverity: .error,
        summary: "A label coordinate is not a finite decimal number.")
    public static let labelClassInvalid = Rule(
        id: "label.class-invalid", defaultSeverity: .error,
        summary: "A label's class id is not a whole number (1.5, a).")
    public static let labelClassOutOfRange = Rule(
        id: "label.class-out-of-range", defaultSeverity: .error,
        summary: "A label's class id is negative or not below nc.")
    public static let labelOutOfRange = Rule(
        id: "label.out-of-range", defaultSeverity: .error, summary: "A label coordinate is outside [0, 1].")
    public static let labelOutOfBounds = Rule(
        id: "label.out-of-bounds", defaultSeverity: .error,
        summary: "A box reaches past the image edge by more than the tolerance (pixels, real image size).")
    public static let labelDegenerate = Rule(
        id: "label.degenerate", defaultSeverity: .error,
        summary: "A box or polygon has zero or negative width or height.")
    public static let labelDuplicate = Rule(
        id: "label.duplicate", defaultSeverity: .warning,
        summary: "The same row appears twice in one label file (Ultralytics drops the copy).")
    public static let labelMixedTasks = Rule(
        id: "label.mixed-tasks", defaultSeverity: .error,
        summary: "Box rows and polygon rows are mixed (Ultralytics drops the file, or every polygon of the dataset).")
    public static let labelEncoding = Rule(
        id: "label.encoding", defaultSeverity: .warning,
        summary: "A label file is not UTF-8, or starts with a byte-order mark.")
    public static let labelWhitespace = Rule(
        id: "label.whitespace", defaultSeverity: .warning, summary: "A label file has blank lines or CRLF line ends.")
    public static let labelMissing = Rule(
        id: "label.missing", defaultSeverity: .warning,
        summary: "An image has no label file (Ultralytics takes it as background); an error in a yoloset version.")
    public static let labelEmpty = Rule(
        id: "label.empty", defaultSeverity: .info, summary: "A label file is empty: the image is a background image.")
    public static let labelOrphan = Rule(
        id: "label.orphan", defaultSeverity: .warning,
        summary: "A label file in a split's labels folder has no image; an error in a yoloset version.")
}
