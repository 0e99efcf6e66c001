/// What an import added, updated and left unchanged.
public struct ImportReport: Sendable {
    public var dumps: Int
    public var batches: [BatchOutcome]
    public var validation: ValidationReport
    /// Image files that entered the object store as hard links, as copies, or were already there.
    public var objectsLinked: Int
    public var objectsCopied: Int
    public var objectsPresent: Int
    /// Locked images whose newer dump asked for another split: the lock won.
    public var lockedKept: [LockedKept]
    /// Runflow and Nimble batches as they stand after the import (empty for Acusight dumps).
    public var sources: [SourceProgress] = []

    public struct BatchOutcome: Sendable {
        public var id: String
        public var name: String?
        public var file: String
        /// "added", "updated" or "unchanged": the batch's own fields; "older" for a Runflow or Nimble dump
        /// older than what the catalog holds (its fields were not taken).
        public var state: String
        public var imagesAdded: Int
        public var imagesUpdated: Int
        public var imagesUnchanged: Int
        /// Images whose current file failed a validation rule at error severity.
        public var imagesFailing: Int
    }

    public struct LockedKept: Sendable {
        public var imageID: String
        public var kept: String
        public var dumpSplit: String
    }

    public var imagesAdded: Int { batches.reduce(0) { $0 + $1.imagesAdded } }
    public var imagesUpdated: Int { batches.reduce(0) { $0 + $1.imagesUpdated } }
    public var imagesUnchanged: Int { batches.reduce(0) { $0 + $1.imagesUnchanged } }
    public var imagesFailing: Int { batches.reduce(0) { $0 + $1.imagesFailing } }
    public var changed: Bool {
        imagesAdded + imagesUpdated > 0 || batches.contains { $0.state == "added" || $0.state == "updated" }
    }
}
