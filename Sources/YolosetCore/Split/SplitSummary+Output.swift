internal import Foundation

/// `yoloset split`: the counts of the images that took part (`images`, `images_assigned`, `images_kept`,
/// `images_moved`, `images_locked`, `images_unassigned`), each split's images, annotations and
/// annotations per class, and what the run was asked (`mode`, `ratios`, `seed`, `group_by`, `batches`).
extension SplitSummary: CommandOutput {
    public static var schemaVersion: Int { 2 }

    /// For people: the counts, what kept its split and how to rebalance, annotations per class against
    /// their targets, and warnings.
    public var text: String {
        var lines: [String] = []
        if dryRun { lines.append("Dry run: nothing was changed. The plan:") }
        lines.append(
            "\(plural(total, "image")): train \(count(.train)), val \(count(.val)), "
                + "test \(count(.test))"
                + (unassignedCount > 0 ? ", unassigned \(unassignedCount)" : ""))
        lines.append(
            "assigned \(assignedCount), kept \(keptCount), moved \(movedCount), "
                + "locked \(lockedCount)")
        if let kept = keptNote { lines.append(kept) }
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

    /// When images kept the splits they had, how many, and how to rebalance: the ratios place only
    /// images without a split, and a locked image never moves.
    private var keptNote: String? {
        guard keptCount > 0, mode == "proportions" else { return nil }
        let locked = lockedKeptCount
        let unlocked = keptCount - locked
        if forceReassignment {
            return "\(plural(keptCount, "image")) kept \(keptCount == 1 ? "its split" : "their splits"): "
                + "\(locked) locked (`yoloset unlock` frees them for the next `split --force-reassignment`), "
                + "\(unlocked) already where the ratios place them"
        }
        var note =
            "\(plural(keptCount, "image")) kept the split \(keptCount == 1 ? "it" : "they") had "
            + "(\(locked) locked); the ratios placed only images without a split"
        if unlocked > 0 {
            note += ". To rebalance: `yoloset split --force-reassignment` moves the \(unlocked) unlocked"
            if locked > 0 { note += "; `yoloset unlock` first frees locked ones" }
        } else {
            note += ". To rebalance: `yoloset unlock`, then `yoloset split --force-reassignment`"
        }
        return note
    }

    /// A target as the text shows it: whole numbers bare, others to one decimal.
    private func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    enum CodingKeys: String, CodingKey {
        case mode, seed, batches, images, ratios, splits, warnings
        case dryRun = "dry_run"
        case groupBy = "group_by"
        case forceReassignment = "force_reassignment"
        case imagesKept = "images_kept"
        case imagesLocked = "images_locked"
        case imagesMoved = "images_moved"
        case imagesAssigned = "images_assigned"
        case imagesUnassigned = "images_unassigned"
        case classTargets = "class_targets"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encode(mode, forKey: .mode)
        try container.encode(seed, forKey: .seed)
        try container.encode(groupBy.rawValue, forKey: .groupBy)
        try container.encode(forceReassignment, forKey: .forceReassignment)
        try container.encode(batches, forKey: .batches)
        try container.encode(total, forKey: .images)
        try container.encode(keptCount, forKey: .imagesKept)
        try container.encode(lockedCount, forKey: .imagesLocked)
        try container.encode(movedCount, forKey: .imagesMoved)
        try container.encode(assignedCount, forKey: .imagesAssigned)
        try container.encode(unassignedCount, forKey: .imagesUnassigned)
        // Every split, with 0 and {} when it has nothing.
        try container.encode(
            SplitCounts.byName(
                DatasetSplit.allCases.map { split in
                    let classes = classDistribution[split] ?? [:]
                    return SplitCounts(
                        split: split, images: count(split), annotations: classes.values.reduce(0, +), classes: classes)
                }), forKey: .splits)
        try container.encode(
            classTargets.mapValues { perSplit in
                Dictionary(uniqueKeysWithValues: perSplit.map { ($0.key.rawValue, $0.value) })
            }, forKey: .classTargets)
        try container.encode(ratios, forKey: .ratios)
        try container.encode(warnings, forKey: .warnings)
    }
}
