internal import Crypto
internal import Foundation

#if canImport(Glibc)
    internal import Glibc
#endif

/// Image bytes addressed by their SHA-256: `.yoloset/objects/ab/cdef…`. Objects are written once and
/// never changed. An object is a hard link to the source file when both are on one file system (the
/// source's permissions are left as they are: they belong to the user), otherwise a read-only copy,
/// written under `.yoloset/tmp/` and renamed into place, so no object is ever half-written under its
/// final name.
struct ObjectStore: Sendable {
    let root: String
    let staging: String

    enum Outcome: Sendable {
        case present, linked, copied
    }

    func path(of digest: String) -> String {
        "\(root)/\(digest.prefix(2))/\(digest.dropFirst(2))"
    }

    func contains(_ digest: String) -> Bool {
        var info = stat()
        return lstat(path(of: digest), &info) == 0
    }

    /// Puts `source`, whose SHA-256 is `digest`, into the store.
    func store(source: String, digest: String) throws(WorkspaceError) -> Outcome {
        let target = path(of: digest)
        var info = stat()
        if lstat(target, &info) == 0 { return .present }
        let folder = "\(root)/\(digest.prefix(2))"
        if mkdir(folder, 0o755) != 0 && errno != EEXIST {
            throw failure("cannot create '\(folder)'")
        }
        if linkat(AT_FDCWD, source, AT_FDCWD, target, AT_SYMLINK_FOLLOW) == 0 { return .linked }
        switch errno {
        case EEXIST: return .present
        case EXDEV, EPERM, EMLINK, ENOTSUP: break
        default: throw failure("cannot link '\(source)' into the object store")
        }
        try copy(source, to: target)
        return .copied
    }

    /// Removes objects this run created, when the run is abandoned before the catalog refers to them.
    func remove(_ digests: [String]) {
        for digest in digests { unlink(path(of: digest)) }
    }

    private func copy(_ source: String, to target: String) throws(WorkspaceError) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw failure("cannot open '\(source)'") }
        defer { close(input) }
        let temporary = "\(staging)/\(UUID().uuidString).part"
        let output = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        guard output >= 0 else { throw failure("cannot create '\(temporary)'") }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 {
                close(output)
                unlink(temporary)
                throw failure("cannot read '\(source)'")
            }
            if count == 0 { break }
            guard buffer.withUnsafeBytes({ writeAll(output, UnsafeRawBufferPointer(rebasing: $0[0..<count])) }) else {
                close(output)
                unlink(temporary)
                throw failure("cannot write '\(temporary)'")
            }
        }
        close(output)
        guard rename(temporary, target) == 0 else {
            unlink(temporary)
            throw failure("cannot move '\(temporary)' into place")
        }
    }

    private func failure(_ what: String) -> WorkspaceError {
        WorkspaceError("object store: \(what): \(errnoText())")
    }

    /// SHA-256 of a file, as lower-case hex; `buffer` is the caller's reusable read buffer.
    static func digest(of path: String, buffer: UnsafeMutableRawBufferPointer) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var hasher = SHA256()
        while true {
            let count = read(fd, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
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
