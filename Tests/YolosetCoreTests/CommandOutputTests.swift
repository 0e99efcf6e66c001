import Testing

@testable import YolosetCore

/// Every `--json` document is written one way: keys sorted by code point, `schema_version` among them,
/// a key that does not apply as null, numbers in their shortest form, slashes as they are.
@Suite struct CommandOutputTests {
    static let summary = SplitSummary(
        dryRun: true, mode: "proportions", seed: 7, groupBy: .none, batches: ["b/1"], total: 3,
        splitCounts: [.train: 2, .val: 1], keptCount: 0, lockedCount: 0, movedCount: 0, assignedCount: 3,
        unassignedCount: 0, classDistribution: [.train: ["auto": 1, "Worker": 1], .val: ["auto": 1]],
        classTargets: ["auto": [.train: 1.4, .val: 0.30000000000000004, .test: 0]], ratios: nil, warnings: [])

    @Test func aDocumentHasItsSchemaVersionItsNullsAndShortestNumbers() {
        #expect(
            Self.summary.json == """
                {
                  "batches" : [
                    "b/1"
                  ],
                  "class_targets" : {
                    "auto" : {
                      "test" : 0,
                      "train" : 1.4,
                      "val" : 0.30000000000000004
                    }
                  },
                  "dry_run" : true,
                  "force_reassignment" : false,
                  "group_by" : "none",
                  "images" : 3,
                  "images_assigned" : 3,
                  "images_kept" : 0,
                  "images_locked" : 0,
                  "images_moved" : 0,
                  "images_unassigned" : 0,
                  "mode" : "proportions",
                  "ratios" : null,
                  "schema_version" : 2,
                  "seed" : 7,
                  "splits" : {
                    "test" : {
                      "annotations" : 0,
                      "class_distribution" : {

                      },
                      "images" : 0
                    },
                    "train" : {
                      "annotations" : 2,
                      "class_distribution" : {
                        "Worker" : 1,
                        "auto" : 1
                      },
                      "images" : 2
                    },
                    "val" : {
                      "annotations" : 1,
                      "class_distribution" : {
                        "auto" : 1
                      },
                      "images" : 1
                    }
                  },
                  "warnings" : [

                  ]
                }

                """
        )
    }

    @Test func aDocumentNestedInAnotherHasNoSchemaVersion() {
        #expect(!encodeJSON(Self.summary).contains("schema_version"))
        #expect(encodeJSON(Self.summary, compact: true).hasPrefix(#"{"batches":["b/1"],"class_targets":"#))
    }
}

/// What Ctrl-C prints during `run`, once a stage has ended: where it stopped, then a line per stage.
@Suite struct InterruptedRecapTests {
    @Test func aRunInterruptedInItsSnapshotKeepsTheImportAndSplitLines() {
        var report = PipelineReport()
        #expect(
            report.interruptedRecap(at: .importing) == [
                "yoloset: interrupted (Ctrl-C) during import; nothing was imported"
            ])
        report.imported = ImportReport(
            dumps: 2, batches: [],
            validation: ValidationReport(check: .header, dumps: 2, batches: 0, images: 0, annotations: 0, findings: []),
            objects: .init([]), lockedKept: [])
        report.split = CommandOutputTests.summary
        #expect(
            report.interruptedRecap(at: .snapshotting) == [
                "yoloset: interrupted (Ctrl-C) during snapshot; what the earlier stages did is kept:",
                "import: 0 images added, 0 updated, 0 unchanged; 0 errors, 0 warnings; 0 failing validation (nothing changed)",
                "split: 3 images (train 2, val 1, test 0); assigned 3, moved 0 (committed)",
                "snapshot: interrupted (it commits whole or not at all: `yoloset status` shows the workspace)",
            ])
    }
}
