import Foundation
import Testing
import YolosetTestSupport

/// Splits on `fixtures/workspace`: skewed classes, identical images across batches, locked images, a
/// later batch, a newer dump and a broken batch (its README lists what each holds).
@Suite struct WorkspaceSplitTests {
    static let images = TestResources.fixture("workspace/images")
    static func dump(_ name: String) -> String { TestResources.fixture("workspace/\(name)") }

    static func run(_ arguments: [String], in ws: URL) throws -> [String: Any] {
        try WorkspaceCommandTests.json(arguments, in: ws)
    }

    /// A workspace holding batches 2001 and 2002, imported in the given order.
    static func yard(order: [String] = ["batch-2001.json", "batch-2002.json"]) throws -> URL {
        let ws = try WorkspaceCommandTests.workspace("Yard counts")
        for name in order {
            let result = try run(["import", dump("dumps/\(name)"), "--images", images], in: ws)
            #expect(result["images_added"] as? Int == 40)
        }
        return ws
    }

    static func annotationShares(_ summary: [String: Any]) -> [String: [String: Double]] {
        let splits = summary["splits"] as? [String: [String: Any]] ?? [:]
        let distribution = splits.mapValues { $0["class_distribution"] as? [String: Int] ?? [:] }
        var totals: [String: Int] = [:]
        for perClass in distribution.values { for (name, count) in perClass { totals[name, default: 0] += count } }
        var shares: [String: [String: Double]] = [:]
        for (split, perClass) in distribution {
            for (name, total) in totals {
                shares[name, default: [:]][split] = Double(perClass[name] ?? 0) / Double(total)
            }
        }
        return shares
    }

    @Test func stratifiedSharesStayCloseToTheRatios() throws {
        let ws = try Self.yard()
        let summary = try Self.run(["split", "--train", "0.7", "--val", "0.15", "--test", "0.15"], in: ws)
        #expect(summary["images"] as? Int == 70, "70 completed images; the 10 pending stay out")
        #expect(summary["images_kept"] as? Int == 5, "3 locked val + 2 unlocked train")
        let ratios = ["train": 0.7, "val": 0.15, "test": 0.15]
        let shares = Self.annotationShares(summary)
        // Tolerance, in share of a class's annotations: 0.03 for person (126) and car (45); bicycle has 10
        // annotations on 10 images, so one image is 0.1 of it and 0.15 of 10 cannot be hit closer than 0.05.
        for (name, tolerance) in [("person", 0.03), ("car", 0.03), ("bicycle", 0.06)] {
            for (split, ratio) in ratios {
                let share = shares[name]?[split] ?? 0
                #expect(abs(share - ratio) <= tolerance, "\(name) in \(split): \(share) vs \(ratio)")
            }
        }
        // Image counts land near the ratios too.
        let total = Double(summary["images"] as! Int)
        for (split, ratio) in ratios {
            let count = Double((summary["splits"] as? [String: [String: Any]])?[split]?["images"] as! Int)
            #expect(abs(count / total - ratio) <= 0.02, "\(split): \(count) of \(total)")
        }
        let targets = summary["class_targets"] as? [String: [String: Double]] ?? [:]
        #expect(targets["person"]?["train"] == 88.2)
    }

    @Test func identicalImagesShareASplitAndOrderOfImportDoesNotMatter() throws {
        let first = try Self.yard(order: ["batch-2001.json", "batch-2002.json"])
        let second = try Self.yard(order: ["batch-2002.json", "batch-2001.json"])
        _ = try Self.run(["split", "--seed", "11"], in: first)
        _ = try Self.run(["split", "--seed", "11"], in: second)
        let a = try WorkspaceCommandTests.splits(first)
        let b = try WorkspaceCommandTests.splits(second)
        #expect(a.mapValues(\.split) == b.mapValues(\.split))
        for (one, other) in [("img-2001-16", "img-2002-24"), ("img-2001-28", "img-2002-11")] {
            #expect(a[one]?.split != nil)
            #expect(a[one]?.split == a[other]?.split, "\(one) and \(other) hold the same bytes")
        }
        // Another seed gives another, equally valid, placement.
        let third = try Self.yard()
        _ = try Self.run(["split", "--seed", "12"], in: third)
        #expect(try WorkspaceCommandTests.splits(third).mapValues(\.split) != a.mapValues(\.split))
        // No leak anywhere in the workspace.
        let status = try Self.run(["status"], in: first)
        let open = (status["findings"] as? [String: Any])?["open"] as? [[String: Any]] ?? []
        #expect(!open.contains { $0["rule"] as? String == "split.leak" })
        #expect(open.filter { $0["rule"] as? String == "image.duplicate" }.count == 2)
    }

    @Test func laterBatchMovesNothingAndForceKeepsLocks() throws {
        let ws = try Self.yard()
        _ = try Self.run(["split", "--lock"], in: ws)
        let before = try WorkspaceCommandTests.splits(ws)
        #expect(before.values.filter(\.locked).count == 68, "the 65 this run assigned, and the 3 locked before")
        _ = try Self.run(["import", Self.dump("later/batch-2003.json"), "--images", Self.images], in: ws)
        let again = try Self.run(["split"], in: ws)
        #expect(again["images_moved"] as? Int == 0)
        #expect(again["images_assigned"] as? Int == 20)
        let forced = try Self.run(["split", "--force-reassignment", "--seed", "99"], in: ws)
        let after = try WorkspaceCommandTests.splits(ws)
        for (id, state) in before where state.locked { #expect(after[id]?.split == state.split) }
        #expect((forced["images_moved"] as? Int ?? -1) <= 20, "only the 20 unlocked images may move")
    }

    @Test func groupByDeviceKeepsEachDeviceInOneSplit() throws {
        let ws = try WorkspaceCommandTests.workspace("Yard counts")
        _ = try Self.run(["import", Self.dump("later/batch-2003.json"), "--images", Self.images], in: ws)
        let summary = try Self.run(
            ["split", "--group-by", "device", "--train", "0.5", "--val", "0.5", "--test", "0"], in: ws)
        #expect(summary["group_by"] as? String == "device")
        // Which device took each image, from the dump itself.
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.dump("later/batch-2003.json")))
        let batch = (try JSONSerialization.jsonObject(with: data) as! [String: Any])["data"] as! [String: Any]
        var device: [String: String] = [:]
        for image in batch["images"] as! [[String: Any]] {
            device[image["id"] as! String] = image["device_id"] as? String
        }
        var splitsByDevice: [String: Set<String>] = [:]
        for (id, state) in try WorkspaceCommandTests.splits(ws) {
            splitsByDevice[device[id]!, default: []].insert(state.split ?? "none")
        }
        #expect(splitsByDevice.count == 2)
        #expect(splitsByDevice.values.allSatisfy { $0.count == 1 }, "\(splitsByDevice)")
    }

    @Test func newerDumpUpdatesButNeverMovesALockedImage() throws {
        let ws = try Self.yard()
        let update = try Self.run(["import", Self.dump("updates/batch-2001.json"), "--images", Self.images], in: ws)
        #expect(update["images_added"] as? Int == 0)
        #expect(update["images_updated"] as? Int == 5)
        let kept = update["locked_kept"] as? [[String: Any]] ?? []
        #expect(kept.first?["image_id"] as? String == "img-2001-03")
        let splits = try WorkspaceCommandTests.splits(ws)
        #expect(splits["img-2001-03"]?.split == "val" && splits["img-2001-03"]?.locked == true)
        let completed = try Self.run(["images", "--batch", "b-2001"], in: ws)["images"] as? [[String: Any]] ?? []
        #expect(completed.filter { $0["annotation_status"] as? String == "completed" }.count == 38)
    }

    @Test func failingImagesStayOutOfSplitsUntilFixed() throws {
        let ws = try WorkspaceCommandTests.workspace("Yard counts")
        let result = try Self.run(["import", Self.dump("broken/batch-2004.json"), "--images", Self.images], in: ws)
        #expect(result["images_added"] as? Int == 4)
        #expect(result["images_failing"] as? Int == 2)
        let status = try Self.run(["status"], in: ws)
        let rules = ((status["findings"] as? [String: Any])?["open"] as? [[String: Any]] ?? []).compactMap {
            $0["rule"] as? String
        }
        #expect(rules.sorted() == ["box.out-of-range", "image.missing"])
        let summary = try Self.run(["split", "--mode", "all", "--target", "train"], in: ws)
        #expect(summary["images"] as? Int == 2)
        let warnings = summary["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.contains("validation errors") })
        #expect(warnings.contains { $0.contains("image.missing") })
        let splits = try WorkspaceCommandTests.splits(ws)
        #expect(splits["img-2004-02"]?.split == nil)
        #expect(splits["img-2004-03"]?.split == nil)
        // The user may say otherwise: through the rules in yoloset.yaml ...
        let relaxed = try WorkspaceCommandTests.workspace("Yard counts")
        let config = relaxed.appendingPathComponent("yoloset.yaml")
        let text = try String(contentsOf: config, encoding: .utf8)
            .replacingOccurrences(of: "rules: {}", with: "rules: {box.out-of-range: off}")
        try text.write(to: config, atomically: true, encoding: .utf8)
        let lenient = try Self.run(
            ["import", Self.dump("broken/batch-2004.json"), "--images", Self.images], in: relaxed)
        #expect(lenient["images_failing"] as? Int == 1)
        // ... or for one split.
        let forced = try Self.run(["split", "--mode", "all", "--target", "train", "--include-failing"], in: ws)
        #expect(forced["images"] as? Int == 3, "the image without a file still cannot take part")
    }

    /// The workspace's content check (status) tells a leak into train from an overlap of val and test.
    @Test func statusTellsALeakFromAnOverlap() throws {
        let ws = try WorkspaceCommandTests.workspace()
        for dump in ["split-leak.json", "split-overlap.json"] {
            let result = try Self.run(["import", TestResources.fixture("broken/\(dump)")], in: ws)
            #expect(result["images_added"] as? Int == 3)
        }
        let status = try Self.run(["status"], in: ws)
        let open = (status["findings"] as? [String: Any])?["open"] as? [[String: Any]] ?? []
        let leak = try #require(open.first { $0["rule"] as? String == "split.leak" })
        #expect(leak["image_id"] as? String == "img-3019-02")
        #expect(leak["severity"] as? String == "error")
        let overlap = try #require(open.first { $0["rule"] as? String == "split.overlap" })
        #expect(overlap["severity"] as? String == "warning")
        #expect((overlap["message"] as? String)?.contains("test metrics are not independent") == true)
    }
}
