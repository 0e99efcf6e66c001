internal import Foundation
internal import GRDB

/// `yoloset validate` on a workspace: the gate for a repository that keeps its catalog. Reports what
/// the catalog knows is wrong, without re-reading any dump: every image's findings as its import stored
/// them, the workspace-wide content rules over every image (`image.duplicate`, `split.leak`,
/// `split.overlap`), and each version's integrity as `yoloset verify` checks it (`version.integrity`).
public struct WorkspaceValidator: Sendable {
    public var workspace: Workspace
    public var workers: Int?

    public init(workspace: Workspace, workers: Int? = nil) {
        self.workspace = workspace
        self.workers = workers
    }

    public func run() throws -> ValidationReport {
        let root = workspace.root
        let (counts, stored, content) = try workspace.catalog.read { db in
            let counts = try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT COUNT(*) FROM batches) AS batches, (SELECT COUNT(*) FROM images) AS images,
                        (SELECT COUNT(*) FROM annotations) AS annotations,
                        (SELECT COUNT(DISTINCT dump_file) FROM batches WHERE dump_file IS NOT NULL) AS dumps
                    """)!
            let stored = try Row.fetchAll(
                db,
                sql: """
                    SELECT f.rule, f.severity, coalesce(i.batch_id, f.batch_id) AS batch_id, f.image_id,
                        f.annotation_id, f.message, f.dump_file, f.json_path
                    FROM findings f LEFT JOIN images i ON f.image_id = i.id
                    WHERE f.image_id IS NOT NULL OR f.batch_id IS NOT NULL
                    ORDER BY 3, f.image_id, f.row
                    """
            ).map { row in
                Self.finding(
                    rule: row["rule"], severity: row["severity"], message: row["message"],
                    location: .init(
                        file: row["dump_file"], jsonPath: row["json_path"], batchID: row["batch_id"],
                        imageID: row["image_id"], annotationID: row["annotation_id"]))
            }
            var dumpOf: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, dump_file FROM batches WHERE dump_file IS NOT NULL") {
                dumpOf[row["id"]] = row["dump_file"]
            }
            let content = try Workspace.contentFindings(db).map { row in
                Self.finding(
                    rule: row.rule, severity: row.severity, message: row.message,
                    location: .init(
                        file: row.batchID.flatMap { dumpOf[$0] } ?? "\(root)/\(Workspace.stateFolder)/catalog.sqlite",
                        jsonPath: nil, batchID: row.batchID, imageID: row.imageID))
            }
            return (counts, stored, content)
        }
        let store = VersionStore(workspace: workspace)
        var versionFindings: [Finding] = []
        var filesChecked = 0
        let numbers = store.numbers()
        let config = workspace.config.validation
        if let severity = config.severity(of: .versionIntegrity) {
            for number in numbers {
                let report = try workspace.verify("v\(number)", workers: workers)
                filesChecked += report.filesChecked
                versionFindings += Self.findings(of: report, folder: store.folder(number), severity: severity)
            }
        }
        let rules = ValidationReport.Subject.workspaceRules
        return ValidationReport(
            subject: .workspace(
                .init(root: root, batches: counts["batches"], versions: numbers.count, versionFiles: filesChecked)),
            check: .header, dumps: counts["dumps"], batches: counts["batches"], images: counts["images"],
            annotations: counts["annotations"], findings: stored + content + versionFindings,
            disabledRules: rules.filter { config.severity(of: $0) == nil }.map(\.id))
    }

    private static func finding(rule id: String, severity: String, message: String, location: Finding.Location)
        -> Finding
    {
        let severity = Severity(rawValue: severity) ?? .error
        let rule = Rule.named(id) ?? Rule(id: id, defaultSeverity: severity, summary: "A rule of an earlier yoloset.")
        return Finding(rule: rule, severity: severity, message: message, location: location)
    }

    /// `verify`'s problems with one version, each a `version.integrity` finding on the file concerned
    /// (at the config's severity; an error by default).
    static func findings(of report: VerifyReport, folder: String, severity: Severity) -> [Finding] {
        func finding(_ path: String?, _ message: String) -> Finding {
            let file = path.map { "\(folder)/\($0)" } ?? folder
            return Finding(
                rule: .versionIntegrity, severity: severity,
                message: "v\(report.version): \(message)", location: .init(file: file, jsonPath: nil))
        }
        func cause(_ path: String) -> String {
            report.objectChanges[path].map { "; \($0.message)" } ?? ""
        }
        return report.changed.map { finding($0, "\($0) differs from the SHA-256 checksums.sha256 records\(cause($0))") }
            + report.missing.map { finding($0, "\($0) is missing\(cause($0))") }
            + report.extra.map { finding($0, "\($0) is not in checksums.sha256 (added after the snapshot)") }
            + report.structure.map { finding(nil, $0) }
    }
}
