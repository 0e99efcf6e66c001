internal import Foundation

/// Where one Runflow item or Nimble task stands, whatever the API called it.
public enum ItemState: String, Sendable, CaseIterable {
    /// queued, dispatching, running; pending, in_progress, processing.
    case running
    /// succeeded, success, completed; and Runflow's partial_succeeded, which still has an output.
    case succeeded
    /// failed, error.
    case failed
    /// canceled or cancelled.
    case cancelled
    /// No status (a null task, a null status) or one neither API documents.
    case unknown

    /// The state a raw status names; case and surrounding spaces do not matter.
    public init(raw: String?) {
        guard let raw else {
            self = .unknown
            return
        }
        // Most statuses come as listed: one lookup, without trimming or lowercasing a copy.
        self = Self.names[raw] ?? Self.names[raw.trimmingCharacters(in: .whitespaces).lowercased()] ?? .unknown
    }

    private static let names: [String: ItemState] = {
        var names: [String: ItemState] = [:]
        for (state, raws) in [
            (ItemState.running, ["queued", "dispatching", "running", "pending", "in_progress", "processing"]),
            (.succeeded, ["succeeded", "success", "completed", "partial_succeeded"]), (.failed, ["failed", "error"]),
            (.cancelled, ["canceled", "cancelled"]),
        ] {
            for raw in raws { names[raw] = state }
        }
        return names
    }()

    /// Succeeded, failed and cancelled items are finished; running and unknown ones are not.
    public var isTerminal: Bool {
        switch self {
        case .succeeded, .failed, .cancelled: true
        case .running, .unknown: false
        }
    }
}
