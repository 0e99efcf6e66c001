/// Tells which API a dump's top-level object comes from, by the fields only that API has.
///
/// `id`, `status`, `created_at` and `completed_at` are shared, so they decide nothing. A file with no
/// telling field is read as Acusight, as before other sources existed (so its errors read as they did).
enum DumpShape {
    /// Top-level fields that only one API has.
    static let telling: [(source: DumpSource, keys: [String])] = [
        (
            .acusight,
            [
                "success", "error", "data", "images", "stage", "project", "project_id", "organization_id",
                "device_id", "pipeline_config", "tags", "updated_at",
            ]
        ),
        (
            .runflow,
            [
                "items", "status_code", "items_total", "items_succeeded", "items_failed", "items_cancelled",
                "started_at", "failure_code", "failure_message",
            ]
        ),
        (.nimble, ["tasks", "completed", "completed_count", "progress"]),
    ]

    /// The source of `top`; `forced` (from `--source`) wins unless the object has another API's fields
    /// and none of its own. Two APIs' fields at once, unforced, is an error asking for `--source`.
    static func detect(_ top: JSONObjectNode, forced: DumpSource?) throws(DumpError) -> DumpSource {
        let keys = Set(top.keys)
        let hits = telling.map { entry in (entry.source, entry.keys.filter(keys.contains)) }.filter { !$0.1.isEmpty }
        if let forced {
            guard hits.isEmpty || hits.contains(where: { $0.0 == forced }) else {
                throw .wrongSource(
                    file: top.node.file, forced: forced, found: hits[0].0,
                    fields: hits[0].1.prefix(3).joined(separator: ", "))
            }
            return forced
        }
        switch hits.count {
        case 0: return .acusight
        case 1: return hits[0].0
        default:
            throw .malformed(
                file: top.node.file, jsonPath: "$",
                problem: "the object has fields of "
                    + hits.map { "\($0.0.displayName) (\($0.1.prefix(3).joined(separator: ", ")))" }
                    .joined(separator: " and ")
                    + "; name its API with --source acusight|runflow|nimble")
        }
    }
}
