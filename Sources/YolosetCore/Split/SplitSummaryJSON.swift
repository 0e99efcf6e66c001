/// `yoloset split --json`: Acusight's split summary keys, plus what yoloset adds (`assigned_count`,
/// `unassigned_count`, `dry_run`, `ratios`, `seed`, `group_by`, `batches`).
public enum SplitSummaryJSON {
    public static func render(_ summary: SplitSummary) -> String {
        JSONObject.render(document(summary))
    }

    static func document(_ summary: SplitSummary) -> [String: Any?] {
        var distribution: [String: Any?] = [:]
        var counts: [String: Any?] = [:]
        for split in DatasetSplit.allCases {
            counts[split.rawValue] = summary.count(split)
            distribution[split.rawValue] = summary.classDistribution[split] ?? [:]
        }
        var targets: [String: Any?] = [:]
        for (name, perSplit) in summary.classTargets {
            targets[name] = Dictionary(uniqueKeysWithValues: perSplit.map { ($0.key.rawValue, $0.value) })
        }
        return [
            "dry_run": summary.dryRun,
            "mode": summary.mode,
            "seed": summary.seed,
            "group_by": summary.groupBy.rawValue,
            "batches": summary.batches,
            "total": summary.total,
            "train_count": summary.count(.train),
            "val_count": summary.count(.val),
            "test_count": summary.count(.test),
            "kept_count": summary.keptCount,
            "locked_count": summary.lockedCount,
            "moved_count": summary.movedCount,
            "assigned_count": summary.assignedCount,
            "unassigned_count": summary.unassignedCount,
            "split_counts": counts,
            "class_distribution": distribution,
            "class_targets": targets,
            "ratios": summary.ratios.map { ["train": $0.train, "val": $0.val, "test": $0.test] as [String: Any?] },
            "warnings": summary.warnings,
        ]
    }
}
