internal import Crypto

/// Identifies each finding of a report by the data it is about, so a code-scanning UI, a baseline or a
/// merge request widget recognises it in the next run: not by where the files sit on this machine, not
/// by its line (a row inserted above must not make every finding below it new), and not by array
/// positions in a dump (an image inserted before it must not either).
///
/// - A dump finding: its rule, the batch, image, annotation and item ids, and its JSON path with array
///   indices left out (`$.data.images[].annotations[].x_center`).
/// - A dataset finding: its rule, its file relative to the dataset's folder, and its message with line
///   numbers left out.
///
/// Findings with the same key are told apart by their order (the second one of a kind is `#2`).
public enum FindingFingerprints {
    /// The key of `partialFingerprints` in SARIF; a new version when the key's recipe changes.
    public static let sarifKey = "yolosetFinding/v2"

    /// One fingerprint per finding, in order: 32 hex digits.
    public static func of(_ findings: [Finding], root: String? = nil) -> [String] {
        var seen: [String: Int] = [:]
        return findings.map { finding in
            let key = key(of: finding, root: root)
            let occurrence = seen[key, default: 0] + 1
            seen[key] = occurrence
            let text = occurrence == 1 ? key : key + "\u{0}#\(occurrence)"
            return SHA256.hash(data: Array(text.utf8)).prefix(16).hexString
        }
    }

    /// The fingerprints of a report's findings (a dataset's paths relative to its folder).
    public static func of(_ report: ValidationReport) -> [String] {
        of(report.findings, root: root(of: report.subject))
    }

    /// The folder a report's dataset paths are fingerprinted relative to.
    static func root(of subject: ValidationReport.Subject) -> String? {
        guard case .dataset(let dataset) = subject else { return nil }
        return Validator.folder(of: dataset.dataYAML)
    }

    private static func key(of finding: Finding, root: String?) -> String {
        let location = finding.location
        if let jsonPath = location.jsonPath {
            return [
                finding.rule.id, location.batchID ?? "", location.imageID ?? "", location.annotationID ?? "",
                location.itemID ?? "", withoutIndices(jsonPath),
            ].joined(separator: "\u{0}")
        }
        var file = location.file
        if let root, root != ".", file.hasPrefix(root + "/") { file.removeFirst(root.count + 1) }
        return [finding.rule.id, file, withoutLineNumbers(finding.message)].joined(separator: "\u{0}")
    }

    /// `$.a[3].b["x[1]"][0]` → `$.a[].b["x[1]"][]`: numeric subscripts only, never inside a quoted key.
    static func withoutIndices(_ path: String) -> String {
        var result = ""
        var rest = Substring(path)
        while let open = rest.firstIndex(of: "[") {
            result += rest[...open]
            rest = rest[rest.index(after: open)...]
            if rest.first == "\"" {
                // A quoted key runs to `"]`.
                let end = rest.dropFirst().range(of: "\"]")?.upperBound ?? rest.endIndex
                result += rest[..<end]
                rest = rest[end...]
                continue
            }
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, rest.dropFirst(digits.count).first == "]" { rest = rest.dropFirst(digits.count) }
        }
        return result + rest
    }

    /// "line 12" → "line #", wherever a message names a line.
    static func withoutLineNumbers(_ message: String) -> String {
        var result = ""
        var rest = Substring(message)
        while let range = rest.range(of: "line ") {
            result += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty {
                result += "#"
                rest = rest.dropFirst(digits.count)
            }
        }
        return result + rest
    }
}
