/// What an import added, updated and left unchanged.
public struct ImportReport: Sendable {
    public var dumps: Int
    public var batches: [BatchOutcome]
    public var validation: ValidationReport
    /// How the image files read entered the object store.
    public var objects: ObjectCounts
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

    /// Image files stored by this import: copied, cloned (reflink), hard-linked, or already there.
    public struct ObjectCounts: Sendable, Equatable {
        public var copied = 0
        public var cloned = 0
        public var linked = 0
        public var present = 0

        init(_ outcomes: some Sequence<ObjectStore.Outcome?>) {
            for outcome in outcomes {
                switch outcome {
                case .copied: copied += 1
                case .cloned: cloned += 1
                case .linked: linked += 1
                case .present: present += 1
                case nil: break
                }
            }
        }
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
    /// Batches of which no image file was found (every image `image.missing`), with their image counts:
    /// most often a wrong or missing `--images`, not bad data.
    public var batchesWithNoImageFound: [(id: String, images: Int)] {
        var missing: [String: Int] = [:]
        for finding in validation.findings where finding.rule == .imageMissing {
            if let batch = finding.location.batchID { missing[batch, default: 0] += 1 }
        }
        return batches.compactMap { batch in
            let images = batch.imagesAdded + batch.imagesUpdated + batch.imagesUnchanged
            return images > 0 && missing[batch.id] == images ? (batch.id, images) : nil
        }
    }

    public var changed: Bool {
        imagesAdded + imagesUpdated > 0 || batches.contains { $0.state == "added" || $0.state == "updated" }
    }
}
