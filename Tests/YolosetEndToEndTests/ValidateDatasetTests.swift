import Foundation
import Testing
import YolosetTestSupport

/// Runs `yoloset validate` on YOLO datasets: the handmade fixtures under fixtures/yolo and a real
/// snapshot, checking rule ids, files, lines, exit codes, the four report formats, and that nothing in
/// a dataset changes.
@Suite struct ValidateDatasetTests {
    /// One finding as the fixtures' EXPECTED lists it: rule, file relative to the dataset, line.
    struct Expected: Hashable, Comparable, CustomStringConvertible {
        let rule: String
        let file: String
        let line: Int?

        static func < (lhs: Expected, rhs: Expected) -> Bool {
            (lhs.rule, lhs.file, lhs.line ?? 0) < (rhs.rule, rhs.file, rhs.line ?? 0)
        }

        var description: String { "\(rule) \(file)\(line.map { ":\($0)" } ?? "")" }
    }

    /// fixtures/yolo/EXPECTED: dataset → check level → findings.
    static func expected(_ dataset: String, _ check: String) throws -> [Expected] {
        let data = try Data(contentsOf: TestResources.fixtures.appendingPathComponent("yolo/EXPECTED"))
        let all = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: [[Any]]]])
        return try #require(all[dataset]?[check]).map { entry in
            Expected(rule: entry[0] as! String, file: entry[1] as! String, line: entry[2] as? Int)
        }.sorted()
    }

    /// The findings of a JSON report, with files relative to `folder`.
    static func findings(_ run: CLI.Run, relativeTo folder: String) throws -> [Expected] {
        let json = try #require(run.json, "not JSON: \(run.stdout) \(run.stderr)")
        let findings = try #require(json["findings"] as? [[String: Any]])
        return findings.map { finding in
            var file = finding["file"] as! String
            if file.hasPrefix(folder + "/") { file.removeFirst(folder.count + 1) }
            return Expected(rule: finding["rule"] as! String, file: file, line: finding["line"] as? Int)
        }.sorted()
    }

    @Test(arguments: ["header", "full"])
    func brokenDatasetReportsEachProblemAtItsFileAndLine(check: String) throws {
        let folder = "fixtures/yolo/broken"
        let run = try CLI.yoloset(["validate", folder, "--format", "json", "--check", check])
        #expect(run.status == 1)
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        #expect(try Self.findings(run, relativeTo: folder) == Self.expected("broken", check))
    }

    @Test func aDatasetIsCheckedInFullByDefaultSoAJPEGCutInTheMiddleIsCaught() throws {
        let run = try CLI.yoloset(["validate", "fixtures/yolo/broken/data.yaml", "--format", "json"])
        #expect(run.json?["check"] as? String == "full")
        let corrupt = try Self.findings(run, relativeTo: "fixtures/yolo/broken").filter { $0.rule == "image.corrupt" }
        #expect(corrupt.map(\.file).contains("images/train/truncated-middle.jpg"))
        // Its end-of-image marker is intact: a header check lets it through, as Ultralytics does.
        let header = try CLI.yoloset(["validate", "fixtures/yolo/broken", "--format", "json", "--check", "header"])
        #expect(!header.stdout.contains("truncated-middle.jpg"))
    }

    @Test func cleanDatasetPassesWithNoErrorsOrWarnings() throws {
        for path in ["fixtures/yolo/clean", "fixtures/yolo/clean/data.yaml"] {
            let run = try CLI.yoloset(["validate", path])
            #expect(run.status == 0, "\(run.stdout)")
            #expect(
                run.stdout.hasSuffix(
                    "YOLO dataset fixtures/yolo/clean/data.yaml: 2 splits (train, val), 6 images, 6 label files, "
                        + "8 labels (full check): 0 errors, 0 warnings, 1 info — passed\n"))
            #expect(run.stdout.contains("fixtures/yolo/clean/labels/val/frame_06.txt (image "))
        }
        // An info never fails a run, not even at --fail-on warning.
        #expect(try CLI.yoloset(["validate", "fixtures/yolo/clean", "--fail-on", "warning"]).status == 0)
        let json = try CLI.yoloset(["validate", "fixtures/yolo/clean", "--format", "json"])
        #expect(try Self.findings(json, relativeTo: "fixtures/yolo/clean") == Self.expected("clean", "full"))
    }

    /// A file reached by two paths (a split folder that is a link to another, a link to one image) is one
    /// file: checked once, and in two splits a `split.leak`, whichever path the listing met first.
    @Test func filesReachedThroughLinksAreKnownByTheirRealPath() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let manager = FileManager.default
        let clean = TestResources.fixture("yolo/clean")
        for part in ["images", "labels"] {
            try manager.createDirectory(
                at: folder.appendingPathComponent("\(part)/extra"), withIntermediateDirectories: true)
            try manager.copyItem(
                atPath: "\(clean)/\(part)/train", toPath: folder.appendingPathComponent("\(part)/train").path)
            try manager.createSymbolicLink(
                atPath: folder.appendingPathComponent("\(part)/linked").path, withDestinationPath: "train")
        }
        try manager.createSymbolicLink(
            atPath: folder.appendingPathComponent("images/extra/one.jpg").path,
            withDestinationPath: "../train/frame_01.jpg")
        try manager.copyItem(
            atPath: "\(clean)/labels/train/frame_01.txt",
            toPath: folder.appendingPathComponent("labels/extra/one.txt").path)
        try Data("train: images/train\nval: [images/linked, images/extra]\nnames: [person, car, dog]\n".utf8)
            .write(to: folder.appendingPathComponent("data.yaml"))
        let run = try CLI.yoloset(["validate", folder.path, "--format", "json", "--check", "header"])
        let json = try #require(run.json, "\(run.stdout)\(run.stderr)")
        let findings = try #require(json["findings"] as? [[String: Any]])
        let leaks = findings.filter { $0["rule"] as? String == "split.leak" }
        #expect(leaks.count == 4, "\(findings)")
        #expect(leaks.allSatisfy { ($0["message"] as? String)?.contains("the same file is in train and val") == true })
        #expect((json["summary"] as? [String: Any])?["images"] as? Int == 4)
    }

    @Test func dataYAMLProblemsAreFindingsOnTheirLines() throws {
        let folder = "fixtures/yolo/bad-config"
        let run = try CLI.yoloset(["validate", folder, "--format", "json"])
        #expect(run.status == 1)
        #expect(try Self.findings(run, relativeTo: folder) == Self.expected("bad-config", "full"))
        #expect(run.stdout.contains("no 'val:' key"))
        #expect(run.stdout.contains("names has indices 0, 2"))
    }

    @Test func jsonReportHasStableSnakeCaseKeys() throws {
        let run = try CLI.yoloset(["validate", "fixtures/yolo/broken", "--format", "json"])
        let json = try #require(run.json)
        #expect(
            Set(json.keys) == [
                "schema_version", "subject", "tool", "check", "fail_on", "summary", "batches", "baseline", "findings",
            ])
        #expect(json["baseline"] is NSNull)
        #expect(json["batches"] is NSNull)
        #expect(json["schema_version"] as? Int == 2)
        #expect(json["subject"] as? String == "yolo_dataset")
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(
            Set(summary.keys) == [
                "workspace", "data_yaml", "version_folder", "split_names", "dumps", "dumps_unreadable", "sources",
                "batches", "items", "items_succeeded", "items_failed", "items_cancelled", "items_running",
                "items_unknown", "images", "label_files", "annotations", "versions", "version_files", "errors",
                "warnings", "infos", "passed",
            ])
        // What a dataset does not have is null, not absent: one shape for every subject.
        #expect(summary["dumps"] is NSNull && summary["workspace"] is NSNull && summary["items"] is NSNull)
        #expect(summary["data_yaml"] as? String == "fixtures/yolo/broken/data.yaml")
        #expect(summary["split_names"] as? [String] == ["train", "val", "test"])
        #expect(summary["passed"] as? Bool == false)
        let findings = try #require(json["findings"] as? [[String: Any]])
        for finding in findings {
            #expect(
                Set(finding.keys) == [
                    "rule", "severity", "message", "file", "line", "column", "json_path", "batch_id", "image_id",
                    "annotation_id", "item_id", "image_file", "fingerprint", "baseline_state",
                ])
        }
        let columns = try #require(findings.first { $0["rule"] as? String == "label.columns" })
        #expect(columns["line"] as? Int == 2)
        #expect(columns["column"] is NSNull)
        #expect(columns["image_file"] as? String == "fixtures/yolo/broken/images/train/columns.jpg")
        #expect(columns["json_path"] is NSNull)
    }

    @Test(arguments: ["text", "json", "junit", "sarif"])
    func everyFormatLocatesLabelFindingsByFileAndLine(format: String) throws {
        let scratch = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let output = scratch.appendingPathComponent("report")
        let run = try CLI.yoloset([
            "validate", "fixtures/yolo/broken", "--format", format, "--output", output.path,
        ])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        let text = try String(contentsOf: output, encoding: .utf8)
        switch format {
        case "text":
            #expect(text.contains("  fixtures/yolo/broken/labels/train/columns.txt:2 (image "))
        case "junit":
            #expect(text.contains("<testsuites name=\"yoloset validate\" tests=\"29\""))
            #expect(text.contains("<property name=\"data_yaml\" value=\"fixtures/yolo/broken/data.yaml\"/>"))
            #expect(text.contains("error: fixtures/yolo/broken/labels/train/columns.txt:2 (image "))
            #expect(text.contains("name=\"label.columns\" time=\"0\">\n      <failure"))
        case "sarif":
            let log = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let sarifRun = try #require((log["runs"] as? [[String: Any]])?.first)
            let results = try #require(sarifRun["results"] as? [[String: Any]])
            let columns = try #require(results.first { $0["ruleId"] as? String == "label.columns" })
            let location = try #require((columns["locations"] as? [[String: Any]])?.first)
            let physical = try #require(location["physicalLocation"] as? [String: Any])
            #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == 2)
            #expect(location["logicalLocations"] == nil)
            let empty = try #require(results.first { $0["ruleId"] as? String == "label.empty" })
            #expect(empty["level"] as? String == "note")
        default:
            #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
        }
    }

    @Test func aSnapshotVersionValidatesCleanAndIsLeftUntouched() throws {
        let (ws, version) = try VersionCommandTests.versioned()
        defer { try? FileManager.default.removeItem(at: ws) }
        let before = try Self.fingerprint(version)
        let run = try CLI.yoloset(["validate", "versions/v1"], in: ws)
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stdout.contains("yoloset version versions/v1/data.yaml: 3 splits (train, val, test), 11 images"))
        #expect(run.stdout.contains(": 0 errors, 0 warnings"))
        let json = try CLI.yoloset(["validate", "versions/v1", "--format", "json", "--check", "header"], in: ws)
        #expect((json.json?["summary"] as? [String: Any])?["version_folder"] as? Bool == true)
        #expect(try Self.fingerprint(version) == before)
        #expect(try VersionCommandTests.sha256sumCheck(version) == 0)
    }

    @Test func aVersionNeedsALabelForEveryImageAndAnImageForEveryLabel() throws {
        let (ws, version) = try VersionCommandTests.versioned()
        defer { try? FileManager.default.removeItem(at: ws) }
        // A writable copy: the version itself is read-only.
        let copy = ws.appendingPathComponent("copy")
        try FileManager.default.copyItem(at: version, to: copy)
        let labels = copy.appendingPathComponent("labels/train")
        try Self.makeWritable(copy)
        let first = try #require(try FileManager.default.contentsOfDirectory(atPath: labels.path).sorted().first)
        try FileManager.default.moveItem(
            at: labels.appendingPathComponent(first), to: labels.appendingPathComponent("renamed.txt"))
        let run = try CLI.yoloset(["validate", "copy", "--format", "json"], in: ws)
        #expect(run.status == 1)
        let findings = try #require(run.json?["findings"] as? [[String: Any]])
        let rules = findings.filter { $0["severity"] as? String != "info" }.map { "\($0["rule"]!) \($0["severity"]!)" }
            .sorted()
        #expect(rules == ["label.missing error", "label.orphan error"])
        // The same files as a plain dataset (no version.json): warnings, as for any Ultralytics dataset.
        try FileManager.default.removeItem(at: copy.appendingPathComponent("version.json"))
        let plain = try CLI.yoloset(["validate", "copy"], in: ws)
        #expect(plain.status == 0)
        #expect(plain.stdout.contains("warning label.missing") && plain.stdout.contains("warning label.orphan"))
    }

    @Test func validationNeverChangesAnyFileOfTheDataset() throws {
        let root = TestResources.fixtures.appendingPathComponent("yolo")
        let before = try Self.fingerprint(root)
        for arguments in [
            ["validate", "fixtures/yolo/broken"], ["validate", "fixtures/yolo/broken", "--check", "header"],
            ["validate", "fixtures/yolo/clean", "--format", "sarif"], ["validate", "fixtures/yolo/bad-config"],
        ] {
            _ = try CLI.yoloset(arguments)
        }
        #expect(try Self.fingerprint(root) == before)
    }

    @Test(arguments: [
        (["fixtures/yolo/clean", "fixtures/sample/dumps"], "is a YOLO dataset and 'fixtures/sample/dumps' is not"),
        (["fixtures/yolo/clean", "fixtures/yolo/broken"], "validate one YOLO dataset a run"),
        (["fixtures/yolo/not-a-mapping.yaml"], "Unable to read 'fixtures/yolo/not-a-mapping.yaml': expected a mapping"),
        (["fixtures/yolo/clean", "--images", "fixtures/sample/images"], "--images applies to dumps"),
    ])
    func runsThatCannotStartExitTwoWithOneLine(arguments: [String], message: String) throws {
        let run = try CLI.yoloset(["validate"] + arguments)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("yoloset: error: ") && run.stderr.contains(message), "\(run.stderr)")
    }

    @Test func configSeveritiesApplyToDatasetRules() throws {
        let scratch = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let config = scratch.appendingPathComponent("v.yaml")
        try Data("rules:\n  label.empty: warning\n".utf8).write(to: config)
        let stricter = try CLI.yoloset([
            "validate", "fixtures/yolo/clean", "--config", config.path, "--fail-on", "warning",
        ])
        #expect(stricter.status == 1)
        try Data("rules:\n  label.out-of-bounds: { tolerance_pixels: 7 }\n".utf8).write(to: config)
        let tolerant = try CLI.yoloset(["validate", "fixtures/yolo/broken", "--config", config.path])
        #expect(!tolerant.stdout.contains("label.out-of-bounds"))
    }

    @Test func helpListsTheDatasetRules() throws {
        let run = try CLI.yoloset(["validate", "--help"])
        #expect(run.status == 0)
        for rule in ["label.columns (error)", "label.missing (warning)", "label.empty (info)", "dataset.split-missing"]
        {
            #expect(run.stdout.contains(rule), "\(rule)")
        }
    }

    /// The bytes and modification time of every file (and the modification time of every folder) under
    /// a folder, by relative path.
    static func fingerprint(_ folder: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: folder.path) {
            let url = folder.appendingPathComponent(path)
            var info = stat()
            guard stat(url.path, &info) == 0 else { continue }
            let modified = "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
            if (info.st_mode & S_IFMT) == S_IFDIR {
                result[path + "/"] = modified
            } else {
                result[path] = "\(try Data(contentsOf: url).base64EncodedString()) \(modified)"
            }
        }
        return result
    }

    static func makeWritable(_ folder: URL) throws {
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        for path in try FileManager.default.subpathsOfDirectory(atPath: folder.path) {
            let url = folder.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            try FileManager.default.setAttributes(
                [.posixPermissions: isDirectory.boolValue ? 0o755 : 0o644], ofItemAtPath: url.path)
        }
    }

    /// A dataset whose test split lists the val images: the same files in two evaluation splits is
    /// split.overlap (a warning), not a leak; the run passes.
    @Test func testListingTheValImagesIsAnOverlapNotALeak() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "yoloset-overlap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let clean = TestResources.fixture("yolo/clean")
        let yaml = "path: \(clean)\ntrain: images/train\nval: val.txt\ntest: val.txt\nnames: [person, car, dog]\n"
        try yaml.write(to: folder.appendingPathComponent("data.yaml"), atomically: true, encoding: .utf8)
        let run = try CLI.yoloset(["validate", folder.appendingPathComponent("data.yaml").path, "--format", "json"])
        #expect(run.status == 0)
        let findings = try #require(run.json?["findings"] as? [[String: Any]])
        let overlaps = findings.filter { $0["rule"] as? String == "split.overlap" }
        #expect(!overlaps.isEmpty)
        #expect(overlaps.allSatisfy { $0["severity"] as? String == "warning" })
        #expect(overlaps.allSatisfy { ($0["message"] as? String)?.contains("val and test") == true })
        #expect(!findings.contains { $0["rule"] as? String == "split.leak" })
    }
}
