internal import CImageShims
internal import Crypto
internal import Foundation

#if canImport(Glibc)
    internal import Glibc
#endif

/// Image bytes addressed by their SHA-256: `.yoloset/objects/ab/cdef…`. An object is written once and
/// never changed: in the `copy` and `reflink` modes it is yoloset's own file, made under
/// `.yoloset/tmp/` (mode 0444), hashed from the very bytes it holds, and linked into place only then,
/// so no object is ever half-written under its name and no later edit of the user's file reaches it.
/// In `hardlink` mode the object is the user's file (another name for its inode): its stat is
/// recorded in the catalog (`objects`), and `Stamp` tells whether it may have changed since.
struct ObjectStore: Sendable {
    let root: String
    let staging: String
    let link: StoreLink

    enum Outcome: String, Sendable {
        /// The store already held these bytes.
        case present
        /// Copied into a new file of the store's own.
        case copied
        /// A reflink: a new file sharing the source's extents until either is written.
        case cloned
        /// A hard link to the source file itself.
        case linked
    }

    /// What identifies a file's contents without reading it: when none of these changed, neither did
    /// the bytes (short of someone resetting the clock on purpose).
    struct Stamp: Sendable, Equatable {
        let device: Int64
        let inode: Int64
        let size: Int64
        let mtime: Int64
        let ctime: Int64

        init(_ info: stat) {
            device = Int64(bitPattern: UInt64(info.st_dev))
            inode = Int64(bitPattern: UInt64(info.st_ino))
            size = Int64(info.st_size)
            mtime = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
            ctime = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        }

        init(device: Int64, inode: Int64, size: Int64, mtime: Int64, ctime: Int64) {
            self.device = device
            self.inode = inode
            self.size = size
            self.mtime = mtime
            self.ctime = ctime
        }

        /// The same file with the same size and modification time. The change time is left out: every new
        /// hard link to a file (a version's image) changes it.
        func sameContents(as other: Stamp) -> Bool {
            device == other.device && inode == other.inode && size == other.size && mtime == other.mtime
        }

        static func of(_ path: String) -> Stamp? {
            var info = stat()
            return stat(path, &info) == 0 ? Stamp(info) : nil
        }
    }

    /// An image file once in the store.
    struct Stored: Sendable {
        let digest: String
        let outcome: Outcome
        /// How the object relates to its source: `hardlink` when both are one inode.
        let link: StoreLink
        /// The object's stat right after it was stored.
        let stamp: Stamp
    }

    func path(of digest: String) -> String {
        "\(root)/\(digest.prefix(2))/\(digest.dropFirst(2))"
    }

    func contains(_ digest: String) -> Bool {
        var info = stat()
        return lstat(path(of: digest), &info) == 0
    }

    /// Puts the file at `source` into the store, by this store's mode; `buffer` is the caller's
    /// reusable read buffer. Nil when the source cannot be opened (it is gone, or not a file).
    func store(source: String, buffer: UnsafeMutableRawBufferPointer) throws(WorkspaceError) -> Stored? {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { return nil }
        defer { close(input) }
        var info = stat()
        guard fstat(input, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        if link == .hardlink {
            return try hardLink(source: source, input: input, sourceStamp: Stamp(info), buffer: buffer)
        }
        return try ownFile(source: source, input: input, sourceStamp: Stamp(info), buffer: buffer)
    }

    /// Copy or reflink: a new file under `staging`, hashed from what it holds, then linked into place.
    /// The file has no name there (O_TMPFILE) where the file system allows, so a killed import leaves
    /// nothing behind and workers do not queue on the staging folder's lock; else a `.part` name.
    private func ownFile(
        source: String, input: Int32, sourceStamp: Stamp, buffer: UnsafeMutableRawBufferPointer
    ) throws(WorkspaceError) -> Stored? {
        var temporary: String? = nil
        var output = ys_open_unnamed(staging, 0o444)
        if output < 0 {
            let named = "\(staging)/\(UUID().uuidString).part"
            output = open(named, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
            guard output >= 0 else { throw failure("cannot create '\(named)'") }
            temporary = named
        }
        defer {
            close(output)
            if let temporary { unlink(temporary) }
        }
        var outcome = Outcome.copied
        var hasher = SHA256()
        if link != .copy, ys_clone_file(output, input) == 0 {
            // The clone holds the source's bytes as they were at this instant; hash those.
            outcome = .cloned
            guard lseek(output, 0, SEEK_SET) == 0, Self.hash(output, into: &hasher, buffer: buffer) else {
                throw failure("cannot read the clone of '\(source)'")
            }
        } else {
            if link == .reflink {
                throw WorkspaceError(
                    "object store: store.link is reflink, but the file system of '\(root)' cannot clone '\(source)' "
                        + "(\(errnoText())); set store.link to auto or copy in yoloset.yaml")
            }
            while true {
                let count = read(input, buffer.baseAddress, buffer.count)
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else { throw failure("cannot read '\(source)'") }
                if count == 0 { break }
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                hasher.update(bufferPointer: bytes)
                guard writeAll(output, bytes) else { throw failure("cannot write an object for '\(source)'") }
            }
        }
        let digest = hasher.finalize().hexString
        let target = path(of: digest)
        // link, not rename: an object already there (another worker's, a duplicate) is never replaced.
        let from = temporary ?? "/proc/self/fd/\(output)"
        var linked = linkat(AT_FDCWD, from, AT_FDCWD, target, AT_SYMLINK_FOLLOW) == 0
        if !linked && errno == ENOENT {
            try makeFolder(for: digest)
            linked = linkat(AT_FDCWD, from, AT_FDCWD, target, AT_SYMLINK_FOLLOW) == 0
        }
        if !linked {
            guard errno == EEXIST else { throw failure("cannot move an object for '\(source)' into place") }
            return try existing(digest, source: sourceStamp)
        }
        // The stamp once the staging name is gone: linking and unlinking change the change time.
        if let named = temporary {
            unlink(named)
            temporary = nil
        }
        var info = stat()
        guard fstat(output, &info) == 0 else { throw failure("cannot stat '\(target)'") }
        return Stored(digest: digest, outcome: outcome, link: outcome == .cloned ? .reflink : .copy, stamp: Stamp(info))
    }

    /// Hardlink mode: the object is another name for the source (a copy where a link is impossible).
    private func hardLink(
        source: String, input: Int32, sourceStamp: Stamp, buffer: UnsafeMutableRawBufferPointer
    ) throws(WorkspaceError) -> Stored? {
        var hasher = SHA256()
        guard Self.hash(input, into: &hasher, buffer: buffer) else { return nil }
        let digest = hasher.finalize().hexString
        let target = path(of: digest)
        if contains(digest) { return try existing(digest, source: sourceStamp) }
        var linked = linkat(AT_FDCWD, source, AT_FDCWD, target, AT_SYMLINK_FOLLOW) == 0
        if !linked && errno == ENOENT {
            try makeFolder(for: digest)
            linked = linkat(AT_FDCWD, source, AT_FDCWD, target, AT_SYMLINK_FOLLOW) == 0
        }
        if linked {
            guard let stamp = Stamp.of(target), stamp.sameContents(as: sourceStamp) else {
                // The file changed while it was hashed: its name would lie. Take it out again.
                unlink(target)
                throw WorkspaceError(
                    "object store: '\(source)' changed while it was being stored; import it again when nothing writes it"
                )
            }
            return Stored(digest: digest, outcome: .linked, link: .hardlink, stamp: stamp)
        }
        switch errno {
        case EEXIST: return try existing(digest, source: sourceStamp)
        case EXDEV, EPERM, EMLINK, ENOTSUP: break
        default: throw failure("cannot link '\(source)' into the object store")
        }
        guard lseek(input, 0, SEEK_SET) == 0 else { throw failure("cannot read '\(source)'") }
        return try ownFile(source: source, input: input, sourceStamp: sourceStamp, buffer: buffer)
    }

    /// An object already stored; it is a hard link when it shares the source's inode (an earlier
    /// import in hardlink mode, or before store modes existed, when every object on the source's file
    /// system was one).
    private func existing(_ digest: String, source: Stamp) throws(WorkspaceError) -> Stored {
        guard let stamp = Stamp.of(path(of: digest)) else { throw failure("cannot stat object \(digest)") }
        let shared = stamp.device == source.device && stamp.inode == source.inode
        return Stored(digest: digest, outcome: .present, link: shared ? .hardlink : .copy, stamp: stamp)
    }

    private func makeFolder(for digest: String) throws(WorkspaceError) {
        let folder = "\(root)/\(digest.prefix(2))"
        if mkdir(folder, 0o755) != 0 && errno != EEXIST {
            throw failure("cannot create '\(folder)'")
        }
    }

    /// Makes every object written so far durable: one syncfs(2) for the store's file system, before the
    /// catalog commit that refers to them.
    func sync() throws(WorkspaceError) {
        let fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("cannot open '\(root)'") }
        defer { close(fd) }
        guard ys_sync_file_system(fd) == 0 else { throw failure("cannot sync '\(root)' to disk") }
    }

    /// Removes objects this run created, when the run is abandoned before the catalog refers to them.
    func remove(_ digests: [String]) {
        for digest in digests { unlink(path(of: digest)) }
    }

    private func failure(_ what: String) -> WorkspaceError {
        WorkspaceError("object store: \(what): \(errnoText())")
    }

    /// Feeds everything `fd` holds, from its current offset, to `hasher`.
    private static func hash(_ fd: Int32, into hasher: inout SHA256, buffer: UnsafeMutableRawBufferPointer) -> Bool {
        while true {
            let count = read(fd, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            if count == 0 { return true }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    /// SHA-256 of a file, as lower-case hex; `buffer` is the caller's reusable read buffer.
    static func digest(of path: String, buffer: UnsafeMutableRawBufferPointer) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var hasher = SHA256()
        guard hash(fd, into: &hasher, buffer: buffer) else { return nil }
        return hasher.finalize().hexString
    }
}

extension Sequence where Element == UInt8 {
    var hexString: String {
        var text = ""
        text.reserveCapacity(64)
        for byte in self {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0xF)])
        }
        return text
    }
}

private let hexDigits: [Character] = Array("0123456789abcdef")
