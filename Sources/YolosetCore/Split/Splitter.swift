internal import Foundation
internal import GRDB

/// Assigns train/val/test splits in a workspace. One entry point, `run(_:)`; its stages:
///
/// 1. Load every image of the workspace with its content hash, split, lock, and annotations per class.
/// 2. Choose the images that take part: in the requested batches, completed (unless told otherwise),
///    stored, and free of error findings (unless told otherwise).
/// 3. Form units that must share a split: identical content, anywhere in the workspace, and the
///    `group_by` key (device or batch). A unit holding an image that may not move (locked, or with a
///    split and no `--force-reassignment`, or outside the requested batches) follows that image.
/// 4. Assign the other units: in an order fixed by the seed and the units' content hashes (so the
///    result does not depend on import order or machine), rarest classes first, each unit to the split
///    that brings the per-class annotation counts and the image counts closest to their targets. Kept
///    and locked images count toward the targets.
/// 5. Write the splits, locks and stages in one transaction (or nothing, for a dry run).
public struct Splitter: Sendable {
    public var workspace: Workspace

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    public func run(_ request: SplitRequest, write: Workspace.WriteOptions = .init()) throws -> SplitSummary {
        try workspace.exclusively(command: "split", wait: write.wait, notice: write.notice) {
            try workspace.catalog.write { db in
                let summary = try plan(request, db: db)
                if !request.dryRun {
                    try Catalog.log(
                        db, command: "split", summary: encodeJSON(summary, compact: true))
                }
                return summary
            }
        }
    }

    /// Images that end a run in one split and lock state are updated together.
    private struct UpdateKey: Hashable {
        let split: DatasetSplit
        let locked: Bool
    }

    struct Member {
        let id: String
        let batchID: String
        let deviceID: String?
        let sha256: String?
        var split: DatasetSplit?
        let locked: Bool
        var completed: Bool
        let failing: Bool
        var classes: [Int: Int]
        /// In a Runflow or Nimble batch not yet assigned to the project: never split.
        var rawPool = false
        var annotations: Int { classes.values.reduce(0, +) }
    }

    private func plan(_ request: SplitRequest, db: Database) throws -> SplitSummary {
        // 1. Load.
        let allBatches = Set(try String.fetchAll(db, sql: "SELECT id FROM batches"))
        for id in request.batches where !allBatches.contains(id) { throw WorkspaceError.unknownBatch(id) }
        let scopeBatches = request.batches.isEmpty ? allBatches : Set(request.batches)
        let classNames = try Self.classNames(db)
        var classIndex: [String: Int] = [:]
        var classList: [String] = []
        func index(of value: String) -> Int {
            let name = classNames[value] ?? value
            if let index = classIndex[name] { return index }
            classIndex[name] = classList.count
            classList.append(name)
            return classList.count - 1
        }
        for name in try String.fetchAll(db, sql: "SELECT name FROM classes ORDER BY position") { _ = index(of: name) }

        var members: [Member] = []
        var position: [String: Int] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT images.id, images.batch_id, images.device_id, sha256, split, split_locked, annotation_status,
                    EXISTS (SELECT 1 FROM findings f WHERE f.image_id = images.id AND f.severity = 'error') AS failing,
                    coalesce(b.api, 'acusight') != 'acusight' AS background, b.project_id IS NULL AS raw_pool
                FROM images JOIN image_splits ON image_splits.image_id = images.id
                    LEFT JOIN batches b ON b.id = coalesce(images.original_batch_id, images.batch_id)
                ORDER BY images.id
                """)
        while let row = try rows.next() {
            // Columns by index: this loop runs once per image of the workspace.
            let id: String = row[0]
            position[id] = members.count
            // A Runflow or Nimble image is a background: ready once its batch is in the project.
            let background: Bool = row[8]
            members.append(
                Member(
                    id: id, batchID: row[1], deviceID: row[2], sha256: row[3],
                    split: (row[4] as String?).flatMap(DatasetSplit.init(rawValue:)), locked: row[5],
                    completed: background || (row[6] as String?) == "completed", failing: row[7], classes: [:],
                    rawPool: background && row[9] as Bool))
        }
        let counts = try Row.fetchCursor(
            db, sql: "SELECT image_id, class_value, COUNT(*) FROM annotations GROUP BY image_id, class_value")
        var classOf: [String: Int] = [:]
        while let row = try counts.next() {
            guard let at = position[row[0] as String] else { continue }
            let value: String = row[1]
            let index = classOf[value] ?? index(of: value)
            classOf[value] = index
            members[at].classes[index, default: 0] += row[2] as Int
        }
        if request.markAllComplete {
            for at in members.indices where scopeBatches.contains(members[at].batchID) {
                members[at].completed = true
            }
        }

        // 2. Who takes part.
        var warnings: [String] = []
        var eligible = [Bool](repeating: false, count: members.count)
        var skipped = (pending: 0, missing: 0, failing: 0)
        for (at, member) in members.enumerated() where scopeBatches.contains(member.batchID) && !member.rawPool {
            if request.completedOnly && !member.completed {
                skipped.pending += 1
            } else if member.sha256 == nil {
                skipped.missing += 1
            } else if member.failing && !request.includeFailing {
                skipped.failing += 1
            } else {
                eligible[at] = true
            }
        }
        if skipped.pending > 0 {
            warnings.append(
                "\(plural(skipped.pending, "image")) not completed \(skipped.pending == 1 ? "was" : "were") left out "
                    + "(--include-pending or --mark-all-complete takes them in)")
        }
        if skipped.missing > 0 {
            warnings.append(
                "\(plural(skipped.missing, "image")) without an image file in the store "
                    + "\(skipped.missing == 1 ? "was" : "were") left out (image.missing); import them again with their files"
            )
        }
        if skipped.failing > 0 {
            warnings.append(
                "\(plural(skipped.failing, "image")) with validation errors \(skipped.failing == 1 ? "was" : "were") left out "
                    + "(`yoloset status` lists them; --include-failing takes them in)")
        }

        // 3. Units.
        var units = UnionFind(count: members.count)
        var firstBySHA: [String: Int] = [:]
        var firstByGroup: [String: Int] = [:]
        for (at, member) in members.enumerated() {
            if let sha = member.sha256 {
                if let first = firstBySHA[sha] { units.union(first, at) } else { firstBySHA[sha] = at }
            }
            let group: String? =
                switch request.groupBy {
                case .none: nil
                case .device: member.deviceID.map { "d\($0)" }
                case .batch: "b\(member.batchID)"
                }
            if let group, eligible[at] || member.split != nil {
                if let first = firstByGroup[group] { units.union(first, at) } else { firstByGroup[group] = at }
            }
        }
        var unitMembers: [Int: [Int]] = [:]
        for at in members.indices {
            let inScope = eligible[at]
            // Out-of-scope images matter only as fixed splits that a unit must follow.
            guard inScope || members[at].split != nil else { continue }
            unitMembers[units.find(at), default: []].append(at)
        }

        // 4. Assign.
        func isFixed(_ at: Int) -> Bool {
            let member = members[at]
            guard member.split != nil else { return false }
            return !eligible[at] || member.locked || !request.forceReassignment
        }
        var newSplit: [Int: DatasetSplit] = [:]
        var free: [(key: UInt64, tie: String, members: [Int])] = []
        for (_, list) in unitMembers {
            guard list.contains(where: { eligible[$0] }) else { continue }
            let fixed = list.filter(isFixed)
            if fixed.isEmpty {
                let key = list.compactMap { members[$0].sha256 }.min() ?? members[list[0]].id
                free.append((Self.orderKey(seed: request.seed, key), key, list.filter { eligible[$0] }))
                continue
            }
            let target = Self.leading(fixed.map { (members[$0].split!, members[$0].locked) })
            let conflicting = fixed.filter { members[$0].split != target }
            if !conflicting.isEmpty {
                let names = conflicting.prefix(5).map { "\(members[$0].id) (\(members[$0].split!.rawValue))" }
                warnings.append(
                    "images that must share a split are in different splits and may not move: "
                        + "\(names.joined(separator: ", ")) vs \(target.rawValue)"
                        + (request.forceReassignment
                            ? "; unlock them to reunite them"
                            : "; --force-reassignment "
                                + "moves the unlocked ones"))
            }
            for at in list where eligible[at] && !isFixed(at) { newSplit[at] = target }
        }

        var targets: [String: [DatasetSplit: Double]] = [:]
        var ratios: SplitRatios?
        switch request.mode {
        case .existing:
            break
        case .all(let split):
            for unit in free { for at in unit.members { newSplit[at] = split } }
        case .proportions(let requested):
            ratios = requested
            var state = Balance(ratios: requested, classCount: classList.count)
            for at in members.indices where eligible[at] {
                state.total(members[at])
                if let split = newSplit[at] ?? (isFixed(at) ? members[at].split : nil) {
                    state.add(members[at], to: split)
                }
            }
            let ordered = free.map { unit in
                (
                    rarity: unit.members.flatMap { members[$0].classes.keys }.map { state.classTotals[$0] }.min()
                        ?? Int.max,
                    annotations: unit.members.reduce(0) { $0 + members[$1].annotations }, key: unit.key,
                    tie: unit.tie, members: unit.members
                )
            }.sorted {
                ($0.rarity, -$0.annotations, $0.key, $0.tie) < ($1.rarity, -$1.annotations, $1.key, $1.tie)
            }
            for unit in ordered {
                let split = state.best(for: unit.members.map { members[$0] })
                for at in unit.members {
                    newSplit[at] = split
                    state.add(members[at], to: split)
                }
            }
            for (index, name) in classList.enumerated() where state.classTotals[index] > 0 {
                var perSplit: [DatasetSplit: Double] = [:]
                for split in DatasetSplit.allCases {
                    perSplit[split] = (Double(state.classTotals[index]) * requested[split] * 100).rounded() / 100
                }
                targets[name] = perSplit
            }
        }

        // 5. Write, and sum up.
        var summary = SplitSummary(
            dryRun: request.dryRun, mode: Self.modeName(request.mode), seed: request.seed, groupBy: request.groupBy,
            batches: scopeBatches.sorted(), total: 0, splitCounts: [:], keptCount: 0, lockedCount: 0, movedCount: 0,
            assignedCount: 0, unassignedCount: 0, classDistribution: [:], classTargets: targets, ratios: ratios,
            warnings: warnings)
        summary.forceReassignment = request.forceReassignment
        var updates: [UpdateKey: [String]] = [:]
        for at in members.indices where eligible[at] {
            let member = members[at]
            let final = newSplit[at] ?? member.split
            var locked = member.locked
            if let final, final != member.split {
                if member.split == nil { summary.assignedCount += 1 } else { summary.movedCount += 1 }
                if request.lock { locked = true }
                updates[UpdateKey(split: final, locked: locked), default: []].append(member.id)
            } else if member.split != nil {
                summary.keptCount += 1
                if member.locked { summary.lockedKeptCount += 1 }
            }
            summary.total += 1
            if locked { summary.lockedCount += 1 }
            guard let final else {
                summary.unassignedCount += 1
                continue
            }
            summary.splitCounts[final, default: 0] += 1
            for (index, count) in member.classes {
                summary.classDistribution[final, default: [:]][classList[index], default: 0] += count
            }
        }
        if !request.dryRun {
            for (key, rows) in updates {
                for start in stride(from: 0, to: rows.count, by: 500) {
                    let chunk = rows[start..<min(start + 500, rows.count)]
                    try db.execute(
                        sql: "UPDATE image_splits SET split = ?, split_locked = ? WHERE image_id IN ("
                            + Array(repeating: "?", count: chunk.count).joined(separator: ",") + ")",
                        arguments: StatementArguments(
                            [key.split.rawValue, key.locked] + chunk.map { $0 as (any DatabaseValueConvertible)? }))
                }
            }
        }
        if request.markAllComplete && !request.dryRun {
            for batch in scopeBatches {
                // Runflow and Nimble images are backgrounds, never annotated here.
                try db.execute(
                    sql: """
                        UPDATE images SET annotation_status = 'completed' WHERE batch_id = ?
                            AND (SELECT api FROM batches WHERE id = ?) = 'acusight'
                        """, arguments: [batch, batch])
            }
        }
        if request.promote && !request.dryRun {
            for batch in scopeBatches {
                try db.execute(sql: "UPDATE batches SET stage = 'dataset' WHERE id = ?", arguments: [batch])
            }
        }
        if case .proportions = request.mode, summary.unassignedCount == 0 {
            summary.warnings.append(contentsOf: Self.shortfalls(summary))
        }
        return summary
    }

    /// Warnings for classes a split should hold but holds none of.
    private static func shortfalls(_ summary: SplitSummary) -> [String] {
        var warnings: [String] = []
        for (name, perSplit) in summary.classTargets.sorted(by: { $0.key < $1.key }) {
            for split in DatasetSplit.allCases where (perSplit[split] ?? 0) >= 1 {
                if summary.classDistribution[split]?[name] ?? 0 == 0 {
                    warnings.append(
                        "class '\(name)' has no annotations in \(split.rawValue) (target \(perSplit[split]!)); "
                            + "it has too few images to spread")
                }
            }
        }
        return warnings
    }

    /// The split a unit with fixed members follows: a locked member's, else the most common.
    private static func leading(_ fixed: [(split: DatasetSplit, locked: Bool)]) -> DatasetSplit {
        var score: [DatasetSplit: Int] = [:]
        for (split, locked) in fixed { score[split, default: 0] += locked ? 1_000_000 : 1 }
        return score.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key
    }

    /// A position for a unit that depends only on the seed and the unit's content: FNV-1a over the key,
    /// seeded, then mixed (SplitMix64's finalizer). Stable across machines and runs.
    private static func orderKey(seed: UInt64, _ key: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        hash ^= hash >> 30
        hash &*= 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 27
        hash &*= 0x94d0_49bb_1331_11eb
        return hash ^ (hash >> 31)
    }

    private static func classNames(_ db: Database) throws -> [String: String] {
        var names: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, raw_value FROM classes ORDER BY position") {
            let name: String = row["name"]
            if let raw: String = row["raw_value"] { names[raw] = name }
            names[name] = name
        }
        return names
    }

    private static func modeName(_ mode: SplitRequest.Mode) -> String {
        switch mode {
        case .proportions: "proportions"
        case .all: "all"
        case .existing: "existing"
        }
    }

}

/// Running per-split counts, for the greedy assignment. Targets follow progress: after each step, a
/// split should hold its ratio of what has been placed so far, class by class and in images, so every
/// class is spread evenly from the first unit to the last.
private struct Balance {
    let ratios: SplitRatios
    /// Annotations per class in the units that take part (placed or not): scales each class's error.
    var classTotals: [Int]
    var imageTotal = 0
    var perSplit: [DatasetSplit: [Int]] = [:]
    var placed: [Int]
    var images: [DatasetSplit: Int] = [:]
    var imagesPlaced = 0

    /// How much the image counts weigh against the class counts.
    static let imageWeight = 0.5

    init(ratios: SplitRatios, classCount: Int) {
        self.ratios = ratios
        classTotals = [Int](repeating: 0, count: classCount)
        placed = [Int](repeating: 0, count: classCount)
        for split in DatasetSplit.allCases { perSplit[split] = [Int](repeating: 0, count: classCount) }
    }

    mutating func total(_ member: Splitter.Member) {
        imageTotal += 1
        for (index, count) in member.classes { classTotals[index] += count }
    }

    mutating func add(_ member: Splitter.Member, to split: DatasetSplit) {
        images[split, default: 0] += 1
        imagesPlaced += 1
        for (index, count) in member.classes {
            perSplit[split]![index] += count
            placed[index] += count
        }
    }

    /// The split for which, after taking the unit, every split's counts lie closest (squared error,
    /// relative to each class's total) to its ratio of everything placed.
    func best(for unit: [Splitter.Member]) -> DatasetSplit {
        var classes: [Int: Int] = [:]
        for member in unit { for (index, count) in member.classes { classes[index, default: 0] += count } }
        var best: (cost: Double, split: DatasetSplit)?
        for split in DatasetSplit.allCases where ratios[split] > 0 {
            var cost = 0.0
            for (index, count) in classes {
                let scale = Double(max(classTotals[index], 1))
                let after = Double(placed[index] + count)
                for other in DatasetSplit.allCases {
                    let held = Double(perSplit[other]![index] + (other == split ? count : 0))
                    let error = (held - ratios[other] * after) / scale
                    cost += error * error
                }
            }
            let scale = Double(max(imageTotal, 1))
            let after = Double(imagesPlaced + unit.count)
            for other in DatasetSplit.allCases {
                let held = Double((images[other] ?? 0) + (other == split ? unit.count : 0))
                let error = (held - ratios[other] * after) / scale
                cost += Self.imageWeight * error * error
            }
            if best == nil || cost < best!.cost - 1e-15 { best = (cost, split) }
        }
        return best!.split
    }
}

/// Disjoint sets over image positions, for units that must share a split.
struct UnionFind {
    private var parent: [Int]

    init(count: Int) {
        parent = Array(0..<count)
    }

    mutating func find(_ element: Int) -> Int {
        var root = element
        while parent[root] != root { root = parent[root] }
        var current = element
        while parent[current] != root {
            let next = parent[current]
            parent[current] = root
            current = next
        }
        return root
    }

    mutating func union(_ first: Int, _ second: Int) {
        let a = find(first)
        let b = find(second)
        if a != b { parent[max(a, b)] = min(a, b) }
    }
}
