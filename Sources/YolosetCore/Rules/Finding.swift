/// One problem found in the data. Findings are values, not errors: a run collects them all.
public struct Finding: Sendable, Equatable {
    public var rule: Rule
    public var severity: Severity
    public var message: String
    public var location: Location

    /// Where a finding is: the dump and the JSON path inside it, with the ids a person searches for;
    /// or, in a YOLO dataset, the label file (or data.yaml) and its line.
    public struct Location: Sendable, Equatable {
        /// The dump file; in a dataset, the label file, data.yaml, an image list, or the image itself.
        public var file: String
        /// Inside a dump; nil in a dataset.
        public var jsonPath: String?
        /// 1-based line in `file`, when the finding is about one line (a label row, a data.yaml key) or,
        /// in a dump, the line of the value at `jsonPath`.
        public var line: Int?
        /// 1-based column (in Unicode scalars) of the value's first character in a dump; nil elsewhere.
        public var column: Int?
        public var batchID: String?
        public var imageID: String?
        public var annotationID: String?
        /// The image file, when one was involved.
        public var imageFile: String?
        /// A Runflow item's or Nimble task's id.
        public var itemID: String?

        public init(
            file: String, jsonPath: String?, line: Int? = nil, column: Int? = nil, batchID: String? = nil,
            imageID: String? = nil, annotationID: String? = nil, imageFile: String? = nil, itemID: String? = nil
        ) {
            self.file = file
            self.jsonPath = jsonPath
            self.line = line
            self.column = column
            self.batchID = batchID
            self.imageID = imageID
            self.annotationID = annotationID
            self.imageFile = imageFile
            self.itemID = itemID
        }
    }

    public init(rule: Rule, severity: Severity, message: String, location: Location) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.location = location
    }
}
