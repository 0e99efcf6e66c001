/// What `yoloset split` was asked to do; mirrors Acusight's `PUT /data/batches/{id}/images/split`.
public struct SplitRequest: Sendable {
    public enum Mode: Sendable, Equatable {
        /// Assign new images by these shares, stratified by class.
        case proportions(SplitRatios)
        /// Assign every new image to one split.
        case all(DatasetSplit)
        /// Assign nothing; keep what is there and promote.
        case existing
    }

    public var mode: Mode
    /// Batch ids; empty means every batch in the workspace.
    public var batches: [String] = []
    /// Only images whose annotation_status is "completed" take part.
    public var completedOnly = true
    /// Unlocked images that already have a split may move.
    public var forceReassignment = false
    /// Set annotation_status "completed" on every image of the batches first.
    public var markAllComplete = false
    /// Set the batches' stage to "dataset".
    public var promote = true
    /// Lock every image this run assigns or moves.
    public var lock = false
    /// Images with error findings take part too.
    public var includeFailing = false
    public var seed: UInt64 = 0
    public var groupBy: SplitGrouping = .none
    /// Work out the plan and change nothing.
    public var dryRun = false

    public init(mode: Mode) {
        self.mode = mode
    }
}
