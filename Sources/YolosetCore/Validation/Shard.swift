/// One of `count` parts of a validation spread over several machines (`validate --shard K/N`). An image
/// belongs to the shard its stable key hashes into: FNV-1a (64-bit) of its batch id and image id, so a
/// shard's images do not depend on the machine, the folder the dumps are checked out in, or their order.
/// `index` counts from 1, as `--shard 1/4` does (Playwright's and Jest's convention); a Kubernetes
/// Indexed Job's `JOB_COMPLETION_INDEX` counts from 0 (`init(completionIndex:count:)`).
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public var description: String { "\(index)/\(count)" }

    /// The most shards a run is split into: more than any CI engine runs at once.
    public static let maxCount = 10_000

    public init(index: Int, count: Int) throws(ShardError) {
        guard count >= 1, count <= Self.maxCount else {
            throw ShardError("the shard count \(count) is not between 1 and \(Self.maxCount)")
        }
        guard index >= 1, index <= count else {
            throw ShardError("shard \(index) of \(count) does not exist: K counts from 1 to \(count)")
        }
        self.index = index
        self.count = count
    }

    /// `K/N`, as `--shard` takes it.
    public init(parsing text: String) throws(ShardError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw ShardError("'\(text)' is not K/N (e.g. 2/4: the second of four shards)")
        }
        try self.init(index: index, count: count)
    }

    /// The shard a Kubernetes Indexed Job's pod runs: `JOB_COMPLETION_INDEX` (0 to N-1) and the job's
    /// `completions` N.
    public init(completionIndex text: String?, count: Int) throws(ShardError) {
        guard let text else {
            throw ShardError(
                "--shard-count needs JOB_COMPLETION_INDEX (set by a Kubernetes Indexed Job); elsewhere use --shard K/N")
        }
        guard let index = Int(text), index >= 0 else {
            throw ShardError("JOB_COMPLETION_INDEX is '\(text)', not a number from 0")
        }
        guard index < count else {
            throw ShardError(
                "JOB_COMPLETION_INDEX is \(index), but --shard-count \(count) has indices 0 to \(count - 1)")
        }
        try self.init(index: index + 1, count: count)
    }

    /// Whether the image with these ids is this shard's to check.
    func contains(batchID: String, imageID: String) -> Bool {
        Self.shard(of: batchID, imageID, count: count) == index
    }

    /// Findings about a whole dump (it cannot be read, its encoding, its listing) are the first shard's.
    var reportsDumps: Bool { index == 1 }

    /// The shard (1-based) of the key made of `batchID` and `imageID`.
    static func shard(of batchID: String, _ imageID: String, count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        for byte in batchID.utf8 { mix(byte) }
        mix(0)
        for byte in imageID.utf8 { mix(byte) }
        return Int(hash % UInt64(count)) + 1
    }
}

/// A `--shard` that cannot be used, or parts that cannot be merged.
public struct ShardError: RunFailure, Equatable, Sendable {
    public var description: String

    init(_ description: String) { self.description = description }
}
