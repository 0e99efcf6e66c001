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

    /// An object being made from one source file, in three steps that let the caller read the bytes
    /// once (`ImageCheck`): `stage` opens what the object is made of; the caller reads `readFD` whole,
    /// hashing the bytes and, when `copies`, handing them to `write`; `finish` names the object by the
    /// digest. In `copy` mode the bytes hashed are the bytes written; a clone is hashed from the clone
    /// itself; in `hardlink` mode the object is the source, re-checked for changes once linked.
    final class Staging {
        let source: String
        /// The source, open for reading; the caller's to close.
        let input: Int32
        let sourceStamp: Stamp
        fileprivate(set) var outcome: Outcome
        /// The object's own file, with no name yet (or `temporary`); -1 in hardlink mode.
        fileprivate var output: Int32 = -1
        fileprivate var temporary: String?

        fileprivate init(source: String, input: Int32, sourceStamp: Stamp, outcome: Outcome) {
            self.source = source
            self.input = input
            self.sourceStamp = sourceStamp
            self.outcome = outcome
        }

        /// Whether the bytes read must be passed to `write`.
        var copies: Bool { outcome == .copied }
        /// What the object's bytes are read from: the clone, else the source.
        var readFD: Int32 { outcome == .cloned ? output : input }
        /// The object's bytes once written: its own file, else the source.
        var objectFD: Int32 { output >= 0 ? output : input }

        deinit {
            if output >= 0 { close(output) }
            if let temporary { unlink(temporary) }
        }
    }

    /// Starts an object for the regular file open as `input`.
    func stage(source: String, input: Int32, stamp: Stamp) throws(WorkspaceError) -> Staging {
        if link == .hardlink, Stamp.of(root)?.device == stamp.device {
            return Staging(source: source, input: input, sourceStamp: stamp, outcome: .linked)
        }
        let staged = Staging(source: source, input: input, sourceStamp: stamp, outcome: .copied)
        // No name in the staging folder (O_TMPFILE) where the file system allows, so a killed import
        // leaves nothing behind and workers do not queue on the folder's lock; else a `.part` name.
        staged.output = ys_open_unnamed(staging, 0o444)
        if staged.output < 0 {
            let named = "\(staging)/\(UUID().uuidString).part"
            staged.output = open(named, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
            guard staged.output >= 0 else { throw failure("cannot create '\(named)'") }
            staged.temporary = named
        }
        if link == .reflink || link == .auto {
            if ys_clone_file(staged.output, input) == 0 {
                staged.outcome = .cloned
            } else if link == .reflink {
                throw WorkspaceError(
                    "object store: store.link is reflink, but the file system of '\(root)' cannot clone '\(source)' "
                        + "(\(errnoText())); set store.link to auto or copy in yoloset.yaml")
            }
        }
        return staged
    }

    /// Appends bytes read from the source to a copy.
    func write(_ bytes: UnsafeRawBufferPointer, to staged: Staging) throws(WorkspaceError) {
        guard writeAll(staged.output, bytes) else { throw failure("cannot write an object for '\(staged.source)'") }
    }

    /// Puts the staged object in place under `digest`, the SHA-256 of the bytes read from `readFD`.
    func finish(_ staged: Staging, digest: String) throws(WorkspaceError) -> Stored {
        if staged.outcome == .linked { return try finishLink(staged, digest: digest) }
        let target = path(of: digest)
        // link, not rename: an object already there (another worker's, a duplicate) is never replaced.
        let from = staged.temporary ?? "/proc/self/fd/\(staged.output)"
        var linked = linkat(AT_FDCWD, from, AT_FDCWD, target, AT_SYMLINK_FOLLOW) == 0
        if !linked && errno == ENOENT {
            try makeFolder(for: digest)
            linked = linkat(AT_FDCWD, from, AT_FDCWD, target, AT_SYMLINK_FOLLOW) == 0
        }
        if !linked {
            guard errno == EEXIST else { throw failure("cannot move an object for '\(staged.source)' into place") }
            return try existing(digest, source: staged.sourceStamp)
        }
        // The stamp once the staging name is gone: linking and unlinking change the change time.
        if let named = staged.temporary {
            unlink(named)
            staged.temporary = nil
        }
        var info = stat()
        guard fstat(staged.output, &info) == 0 else { throw failure("cannot stat '\(target)'") }
        let outcome = staged.outcome
        return Stored(digest: digest, outcome: outcome, link: outcome == .cloned ? .reflink : .copy, stamp: Stamp(info))
    }

    /// Hardlink mode: the object is another name for the source (a copy where a link is impossible).
    private func finishLink(_ staged: Staging, digest: String) throws(WorkspaceError) -> Stored {
        let target = path(of: digest)
        if contains(digest) { return try existing(digest, source: staged.sourceStamp) }
        var linked = linkat(AT_FDCWD, staged.source, AT_FDCWD, target, AT_SYMLINK_FOLLOW) == 0
        if !linked && errno == ENOENT {
            try makeFolder(for: digest)
            linked = linkat(AT_FDCWD, staged.source, AT_FDCWD, target, AT_SYMLINK_FOLLOW) == 0
        }
        if linked {
            guard let stamp = Stamp.of(target), stamp.sameContents(as: staged.sourceStamp) else {
                // The file changed while it was hashed: its name would lie. Take it out again.
                unlink(target)
                throw WorkspaceError(
                    "object store: '\(staged.source)' changed while it was being stored; import it again when "
                        + "nothing writes it")
            }
            return Stored(digest: digest, outcome: .linked, link: .hardlink, stamp: stamp)
        }
        switch errno {
        case EEXIST: return try existing(digest, source: staged.sourceStamp)
        case EPERM, EMLINK, ENOTSUP, EXDEV: break
        default: throw failure("cannot link '\(staged.source)' into the object store")
        }
        // A file this file system will not link again: copy it, reading it a second time (rare).
        let copy = Staging(
            source: staged.source, input: staged.input, sourceStamp: staged.sourceStamp, outcome: .copied)
        copy.output = ys_open_unnamed(staging, 0o444)
        guard copy.output >= 0 else { throw failure("cannot create an object for '\(staged.source)'") }
        var hasher = SHA256()
        var offset: off_t = 0
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { chunk.deallocate() }
        while true {
            let count = pread(staged.input, chunk.baseAddress, chunk.count, offset)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw failure("cannot read '\(staged.source)'") }
            if count == 0 { break }
            let bytes = UnsafeRawBufferPointer(rebasing: chunk[0..<count])
            hasher.update(bufferPointer: bytes)
            try write(bytes, to: copy)
            offset += off_t(count)
        }
        let copied = hasher.finalize().hexString
        guard copied == digest else {
            throw WorkspaceError(
                "object store: '\(staged.source)' changed while it was being stored; import it again when nothing "
                    + "writes it")
        }
        return try finish(copy, digest: digest)
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
        for digest in digests {
            let file = path(of: digest)
            unlink(file)
            // A refused import leaves no folder it made either; one that still holds objects stays.
            rmdir((file as NSString).deletingLastPathComponent)
        }
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
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var hasher = SHA256()
        guard hash(fd, into: &hasher, buffer: buffer) else { return nil }
        return hasher.finalize().hexString
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hex, written into one buffer (a digest's 64 characters).
    var hexString: String {
        let bytes = Array(self)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { text in
            for (index, byte) in bytes.enumerated() {
                text[2 * index] = hexASCII[Int(byte >> 4)]
                text[2 * index + 1] = hexASCII[Int(byte & 0xF)]
            }
            return bytes.count * 2
        }
    }
}

private let hexASCII: [UInt8] = Array("0123456789abcdef".utf8)

/// A 1 MiB read buffer a worker thread owns while it hashes files (`ObjectStore.digest`).
final class UnsafeMutableRawBufferPointerBox: @unchecked Sendable {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
    deinit { buffer.deallocate() }
}
