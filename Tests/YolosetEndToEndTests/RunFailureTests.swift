import Foundation
import Testing
import YolosetTestSupport

@testable import yoloset

/// Every way a run can fail to complete ends alike: status 2, nothing on stdout, one line on stderr.
@Suite struct RunFailureTests {
    enum Situation: String, CaseIterable, CustomTestStringConvertible {
        case noWorkspace, missingDirectory, unreadableDump, missingConfig, unusableConfig, unparsableDataYAML
        case unknownBatch, unknownVersion, badArguments, unwritableReport

        var testDescription: String { rawValue }

        /// The command line, run in `scratch` (an empty folder), and text its error line holds.
        func command(in scratch: URL) throws -> (arguments: [String], expected: String) {
            let dumps = TestResources.fixture("sample/dumps")
            switch self {
            case .noWorkspace:
                return (["status"], "is not inside a yoloset workspace")
            case .missingDirectory:
                return (["-C", "no-such-folder", "status"], "cannot change into this folder")
            case .unreadableDump:
                // The report is written (to --output: stdout stays empty), then the run exits 2.
                return (
                    ["validate", TestResources.fixture("bad-dumps/empty.json"), "--output", "report.txt"],
                    "the file is empty"
                )
            case .missingConfig:
                return (["validate", dumps, "--config", "missing.yaml"], "Unable to use config 'missing.yaml'")
            case .unusableConfig:
                try "split:\n  ratios: {train: 0.9}\n".write(
                    to: scratch.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
                return (["validate", dumps, "--config", "bad.yaml"], "split: unknown key")
            case .unparsableDataYAML:
                // The YAML parser's message runs over several lines; the error line joins them.
                try "names: [\n  a: b\n".write(
                    to: scratch.appendingPathComponent("data.yaml"), atomically: true, encoding: .utf8)
                return (["validate", "data.yaml"], "Unable to read 'data.yaml': not valid YAML")
            case .unknownBatch:
                try Self.initWorkspace(in: scratch)
                return (["images", "--batch", "no-such-batch"], "no batch 'no-such-batch'")
            case .unknownVersion:
                try Self.initWorkspace(in: scratch)
                return (["show", "v9"], "no version 'v9'")
            case .badArguments:
                return (["split", "--mode", "all"], "--mode all needs --target")
            case .unwritableReport:
                // --output makes missing folders, but not through a file.
                try Data().write(to: scratch.appendingPathComponent("a-file"))
                return (["validate", dumps, "--output", "a-file/report.txt"], "cannot write the report")
            }
        }

        private static func initWorkspace(in scratch: URL) throws {
            #expect(try CLI.yoloset(["init"], in: scratch).status == 0)
        }
    }

    @Test(arguments: Situation.allCases)
    func aRunThatCannotCompleteExitsTwoWithOneLine(situation: Situation) throws {
        let scratch = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (arguments, expected) = try situation.command(in: scratch)
        let run = try CLI.yoloset(arguments, in: scratch)
        #expect(run.status == 2, "\(arguments): \(run.stderr)")
        #expect(run.stdout.isEmpty, "\(run.stdout)")
        #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.hasSuffix("\n"), "\(run.stderr)")
        #expect(run.stderr.hasPrefix("yoloset: error: ") && run.stderr.contains(expected), "\(run.stderr)")
    }

    /// An error of no type yoloset knows (a Foundation error a library let through) still means the run
    /// could not complete: status 2 and one line, never argument-parser's status 1.
    @Test func anUnexpectedErrorIsAFailureToRunToo() {
        struct Surprise: Error, CustomStringConvertible {
            var description: String { "the disk said no\n  (errno 5)" }
        }
        #expect(Yoloset.failureLine(for: Surprise()) == "the disk said no (errno 5)")
    }
}
