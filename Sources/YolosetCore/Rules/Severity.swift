/// How much a finding matters. Ordered: `warning < error`.
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case warning, error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .warning && rhs == .error
    }
}
