internal import Foundation

#if canImport(Glibc)
    internal import Glibc
#endif

/// The last system call's error, as text.
func errnoText() -> String { String(cString: strerror(errno)) }

/// `target` relative to `folder` (both absolute and standardized), through `..` when it lies outside:
/// "." when they are the same folder.
public func relativePath(of target: String, from folder: String) -> String {
    let to = target.split(separator: "/")
    let from = folder.split(separator: "/")
    let shared = zip(to, from).prefix { $0 == $1 }.count
    let parts = Array(repeating: "..", count: from.count - shared) + to.dropFirst(shared).map(String.init)
    return parts.isEmpty ? "." : parts.joined(separator: "/")
}

/// Creates a folder and its parents; false when that fails.
func mkdirAll(_ path: String) -> Bool {
    (try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)) != nil
}

/// Writes all of `bytes` to `fd`, retrying short and interrupted writes; false on an error (see errno).
func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    var written = 0
    while written < bytes.count {
        let count = write(fd, bytes.baseAddress! + written, bytes.count - written)
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { return false }
        written += count
    }
    return true
}
