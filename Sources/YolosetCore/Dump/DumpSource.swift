/// The batch API a dump comes from. Detected from the JSON's shape (`DumpShape`), or forced with
/// `yoloset validate --source`.
public enum DumpSource: String, Sendable, CaseIterable, Comparable {
    /// `GET /data/batches/{id}` bodies, list pages, bare batches: images with annotations.
    case acusight
    /// `GET /v1/batches/{id}` and its paginated `GET /v1/batches/{id}/items` pages.
    case runflow
    /// `GET /v1/batches/{batch_id}`: a batch of tasks.
    case nimble

    /// How messages name the API.
    public var displayName: String {
        switch self {
        case .acusight: "Acusight"
        case .runflow: "Runflow"
        case .nimble: "Nimble"
        }
    }

    public static func < (lhs: DumpSource, rhs: DumpSource) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
