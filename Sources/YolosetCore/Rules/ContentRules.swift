internal import Dispatch

/// `image.duplicate`, `split.leak` and `split.overlap`: the same bytes under two image ids, across every
/// dump of a run.
/// Only files equal in size and in their sampled first and last bytes are hashed (SHA-256), so a run of
/// distinct images reads no file twice.
struct ContentRules {
    /// What the comparison keeps of each image: a few fields, not the image.
    struct Record: Sendable {
        let sequence: Int
        let byteCount: Int
        /// `ImageInspection.sample`.
        let sample: Int
        let path: String
        let location: Finding.Location
        let split: String?
        /// The file's SHA-256 when the check already read it whole (an import); else it is read here if need be.
        let digest: String?
    }

    /// What a run keeps of each image until it is known to matter: the keys content is first compared
    /// by (size and sampled bytes) and the image's place in the run; 24 bytes, where a record holds paths
    /// and ids.
    struct Sketch: Sendable {
        let sequence: Int
        let byteCount: Int
        let sample: Int

        init(_ record: Record) {
            sequence = record.sequence
            byteCount = record.byteCount
            sample = record.sample
        }
    }

    /// The sketches that share their size and sample with another's, by sequence: the only images whose
    /// records `check` needs (it tells one image dumped twice from two images).
    static func candidates(_ sketches: consuming [Sketch]) -> [Int: Sketch] {
        sketches.sort { ($0.byteCount, $0.sample) < ($1.byteCount, $1.sample) }
        var found: [Int: Sketch] = [:]
        var start = 0
        while start < sketches.count {
            var end = start + 1
            while end < sketches.count, sketches[end].byteCount == sketches[start].byteCount,
                sketches[end].sample == sketches[start].sample
            {
                end += 1
            }
            if end - start > 1 {
                for sketch in sketches[start..<end] { found[sketch.sequence] = sketch }
            }
            start = end
        }
        return found
    }

    let config: ValidationConfig
    let workers: Int

    func check(_ records: [Record]) -> [(sequence: Int, finding: Finding)] {
        var bySample: [SampleKey: [Record]] = [:]
        for record in records {
            bySample[SampleKey(byteCount: record.byteCount, sample: record.sample), default: []].append(record)
        }
        let candidates = bySample.values.filter { Set($0.map(\.identity)).count > 1 }.flatMap { $0 }
        guard !candidates.isEmpty else { return [] }

        var byDigest: [String: [Record]] = [:]
        for record in Self.hashed(candidates, workers: workers) {
            if let digest = record.digest { byDigest[digest, default: []].append(record) }
        }
        var findings: [(Int, Finding)] = []
        for group in byDigest.values {
            var distinct: [Record] = []
            for record in group.sorted(by: { $0.sequence < $1.sequence })
            where !distinct.contains(where: { $0.identity == record.identity }) {
                distinct.append(record)
            }
            guard distinct.count > 1, let original = distinct.first else { continue }
            for copy in distinct.dropFirst() {
                report(
                    .imageDuplicate, copy,
                    "same bytes as \(Self.describe(original.location)) ('\(original.path)'); keep one of them",
                    into: &findings)
            }
            for (other, lead, rule) in SplitRules.sharing(distinct, split: \.split) {
                report(
                    rule, other,
                    "identical content is in '\(other.split!)' here and in '\(lead.split!)' as image "
                        + "\(lead.location.imageID ?? "?") of batch \(lead.location.batchID ?? "?"); "
                        + "\(SplitRules.consequence(of: rule)): put both in one split", into: &findings)
            }
        }
        return findings
    }

    /// `records`, each with its file's SHA-256: read here, once a file however many records name it, when
    /// the check did not hash it. A file that cannot be read again is left out of the comparison.
    static func hashed(_ records: [Record], workers: Int) -> [Record] {
        var seen = Set<String>()
        let unread = records.filter { $0.digest == nil && seen.insert($0.path).inserted }.map(\.path)
        let read = Dictionary(uniqueKeysWithValues: zip(unread, digests(of: unread, workers: workers)))
        return records.compactMap { record in
            guard let digest = record.digest ?? read[record.path] ?? nil else { return nil }
            return Record(
                sequence: record.sequence, byteCount: record.byteCount, sample: record.sample, path: record.path,
                location: record.location, split: record.split, digest: digest)
        }
    }

    /// `image img-1 of batch b-1`, or for a Runflow or Nimble dump, `item 7f3c of batch 5f0c`.
    private static func describe(_ location: Finding.Location) -> String {
        if let item = location.itemID { return "item \(item) of batch \(location.batchID ?? "?")" }
        return "image \(location.imageID ?? "?") of batch \(location.batchID ?? "?")"
    }

    private struct SampleKey: Hashable {
        let byteCount: Int
        let sample: Int
    }

    private func report(_ rule: Rule, _ record: Record, _ message: String, into findings: inout [(Int, Finding)]) {
        guard let severity = config.severity(of: rule) else { return }
        findings.append(
            (record.sequence, Finding(rule: rule, severity: severity, message: message, location: record.location)))
    }

    /// SHA-256 of each file (nil when unreadable), on up to `workers` threads.
    static func digests(of paths: [String], workers: Int) -> [String?] {
        let results = UnsafeMutableBufferPointer<String?>.allocate(capacity: paths.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let slots = SendableSlots(results)
        DispatchQueue.concurrentPerform(iterations: min(workers, paths.count)) { worker in
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
            defer { chunk.deallocate() }
            var index = worker
            while index < paths.count {
                slots.buffer[index] = ObjectStore.digest(of: paths[index], buffer: chunk)
                index += workers
            }
        }
        return Array(results)
    }
}

extension ContentRules.Record {
    /// Two records are the same image when batch and image ids agree (a batch dumped twice).
    var identity: String { "\(location.batchID ?? "")\u{0}\(location.imageID ?? "")\u{0}\(location.itemID ?? "")" }
}
