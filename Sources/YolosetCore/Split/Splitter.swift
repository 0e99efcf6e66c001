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

    /// One image of the workspace, held compactly (a million-image workspace is split in flat memory):
    /// its id is `ids[position]`, its batch `batchIDs[batch]`, its annotations per class
    /// `classCounts[classStart..<classStart + classCount]`.
    struct Member {
        let batch: Int32
        /// Of `devices`, or -1 without one.
        let device: Int32
        let digest: ContentDigest?
        var split: DatasetSplit?
        let locked: Bool
        var completed: Bool
        let failing: Bool
        /// In a Runflow or Nimble batch not yet assigned to the project: never split.
        let rawPool: Bool
        var classStart: Int32 = 0
        var classCount: Int32 = 0
    }

    /// Annotations of one class on one image (or unit).
    struct ClassCount {
        var index: Int32
        var count: Int32
    }

    /// Every image of the workspace, with what the split needs of it.
    private struct Images {
        var members: [Member] = []
        var ids = TextArena()
        var batchIDs: [String] = []
        var classCounts: [ClassCount] = []

        func classes(_ at: Int) -> ArraySlice<ClassCount> {
            let start = Int(members[at].classStart)
            return classCounts[start..<(start + Int(members[at].classCount))]
        }

        func annotations(_ at: Int) -> Int { classes(at).reduce(0) { $0 + Int($1.count) } }
        func batchID(_ at: Int) -> String { batchIDs[Int(members[at].batch)] }
    }

    /// A unit whose members may all move: `order[start..<end]`, placed in the order of `rarity`,
    /// `annotations`, `key` and its least digest.
    private struct FreeUnit {
        var rarity = Int.max
        var annotations = 0
        let key: UInt64
        /// The member holding the unit's least digest.
        let tie: Int32
        let start: Int32
        let end: Int32
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

        var images = Images()
        var batchNumbers: [String: Int32] = [:]
        var deviceNumbers: [String: Int32] = [:]
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
            let batchID: String = row[1]
            let batch =
                batchNumbers[batchID]
                ?? {
                    batchNumbers[batchID] = Int32(images.batchIDs.count)
                    images.batchIDs.append(batchID)
                    return Int32(images.batchIDs.count - 1)
                }()
            let device = (row[2] as String?).map { deviceID in
                deviceNumbers[deviceID]
                    ?? {
                        deviceNumbers[deviceID] = Int32(deviceNumbers.count)
                        return Int32(deviceNumbers.count - 1)
                    }()
            }
            var digest: ContentDigest?
            if let sha256: String = row[3] {
                guard let parsed = ContentDigest(hex: sha256) else {
                    throw WorkspaceError("the catalog holds '\(sha256)' as image \(id)'s SHA-256; run `yoloset fsck`")
                }
                digest = parsed
            }
            // A Runflow or Nimble image is a background: ready once its batch is in the project.
            let background: Bool = row[8]
            images.ids.append(id)
            images.members.append(
                Member(
                    batch: batch, device: device ?? -1, digest: digest,
                    split: (row[4] as String?).flatMap(DatasetSplit.init(rawValue:)), locked: row[5],
                    completed: background || (row[6] as String?) == "completed", failing: row[7],
                    rawPool: background && row[9] as Bool))
        }
        // Annotations per image and class, in the images' order: each image's counts are consecutive.
        let counts = try Row.fetchCursor(
            db,
            sql: """
                SELECT image_id, class_value, COUNT(*) FROM annotations GROUP BY image_id, class_value
                ORDER BY image_id, class_value
                """)
        var classOf: [String: Int] = [:]
        var at = 0
        while let row = try counts.next() {
            let imageID: String = row[0]
            while at < images.members.count && images.ids.compare(at, imageID) < 0 { at += 1 }
            guard at < images.members.count, images.ids.compare(at, imageID) == 0 else { continue }
            let value: String = row[1]
            let index = Int32(classOf[value] ?? index(of: value))
            classOf[value] = Int(index)
            let count = Int32(row[2] as Int)
            if images.members[at].classCount == 0 { images.members[at].classStart = Int32(images.classCounts.count) }
            let start = Int(images.members[at].classStart)
            // Two raw values of one class count together.
            if let same = images.classCounts[start...].firstIndex(where: { $0.index == index }) {
                images.classCounts[same].count += count
            } else {
                images.classCounts.append(ClassCount(index: index, count: count))
                images.members[at].classCount += 1
            }
        }
        let members = images.members.indices
        if request.markAllComplete {
            for at in members where scopeBatches.contains(images.batchID(at)) {
                images.members[at].completed = true
            }
        }

        // 2. Who takes part.
        var warnings: [String] = []
        var eligible = [Bool](repeating: false, count: members.count)
        var skipped = (pending: 0, missing: 0, failing: 0)
        let scope = Set(images.batchIDs.indices.filter { scopeBatches.contains(images.batchIDs[$0]) }.map(Int32.init))
        for (at, member) in images.members.enumerated() where scope.contains(member.batch) && !member.rawPool {
            if request.completedOnly && !member.completed {
                skipped.pending += 1
            } else if member.digest == nil {
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

        // 3. Units: identical content anywhere in the workspace (images in digest order, each joined to the
        // one before it when they match), and the `group_by` key.
        var units = UnionFind(count: members.count)
        var byDigest = members.filter { images.members[$0].digest != nil }.map(Int32.init)
        byDigest.sort { images.members[Int($0)].digest! < images.members[Int($1)].digest! }
        for (previous, at) in zip(byDigest, byDigest.dropFirst())
        where images.members[Int(previous)].digest == images.members[Int(at)].digest {
            units.union(Int(previous), Int(at))
        }
        byDigest = []
        var firstByGroup: [Int32: Int] = [:]
        for (at, member) in images.members.enumerated() where eligible[at] || member.split != nil {
            let group: Int32? =
                switch request.groupBy {
                case .none: nil
                case .device: member.device >= 0 ? member.device : nil
                case .batch: member.batch
                }
            if let group {
                if let first = firstByGroup[group] { units.union(first, at) } else { firstByGroup[group] = at }
            }
        }
        // The images of each unit side by side in `order`, units by their first image, each unit's images
        // in order (a counting sort on the units' roots, which are their least positions). Out-of-scope
        // images matter only as fixed splits that a unit must follow.
        let root = members.map { Int32(units.find($0)) }
        units = UnionFind(count: 0)
        var unitEnd = [Int32](repeating: 0, count: members.count + 1)
        for at in members where eligible[at] || images.members[at].split != nil { unitEnd[Int(root[at]) + 1] += 1 }
        for at in members { unitEnd[at + 1] += unitEnd[at] }
        var order = [Int32](repeating: 0, count: Int(unitEnd[members.count]))
        var filled = unitEnd
        for at in members where eligible[at] || images.members[at].split != nil {
            order[Int(filled[Int(root[at])])] = Int32(at)
            filled[Int(root[at])] += 1
        }
        filled = []

        // 4. Assign.
        func isFixed(_ at: Int) -> Bool {
            let member = images.members[at]
            guard member.split != nil else { return false }
            return !eligible[at] || member.locked || !request.forceReassignment
        }
        var newSplit = [DatasetSplit?](repeating: nil, count: members.count)
        var free: [FreeUnit] = []
        for first in members where unitEnd[first + 1] > unitEnd[first] {
            let start = unitEnd[first]
            let end = unitEnd[first + 1]
            let list = order[Int(start)..<Int(end)].lazy.map(Int.init)
            guard list.contains(where: { eligible[$0] }) else { continue }
            let fixed = list.filter(isFixed)
            if fixed.isEmpty {
                // Every image of a unit without fixed ones takes part, so every one has a digest.
                let tie = list.min { images.members[$0].digest! < images.members[$1].digest! }!
                free.append(
                    FreeUnit(
                        key: Self.orderKey(seed: request.seed, images.members[tie].digest!.hex), tie: Int32(tie),
                        start: start, end: end))
                continue
            }
            let target = Self.leading(fixed.map { (images.members[$0].split!, images.members[$0].locked) })
            let conflicting = fixed.filter { images.members[$0].split != target }
            if !conflicting.isEmpty {
                let names = conflicting.prefix(5).map { "\(images.ids[$0]) (\(images.members[$0].split!.rawValue))" }
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
            for unit in free { for at in order[Int(unit.start)..<Int(unit.end)] { newSplit[Int(at)] = split } }
        case .proportions(let requested):
            ratios = requested
            var state = Balance(ratios: requested, classCount: classList.count)
            for at in members where eligible[at] {
                state.total(images.classes(at))
                if let split = newSplit[at] ?? (isFixed(at) ? images.members[at].split : nil) {
                    state.add(images.classes(at), to: split)
                }
            }
            for position in free.indices {
                for at in order[Int(free[position].start)..<Int(free[position].end)] {
                    for entry in images.classes(Int(at)) {
                        free[position].rarity = min(free[position].rarity, state.classTotals[Int(entry.index)])
                        free[position].annotations += Int(entry.count)
                    }
                }
            }
            free.sort {
                ($0.rarity, -$0.annotations, $0.key) != ($1.rarity, -$1.annotations, $1.key)
                    ? ($0.rarity, -$0.annotations, $0.key) < ($1.rarity, -$1.annotations, $1.key)
                    : images.members[Int($0.tie)].digest! < images.members[Int($1.tie)].digest!
            }
            for unit in free {
                let list = order[Int(unit.start)..<Int(unit.end)].lazy.map(Int.init)
                let split = state.best(for: Balance.sum(list.map { images.classes($0) }), images: list.count)
                for at in list {
                    newSplit[at] = split
                    state.add(images.classes(at), to: split)
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
        var updates: [UpdateKey: [Int32]] = [:]
        for at in members where eligible[at] {
            let member = images.members[at]
            let final = newSplit[at] ?? member.split
            var locked = member.locked
            if let final, final != member.split {
                if member.split == nil { summary.assignedCount += 1 } else { summary.movedCount += 1 }
                if request.lock { locked = true }
                updates[UpdateKey(split: final, locked: locked), default: []].append(Int32(at))
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
            for entry in images.classes(at) {
                summary.classDistribution[final, default: [:]][classList[Int(entry.index)], default: 0] += Int(
                    entry.count)
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
                            [key.split.rawValue, key.locked]
                                + chunk.map { images.ids[Int($0)] as (any DatabaseValueConvertible)? }))
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

    /// A unit's annotations per class, from its images': one entry per class, by class.
    static func sum(_ images: some Sequence<ArraySlice<Splitter.ClassCount>>) -> [Splitter.ClassCount] {
        var classes: [Splitter.ClassCount] = []
        for image in images {
            for entry in image {
                if let at = classes.firstIndex(where: { $0.index == entry.index }) {
                    classes[at].count += entry.count
                } else {
                    classes.append(entry)
                }
            }
        }
        return classes.sorted { $0.index < $1.index }
    }

    mutating func total(_ classes: ArraySlice<Splitter.ClassCount>) {
        imageTotal += 1
        for entry in classes { classTotals[Int(entry.index)] += Int(entry.count) }
    }

    mutating func add(_ classes: ArraySlice<Splitter.ClassCount>, to split: DatasetSplit) {
        images[split, default: 0] += 1
        imagesPlaced += 1
        for entry in classes {
            perSplit[split]![Int(entry.index)] += Int(entry.count)
            placed[Int(entry.index)] += Int(entry.count)
        }
    }

    /// The split for which, after taking a unit of `unitImages` images with annotations `classes`, every
    /// split's counts lie closest (squared error, relative to each class's total) to its ratio of
    /// everything placed.
    func best(for classes: [Splitter.ClassCount], images unitImages: Int) -> DatasetSplit {
        var best: (cost: Double, split: DatasetSplit)?
        for split in DatasetSplit.allCases where ratios[split] > 0 {
            var cost = 0.0
            for entry in classes {
                let index = Int(entry.index)
                let count = Int(entry.count)
                let scale = Double(max(classTotals[index], 1))
                let after = Double(placed[index] + count)
                for other in DatasetSplit.allCases {
                    let held = Double(perSplit[other]![index] + (other == split ? count : 0))
                    let error = (held - ratios[other] * after) / scale
                    cost += error * error
                }
            }
            let scale = Double(max(imageTotal, 1))
            let after = Double(imagesPlaced + unitImages)
            for other in DatasetSplit.allCases {
                let held = Double((images[other] ?? 0) + (other == split ? unitImages : 0))
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
