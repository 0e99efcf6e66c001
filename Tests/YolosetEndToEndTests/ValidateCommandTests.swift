import Foundation
import Synchronization
import Testing
import YolosetTestSupport

/// Runs `yoloset validate` as CI would, and checks exit codes, streams and files.
@Suite struct ValidateCommandTests {
    @Test func sampleDatasetPassesWithExitZero() throws {
        let run = try CLI.yoloset([
            "validate", "fixtures/sample/dumps", "--images", "fixtures/sample/images", "--check", "full",
        ])
        #expect(run.status == 0)
        #expect(
            run.stdout.contains(
                "2 dumps, 2 batches, 14 images, 24 annotations (full check): 0 errors, 0 warnings — passed"))
        #expect(run.stderr.isEmpty, "no progress bar when stderr is not a terminal: \(run.stderr)")
    }

    @Test func findingsAtTheThresholdExitOne() throws {
        let run = try CLI.yoloset(["validate", "fixtures/broken/box-out-of-range.json"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("box.out-of-range"))
    }

    /// `$.data.images[0].annotations[1]` of box-out-of-range.json is the `{` on line 71, column 11.
    @Test(arguments: ["text", "json", "junit"])
    func dumpFindingsNameTheLineAndColumnOfTheirValue(format: String) throws {
        let run = try CLI.yoloset(["validate", "fixtures/broken/box-out-of-range.json", "--format", format])
        #expect(run.status == 1)
        switch format {
        case "text":
            #expect(
                run.stdout.contains("\n  fixtures/broken/box-out-of-range.json:71:11 $.data.images[0].annotations[1] (")
            )
        case "junit":
            #expect(
                run.stdout.contains(
                    "error: fixtures/broken/box-out-of-range.json:71:11 $.data.images[0].annotations[1] ("))
        default:
            let finding = try #require((run.json?["findings"] as? [[String: Any]])?.first)
            #expect(finding["line"] as? Int == 71)
            #expect(finding["column"] as? Int == 11)
        }
    }

    @Test func failOnDecidesWhatFails() throws {
        let dump = "fixtures/broken/image-orientation.json"
        #expect(try CLI.yoloset(["validate", dump]).status == 0)
        #expect(try CLI.yoloset(["validate", dump, "--fail-on", "warning"]).status == 1)
        #expect(try CLI.yoloset(["validate", "fixtures/broken/split-leak.json", "--fail-on", "never"]).status == 0)
    }

    @Test(arguments: TestResources.badDumpExpectations().sorted(by: { $0.key < $1.key }))
    func unreadableDumpExitsTwoWithOneLineAfterWritingTheReport(entry: (key: String, value: String)) throws {
        let scratch = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let report = scratch.appendingPathComponent("report.json")
        let run = try CLI.yoloset([
            "validate", "fixtures/bad-dumps/\(entry.key)", "--images", "fixtures/bad-dumps", "--format", "json",
            "--output", report.path,
        ])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("yoloset: error: "))
        #expect(run.stderr.contains(entry.value))
        #expect(!run.stderr.contains("Fatal error") && !run.stderr.contains("Stack dump"))
        let written = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any])
        let findings = written["findings"] as? [[String: Any]] ?? []
        let unreadable = findings.filter { $0["rule"] as? String == "dump.unreadable" }
        #expect(unreadable.count == 1)
        #expect((unreadable.first?["message"] as? String)?.contains(entry.value) == true)
    }

    @Test(arguments: [
        ["validate"], ["validate", "fixtures/sample/dumps", "--format", "xml"],
        ["validate", "fixtures/sample/dumps", "--check", "deep"], ["validate", "fixtures/sample/dumps", "--jobs", "0"],
        ["validate", "--no-such-flag", "fixtures/sample/dumps"],
    ])
    func badArgumentsExitTwo(arguments: [String]) throws {
        let run = try CLI.yoloset(arguments)
        #expect(run.status == 2, "\(arguments): \(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(!run.stderr.isEmpty)
    }

    @Test func missingPathAndBadConfigExitTwo() throws {
        let missing = try CLI.yoloset(["validate", "no/such/dumps"])
        #expect(missing.status == 2 && missing.stderr == "yoloset: error: 'no/such/dumps': no such file or folder.\n")
        let scratch = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let config = scratch.appendingPathComponent("v.yaml")
        try Data("rules:\n  box.tiny: { min_side: 3 }\n".utf8).write(to: config)
        let bad = try CLI.yoloset(["validate", "fixtures/sample/dumps", "--config", config.path])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("rules.box.tiny.min_side: unknown key"))
    }

    /// A FIFO (or any file that is not a regular file) where an image should be is a finding, never a wait:
    /// opening a FIFO for reading blocks until some writer appears. A watchdog writer unblocks a run that
    /// waits after 20 s, so a regression fails this test instead of hanging the suite.
    @Test func aFIFOInPlaceOfAnImageIsAFindingNotAWait() throws {
        let scratch = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let images = scratch.appendingPathComponent("images")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: TestResources.fixture("sample/images")), to: images)
        let fifo = images.appendingPathComponent("org-7/b-1001/frame_0002.jpg")
        try FileManager.default.removeItem(at: fifo)
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let finished = Mutex(false)
        let rescued = Mutex(false)
        let watchdog = Thread {
            for _ in 0..<200 {
                Thread.sleep(forTimeInterval: 0.1)
                if finished.withLock({ $0 }) { return }
            }
            while !finished.withLock({ $0 }) {
                let fd = open(fifo.path, O_WRONLY | O_NONBLOCK)
                if fd >= 0 {
                    rescued.withLock { $0 = true }
                    close(fd)
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        watchdog.start()
        let run = try CLI.yoloset([
            "validate", TestResources.fixture("sample/dumps"), "--images", images.path, "--format", "json",
        ])
        finished.withLock { $0 = true }
        #expect(!rescued.withLock { $0 }, "validate waited on the FIFO until the watchdog wrote to it")
        #expect(run.status == 1, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let fifoFindings = findings.filter { $0["image_id"] as? String == "img-1001-02" }
        #expect(
            fifoFindings.contains { ($0["message"] as? String)?.contains("not a regular file") == true },
            "\(fifoFindings)")
    }

    @Test func configTurnsRulesOffAndUp() throws {
        let scratch = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let config = scratch.appendingPathComponent("v.yaml")
        try Data("rules:\n  image.orientation: error\n".utf8).write(to: config)
        let stricter = try CLI.yoloset(["validate", "fixtures/broken/image-orientation.json", "--config", config.path])
        #expect(stricter.status == 1)
        try Data("rules:\n  box.out-of-range: off\n".utf8).write(to: config)
        let off = try CLI.yoloset(["validate", "fixtures/broken/box-out-of-range.json", "--config", config.path])
        #expect(off.status == 0)
    }

    @Test(arguments: ["text", "json", "junit", "sarif"])
    func outputFileHoldsTheReportAndStdoutStaysEmpty(format: String) throws {
        let scratch = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let report = scratch.appendingPathComponent("report.out")
        let run = try CLI.yoloset([
            "validate", "fixtures/broken/split-leak.json", "--format", format, "--output", report.path,
        ])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        let written = try String(contentsOf: report, encoding: .utf8)
        #expect(written.contains("split.leak"))
    }

    @Test func changeDirectoryOptionResolvesRelativePaths() throws {
        let run = try CLI.yoloset(
            ["validate", "-C", TestResources.fixture("sample"), "dumps", "--images", "images", "--format", "json"],
            in: FileManager.default.temporaryDirectory)
        #expect(run.status == 0)
        #expect(run.stdout.contains("\"images\" : 14"))
        let bad = try CLI.yoloset(["validate", "-C", "no/such/folder", "dumps"])
        #expect(bad.status == 2 && bad.stderr.contains("-C 'no/such/folder'"))
    }

    @Test func inputsAreNeverModified() throws {
        let paths = try FileManager.default.subpathsOfDirectory(atPath: TestResources.fixtures.path).sorted()
        func snapshot() throws -> [String: Data] {
            var contents: [String: Data] = [:]
            for path in paths {
                let url = TestResources.fixtures.appendingPathComponent(path)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    contents[path] = try Data(contentsOf: url)
                }
            }
            return contents
        }
        let before = try snapshot()
        for arguments in [
            ["validate", "fixtures/broken", "--check", "full"], ["validate", "fixtures/formats", "--check", "full"],
            ["validate", "fixtures/bad-dumps"],
        ] {
            _ = try CLI.yoloset(arguments)
        }
        #expect(try snapshot() == before)
    }

    @Test func helpListsEveryRule() throws {
        let run = try CLI.yoloset(["validate", "--help"])
        #expect(run.status == 0)
        for rule in ["box.out-of-range", "image.corrupt", "split.leak"] {
            #expect(run.stdout.contains(rule))
        }
    }
}
