internal import Foundation

/// `yoloset split`: Acusight's split summary keys, plus what yoloset adds (`assigned_count`,
/// `unassigned_count`, `dry_run`, `ratios`, `seed`, `group_by`, `batches`).
extension SplitSummary: CommandOutput {
    /// For people: the counts, annotations per class against their targets, and warnings.
    public var text: String {
        var lines: [String] = []
        if dryRun { lines.append("Dry run: nothing was changed. The plan:") }
        lines.append(
            "total \(total): train \(count(.train)), val \(count(.val)), "
                + "test \(count(.test))"
                + (unassignedCount > 0 ? ", unassigned \(unassignedCount)" : ""))
        lines.append(
            "assigned \(assignedCount), kept \(keptCount), moved \(movedCount), "
                + "locked \(lockedCount)")
        let classes = Set(classDistribution.values.flatMap(\.keys)).union(classTargets.keys).sorted()
        if !classes.isEmpty {
            lines.append("annotations per class (result / target):")
            for name in classes {
                let cells = DatasetSplit.allCases.map { split -> String in
                    let got = classDistribution[split]?[name] ?? 0
                    if let target = classTargets[name]?[split] {
                        return "\(split.rawValue) \(got)/\(format(target))"
                    }
                    return "\(split.rawValue) \(got)"
                }
                lines.append("  \(name): \(cells.joined(separator: ", "))")
            }
        }
        for warning in warnings { lines.append("warning: \(warning)") }
        return lines.joined(separator: "\n")
    }

    /// A target as the text shows it: whole numbers bare, others to one decimal.
    private func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    enum CodingKeys: String, CodingKey {
        case mode, seed, batches, total, ratios, warnings
        case dryRun = "dry_run"
        case groupBy = "group_by"
        case trainCount = "train_count"
        case valCount = "val_count"
        case testCount = "test_count"
        case keptCount = "kept_count"
        case lockedCount = "locked_count"
        case movedCount = "moved_count"
        case assignedCount = "assigned_count"
        case unassignedCount = "unassigned_count"
        case splitCounts = "split_counts"
        case classDistribution = "class_distribution"
        case classTargets = "class_targets"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encode(mode, forKey: .mode)
        try container.encode(seed, forKey: .seed)
        try container.encode(groupBy.rawValue, forKey: .groupBy)
        try container.encode(batches, forKey: .batches)
        try container.encode(total, forKey: .total)
        try container.encode(count(.train), forKey: .trainCount)
        try container.encode(count(.val), forKey: .valCount)
        try container.encode(count(.test), forKey: .testCount)
        try container.encode(keptCount, forKey: .keptCount)
        try container.encode(lockedCount, forKey: .lockedCount)
        try container.encode(movedCount, forKey: .movedCount)
        try container.encode(assignedCount, forKey: .assignedCount)
        try container.encode(unassignedCount, forKey: .unassignedCount)
        // Every split, with 0 or {} when it has nothing.
        try container.encode(
            Dictionary(uniqueKeysWithValues: DatasetSplit.allCases.map { ($0.rawValue, count($0)) }),
            forKey: .splitCounts)
        try container.encode(
            Dictionary(uniqueKeysWithValues: DatasetSplit.allCases.map { ($0.rawValue, classDistribution[$0] ?? [:]) }),
            forKey: .classDistribution)
        try container.encode(
            classTargets.mapValues { perSplit in
                Dictionary(uniqueKeysWithValues: perSplit.map { ($0.key.rawValue, $0.value) })
            }, forKey: .classTargets)
        try container.encode(ratios, forKey: .ratios)
        try container.encode(warnings, forKey: .warnings)
    }
}
