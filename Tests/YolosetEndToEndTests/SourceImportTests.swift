import Foundation
import Testing
import YolosetTestSupport

/// Runflow and Nimble dumps into the raw pool: import, re-import of a later dump, `assign`, and
/// versions that take the assigned images as backgrounds.
@Suite struct SourceImportTests {
    static let runflowBatch = "5f0c2a7e-1b3d-4c8e-9a61-0d2f4b6c8e10"
    static let runflowRunning = "9a7b3c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d"

    static func json(_ arguments: [String], in ws: URL) throws -> [String: Any] {
        try WorkspaceCommandTests.json(arguments, in: ws)
    }

    static func source(_ json: [String: Any], _ batch: String) throws -> [String: Any] {
        let sources = try #require(json["sources"] as? [[String: Any]])
        return try #require(sources.first { $0["batch_id"] as? String == batch }, "no source batch \(batch)")
    }

    static func images(_ ws: URL) throws -> [[String: Any]] {
        try json(["images"], in: ws)["images"] as? [[String: Any]] ?? []
    }

    @Test func importPutsSucceededItemsInTheRawPoolAndListsTheRest() throws {
        let ws = try WorkspaceCommandTests.workspace()
        let report = try Self.json(["import", TestResources.fixture("runflow/paged")], in: ws)
        #expect(report["images_added"] as? Int == 5)
        let batch = try Self.source(report, Self.runflowBatch)
        #expect(batch["source"] as? String == "runflow" && batch["stage"] as? String == "unassigned")
        #expect(batch["project_id"] is NSNull)
        #expect(batch["complete"] as? Bool == true && batch["progress"] as? String == "5/8, 1 failed, 2 cancelled")
        let listed = try #require(batch["not_imported"] as? [[String: Any]])
        #expect(listed.map { $0["id"] as? String } == ["rf-item-006", "rf-item-007", "rf-item-008"])
        #expect(listed.map { $0["state"] as? String } == ["failed", "cancelled", "cancelled"])
        #expect(listed.map { $0["status"] as? String } == ["failed", "canceled", "cancelled"])
        #expect(listed[0]["message"] as? String == "MODEL_TIMEOUT: render exceeded 120 s")

        let images = try Self.images(ws)
        #expect(images.map { $0["id"] as? String } == (1...5).map { "\(Self.runflowBatch):rf-item-00\($0)" })
        #expect(images.allSatisfy { $0["annotation_status"] is NSNull && $0["split"] is NSNull })
        #expect(images.allSatisfy { ($0["sha256"] as? String)?.count == 64 && $0["annotations"] as? Int == 0 })

        // status: the batch, its progress and what became no image; the project is still unknown.
        let status = try Self.json(["status"], in: ws)
        #expect(status["project"] is NSNull)
        let row = try Self.source(status, Self.runflowBatch)
        #expect(row["images"] as? Int == 5 && row["items_failed"] as? Int == 1 && row["items_cancelled"] as? Int == 2)
        let text = try WorkspaceCommandTests.run(["status"], in: ws).stdout
        #expect(
            text.contains(
                "Runflow batch \(Self.runflowBatch): status partial_succeeded, items 5/8, 1 failed, "
                    + "2 cancelled — complete; 5 images in the catalog; raw pool (unassigned)"))
        #expect(text.contains("not imported: rf-item-006 failed: MODEL_TIMEOUT: render exceeded 120 s"))
        #expect(text.contains("not imported: rf-item-007 cancelled (canceled)"))

        // Raw-pool images are not in the project: a split leaves them without one.
        let split = try WorkspaceCommandTests.run(["split"], in: ws)
        #expect(split.status == 0, "\(split.stderr)")
        #expect(try Self.images(ws).allSatisfy { $0["split"] is NSNull })
    }

    @Test func aLaterRunflowDumpAddsOnlyWhatFinishedSince() throws {
        let ws = try WorkspaceCommandTests.workspace()
        let first = try Self.json(["import", TestResources.fixture("runflow/running")], in: ws)
        #expect(first["images_added"] as? Int == 1)
        var batch = try Self.source(first, Self.runflowRunning)
        #expect(batch["complete"] as? Bool == false)
        #expect(batch["progress"] as? String == "2/7, 3 running, 2 without a known status")
        let waiting = (batch["not_imported"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(waiting == ["rf-item-002", "rf-item-003", "rf-item-004", "rf-item-005", "@5"])

        let later = try Self.json(["import", TestResources.fixture("runflow/running-later")], in: ws)
        #expect(later["images_added"] as? Int == 4 && later["images_unchanged"] as? Int == 1)
        #expect(later["images_updated"] as? Int == 0)
        batch = try Self.source(later, Self.runflowRunning)
        #expect(batch["complete"] as? Bool == true && batch["progress"] as? String == "5/7, 1 failed, 1 cancelled")
        #expect(
            (batch["not_imported"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                == ["rf-item-005", "rf-item-006"])

        // The older dump again: nothing goes back to running, no image is lost.
        let older = try Self.json(["import", TestResources.fixture("runflow/running")], in: ws)
        #expect(older["changed"] as? Bool == false && older["images_added"] as? Int == 0)
        #expect((older["batches"] as? [[String: Any]])?.first?["state"] as? String == "older")
        batch = try Self.source(older, Self.runflowRunning)
        #expect(batch["complete"] as? Bool == true && batch["status"] as? String == "partial_succeeded")
        #expect(try Self.images(ws).count == 5)
        let status = try WorkspaceCommandTests.run(["status"], in: ws).stdout
        #expect(status.contains("items 5/7, 1 failed, 1 cancelled — complete; 5 images in the catalog"))
        #expect(!status.contains("batch.incomplete"))
    }

    @Test func aLaterNimbleDumpAddsOnlyWhatFinishedSince() throws {
        let ws = try WorkspaceCommandTests.workspace()
        let first = try Self.json(["import", TestResources.fixture("nimble/in-progress")], in: ws)
        #expect(first["images_added"] as? Int == 1)
        var batch = try Self.source(first, "nb-batch-0002")
        #expect(batch["complete"] as? Bool == false && batch["items_running"] as? Int == 3)
        let later = try Self.json(["import", TestResources.fixture("nimble/in-progress-later")], in: ws)
        #expect(later["images_added"] as? Int == 4 && later["images_unchanged"] as? Int == 1)
        batch = try Self.source(later, "nb-batch-0002")
        #expect(batch["complete"] as? Bool == true && batch["progress"] as? String == "5/7, 2 failed")
        // The null task and the task of nulls were known by position; the later dump names them.
        #expect(
            (batch["not_imported"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                == ["nb-task-002", "nb-task-005"])
        #expect(
            try Self.images(ws).compactMap { $0["id"] as? String }.sorted()
                == [1, 3, 4, 6, 7].map { "nb-batch-0002:nb-task-00\($0)" })
    }

    /// A workspace holding the sample (Acusight, project p-dock) and the paged Runflow batch.
    static func sampleWithRunflow() throws -> URL {
        let ws = try WorkspaceCommandTests.workspace()
        let sample = try WorkspaceCommandTests.run(
            ["import", WorkspaceCommandTests.sampleDumps, "--images", WorkspaceCommandTests.sampleImages], in: ws)
        #expect(sample.status == 0, "\(sample.stderr)")
        let runflow = try WorkspaceCommandTests.run(["import", TestResources.fixture("runflow/paged")], in: ws)
        #expect(runflow.status == 0, "\(runflow.stderr)")
        return ws
    }

    /// The sample with the paged Runflow batch assigned and split, and `backgrounds: assigned` in bg.yaml.
    static func backgroundVersion() throws -> URL {
        let ws = try sampleWithRunflow()
        let assigned = try json(["assign", runflowBatch], in: ws)
        #expect(assigned["project"] as? String == "p-dock" && assigned["images"] as? Int == 5)
        #expect(try WorkspaceCommandTests.run(["split"], in: ws).status == 0)
        try "backgrounds: assigned\n".write(to: ws.appendingPathComponent("bg.yaml"), atomically: true, encoding: .utf8)
        let snapshot = try WorkspaceCommandTests.run(["snapshot", "--config", "bg.yaml"], in: ws)
        #expect(snapshot.status == 0, "\(snapshot.stderr)")
        return ws.appendingPathComponent("versions/v1")
    }

    @Test func assignedImagesEnterAVersionAsBackgroundsWithTheirProvenance() throws {
        let ws = try Self.sampleWithRunflow()
        let assigned = try Self.json(["assign", Self.runflowBatch], in: ws)
        #expect(
            assigned["assigned"] as? [String] == [Self.runflowBatch] && assigned["stage"] as? String == "annotating")
        let again = try Self.json(["assign", Self.runflowBatch], in: ws)
        #expect(again["already_assigned"] as? [String] == [Self.runflowBatch] && again["images"] as? Int == 0)
        let status = try Self.json(["status"], in: ws)
        let row = try Self.source(status, Self.runflowBatch)
        #expect(row["project_id"] as? String == "p-dock" && row["stage"] as? String == "annotating")

        // Assigned images take part in splits, as images without labels.
        #expect(try WorkspaceCommandTests.run(["split"], in: ws).status == 0)
        let images = try Self.images(ws).filter { ($0["id"] as? String)?.hasPrefix(Self.runflowBatch) == true }
        #expect(images.count == 5 && images.allSatisfy { $0["split"] is String })

        // Without `backgrounds: assigned` a version leaves them out, and says so.
        let plain = try WorkspaceCommandTests.run(["snapshot"], in: ws)
        #expect(plain.status == 0)
        #expect(
            plain.stdout.contains("11 images") && plain.stdout.contains("warning: 5 images of assigned Runflow/Nimble"))
        try "backgrounds: assigned\n".write(to: ws.appendingPathComponent("bg.yaml"), atomically: true, encoding: .utf8)
        let snapshot = try Self.json(["snapshot", "--config", "bg.yaml"], in: ws)
        #expect(snapshot["images"] as? Int == 16 && snapshot["annotations"] as? Int == 21)

        let version = ws.appendingPathComponent("versions/v2")
        #expect(try VersionCommandTests.sha256sumCheck(version) == 0)
        let data = try Data(contentsOf: version.appendingPathComponent("version.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((manifest["pipeline_config"] as? [String: Any])?["backgrounds"] as? String == "assigned")
        let backgrounds = (manifest["version_images"] as? [[String: Any]] ?? []).filter { $0["provenance"] != nil }
        #expect(backgrounds.count == 5)
        for image in backgrounds {
            let provenance = try #require(image["provenance"] as? [String: Any])
            let item = try #require(provenance["item_id"] as? String)
            let number = String(item.suffix(3))
            #expect(image["original_image_id"] as? String == "\(Self.runflowBatch):\(item)")
            #expect(provenance["source"] as? String == "runflow")
            #expect(provenance["source_batch_id"] as? String == Self.runflowBatch)
            #expect(provenance["run_id"] as? String == "run-\(number)")
            #expect(provenance["client_ref"] as? String == "cam-03-0\(number)")
            // An empty label file: a background image.
            let name = try #require(image["filename"] as? String)
            let split = try #require(image["split"] as? String)
            let stem = (name as NSString).deletingPathExtension
            let label = version.appendingPathComponent("labels/\(split)/\(stem).txt")
            #expect(try Data(contentsOf: label).isEmpty)
            // The image is the user's file, byte for byte.
            let stored = version.appendingPathComponent("images/\(split)/\(name)")
            let original = TestResources.fixture("runflow/paged/\(image["storage_key"] as? String ?? "")")
            #expect(FileManager.default.contentsEqual(atPath: stored.path, andPath: original))
        }
        let validated = try CLI.yoloset(["validate", version.path])
        #expect(validated.status == 0, "\(validated.stdout)")
        #expect(validated.stdout.contains("16 images, 16 label files, 21 labels"))
    }

    @Test func assignRefusesWhatItCannotMoveInOneLine() throws {
        let ws = try Self.sampleWithRunflow()
        for (arguments, message) in [
            (["assign", "b-1001"], "batch b-1001 came from an Acusight dump"),
            (["assign", "no-such-batch"], "no batch 'no-such-batch' in this workspace"),
            (["assign", Self.runflowBatch, "--project", "p-other"], "holds project 'p-dock', not 'p-other'"),
        ] {
            let run = try WorkspaceCommandTests.run(arguments, in: ws)
            #expect(run.status == 2 && run.stdout.isEmpty, "\(arguments)")
            #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.contains(message), "\(run.stderr)")
        }
        #expect(
            try Self.source(try Self.json(["status"], in: ws), Self.runflowBatch)["stage"] as? String == "unassigned")

        // A workspace with only raw-pool batches has no project until one is named.
        let raw = try WorkspaceCommandTests.workspace()
        #expect(try WorkspaceCommandTests.run(["import", TestResources.fixture("nimble/done")], in: raw).status == 0)
        let unnamed = try WorkspaceCommandTests.run(["assign", "nb-batch-0001"], in: raw)
        #expect(unnamed.status == 2 && unnamed.stderr.contains("--project ID"))
        let named = try Self.json(["assign", "nb-batch-0001", "--project", "p-dock"], in: raw)
        #expect(named["project"] as? String == "p-dock" && named["images"] as? Int == 3)
        // The sample's batches then join the same project.
        let sample = try WorkspaceCommandTests.run(
            ["import", WorkspaceCommandTests.sampleDumps, "--images", WorkspaceCommandTests.sampleImages], in: raw)
        #expect(sample.status == 0, "\(sample.stderr)")
        #expect((try Self.json(["status"], in: raw)["project"] as? [String: Any])?["name"] as? String == "Dock safety")
    }

    @Test func aMalformedSourceDumpIsRefusedWholeAndWritesNothing() throws {
        let ws = try WorkspaceCommandTests.workspace()
        let folder = try CLI.temporaryDirectory()
        for name in ["batch.json", "items-page-1.json", "items-page-2.json"] {
            try FileManager.default.copyItem(
                atPath: TestResources.fixture("runflow/paged/\(name)"), toPath: folder.appendingPathComponent(name).path
            )
        }
        try FileManager.default.copyItem(
            atPath: TestResources.fixture("runflow/malformed/wrong-type-deep.json"),
            toPath: folder.appendingPathComponent("zz-items-page-3.json").path)
        let run = try WorkspaceCommandTests.run(
            ["import", folder.path, "--images", TestResources.fixture("runflow/paged")], in: ws)
        #expect(run.status == 2 && run.stdout.isEmpty)
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(run.stderr.contains("zz-items-page-3.json': $.items[1].sequence_index: expected an integer"))
        let status = try Self.json(["status"], in: ws)
        #expect((status["batches"] as? [Any])?.isEmpty == true && (status["sources"] as? [Any])?.isEmpty == true)
        let objects = ws.appendingPathComponent(".yoloset/objects")
        let stored = (FileManager.default.enumerator(atPath: objects.path)?.allObjects as? [String] ?? [])
            .filter { !$0.hasSuffix("/") && $0.count > 10 }
        #expect(stored.isEmpty, "\(stored)")
    }

    @Test func itemsWithoutABatchAndMixedAPIsAreRefusedInOneLine() throws {
        let ws = try WorkspaceCommandTests.workspace()
        let folder = try CLI.temporaryDirectory()
        let page = try Data(contentsOf: URL(fileURLWithPath: TestResources.fixture("runflow/paged/items-page-1.json")))
        var json = try #require(try JSONSerialization.jsonObject(with: page) as? [String: Any])
        json["items"] = (json["items"] as? [[String: Any]] ?? []).map { item in
            var item = item
            item["batch_id"] = NSNull()
            return item
        }
        try JSONSerialization.data(withJSONObject: json).write(to: folder.appendingPathComponent("page.json"))
        let orphan = try WorkspaceCommandTests.run(
            ["import", folder.path, "--images", TestResources.fixture("runflow/paged")], in: ws)
        #expect(orphan.status == 2 && orphan.stderr.split(separator: "\n").count == 1)
        #expect(orphan.stderr.contains("page.json': $.items[0].batch_id: the items name no batch"), "\(orphan.stderr)")

        let mixed = try WorkspaceCommandTests.run(
            ["import", WorkspaceCommandTests.sampleDumps, TestResources.fixture("runflow/paged")], in: ws)
        #expect(mixed.status == 2 && mixed.stderr.contains("come from different batch APIs"))
        #expect((try Self.json(["status"], in: ws)["batches"] as? [Any])?.isEmpty == true)
    }

    /// An assigned background annotated elsewhere comes back in an Acusight dump: the same bytes under
    /// a new image id. It joins its background's split, and a version takes the annotated image only.
    @Test func aBackgroundThatComesBackAnnotatedJoinsItsSplitAndReplacesIt() throws {
        let ws = try Self.sampleWithRunflow()
        _ = try Self.json(["assign", Self.runflowBatch], in: ws)
        #expect(try WorkspaceCommandTests.run(["split", "--lock"], in: ws).status == 0)
        let background = "\(Self.runflowBatch):rf-item-002"
        let split = try #require(try Self.images(ws).first { $0["id"] as? String == background }?["split"] as? String)

        // b-1003: one image, rf-002.jpg's bytes, annotated.
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(WorkspaceCommandTests.sampleDumps)/batch-1002.json"))
        var dump = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var batch = try #require(dump["data"] as? [String: Any])
        var image = try #require((batch["images"] as? [[String: Any]])?.first)
        image["id"] = "img-1003-01"
        image["batch_id"] = "b-1003"
        image["storage_key"] = "cdn/rf-002.jpg"
        image["filename"] = "rf-002.jpg"
        image["width"] = 32
        image["height"] = 24
        image["annotations"] = (image["annotations"] as? [[String: Any]] ?? []).map { annotation in
            var annotation = annotation
            annotation["image_id"] = "img-1003-01"
            annotation["id"] = "ann-1003-\(annotation["id"] as? String ?? "")"
            return annotation
        }
        batch["id"] = "b-1003"
        batch["images"] = [image]
        dump["data"] = batch
        let folder = try CLI.temporaryDirectory()
        try JSONSerialization.data(withJSONObject: dump).write(to: folder.appendingPathComponent("batch-1003.json"))
        let imported = try WorkspaceCommandTests.run(
            ["import", folder.path, "--images", TestResources.fixture("runflow/paged")], in: ws)
        #expect(imported.status == 0, "\(imported.stderr)")

        let resplit = try Self.json(["split"], in: ws)
        #expect(resplit["images_moved"] as? Int == 0)
        let images = try Self.images(ws)
        #expect(images.first { $0["id"] as? String == "img-1003-01" }?["split"] as? String == split)

        try "backgrounds: assigned\n".write(to: ws.appendingPathComponent("bg.yaml"), atomically: true, encoding: .utf8)
        let snapshot = try WorkspaceCommandTests.run(["snapshot", "--config", "bg.yaml"], in: ws)
        #expect(snapshot.status == 0, "\(snapshot.stderr)")
        #expect(snapshot.stdout.contains("1 background image is also in the workspace annotated"), "\(snapshot.stdout)")
        let manifest = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: ws.appendingPathComponent("versions/v1/version.json"))) as? [String: Any])
        let ids = (manifest["version_images"] as? [[String: Any]] ?? []).compactMap {
            $0["original_image_id"] as? String
        }
        #expect(ids.contains("img-1003-01") && !ids.contains(background))
        #expect(ids.count == 16)
    }
}
