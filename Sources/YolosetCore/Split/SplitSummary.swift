/// The outcome of a split, as Acusight reports it: counts per split, what was kept, locked and moved,
/// the class distribution per split against its targets, and warnings.
public struct SplitSummary: Sendable, Equatable {
    public var dryRun: Bool
    public var mode: String
    public var seed: UInt64
    public var groupBy: SplitGrouping
    public var batches: [String]
    /// Images that take part: in the batches, eligible (completed, stored, passing validation).
    public var total: Int
    public var splitCounts: [DatasetSplit: Int]
    /// Images that already had a split and kept it.
    public var keptCount: Int
    /// Images that kept their split and were locked before the run.
    public var lockedKeptCount = 0
    /// The request let unlocked images with a split move.
    public var forceReassignment = false
    /// Images locked when the run ends.
    public var lockedCount: Int
    /// Images whose split changed from one split to another.
    public var movedCount: Int
    /// Images that had no split and got one.
    public var assignedCount: Int
    /// Images left without a split (mode `existing`, or no split could take them).
    public var unassignedCount: Int
    /// Annotations per class name, per split.
    public var classDistribution: [DatasetSplit: [String: Int]]
    /// The annotations per class each split should hold under the requested ratios.
    public var classTargets: [String: [DatasetSplit: Double]]
    public var ratios: SplitRatios?
    public var warnings: [String]

    public func count(_ split: DatasetSplit) -> Int { splitCounts[split] ?? 0 }
}
