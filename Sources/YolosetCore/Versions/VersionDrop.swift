/// An image the previous version held that a new version leaves out, and why: a `version.dropped`
/// finding. `snapshot` reports each one; `run --fail-on` counts them.
public struct VersionDrop: Sendable, Equatable {
    /// The image's original id, as both versions' `version.json` name it.
    public var imageID: String
    public var batchID: String
    /// The version that held it and its split there.
    public var previousVersion: Int
    public var previousSplit: DatasetSplit
    public var reason: Reason
    /// `version.dropped`'s severity in the workspace's `validation:` rules.
    public var severity: Severity

    /// Why the new version does not hold the image.
    public enum Reason: Sendable, Equatable {
        /// It fails these rules at error severity, and the version config leaves such images out.
        case failedValidation(rules: [String])
        /// The version config's `batches:` does not name its batch.
        case batchNotSelected
        /// Its annotation status is no longer completed.
        case notCompleted
        /// It has no split any more.
        case noSplit
        /// Its bytes are not in the object store (its file was missing at the last import).
        case notStored
        /// The catalog no longer has the image.
        case notInWorkspace
        /// A background image of an assigned Runflow/Nimble batch, which the version config no longer takes.
        case backgroundLeftOut

        /// A stable snake_case name, for JSON.
        public var code: String {
            switch self {
            case .failedValidation: "failed_validation"
            case .batchNotSelected: "batch_not_selected"
            case .notCompleted: "not_completed"
            case .noSplit: "no_split"
            case .notStored: "not_stored"
            case .notInWorkspace: "not_in_workspace"
            case .backgroundLeftOut: "background_left_out"
            }
        }

        /// For people.
        public var text: String {
            switch self {
            case .failedValidation(let rules):
                "it fails validation (\(rules.isEmpty ? "an error finding" : rules.joined(separator: ", ")); "
                    + "`yoloset status` lists the findings)"
            case .batchNotSelected: "the version config's `batches:` does not select its batch"
            case .notCompleted: "it is no longer completed"
            case .noSplit: "it has no split"
            case .notStored: "its image file is not in the object store"
            case .notInWorkspace: "it is no longer in the workspace"
            case .backgroundLeftOut: "the version config no longer takes backgrounds (`backgrounds: assigned`)"
            }
        }
    }

    /// `version.dropped`'s message: which image of which version, and why it is left out.
    public var message: String {
        "\(imageID) (batch \(batchID)) was in \(previousSplit.rawValue) of v\(previousVersion) and is left out: "
            + reason.text
    }
}
