internal import Foundation

/// Joins the parts of a sharded validation (`validate --shard K/N`, one part per shard) into the report
/// one unsharded run of the same command gives: the same findings in the same order, the same counts.
/// One entry point, `run(parts:)`; its stages:
///
/// 1. Check the parts belong together: one run (same inputs, check level, config and yoloset), every
///    shard from 1 to N exactly once.
/// 2. Compare content across every shard's images (`image.duplicate`, `split.leak`, `split.overlap`)
///    from the digests the parts carry; no image is read. Those findings are given the line and column
///    of their JSON path from the dumps, when they are where the parts name them.
/// 3. Order every finding as one run orders them, and add up the counts.
public struct ReportMerge: Sendable {
    public var workers: Int

    public init(workers: Int? = nil) {
        self.workers = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The report of the whole run, and what it was run on.
    public struct Merged: Sendable {
        public let report: ValidationReport
        /// The dump paths every shard was given.
        public let inputs: [String]
        /// The slowest shard's wall time, in seconds.
        public let elapsed: Double
    }

    /// Merges `parts`, read from `files` (named in errors, in the same order).
    public func run(parts: [ValidationPart], files: [String]) throws(ShardError) -> Merged {
        // 1. Belonging together.
        guard let first = parts.first else { throw ShardError("name the part of every shard to merge") }
        func name(_ position: Int) -> String {
            files.indices.contains(position) ? files[position] : "part \(position + 1)"
        }
        let count = first.shard.count
        var byIndex: [Int: Int] = [:]
        for (position, part) in parts.enumerated() {
            let file = name(position)
            guard part.shard.count == count else {
                throw ShardError(
                    "'\(file)' is shard \(part.shard) and '\(name(0))' is shard \(first.shard): parts of one run "
                        + "share N")
            }
            guard part.run == first.run else {
                throw ShardError(
                    "'\(file)' and '\(name(0))' are parts of different runs (other inputs, check level or config); "
                        + "merge the parts of one validate command")
            }
            if let earlier = byIndex[part.shard.index] {
                throw ShardError("'\(name(earlier))' and '\(file)' are both shard \(part.shard)")
            }
            byIndex[part.shard.index] = position
            guard part.report.dumps == first.report.dumps, part.report.batches == first.report.batches else {
                throw ShardError(
                    "'\(file)' read \(part.report.dumps) dumps and \(part.report.batches) batches, '\(name(0))' "
                        + "\(first.report.dumps) and \(first.report.batches): the shards saw different dumps")
            }
        }
        let missing = (1...count).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            let names = missing.prefix(10).map { "\($0)/\(count)" }.joined(separator: ", ")
            throw ShardError(
                "\(missing.count == 1 ? "shard" : "shards") \(names)\(missing.count > 10 ? ", …" : "") "
                    + "\(missing.count == 1 ? "is" : "are") missing: merge the parts of all \(count) shards")
        }
        let ordered = (1...count).map { parts[byIndex[$0]!] }

        // 2. Content.
        var entries: [(key: FindingOrder, finding: Finding)] = []
        for part in ordered {
            entries += zip(part.orders, part.report.findings).map { (key: $0, finding: $1) }
        }
        let records = ordered.flatMap(\.records)
        let content = ContentRules(config: first.run.config, workers: workers).check(records)
        let located = FindingPositions.locate(content.map(\.finding), workers: workers)
        for ((sequence, _), finding) in zip(content, located) {
            entries.append((FindingOrder(sequence: sequence, annotation: nil, rule: finding.rule), finding))
        }

        // 3. Order and count.
        let report = ValidationReport(
            check: first.run.check, dumps: first.report.dumps, batches: first.report.batches,
            images: ordered.reduce(0) { $0 + $1.report.images },
            annotations: ordered.reduce(0) { $0 + $1.report.annotations },
            findings: FindingOrder.sorted(entries).map(\.finding), disabledRules: first.report.disabledRules)
        return Merged(report: report, inputs: first.run.inputs, elapsed: ordered.map(\.elapsed).max() ?? 0)
    }
}
