/// Where a finding of a dump run sorts: by image (in dump order), then annotation, then rule. The key
/// travels with each finding of a shard's part, so that merged parts sort as one run's findings do.
struct FindingOrder: Comparable, Sendable {
    let sequence: Int
    let annotation: Int
    let rule: Int

    init(sequence: Int, annotation: Int, rule: Int) {
        self.sequence = sequence
        self.annotation = annotation
        self.rule = rule
    }

    init(sequence: Int, annotation: Int?, rule: Rule) {
        self.init(
            sequence: sequence, annotation: annotation ?? -1, rule: Rule.all.firstIndex(of: rule) ?? Rule.all.count)
    }

    /// A finding about a whole dump (the `dump`-th file): before the findings of its first image,
    /// after those of the dumps before it (which may have no images).
    init(dump: Int, beforeImage sequence: Int) {
        self.init(sequence: sequence, annotation: Int.min + dump, rule: 0)
    }

    static func < (lhs: FindingOrder, rhs: FindingOrder) -> Bool {
        (lhs.sequence, lhs.annotation, lhs.rule) < (rhs.sequence, rhs.annotation, rhs.rule)
    }

    /// `entries` in order; those with equal keys stay as they came (the rules' own order).
    static func sorted(_ entries: [(key: FindingOrder, finding: Finding)]) -> [(key: FindingOrder, finding: Finding)] {
        entries.indices.sorted { (entries[$0].key, $0) < (entries[$1].key, $1) }.map { entries[$0] }
    }
}
