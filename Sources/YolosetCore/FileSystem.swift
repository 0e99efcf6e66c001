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

/// What a folder entry is, symbolic links followed (a dangling link is `.missing`).
enum EntryKind {
    case folder, file, missing
}

/// The entries of a folder with what each is, from one `readdir` pass: the entry's type when the file
/// system gives it, a `stat` only for links and entries of unknown type (`followed`). Nil when the
/// folder cannot be read.
func folderEntries(_ path: String) -> [(name: String, kind: EntryKind, followed: Bool)]? {
    guard let folder = opendir(path) else { return nil }
    defer { closedir(folder) }
    var entries: [(name: String, kind: EntryKind, followed: Bool)] = []
    while let entry = readdir(folder) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
        }
        if name == "." || name == ".." { continue }
        switch Int32(entry.pointee.d_type) {
        case Int32(DT_DIR): entries.append((name, .folder, false))
        case Int32(DT_REG): entries.append((name, .file, false))
        default:
            var info = stat()
            let full = path.hasSuffix("/") ? path + name : path + "/" + name
            guard stat(full, &info) == 0 else {
                entries.append((name, .missing, true))
                continue
            }
            entries.append((name, info.st_mode & S_IFMT == S_IFDIR ? .folder : .file, true))
        }
    }
    return entries
}
