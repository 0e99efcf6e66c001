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

    /// The first pass of a Runflow run (`SourceIndex`) places every batch where assembling all readable
    /// dumps at once puts it, and batches assembled a group of files at a time are those of all at once:
    /// checked on random layouts of batch dumps (some without id, some dumped twice) and items pages
    /// (items with null batch ids among them), in random file order, with random files unreadable.
    @Test func batchesAssembledGroupByGroupAreThoseOfAllAtOnce() throws {
        var random = SplitMix64(seed: 14)
        let ids: [String?] = ["b0", "b1", "b2", "b3", nil]
        func identifier(_ text: String?) -> Identifier? { text.map { Identifier($0) } }
        func item(_ file: String, _ position: Int, batch: String?, lean: Bool) -> SourceItem {
            var item = SourceItem(file: file, jsonPath: "$.items[\(position)]")
            item.id = identifier(random.pick(["i0", "i1", "i2", "i3", "i4", nil]))
            item.batchID = identifier(batch)
            item.isLean = lean
            return item
        }
        for _ in 0..<300 {
            let dumps = (0..<random.below(14)).map { number -> SourceDump in
                let file = "f\(number).json"
                guard random.below(2) == 0 else {
                    let items = (0..<random.below(5)).map { item(file, $0, batch: random.pick(ids), lean: false) }
                    return SourceDump(file: file, source: .runflow, batch: nil, pageItems: items)
                }
                var batch = SourceBatch(source: .runflow, file: file)
                batch.hasBatchDump = true
                batch.id = identifier(random.pick(ids))
                batch.items = (0..<random.below(4)).map { item(file, $0, batch: batch.id?.text, lean: true) }
                return SourceDump(file: file, source: .runflow, batch: batch, pageItems: [])
            }
            var index = SourceIndex()
            for (number, dump) in dumps.enumerated() { index.add(dump.outline, file: number, path: dump.file) }
            index.finish()
            #expect(index.components.flatMap { $0 }.sorted() == Array(dumps.indices))
            // Some files found unreadable only when read whole: left out, as assemble leaves them out.
            let excluded = Set(dumps.indices.filter { _ in random.below(6) == 0 })
            let positions = index.positions(excluding: excluded)
            let place = { (batch: SourceBatch) -> Int in positions[index.number(of: batch)!] }
            let all = SourceBatches.assemble(dumps.indices.filter { !excluded.contains($0) }.map { dumps[$0] })
            #expect(all.map(place) == Array(0..<all.count))
            for size in 1...5 {
                let groups = index.groups(files: size)
                #expect(groups.allSatisfy { $0 == $0.sorted() })
                #expect(groups.flatMap { $0 }.sorted() == Array(dumps.indices))
                var placed: [(position: Int, batch: SourceBatch)] = []
                for group in groups {
                    let readable = group.filter { !excluded.contains($0) }.map { dumps[$0] }
                    placed += SourceBatches.assemble(readable).map { (place($0), $0) }
                }
                placed.sort { $0.position < $1.position }
                #expect(placed.map(\.position) == Array(0..<all.count))
                #expect(placed.map { Self.signature($0.batch) } == all.map(Self.signature), "groups of \(size)")
            }
        }
    }

    /// A batch's id, file and items (ids, where each was read, lean or full), as text to compare.
    private static func signature(_ batch: SourceBatch) -> String {
        let items = batch.items.map { "\($0.id?.text ?? "-")@\($0.file)\($0.jsonPath)\($0.isLean ? "L" : "F")" }
        return "\(batch.id?.text ?? "-") \(batch.file) \(batch.hasBatchDump) \(items.joined(separator: ","))"
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

/// A small seeded generator (SplitMix64), so random layouts repeat from run to run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int.random(in: 0..<bound, using: &self) }

    mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }
}
