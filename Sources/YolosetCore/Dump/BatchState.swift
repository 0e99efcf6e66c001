/// Where a Runflow or Nimble batch stands, as the batch itself says (its items may say otherwise).
public enum BatchState: String, Sendable, CaseIterable {
    case running
    case succeeded
    /// Runflow's partial_succeeded: finished, some items failed.
    case partiallySucceeded = "partially_succeeded"
    case failed
    case cancelled
    /// No status, or one neither API documents.
    case unknown

    public init(raw: String?) {
        switch raw?.trimmingCharacters(in: .whitespaces).lowercased() {
        case "partial_succeeded": self = .partiallySucceeded
        case let other:
            switch ItemState(raw: other) {
            case .running: self = .running
            case .succeeded: self = .succeeded
            case .failed: self = .failed
            case .cancelled: self = .cancelled
            case .unknown: self = .unknown
            }
        }
    }

    /// Succeeded (wholly or partly), failed or cancelled: the batch will not change.
    public var isTerminal: Bool {
        switch self {
        case .succeeded, .partiallySucceeded, .failed, .cancelled: true
        case .running, .unknown: false
        }
    }
}
