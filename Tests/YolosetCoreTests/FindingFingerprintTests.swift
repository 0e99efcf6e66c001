import Foundation
import Testing

@testable import YolosetCore

/// Fingerprints that survive what users do to their files: moved lines, inserted array elements,
/// another checkout folder; and SARIF's result limit.
@Suite struct FindingFingerprintTests {
    static func finding(_ rule: Rule = .boxOutOfRange, path: String?, file: String = "d.json", message: String = "m")
        -> Finding
    {
        Finding(
            rule: rule, severity: rule.defaultSeverity, message: message,
            location: .init(file: file, jsonPath: path, batchID: "b", imageID: "i", annotationID: "a"))
    }

    @Test func arrayIndicesAndLineNumbersDoNotCount() {
        #expect(
            FindingFingerprints.withoutIndices("$.data.images[12].annotations[0].x_center")
                == "$.data.images[].annotations[].x_center")
        #expect(FindingFingerprints.withoutIndices("$.data[\"a[1]\"]") == "$.data[\"a[1]\"]")
        #expect(
            FindingFingerprints.withoutLineNumbers("same as line 12; see line 3 and line x")
                == "same as line #; see line # and line x")
        let moved = FindingFingerprints.of([Self.finding(path: "$.data.images[3].annotations[1]")])
        let original = FindingFingerprints.of([Self.finding(path: "$.data.images[0].annotations[0]")])
        #expect(moved == original)
        let otherRule = FindingFingerprints.of([Self.finding(.boxTiny, path: "$.data.images[0].annotations[0]")])
        #expect(otherRule != original)
    }

    @Test func findingsWithOneKeyAreToldApartByOrder() {
        let twice = FindingFingerprints.of([Self.finding(path: "$.x"), Self.finding(path: "$.x")])
        #expect(twice.count == 2 && twice[0] != twice[1])
        #expect(twice.allSatisfy { $0.count == 32 })
    }

    @Test func datasetFindingsAreKeyedByTheirFileInTheDataset() {
        let label = { (root: String, line: Int) in
            Finding(
                rule: .labelOutOfRange, severity: .error, message: "value 1.5 on line \(line) is outside [0, 1]",
                location: .init(file: "\(root)/labels/train/a.txt", jsonPath: nil, line: line))
        }
        #expect(
            FindingFingerprints.of([label("/ci/1/data", 3)], root: "/ci/1/data")
                == FindingFingerprints.of([label("/home/me/data", 9)], root: "/home/me/data"))
    }

    @Test func sarifKeepsAtMostItsLimitErrorsFirstAndSaysHowManyItLeftOut() throws {
        let findings =
            (0..<6).map { Self.finding(.boxTiny, path: "$.w[\($0)]", message: "w\($0)") }
            + (0..<6).map { Self.finding(path: "$.e[\($0)]", message: "e\($0)") }
        let report = ValidationReport(
            check: .header, dumps: 1, batches: 1, images: 1, annotations: 12, findings: findings)
        var sarif = SARIFReport(report: report, context: .init())
        sarif.resultLimit = 8
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(sarif.render().utf8)) as? [String: Any])
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 8)
        #expect(results.count { $0["level"] as? String == "error" } == 6)
        let notifications = try #require(
            (run["invocations"] as? [[String: Any]])?.first?["toolExecutionNotifications"] as? [[String: Any]])
        let text = (notifications.first?["message"] as? [String: Any])?["text"] as? String ?? ""
        #expect(text.hasPrefix("4 more results (0 errors) are not in this file"), "\(text)")
    }
}
