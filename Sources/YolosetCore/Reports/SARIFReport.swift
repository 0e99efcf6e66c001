internal import Crypto
internal import Foundation

/// SARIF 2.1.0: one run, the rule catalog as the driver's rules, one result per finding located at the
/// dump file with the JSON path as a logical location and the image file as a related location.
struct SARIFReport {
    let report: ValidationReport

    func render() -> String {
        let rules = report.rules
        let results = report.findings.map { finding in
            Result(
                ruleId: finding.rule.id,
                ruleIndex: rules.firstIndex(of: finding.rule) ?? 0,
                level: Self.level(finding.severity),
                message: .init(text: finding.message),
                locations: [
                    Location(
                        physicalLocation: .init(
                            artifactLocation: .init(uri: Self.uri(finding.location.file)),
                            region: finding.location.line.map { Region(startLine: $0) }),
                        logicalLocations: finding.location.jsonPath.map {
                            [.init(fullyQualifiedName: $0, kind: "member")]
                        })
                ],
                relatedLocations: finding.location.imageFile.flatMap {
                    $0 == finding.location.file ? nil : $0
                }.map {
                    [
                        RelatedLocation(
                            id: 1, physicalLocation: .init(artifactLocation: .init(uri: Self.uri($0))),
                            message: .init(text: "image file"))
                    ]
                },
                partialFingerprints: ["yolosetFinding/v1": Self.fingerprint(finding, root: root)],
                properties: .init(
                    batchId: finding.location.batchID, imageId: finding.location.imageID,
                    annotationId: finding.location.annotationID, itemId: finding.location.itemID))
        }
        let log = Log(
            schema: "https://json.schemastore.org/sarif-2.1.0.json",
            version: "2.1.0",
            runs: [
                Run(
                    tool: .init(
                        driver: .init(
                            name: "yoloset", version: YolosetVersion.current,
                            rules: rules.map { rule in
                                ReportingDescriptor(
                                    id: rule.id, shortDescription: .init(text: rule.summary),
                                    defaultConfiguration: .init(
                                        level: report.disabledRules.contains(rule.id)
                                            ? "none" : Self.level(rule.defaultSeverity)))
                            })),
                    results: results)
            ])
        return encodeJSON(log)
    }

    /// A dataset's folder: finding paths are fingerprinted relative to it.
    private var root: String? {
        guard case .dataset(let dataset) = report.subject else { return nil }
        return Validator.folder(of: dataset.dataYAML)
    }

    /// SARIF's levels: `info` is a `note`.
    static func level(_ severity: Severity) -> String {
        severity == .info ? "note" : severity.rawValue
    }

    /// A relative path as a URI reference: each segment percent-encoded.
    static func uri(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ";?#[]")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    /// Identifies a finding by the data it is about, not by where the files sit on this machine, so a
    /// code-scanning UI tracks it across checkouts and runs.
    static func fingerprint(_ finding: Finding, root: String? = nil) -> String {
        let location = finding.location
        let key: String
        if let jsonPath = location.jsonPath {
            key = [
                finding.rule.id, location.batchID ?? "", location.imageID ?? "", location.annotationID ?? "", jsonPath,
            ].joined(separator: "\u{0}")
        } else {
            // A dataset finding: its file within the dataset, and line.
            var file = location.file
            if let root, root != ".", file.hasPrefix(root + "/") { file.removeFirst(root.count + 1) }
            key = [finding.rule.id, file, location.line.map(String.init) ?? ""].joined(separator: "\u{0}")
        }
        return SHA256.hash(data: Data(key.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    struct Log: Encodable {
        let schema: String
        let version: String
        let runs: [Run]
        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    struct Run: Encodable {
        let tool: Tool
        let results: [Result]
    }

    struct Tool: Encodable { let driver: Driver }

    struct Driver: Encodable {
        let name: String
        let version: String
        let rules: [ReportingDescriptor]
    }

    struct ReportingDescriptor: Encodable {
        let id: String
        let shortDescription: Message
        let defaultConfiguration: Configuration
    }

    struct Configuration: Encodable { let level: String }

    struct Message: Encodable { let text: String }

    struct Result: Encodable {
        let ruleId: String
        let ruleIndex: Int
        let level: String
        let message: Message
        let locations: [Location]
        let relatedLocations: [RelatedLocation]?
        let partialFingerprints: [String: String]
        let properties: Properties
    }

    struct Location: Encodable {
        let physicalLocation: PhysicalLocation
        let logicalLocations: [LogicalLocation]?
    }

    struct RelatedLocation: Encodable {
        let id: Int
        let physicalLocation: PhysicalLocation
        let message: Message
    }

    struct PhysicalLocation: Encodable {
        let artifactLocation: ArtifactLocation
        var region: Region? = nil
    }

    struct Region: Encodable { let startLine: Int }

    struct ArtifactLocation: Encodable { let uri: String }

    struct LogicalLocation: Encodable {
        let fullyQualifiedName: String
        let kind: String
    }

    struct Properties: Encodable {
        let batchId: String?
        let imageId: String?
        let annotationId: String?
        /// Runflow and Nimble findings only; absent elsewhere.
        let itemId: String?
    }
}
