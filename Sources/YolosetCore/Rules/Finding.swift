/// One problem found in the data. Findings are values, not errors: a run collects them all.
public struct Finding: Sendable, Equatable {
    public var rule: Rule
    public var severity: Severity
    public var message: String
    public var location: Location

    /// Where a finding is: the dump, the JSON path inside it, and the ids a person searches for.
    public struct Location: Sendable, Equatable {
        /// The dump file.
        public var file: String
        public var jsonPath: String
        public var batchID: String?
        public var imageID: String?
        public var annotationID: String?
        /// The image file, when one was involved.
        public var imageFile: String?

        public init(
            file: String, jsonPath: String, batchID: String? = nil, imageID: String? = nil,
            annotationID: String? = nil, imageFile: String? = nil
        ) {
            self.file = file
            self.jsonPath = jsonPath
            self.batchID = batchID
            self.imageID = imageID
            self.annotationID = annotationID
            self.imageFile = imageFile
        }
    }

    public init(rule: Rule, severity: Severity, message: String, location: Location) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.location = location
    }
}
