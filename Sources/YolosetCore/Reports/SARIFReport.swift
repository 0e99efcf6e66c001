internal import Foundation

/// SARIF 2.1.0, as GitHub code scanning takes it whole: one run; every rule with its descriptions, help
/// and tags; one result per finding at the dump (with its line and column, and the JSON path as a
/// logical location) or the dataset file, the image file as a related location; paths relative to the
/// checkout (`%SRCROOT%`); fingerprints that survive moved files and shifted lines; at most
/// `resultLimit` results, the rest counted in a notification.
struct SARIFReport {
    let report: ValidationReport
    let context: ReportContext
    /// GitHub's upload limit: results past it are dropped, so yoloset drops them itself and says so.
    var resultLimit = 25_000

    static let srcroot = "%SRCROOT%"

    func render() -> String {
        let rules = report.rules
        let fingerprints = FindingFingerprints.of(report)
        var entries: [Result] = report.findings.indices.map { index in
            result(
                report.findings[index], fingerprint: fingerprints[index], rules: rules,
                state: report.baseline?.states[index])
        }
        if let baseline = report.baseline {
            let absent = FindingFingerprints.of(baseline.absent, root: FindingFingerprints.root(of: report.subject))
            entries += zip(baseline.absent, absent).map { result($0, fingerprint: $1, rules: rules, state: .absent) }
        }
        var notifications: [Notification] = []
        if entries.count > resultLimit {
            // Errors first, then warnings, then notes; report order within each.
            let rank = ["error": 0, "warning": 1, "note": 2, "none": 3]
            let kept = entries.indices.sorted {
                (rank[entries[$0].level] ?? 3, $0) < (rank[entries[$1].level] ?? 3, $1)
            }
            .prefix(resultLimit).sorted()
            let left = entries.count - kept.count
            let leftErrors = entries.count { $0.level == "error" } - kept.count { entries[$0].level == "error" }
            notifications.append(
                Notification(
                    level: "warning",
                    message: .init(
                        text:
                            "\(left) more result\(left == 1 ? "" : "s") (\(leftErrors) error\(leftErrors == 1 ? "" : "s")) "
                            + "are not in this file: GitHub code scanning takes at most \(resultLimit) a run. "
                            + "The JSON report (--format json) lists every finding.")))
            entries = kept.map { entries[$0] }
        }
        let unreadable = report.unreadableDumps
        if unreadable > 0 {
            notifications.append(
                Notification(
                    level: "error",
                    message: .init(
                        text:
                            "\(unreadable) dump\(unreadable == 1 ? "" : "s") could not be read (dump.unreadable): "
                            + "their images were not checked, and the run is incomplete.")))
        }
        let log = Log(
            schema: "https://json.schemastore.org/sarif-2.1.0.json",
            version: "2.1.0",
            runs: [
                Run(
                    tool: .init(
                        driver: .init(
                            name: "yoloset", version: YolosetVersion.current, rules: rules.map(descriptor))),
                    automationDetails: .init(id: context.automationID),
                    originalUriBaseIds: context.base.map { [Self.srcroot: .init(uri: Self.folderURI($0))] },
                    columnKind: "unicodeCodePoints",
                    invocations: [
                        .init(executionSuccessful: unreadable == 0, toolExecutionNotifications: notifications)
                    ],
                    results: entries)
            ])
        return encodeJSON(log)
    }

    private func descriptor(_ rule: Rule) -> ReportingDescriptor {
        let documentation = rule.documentation
        let level = report.disabledRules.contains(rule.id) ? "none" : Self.level(rule.defaultSeverity)
        return ReportingDescriptor(
            id: rule.id, name: rule.name, shortDescription: .init(text: rule.summary),
            fullDescription: .init(text: documentation.checks),
            help: .init(
                text:
                    "\(documentation.checks)\n\nWhy it matters: \(documentation.why)\n\nHow to fix: \(documentation.fix)",
                markdown:
                    "\(documentation.checks)\n\n**Why it matters for training.** \(documentation.why)\n\n"
                    + "**How to fix.** \(documentation.fix)"),
            defaultConfiguration: .init(level: level),
            properties: .init(tags: documentation.tags))
    }

    private func result(_ finding: Finding, fingerprint: String, rules: [Rule], state: BaselineState?) -> Result {
        let location = finding.location
        return Result(
            ruleId: finding.rule.id,
            ruleIndex: rules.firstIndex(of: finding.rule),
            level: Self.level(finding.severity),
            message: .init(text: finding.message),
            locations: [
                Location(
                    physicalLocation: .init(
                        artifactLocation: artifact(location.file),
                        region: Region(startLine: location.line ?? 1, startColumn: location.column)),
                    logicalLocations: location.jsonPath.map { [.init(fullyQualifiedName: $0, kind: "member")] })
            ],
            relatedLocations: location.imageFile.flatMap { $0 == location.file ? nil : $0 }.map {
                [
                    RelatedLocation(
                        id: 1, physicalLocation: .init(artifactLocation: artifact($0), region: nil),
                        message: .init(text: "image file"))
                ]
            },
            partialFingerprints: [FindingFingerprints.sarifKey: fingerprint],
            baselineState: state?.rawValue,
            properties: .init(
                batchId: location.batchID, imageId: location.imageID, annotationId: location.annotationID,
                itemId: location.itemID))
    }

    /// A path relative to the checkout when inside it; else an absolute `file:` URI (or, without a
    /// base, the path as the run named it).
    private func artifact(_ path: String) -> ArtifactLocation {
        if let relative = context.relative(path) { return .init(uri: Self.uri(relative), uriBaseId: Self.srcroot) }
        if context.base != nil { return .init(uri: "file://" + Self.uri(ReportContext.absolute(path))) }
        return .init(uri: Self.uri(path))
    }

    /// SARIF's levels: `info` is a `note`.
    static func level(_ severity: Severity) -> String {
        severity == .info ? "note" : severity.rawValue
    }

    /// A path as a URI reference: each segment percent-encoded.
    static func uri(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ";?#[]")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    /// An absolute folder as a `file:` URI with a final slash, as `originalUriBaseIds` wants.
    static func folderURI(_ folder: String) -> String {
        "file://" + uri(folder.hasSuffix("/") ? folder : folder + "/")
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
        let automationDetails: AutomationDetails
        let originalUriBaseIds: [String: BaseURI]?
        let columnKind: String
        let invocations: [Invocation]
        let results: [Result]
    }

    struct AutomationDetails: Encodable { let id: String }

    struct BaseURI: Encodable { let uri: String }

    struct Invocation: Encodable {
        let executionSuccessful: Bool
        let toolExecutionNotifications: [Notification]
    }

    struct Notification: Encodable {
        let level: String
        let message: Message
    }

    struct Tool: Encodable { let driver: Driver }

    struct Driver: Encodable {
        let name: String
        let version: String
        let rules: [ReportingDescriptor]
    }

    struct ReportingDescriptor: Encodable {
        let id: String
        let name: String
        let shortDescription: Message
        let fullDescription: Message
        let help: Help
        let defaultConfiguration: Configuration
        let properties: RuleProperties
    }

    struct Help: Encodable {
        let text: String
        let markdown: String
    }

    struct RuleProperties: Encodable { let tags: [String] }

    struct Configuration: Encodable { let level: String }

    struct Message: Encodable { let text: String }

    struct Result: Encodable {
        let ruleId: String
        let ruleIndex: Int?
        let level: String
        let message: Message
        let locations: [Location]
        let relatedLocations: [RelatedLocation]?
        let partialFingerprints: [String: String]
        let baselineState: String?
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
        let region: Region?
    }

    struct Region: Encodable {
        let startLine: Int
        let startColumn: Int?
    }

    struct ArtifactLocation: Encodable {
        let uri: String
        var uriBaseId: String? = nil
    }

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
