/// A Runflow or Nimble batch: what the batch says of itself, and its items (from the batch dump, its
/// items pages, or both; see `SourceBatches.assemble`).
public struct SourceBatch: Sendable {
    public var source: DumpSource
    public var id: Identifier?
    /// `status_code` (Runflow) or `status` (Nimble), as sent.
    public var rawStatus: String?
    public var status: BatchState
    /// Counts the batch declares, to compare with the items present.
    public var declared: DeclaredCounts
    public var createdAt: String?
    public var startedAt: String?
    public var completedAt: String?
    public var failureCode: String?
    public var failureMessage: String?
    public var items: [SourceItem]
    /// The batch dump; for items pages without one, the first page.
    public var file: String
    /// Whether a batch dump was read (else the batch is known only from its items pages).
    public var hasBatchDump: Bool

    /// What a batch says it holds; every field may be absent.
    public struct DeclaredCounts: Sendable, Equatable {
        /// Runflow's `items_total`, `items_succeeded`, `items_failed`, `items_cancelled`.
        public var total: Int?
        public var succeeded: Int?
        public var failed: Int?
        public var cancelled: Int?
        /// Nimble's `completed_count` (finished tasks), `completed` and `progress` (0...1).
        public var completed: Int?
        public var isCompleted: Bool?
        public var progress: Double?

        public init() {}
    }

    init(source: DumpSource, file: String) {
        self.source = source
        self.file = file
        status = .unknown
        declared = DeclaredCounts()
        items = []
        hasBatchDump = false
    }

    /// Items by state.
    public var tally: Tally {
        var tally = Tally()
        for item in items {
            tally.counts[item.state, default: 0] += 1
        }
        tally.total = items.count
        return tally
    }

    /// Complete once every item has reached a terminal state (succeeded, failed or cancelled).
    public var isComplete: Bool { items.allSatisfy(\.state.isTerminal) }

    /// How messages name the batch: `Runflow batch 5f0c…`.
    public var label: String {
        "\(source.displayName) batch \(id?.text ?? "without id")"
    }

    /// Items counted by state.
    public struct Tally: Sendable, Equatable {
        public var total = 0
        public var counts: [ItemState: Int] = [:]

        public subscript(state: ItemState) -> Int { counts[state] ?? 0 }

        /// `97/100, 2 failed, 1 cancelled`: succeeded of all, then the other states present.
        public var progress: String {
            var parts = ["\(self[.succeeded])/\(total)"]
            for (state, name) in [
                (ItemState.failed, "failed"), (.cancelled, "cancelled"), (.running, "running"),
                (.unknown, "without a known status"),
            ] where self[state] > 0 {
                parts.append("\(self[state]) \(name)")
            }
            return parts.joined(separator: ", ")
        }

        static func + (lhs: Tally, rhs: Tally) -> Tally {
            Tally(total: lhs.total + rhs.total, counts: lhs.counts.merging(rhs.counts, uniquingKeysWith: +))
        }
    }
}
