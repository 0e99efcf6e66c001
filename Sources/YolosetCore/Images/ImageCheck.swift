internal import Crypto
internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#endif

/// The image-check stage every validator shares (Acusight dumps, Runflow and Nimble sources, YOLO
/// datasets): finds each image's file through a locator per images root (their directory caches serve
/// every dump sharing the root), checks it on every core with one inspector per worker (libjpeg/libpng),
/// counts progress, and hands the caller's rules what it learned, on the same worker, in the caller's
/// order.
///
/// In an import (`store` set) each file is read once: its bytes are hashed (SHA-256), checked from
/// memory and, in `copy` mode, written to the object store from that same buffer. A file whose stat
/// still matches the catalog's record is not read whole again: only its header is checked.
struct ImageCheck: Sendable {
    let level: CheckLevel
    let limits: ImageLimits
    let workers: Int
    /// Set for an import: every file found goes into this store.
    let store: ObjectStore?
    private var locators: [String: ImageLocator] = [:]
    private let tally = Tally()

    init(level: CheckLevel, limits: ImageLimits, workers: Int, store: ObjectStore? = nil) {
        self.level = level
        self.limits = limits
        self.workers = workers
        self.store = store
    }

    /// The locator for image files under `root`, made once per run.
    mutating func locator(root: String) -> ImageLocator {
        if let locator = locators[root] { return locator }
        let locator = ImageLocator(root: root)
        locators[root] = locator
        return locator
    }

    /// What the store made of the files so far: the objects this run created (to remove when the run is
    /// abandoned), and the first error storing one.
    var created: [String] { tally.created.withLock { $0 } }
    var storeFailure: WorkspaceError? { tally.failure.withLock { $0 } }

    /// The catalog's record of an image's file: an unchanged file is not hashed again.
    struct KnownFile: Sendable {
        let path: String
        let sha256: String
        let size: Int64
        let mtime: Int64
        let inode: Int64
    }

    /// One image to check: where its file is (nil: nothing to read, e.g. a format yoloset cannot check).
    struct Target: Sendable {
        var location: ImageLocator.Location?
        var known: KnownFile? = nil
    }

    /// What the check learned of one image.
    struct Checked: Sendable {
        let location: ImageLocator.Location?
        let inspection: ImageInspection?
        /// The file as stored, in an import; nil when it was not found, empty, or could not be stored.
        let file: StoredFile?

        var path: String? {
            if case .found(let path) = location { return path }
            return nil
        }

        /// The image's record for the content rules (`image.duplicate`, `split.leak`), when its file was read.
        func record(sequence: Int, location: Finding.Location, split: String?) -> ContentRules.Record? {
            guard let path, let inspection, inspection.byteCount > 0 else { return nil }
            return ContentRules.Record(
                sequence: sequence, byteCount: inspection.byteCount, sample: inspection.sample, path: path,
                location: location, split: split, digest: file?.sha256)
        }
    }

    /// Checks `count` images on every core. `target(i)` says where image i's file is; `rules(i, checked)`
    /// turns what the check learned into the caller's result, on the same worker. `progress(done)` is
    /// told how many of the `count` are done, every 64 images and at the end.
    func map<T: Sendable>(
        count: Int, progress: (@Sendable (Int) -> Void)? = nil, target: @Sendable (Int) -> Target,
        rules: @Sendable (Int, Checked) -> T
    ) -> [T] {
        let counter = Atomic<Int>(0)
        let results = Parallel.map(
            count: count, workers: workers, state: { Worker(level: level, limits: limits) },
            each: { index, worker in
                let result = rules(index, check(target(index), worker: worker))
                let done = counter.wrappingAdd(1, ordering: .relaxed).newValue
                if let progress, done % 64 == 0 || done == count { progress(done) }
                return result
            })
        return results
    }

    private func check(_ target: Target, worker: Worker) -> Checked {
        guard let location = target.location, case .found(let path) = location else {
            return Checked(location: target.location, inspection: nil, file: nil)
        }
        // Once storing failed the import is lost: the rest is only checked.
        guard let store, tally.failure.withLock({ $0 == nil }) else {
            return Checked(location: location, inspection: worker.inspector.inspect(path: path), file: nil)
        }
        let opened = ImageInspector.Opened.of(path)
        guard case .file(let fd, let info) = opened else {
            return Checked(location: location, inspection: worker.inspector.inspect(opened), file: nil)
        }
        defer { close(fd) }
        guard (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else {
            return Checked(location: location, inspection: worker.inspector.inspect(fd: fd, info), file: nil)
        }
        let stamp = ObjectStore.Stamp(info)
        if let known = target.known, known.path == path, known.size == stamp.size, known.mtime == stamp.mtime,
            known.inode == stamp.inode, store.contains(known.sha256)
        {
            let inspection = worker.inspector.inspect(fd: fd, info)
            let file = StoredFile(
                path: path, sha256: known.sha256, stamp: stamp, outcome: nil, object: nil, inspection: inspection)
            return Checked(location: location, inspection: inspection, file: file)
        }
        do throws(WorkspaceError) {
            let staged = try store.stage(source: path, input: fd, stamp: stamp)
            let read = try worker.read(staged, store: store, size: Int(info.st_size))
            let stored = try store.finish(staged, digest: read.digest)
            // A file too large to hold is checked from the object just written (the page cache), not the source.
            let inspection =
                read.contents.map { worker.inspector.inspect(contents: $0) }
                ?? worker.inspector.inspect(ImageInspector.Opened.of(fd: staged.objectFD))
            let file = StoredFile(
                path: path, sha256: stored.digest, stamp: stamp, outcome: stored.outcome, object: stored,
                inspection: inspection)
            if stored.outcome != .present { tally.created.withLock { $0.append(stored.digest) } }
            return Checked(location: location, inspection: inspection, file: file)
        } catch {
            tally.failure.withLock { if $0 == nil { $0 = error } }
            return Checked(location: location, inspection: worker.inspector.inspect(fd: fd, info), file: nil)
        }
    }

    private final class Tally: Sendable {
        let created = Mutex<[String]>([])
        let failure = Mutex<WorkspaceError?>(nil)
    }

    /// What one worker thread owns: its inspector, and the buffer an import reads whole files into.
    private final class Worker {
        /// Files up to this size are held whole in memory while they are hashed, checked and stored;
        /// larger ones stream through the buffer.
        static let wholeFileLimit = 16 << 20

        let inspector: ImageInspector
        private var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)

        init(level: CheckLevel, limits: ImageLimits) {
            inspector = ImageInspector(level: level, limits: limits)
        }

        deinit { buffer.deallocate() }

        /// Reads what `staged` is made of, once, from its start: hashes the bytes and, for a copy, writes
        /// them to the object. `contents` is the whole file when it fitted in the buffer.
        func read(_ staged: ObjectStore.Staging, store: ObjectStore, size: Int) throws(WorkspaceError)
            -> (digest: String, contents: UnsafeRawBufferPointer?)
        {
            // Room for the whole file and one more byte, so the end shows without growing.
            if buffer.count <= size, buffer.count < Self.wholeFileLimit {
                grow(to: min(Self.wholeFileLimit, (size + 1 + 0xFFFF) & ~0xFFFF), keeping: 0)
            }
            var hasher = SHA256()
            var filled = 0
            var whole = true
            var offset: off_t = 0
            while true {
                if filled == buffer.count {
                    if buffer.count < Self.wholeFileLimit {
                        // The file grew since it was stat'ed.
                        grow(to: min(Self.wholeFileLimit, buffer.count * 2), keeping: filled)
                    } else {
                        try consume(UnsafeRawBufferPointer(rebasing: buffer[0..<filled]), &hasher, staged, store)
                        filled = 0
                        whole = false
                    }
                }
                let count = pread(staged.readFD, buffer.baseAddress! + filled, buffer.count - filled, offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw WorkspaceError("object store: cannot read '\(staged.source)': \(errnoText())")
                }
                if count == 0 { break }
                filled += count
                offset += off_t(count)
            }
            let rest = UnsafeRawBufferPointer(rebasing: buffer[0..<filled])
            try consume(rest, &hasher, staged, store)
            return (hasher.finalize().hexString, whole ? rest : nil)
        }

        private func consume(
            _ bytes: UnsafeRawBufferPointer, _ hasher: inout SHA256, _ staged: ObjectStore.Staging, _ store: ObjectStore
        ) throws(WorkspaceError) {
            hasher.update(bufferPointer: bytes)
            if staged.copies { try store.write(bytes, to: staged) }
        }

        private func grow(to count: Int, keeping filled: Int) {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 64)
            if filled > 0 { larger.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<filled])) }
            buffer.deallocate()
            buffer = larger
        }
    }
}

/// An image's file once in the store (or unchanged since the catalog recorded it), with what the
/// catalog keeps of its check.
struct StoredFile: Sendable {
    let path: String
    let sha256: String
    let size: Int64
    let mtime: Int64
    let inode: Int64
    /// What the store did; nil when the catalog's record still matched and nothing was read whole.
    let outcome: ObjectStore.Outcome?
    let object: ObjectStore.Stored?
    let format: String?
    let storedWidth: Int?
    let storedHeight: Int?
    let orientation: Int?
    /// Size after EXIF orientation; 0 when the header told none.
    let displayedWidth: Int
    let displayedHeight: Int

    init(
        path: String, sha256: String, stamp: ObjectStore.Stamp, outcome: ObjectStore.Outcome?,
        object: ObjectStore.Stored?, inspection: ImageInspection
    ) {
        self.path = path
        self.sha256 = sha256
        size = stamp.size
        mtime = stamp.mtime
        inode = stamp.inode
        self.outcome = outcome
        self.object = object
        format = inspection.format?.rawValue
        let sized = inspection.hasSize
        storedWidth = sized ? inspection.storedWidth : nil
        storedHeight = sized ? inspection.storedHeight : nil
        orientation = sized ? inspection.orientation : nil
        displayedWidth = sized ? inspection.displayedWidth : 0
        displayedHeight = sized ? inspection.displayedHeight : 0
    }
}
