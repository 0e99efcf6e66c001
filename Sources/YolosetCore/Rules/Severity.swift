/// How much a finding matters. Ordered: `info < warning < error`. `info` never fails a run: it notes
/// what is allowed but worth knowing (an empty label file is a background image).
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs.rank < rhs.rank
    }
}
