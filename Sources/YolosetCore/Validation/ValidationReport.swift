/// The outcome of a validation run: what was looked at and every finding, in a stable order.
public struct ValidationReport: Sendable, Equatable {
    public var check: CheckLevel
    public var dumps: Int
    public var batches: Int
    public var images: Int
    public var annotations: Int
    public var findings: [Finding]
    /// Rules the config turned off (reported as skipped where a format can say so).
    public var disabledRules: [String]

    public init(
        check: CheckLevel, dumps: Int, batches: Int, images: Int, annotations: Int, findings: [Finding],
        disabledRules: [String] = []
    ) {
        self.check = check
        self.dumps = dumps
        self.batches = batches
        self.images = images
        self.annotations = annotations
        self.findings = findings
        self.disabledRules = disabledRules
    }

    public var errors: Int { findings.count { $0.severity == .error } }
    public var warnings: Int { findings.count { $0.severity == .warning } }

    /// Whether the run fails CI at the given threshold.
    public func fails(at threshold: FailThreshold) -> Bool {
        findings.contains { threshold.fails($0.severity) }
    }
}

/// `--fail-on`: the lowest severity that fails a run.
public enum FailThreshold: String, Sendable, CaseIterable {
    case error, warning, never

    public func fails(_ severity: Severity) -> Bool {
        switch self {
        case .error: severity == .error
        case .warning: true
        case .never: false
        }
    }
}
