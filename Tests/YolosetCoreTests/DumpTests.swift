import Foundation
import Testing
import YolosetTestSupport

@testable import YolosetCore

/// Dump shapes: what is accepted, what is refused, and how a refusal names the problem.
@Suite struct DumpTests {
    static let badDumps = TestResources.badDumpExpectations()

    @Test(arguments: badDumps.keys.sorted())
    func badDumpIsOneUnreadableFindingNamingFilePlaceAndProblem(name: String) throws {
        let path = TestResources.fixture("bad-dumps/\(name)")
        let expected = try #require(Self.badDumps[name])
        let report = try Validator(imagesRoot: TestResources.fixture("bad-dumps")).run(paths: [path])
        #expect(report.unreadableDumps == 1)
        let finding = try #require(report.findings.first { $0.rule == .dumpUnreadable })
        #expect(finding.severity == .error)
        #expect(finding.message.contains(expected), "\(finding.message)")
        #expect(finding.message.contains(name))
        #expect(!finding.message.contains("\n"))
        #expect(finding.location.file.hasPrefix(path))
        #expect(finding.location.line != nil && finding.location.column != nil, "\(finding.location)")
    }

    @Test func aSyntaxErrorIsAtItsLineAndColumn() throws {
        let report = try Validator().run(paths: [TestResources.fixture("bad-dumps/invalid-json.json")])
        let error = #expect(throws: DumpError.self) {
            try Dump.read(file: TestResources.fixture("bad-dumps/invalid-json.json"))
        }
        guard case .notJSON(_, _, let line?, let column?) = error else {
            Issue.record("expected notJSON with a position, got \(String(describing: error))")
            return
        }
        #expect(report.findings.map(\.location.line) == [line])
        #expect(report.findings.map(\.location.column) == [column])
        #expect(report.findings[0].message.contains("at line \(line), column \(column)"))
    }

    @Test func aSetOfDumpsProblemStillRefusesTheRun() throws {
        let error = #expect(throws: DumpError.self) {
            try Validator().run(paths: [
                TestResources.fixture("bad-dumps/empty.json"), TestResources.fixture("runflow/paged"),
                TestResources.fixture("sample/dumps"),
            ])
        }
        guard case .mixedSources = error else {
            Issue.record("expected mixedSources, got \(String(describing: error))")
            return
        }
    }

    @Test func wrongTypeNamesThePathAndBothTypes() throws {
        let error = #expect(throws: DumpError.self) {
            try Dump.read(file: TestResources.fixture("bad-dumps/wrong-type.json"))
        }
        #expect(
            error?.description.hasSuffix(
                "$.data.images[1].annotations[0].x_center: expected a number, found a string (\"0.5\").") == true)
    }

    @Test func envelopeBareBatchAndListPagesAreRead() throws {
        let envelope = try Dump.read(file: TestResources.fixture("shapes/envelope.json"))
        #expect(envelope.batches.count == 1 && envelope.page == nil)
        #expect(envelope.jsonPath(ofBatch: 0) == "$.data")
        let bare = try Dump.read(file: TestResources.fixture("shapes/bare-batch.json"))
        #expect(bare.jsonPath(ofBatch: 0) == "$")
        let page = try Dump.read(file: TestResources.fixture("shapes/pages-complete/page-2.json"))
        #expect(page.page?.page == 2 && page.page?.totalPages == 2)
        #expect(page.jsonPath(ofBatch: 0) == "$.data[0]")
    }

    @Test func integerIdsReadAsText() throws {
        let dump = try Dump.read(file: TestResources.fixture("formats/formats.json"))
        #expect(dump.batches[0].id.text == "2001")
        #expect(dump.batches[0].images[0].id.text == "20011")
    }

    /// A byte-slice field as it would be read from a dump.
    static func goBytes(_ fieldJSON: String) -> GoBytes? {
        JSONDocument.value(parsing: Data(fieldJSON.utf8)).map(GoBytes.init(raw:))
    }

    @Test func goByteSlicesArriveThreeWays() throws {
        let json = #"[0.1, 0.1, 0.9, 0.1, 0.5, 0.9]"#
        let base64 = Data(json.utf8).base64EncodedString()
        let bytes = Array(json.utf8).map(String.init).joined(separator: ",")
        let expected = JSONValue.array([0.1, 0.1, 0.9, 0.1, 0.5, 0.9].map(JSONValue.number))
        for (text, encoding) in [
            (json, GoBytes.Encoding.inline), ("\"\(base64)\"", .base64), ("[\(bytes)]", .byteArray),
        ] {
            let decoded = try #require(Self.goBytes(text))
            #expect(decoded.value == expected)
            #expect(decoded.encoding == encoding)
        }
    }

    @Test func pixelPolygonsOfSmallIntegersStayInline() throws {
        let decoded = try #require(Self.goBytes("[10, 20, 30, 20, 20, 40]"))
        #expect(decoded.encoding == .inline)
    }

    @Test func pagesMustBeComplete() throws {
        let folder = TestResources.fixture("bad-dumps/pages-incomplete")
        let report = try Validator().run(paths: [folder])
        let expected = DumpError.missingPages(folder: folder, missing: [2], totalPages: 3)
        #expect(report.findings.filter { $0.rule == .dumpUnreadable }.map(\.message) == [expected.description])
        #expect(report.findings.first { $0.rule == .dumpUnreadable }?.location.file == "\(folder)/page-1.json")
    }

    @Test(arguments: [
        ("{\"id\": \"b\", \"images\": [\n  {\"id\": 1,}\n]}", "line 2, column"),
        ("{\"id\": \"b\"} trailing", "unexpected character at line 1, column 13"),
        ("{\"id\": \"b\", \"images\": [", "the file ends in the middle of a value"),
        ("{'id': 'b'}", "line 1, column"),
    ])
    func syntaxErrorsSayWhere(text: String, expected: String) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "yoloset-syntax-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(text.utf8).write(to: url)
        let error = #expect(throws: DumpError.self) { try Dump.read(file: url.path) }
        #expect(error?.description.contains("not valid JSON") == true)
        #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
    }

    @Test func missingPathAndEmptyFolderAreErrors() throws {
        #expect(throws: DumpError.notFound(path: "/nonexistent/dumps")) {
            try Validator().run(paths: ["/nonexistent/dumps"])
        }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("yoloset-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: DumpError.noDumps(folder: empty.path)) {
            try Validator().run(paths: [empty.path])
        }
    }
}

@Suite struct PipelineConfigTests {
    @Test(arguments: ["inline", "base64", "bytes"])
    func pipelineConfigArrivesInAnyGoForm(form: String) throws {
        let json = #"{"min_confidence": 0.5}"#
        let field: String
        switch form {
        case "inline": field = json
        case "base64": field = "\"\(Data(json.utf8).base64EncodedString())\""
        default: field = "[" + Array(json.utf8).map(String.init).joined(separator: ",") + "]"
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("yoloset-pc-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(#"{"id": "b-1", "pipeline_config": \#(field), "images": []}"#.utf8).write(to: url)
        let dump = try Dump.read(file: url.path)
        #expect(dump.batches[0].pipelineConfig?.value == .object(["min_confidence": .number(0.5)]))
    }
}

/// A record's digest is what the catalog compares on re-import: its encoding must not drift, or every
/// image of every workspace reads as updated after an upgrade. Pinned on dumps whose records have every
/// kind of field: boxes, polygons (`geometry`), missing and null values.
@Suite struct RecordDigestTests {
    @Test(arguments: [
        (
            "sample/dumps/batch-1001.json", "ceda71a88d69d9ef279b27512077652b29d0e17f5dd7b122d62f5a8ad1050a4e",
            "ce89d07217684f20d018d308204ec5645451e4cd849358f39773ba42560dfe8f"
        ),
        (
            "segment/dumps/batch-6001.json", "4f447928976aef43b9f8e70145714eedf5fedd2387ba5b5c3dc4cd002f449842",
            "c7d1a41d8528d0a13696a5d6c752f1c244e6e3043a80f023672a41ba286f0585"
        ),
        (
            "broken/confidence-out-of-range.json", "fff49e4ec3103fcb21d9556f0b8f263b81aa3abf22522724c7bb630eb41efe26",
            "df865bb3b8dfaad5df62722b7a43ae6ba6c6b8454988443a6bd5887b907c60b0"
        ),
    ])
    func digestsStayAsRecorded(file: String, batchDigest: String, imagesDigest: String) throws {
        let dump = try Dump.read(file: TestResources.fixture(file))
        let batch = try #require(dump.batches.first)
        #expect(RecordDigest.of(batch) == batchDigest)
        #expect(RecordDigest.of(batch.images.map(RecordDigest.of)) == imagesDigest)
    }
}

/// A dump's text encoding: UTF-8 with a byte-order mark is read (with a `dump.encoding` warning),
/// UTF-16 and UTF-32 are refused with one line naming the encoding and the conversion.
@Suite struct DumpEncodingTests {
    static func write(_ bytes: Data, name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yoloset-enc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try bytes.write(to: file)
        return file.path
    }

    static let sample = TestResources.fixture("sample/dumps/batch-1001.json")

    @Test func aByteOrderMarkIsReadPastWithAWarning() throws {
        let text = try Data(contentsOf: URL(fileURLWithPath: Self.sample))
        let file = try Self.write(Data([0xEF, 0xBB, 0xBF]) + text, name: "bom.json")
        let plain = try Validator(imagesRoot: TestResources.fixture("sample/images")).run(paths: [Self.sample])
        let marked = try Validator(imagesRoot: TestResources.fixture("sample/images")).run(paths: [file])
        let encoding = marked.findings.filter { $0.rule == .dumpEncoding }
        #expect(encoding.count == 1)
        #expect(encoding.first?.severity == .warning)
        #expect(encoding.first?.location.line == 1 && encoding.first?.location.column == 1)
        // Everything else as without the mark, at the same lines and columns.
        let rest = marked.findings.filter { $0.rule != .dumpEncoding }
        #expect(rest.map(\.message) == plain.findings.map(\.message))
        #expect(rest.map(\.location.line) == plain.findings.map(\.location.line))
        #expect(rest.map(\.location.column) == plain.findings.map(\.location.column))
        #expect(marked.images == plain.images && marked.annotations == plain.annotations)
    }

    @Test(arguments: [
        (String.Encoding.utf16LittleEndian, "UTF-16 (little-endian)", "UTF-16LE"),
        (.utf16BigEndian, "UTF-16 (big-endian)", "UTF-16BE"),
        (.utf16, "UTF-16 (", "UTF-16"),
        (.utf32LittleEndian, "UTF-32 (little-endian)", "UTF-32LE"),
        (.utf32BigEndian, "UTF-32 (big-endian)", "UTF-32BE"),
    ])
    func utf16And32AreRefusedNamingTheConversion(encoding: String.Encoding, name: String, iconv: String) throws {
        let text = try String(contentsOfFile: Self.sample, encoding: .utf8)
        let file = try Self.write(try #require(text.data(using: encoding)), name: "wide.json")
        let error = #expect(throws: DumpError.self) { try DumpFile.read(file: file) }
        let message = error?.description ?? ""
        #expect(message.contains("it is \(name)"), "\(message)")
        #expect(message.contains("iconv -f \(iconv) -t UTF-8"), "\(message)")
        #expect(!message.contains("\n"))
    }
}
