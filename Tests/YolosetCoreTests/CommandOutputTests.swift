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
                  "assigned_count" : 3,
                  "batches" : [
                    "b/1"
                  ],
                  "class_distribution" : {
                    "test" : {

                    },
                    "train" : {
                      "Worker" : 1,
                      "auto" : 1
                    },
                    "val" : {
                      "auto" : 1
                    }
                  },
                  "class_targets" : {
                    "auto" : {
                      "test" : 0,
                      "train" : 1.4,
                      "val" : 0.30000000000000004
                    }
                  },
                  "dry_run" : true,
                  "group_by" : "none",
                  "kept_count" : 0,
                  "locked_count" : 0,
                  "mode" : "proportions",
                  "moved_count" : 0,
                  "ratios" : null,
                  "schema_version" : 1,
                  "seed" : 7,
                  "split_counts" : {
                    "test" : 0,
                    "train" : 2,
                    "val" : 1
                  },
                  "test_count" : 0,
                  "total" : 3,
                  "train_count" : 2,
                  "unassigned_count" : 0,
                  "val_count" : 1,
                  "warnings" : [

                  ]
                }

                """
        )
    }

    @Test func aDocumentNestedInAnotherHasNoSchemaVersion() {
        #expect(!encodeJSON(Self.summary).contains("schema_version"))
        #expect(encodeJSON(Self.summary, compact: true).hasPrefix(#"{"assigned_count":3,"batches":["b/1"],"#))
    }
}
