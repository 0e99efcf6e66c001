import Foundation
import Testing
import YolosetTestSupport

@testable import YolosetCore

/// Runflow and Nimble dumps: detection, decoding, status normalization, joining pages, image lookup.
@Suite struct SourceDumpTests {
    /// Writes `json` to a temporary file and reads it as a dump.
    static func read(_ json: String, source: DumpSource? = nil) throws(DumpError) -> DumpFile {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("yoloset-src-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try? Data(json.utf8).write(to: url)
        return try DumpFile.read(file: url.path, source: source)
    }

    @Test(arguments: [
        (#"{"success": true, "data": {"id": "b-1", "images": []}}"#, DumpSource.acusight),
        (#"{"id": "b-1"}"#, .acusight),
        (#"{"id": null, "status_code": null}"#, .runflow),
        (#"{"items": []}"#, .runflow),
        (#"{"status": "completed", "tasks": null}"#, .nimble),
        (#"{"id": "x", "status": "pending", "progress": 0.5}"#, .nimble),
    ])
    func shapeTellsTheAPI(json: String, expected: DumpSource) throws {
        #expect(try Self.read(json).source == expected)
    }

    @Test func forcedSourceWinsOnlyWhenTheShapeAllowsIt() throws {
        #expect(try Self.read(#"{"id": "b-1"}"#, source: .runflow).source == .runflow)
        let error = #expect(throws: DumpError.self) {
            try Self.read(#"{"status": "completed", "tasks": []}"#, source: .runflow)
        }
        let text = try #require(error).description
        #expect(text.contains("$: --source runflow, but this looks like Nimble (fields tasks)"), "\(text)")
        #expect(!text.contains("\n"))
        #expect(throws: DumpError.self) { try Self.read(#"{"items": []}"#, source: .acusight) }
    }

    @Test func fieldsOfTwoAPIsAskForSource() throws {
        let error = #expect(throws: DumpError.self) { try Self.read(#"{"tasks": [], "items_total": 3}"#) }
        #expect(error?.description.contains("--source") == true)
    }

    @Test(arguments: [
        ("queued", ItemState.running), ("dispatching", .running), ("running", .running), ("pending", .running),
        ("in_progress", .running), ("processing", .running), ("succeeded", .succeeded), ("success", .succeeded),
        ("completed", .succeeded), ("partial_succeeded", .succeeded), ("failed", .failed), ("error", .failed),
        ("canceled", .cancelled), ("cancelled", .cancelled), ("CANCELLED", .cancelled), ("paused", .unknown),
    ])
    func statusesNormalize(raw: String, state: ItemState) {
        #expect(ItemState(raw: raw) == state)
    }

    @Test func batchStatusKeepsPartialSuccessApart() {
        #expect(BatchState(raw: "partial_succeeded") == .partiallySucceeded)
        #expect(BatchState(raw: "canceled") == .cancelled)
        #expect(BatchState(raw: nil) == .unknown)
        #expect(ItemState(raw: nil) == .unknown && !ItemState.unknown.isTerminal)
    }

    @Test func pagesJoinTheirBatchAndFullItemsReplaceLeanHandles() throws {
        let folder = TestResources.fixture("runflow/paged")
        let dumps = try ["batch.json", "items-page-1.json", "items-page-2.json"].map { name throws(DumpError) in
            guard case .source(let dump) = try DumpFile.read(file: "\(folder)/\(name)") else {
                throw DumpError.malformed(file: name, jsonPath: "$", problem: "not a Runflow dump")
            }
            return dump
        }
        #expect(dumps[0].batch?.items.allSatisfy(\.isLean) == true)
        #expect(dumps[1].batch == nil && dumps[1].pageItems.count == 5)
        let batches = SourceBatches.assemble(dumps)
        #expect(batches.count == 1)
        let batch = try #require(batches.first)
        #expect(batch.hasBatchDump && batch.declared.total == 8 && batch.status == .partiallySucceeded)
        #expect(batch.items.map { $0.id?.text } == (1...8).map { "rf-item-00\($0)" })
        #expect(batch.items.allSatisfy { !$0.isLean })
        #expect(batch.items[0].jsonPath == "$.items[0]" && batch.items[0].file.hasSuffix("items-page-1.json"))
        #expect(batch.items[5].errorCode == "MODEL_TIMEOUT" && batch.items[5].errorMessage == "render exceeded 120 s")
        #expect(batch.items[3].runID?.text == "run-004" && batch.items[2].clientRef?.text == "cam-03-0003")
        #expect(batch.tally.progress == "5/8, 1 failed, 2 cancelled")
        #expect(batch.isComplete)
    }

    @Test func nullTasksAndNullFieldsAreKeptWithoutStatus() throws {
        guard case .source(let dump) = try DumpFile.read(file: TestResources.fixture("nimble/in-progress/batch.json"))
        else {
            Issue.record("not a Nimble dump")
            return
        }
        let batch = try #require(dump.batch)
        #expect(batch.source == .nimble && batch.items.count == 7)
        #expect(batch.items[4].state == .unknown && batch.items[4].jsonPath == "$.tasks[4]")
        #expect(batch.items[6].id == nil && batch.items[6].state == .unknown)
        #expect(batch.items[3].outputNames == ["https://files.example.com/dl/missing-004.jpg"])
        #expect(batch.declared.completed == 3 && batch.declared.progress == 0.5 && batch.declared.isCompleted == false)
        #expect(!batch.isComplete)
        #expect(batch.tally.progress == "2/7, 3 running, 2 without a known status")
    }

    @Test func outputNamesComeFromCommonShapes() {
        #expect(RunflowDump.names(in: .string("a.png")) == ["a.png"])
        #expect(
            RunflowDump.names(in: .object(["url": .string("https://x/b.jpg"), "file": .string("a.jpg")]))
                == ["a.jpg", "https://x/b.jpg"])
        #expect(RunflowDump.names(in: .object(["images": .array([.object(["path": .string("c.png")])])])) == ["c.png"])
        #expect(RunflowDump.names(in: .object(["score": .number(1)])).isEmpty)
    }

    @Test func lookupTriesOutputThenClientRefThenRunIDThenID() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("yoloset-lookup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        for name in ["out.png", "ref.jpg", "run.JPEG", "item.png", "sub/twin.jpg", "twin.png"] {
            try Data(name.utf8).write(to: root.appendingPathComponent(name))
        }
        try Data("secret".utf8).write(to: root.deletingLastPathComponent().appendingPathComponent("secret.jpg"))
        let lookup = SourceImageLookup(locator: ImageLocator(root: root.path))
        var item = SourceItem(file: "d.json", jsonPath: "$.items[0]")
        item.id = Identifier("item")
        item.runID = Identifier("run")
        item.clientRef = Identifier("ref")
        item.outputNames = ["https://cdn/x/out.png?sig=1"]
        func found(_ item: SourceItem) -> String? {
            guard case .found(let path) = lookup.locate(item) else { return nil }
            return (path as NSString).lastPathComponent
        }
        #expect(found(item) == "out.png")
        item.outputNames = ["../secret.jpg", "/etc/missing.png"]
        #expect(found(item) == "ref.jpg")
        item.clientRef = Identifier("twin")
        #expect(found(item) == "run.JPEG", "an ambiguous stem is passed over")
        item.runID = nil
        #expect(found(item) == "item.png")
        item.id = Identifier("../secret")
        guard case .missing(let reason) = lookup.locate(item) else {
            Issue.record("'..' must never be followed")
            return
        }
        #expect(reason.contains("contains '..'") && reason.contains("ambiguous") && reason.contains("not a plain"))
    }
}
