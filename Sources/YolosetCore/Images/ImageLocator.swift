internal import Foundation
internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#endif

/// Finds an image's file under the images root: at its `storage_key`, or, when no file is there, at the
/// one file under the root named like its `filename`. A key that would leave the root (absolute, `..`,
/// or a symlink pointing outside) is never opened.
public final class ImageLocator: Sendable {
    /// Where an image's file is, or why there is none.
    public enum Location: Sendable, Equatable {
        case found(path: String)
        case missing(reason: String)
    }

    /// The root as the user named it; paths in findings start with it.
    public let root: String
    private let resolvedRoot: String?
    /// `resolvedRoot` with one trailing slash: a real path is inside the root when it starts with it.
    private let rootPrefix: String
    private let namesIndex = Mutex<[String: [String]]?>(nil)
    /// Stem → paths of the .jpg, .jpeg and .png files under the root, built from `namesIndex` on first use.
    private let stemsIndex = Mutex<[String: [String]]?>(nil)
    /// Whether each folder images were found in is inside the root once resolved (nil: it does not
    /// resolve); most images share a few folders.
    private let folders = Mutex<[Substring: Bool?]>([:])

    public init(root: String) {
        self.root = root
        resolvedRoot = Self.resolve(root)
        rootPrefix = resolvedRoot.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? ""
    }

    public func locate(storageKey: String?, filename: String?) -> Location {
        guard resolvedRoot != nil else {
            return .missing(reason: "the images root '\(root)' does not exist")
        }
        var tried = "no storage_key or filename"
        if let key = storageKey, !key.isEmpty {
            if let unsafe = Self.unsafeReason(key) {
                return .missing(reason: "storage_key '\(key)' \(unsafe); it was not opened")
            }
            let path = join(root, key)
            switch inside(path) {
            case .some(true):
                return .found(path: path)
            case .some(false):
                return .missing(
                    reason: "'\(path)' leads outside the images root through a symlink; it was not opened")
            case nil:
                break
            }
            tried = "no file at '\(path)'"
        }
        guard let name = filename, !name.isEmpty else { return .missing(reason: tried) }
        return locate(filename: name, tried: tried + ", and ")
    }

    /// The one file under the root named `filename` (a plain name, no folders), wherever it is.
    public func locate(filename: String) -> Location {
        guard resolvedRoot != nil else {
            return .missing(reason: "the images root '\(root)' does not exist")
        }
        return locate(filename: filename, tried: "")
    }

    /// `tried`: what was tried before (with its joining words), to open the reason with.
    private func locate(filename name: String, tried: String) -> Location {
        guard !name.utf8.contains(UInt8(ascii: "/")), name != "..", name != "." else {
            return .missing(reason: "\(tried)filename '\(name)' is not a plain file name")
        }
        let candidates = index()[name] ?? []
        switch candidates.count {
        case 0:
            return .missing(reason: "\(tried)no file named '\(name)' under '\(root)'")
        case 1:
            return found(candidates[0])
        default:
            return .missing(
                reason: "\(tried)\(candidates.count) files are named '\(name)' under '\(root)' "
                    + (tried.isEmpty ? "(ambiguous)" : "(ambiguous; fix the storage_key)"))
        }
    }

    /// A file found by name or stem: found only while its real path stays under the root.
    private func found(_ path: String) -> Location {
        guard let resolved = Self.resolve(path), resolved.hasPrefix(rootPrefix) else {
            return .missing(reason: "'\(path)' leads outside the images root; it was not opened")
        }
        return .found(path: path)
    }

    /// The one image file under the root whose name is `stem` plus a .jpg, .jpeg or .png extension (in any
    /// case), for an id that names a file. Like a file name, the stem is looked up, never joined to a path;
    /// a file that resolves outside the root is not opened.
    public func locate(stem: String) -> Location {
        guard resolvedRoot != nil else {
            return .missing(reason: "the images root '\(root)' does not exist")
        }
        guard !stem.isEmpty, !stem.utf8.contains(UInt8(ascii: "/")), stem != "..", stem != "." else {
            return .missing(reason: "'\(stem)' is not a plain file name")
        }
        let candidates = stems()[stem] ?? []
        switch candidates.count {
        case 0:
            return .missing(reason: "no file named '\(stem).jpg', '.jpeg' or '.png' under '\(root)'")
        case 1:
            return found(candidates[0])
        default:
            return .missing(
                reason: "\(candidates.count) image files are named '\(stem)' under '\(root)' (ambiguous: "
                    + candidates.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + ")")
        }
    }

    /// Whether an existing path stays inside the root once symlinks are resolved; nil when nothing is
    /// there. A plain file needs only its folder resolved (cached); a symlink is resolved whole.
    private func inside(_ path: String) -> Bool? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        if (info.st_mode & S_IFMT) == S_IFLNK {
            return Self.resolve(path).map { $0.hasPrefix(rootPrefix) }
        }
        // Not a symlink itself: its real path is its folder's, plus its name.
        let folder = path[..<(path.utf8.lastIndex(of: UInt8(ascii: "/")) ?? path.startIndex)]
        if let cached = folders.withLock({ $0[folder] }) { return cached }
        let inside = Self.resolve(folder.isEmpty ? "/" : String(folder)).map { ($0 + "/").hasPrefix(rootPrefix) }
        folders.withLock { $0[folder] = .some(inside) }
        return inside
    }

    /// Why a key may not be followed, or nil when it stays inside the root by construction.
    /// One pass over the UTF-8 bytes (it runs for every image of every run); the checks keep their order.
    static func unsafeReason(_ key: String) -> String? {
        let utf8 = key.utf8
        if utf8.first == UInt8(ascii: "/") { return "is an absolute path" }
        var nul = false
        var dotDot = false
        var backslash = false
        // Bytes of the current component, and whether all of them so far are dots.
        var length = 0
        var dots = true
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "/"):
                if length == 2, dots { dotDot = true }
                length = 0
                dots = true
                continue
            case 0: nul = true
            case UInt8(ascii: "\\"): backslash = true
            default: break
            }
            length += 1
            dots = dots && byte == UInt8(ascii: ".")
        }
        if length == 2, dots { dotDot = true }
        if nul { return "contains a NUL byte" }
        if dotDot { return "contains '..'" }
        if backslash { return "contains a backslash" }
        return nil
    }

    private func join(_ root: String, _ key: String) -> String {
        root.hasSuffix("/") ? root + key : root + "/" + key
    }

    /// File name → paths under the root, built on first use (only when a storage_key misses).
    private func index() -> [String: [String]] {
        namesIndex.withLock { cached in
            if let cached { return cached }
            var names: [String: [String]] = [:]
            let base = root.hasSuffix("/") ? String(root.dropLast()) : root
            if let enumerator = FileManager.default.enumerator(atPath: base) {
                while let relative = enumerator.nextObject() as? String {
                    let path = base + "/" + relative
                    var isDirectory: ObjCBool = false
                    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                        names[(relative as NSString).lastPathComponent, default: []].append(path)
                    }
                }
            }
            cached = names
            return names
        }
    }

    private func stems() -> [String: [String]] {
        let names = index()
        return stemsIndex.withLock { cached in
            if let cached { return cached }
            var stems: [String: [String]] = [:]
            for (name, paths) in names {
                guard let dot = name.lastIndex(of: "."), dot != name.startIndex,
                    ["jpg", "jpeg", "png"].contains(name[name.index(after: dot)...].lowercased())
                else { continue }
                stems[String(name[..<dot]), default: []] += paths
            }
            for key in stems.keys { stems[key]?.sort() }
            cached = stems
            return stems
        }
    }

    static func resolve(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
