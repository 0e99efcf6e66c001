/// Dumps that could not be read, each named: after `validate` wrote its report (the run is incomplete),
/// or refusing an import whole. One dump is one line; several are a count, then a line each.
public struct UnreadableDumps: RunFailure, Equatable, Sendable {
    /// Each dump's problem, one line each, in the order of the dumps.
    public let problems: [String]
    /// What became of the run: "nothing was imported".
    public let consequence: String

    public init(problems: [String], consequence: String) {
        self.problems = problems
        self.consequence = consequence
    }

    /// The `dump.unreadable` findings of `report`; nil when it has none.
    public init?(report: ValidationReport, consequence: String) {
        let problems = report.findings.filter { $0.rule == .dumpUnreadable }.map(\.message)
        guard !problems.isEmpty else { return nil }
        self.init(problems: problems, consequence: consequence)
    }

    public var description: String {
        guard problems.count > 1 else { return "1 dump cannot be read (\(consequence)): \(problems.first ?? "")" }
        return "\(problems.count) dumps cannot be read (\(consequence)):\n"
            + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}
