public import Foundation

/// Where the committed fixtures are, and helpers that read their expectations.
public enum TestResources {
    /// The repository root (tests run from a source checkout).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let fixtures = root.appendingPathComponent("fixtures")

    /// Absolute path of a file or folder under fixtures/.
    public static func fixture(_ relative: String) -> String {
        fixtures.appendingPathComponent(relative).path
    }

    /// `fixtures/broken/EXPECTED`: dump name → check level → rule ids, one per finding.
    public static func brokenExpectations() -> [String: [String: [String]]] {
        decode([String: [String: [String]]].self, "broken/EXPECTED")
    }

    /// `fixtures/bad-dumps/EXPECTED`: file or folder name → text the one-line error must contain.
    public static func badDumpExpectations() -> [String: String] {
        decode([String: String].self, "bad-dumps/EXPECTED")
    }

    /// `fixtures/runflow/EXPECTED` and `fixtures/nimble/EXPECTED`: case folder → what validate reports.
    public static func sourceExpectations(_ family: String) -> [String: SourceExpectation] {
        decode([String: SourceExpectation].self, "\(family)/EXPECTED")
    }

    /// One Runflow or Nimble case: exit status, counts of the summary, and rule ids (one per finding).
    public struct SourceExpectation: Decodable, Sendable {
        public let exit: Int32
        public let batches, items, succeeded, failed, cancelled, running, images: Int
        public let rules: [String]
    }

    /// `fixtures/<family>/malformed/EXPECTED`: file name → text the one-line error must contain.
    public static func malformedSourceExpectations(_ family: String) -> [String: String] {
        decode([String: String].self, "\(family)/malformed/EXPECTED")
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ relative: String) -> T {
        do {
            let data = try Data(contentsOf: fixtures.appendingPathComponent(relative))
            return try JSONDecoder().decode(type, from: data)
        } catch {
            fatalError("fixture manifest \(relative) is unreadable: \(error); run scripts/make-fixtures")
        }
    }

    /// Replaces the repository root in output, so golden files hold no machine-specific paths.
    public static func relativize(_ text: String) -> String {
        let prefix = root.path + "/"
        let encoded = prefix.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? prefix
        return text.replacingOccurrences(of: prefix, with: "").replacingOccurrences(of: encoded, with: "")
    }
}

/// Golden files: compares text with a committed file; `YOLOSET_RECORD_GOLDEN=1` rewrites the file.
public enum Golden {
    public static let directory = TestResources.root.appendingPathComponent("Tests/YolosetCoreTests/Golden")

    /// Nil when the text matches (or was recorded); else a description of the first difference.
    public static func mismatch(_ actual: String, file name: String) -> String? {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["YOLOSET_RECORD_GOLDEN"] == "1" {
            try? FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            do {
                try Data(actual.utf8).write(to: url)
            } catch {
                return "cannot record \(name): \(error)"
            }
            return nil
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return "golden file \(name) is missing; run the tests with YOLOSET_RECORD_GOLDEN=1 to record it"
        }
        guard expected != actual else { return nil }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let want = index < expectedLines.count ? String(expectedLines[index]) : "<end of file>"
            let got = index < actualLines.count ? String(actualLines[index]) : "<end of file>"
            if want != got {
                return "\(name) differs at line \(index + 1):\n  expected: \(want)\n  actual:   \(got)\n"
                    + "(re-record with YOLOSET_RECORD_GOLDEN=1 if the change is intended)"
            }
        }
        return "\(name) differs"
    }
}

extension TestResources {
    /// `fixtures/verdicts/EXPECTED`: image file name → the message-table row a full check decides or notes
    /// first (nil for a file no row is about), and the image rules reported at each check level.
    public static func verdictExpectations() -> [String: VerdictExpectation] {
        decode([String: VerdictExpectation].self, "verdicts/EXPECTED")
    }

    public struct VerdictExpectation: Decodable, Sendable {
        public let row: String?
        public let header: [String]
        public let full: [String]

        public func rules(_ check: String) -> [String] { check == "header" ? header : full }
    }
}
