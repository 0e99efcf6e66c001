internal import Crypto
internal import Foundation
internal import GRDB
internal import Yams

#if canImport(Glibc)
    internal import Glibc
#endif

/// The `versions/` folder of a workspace: numbered, immutable version folders, and the hidden
/// temporary folders snapshots are built in.
struct VersionStore {
    let root: String
    let catalog: Catalog

    init(workspace: Workspace) {
        root = "\(workspace.root)/versions"
        catalog = workspace.catalog
    }

    /// The inode of a version's folder, which ties a catalog row to that folder.
    static func inode(of folder: String) -> Int? {
        var info = stat()
        guard stat(folder, &info) == 0 else { return nil }
        return Int(info.st_ino)
    }

    /// Records a published version in the catalog's `versions` table.
    func index(_ manifest: VersionManifest, folder: String) throws(WorkspaceError) {
        guard let inode = Self.inode(of: folder) else {
            throw WorkspaceError("cannot stat '\(folder)': \(errnoText())")
        }
        let names = manifest.classNames.sorted { $0.key < $1.key }.map { JSONOut.string($0.value) }
        try catalog.write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO versions
                        (number, id, name, created_at, folder_inode, images, annotations, splits, classes)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    manifest.number, manifest.id, manifest.name, manifest.createdAt, inode, manifest.members.count,
                    manifest.labels.rowsWritten, manifest.splitCounts().compact(), JSONOut.array(names).compact(),
                ])
        }
    }

    /// The previous version's number and class indices.
    struct Previous {
        let number: Int
        let classIndices: [String: Int]
    }

    /// Version numbers present, ascending: the `v<N>` folders, less any the catalog records as removed
    /// (a `versions rm` killed after its catalog write leaves the folder for the next writer to delete).
    func numbers() -> [Int] {
        let removed = self.removed()
        return folderNumbers().filter { !removed.contains($0) }
    }

    /// The numbers of the `v<N>` folders, removed or not.
    private func folderNumbers() -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.compactMap { name in
            guard name.hasPrefix("v"), let number = Int(name.dropFirst()), number > 0, "v\(number)" == name
            else { return nil }
            return number
        }.sorted()
    }

    /// The numbers `versions rm` removed.
    func removed() -> Set<Int> {
        Set(
            (try? catalog.read { db in
                try Int.fetchAll(db, sql: "SELECT number FROM version_numbers WHERE removed_at IS NOT NULL")
            }) ?? [])
    }

    /// The number the next version takes: one past every number issued, removed ones too, so no number
    /// ever names two datasets.
    func nextNumber() throws(WorkspaceError) -> Int {
        let issued = try catalog.read { db in try Int.fetchOne(db, sql: "SELECT max(number) FROM version_numbers") }
        return max(issued ?? 0, folderNumbers().last ?? 0) + 1
    }

    /// Records that `number` is issued, named `name`.
    static func issue(_ db: Database, number: Int, name: String) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO version_numbers (number, name, issued_at) VALUES (?, ?, ?)",
            arguments: [number, name, Timestamp.now()])
    }

    func folder(_ number: Int) -> String { "\(root)/v\(number)" }

    /// Every file under a version folder (or a rebuild of one), by relative path, hidden ones too;
    /// folders left out. A link to a file counts as a file; a link to a folder is neither listed nor
    /// followed, and a dangling link is left out. One `readdir` per folder (`folderEntries`), not a
    /// `stat` per file: a million-image version holds two million files, held in one arena.
    static func files(under folder: String) -> SortedTexts {
        var files = TextArena()
        var pending = [""]
        while let relative = pending.popLast() {
            let path = relative.isEmpty ? folder : "\(folder)/\(relative)"
            guard let entries = folderEntries(path) else { continue }
            for (name, kind, followed) in entries {
                let child = relative.isEmpty ? name : "\(relative)/\(name)"
                switch kind {
                case .file: files.append(child)
                case .folder where !followed || isRealFolder("\(path)/\(name)"): pending.append(child)
                case .folder, .missing: continue
                }
            }
        }
        return SortedTexts(files)
    }

    /// Whether `path` is a folder itself, not a link to one.
    private static func isRealFolder(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// The newest version, with its class indices read from its `data.yaml` (`names`).
    func latest() throws(WorkspaceError) -> Previous? {
        guard let number = numbers().last else { return nil }
        let file = "\(folder(number))/data.yaml"
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
            let names = (try? Yams.compose(yaml: text))?.mapping?["names"]?.mapping
        else { throw WorkspaceError("'\(file)' is missing or has no names; `yoloset verify v\(number)` checks it") }
        var indices: [String: Int] = [:]
        for (key, value) in names {
            if let index = key.int, let name = value.string { indices[name] = index }
        }
        return Previous(number: number, classIndices: indices)
    }

    /// The SHA-256 of every image and label file of a version (or of those of `paths`), by path, from its
    /// `checksums.sha256`, read a line at a time; nil when that cannot be read.
    func contents(of number: Int, only paths: Set<String>? = nil) -> [String: String]? {
        guard let lines = FileLines(path: "\(folder(number))/checksums.sha256") else { return nil }
        var sums: [String: String] = [:]
        while let line = lines.next() {
            guard !line.isEmpty else { continue }
            guard let gap = line.firstRange(of: "  ") else { return nil }
            let path = String(line[gap.upperBound...])
            if path.hasPrefix("images/") || path.hasPrefix("labels/"), paths?.contains(path) ?? true {
                sums[path] = String(line[..<gap.lowerBound])
            }
        }
        return lines.failed ? nil : sums
    }

    /// Removes temporary folders a killed snapshot left, and what a killed `versions rm` left (a hidden
    /// `.rm-` folder, or the folder of a number the catalog records as removed); only the lock holder may.
    func removeAbandoned() throws(WorkspaceError) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for name in names where name.hasPrefix(".tmp-") || name.hasPrefix(".rm-") {
            Self.delete("\(root)/\(name)")
        }
        let removed = self.removed()
        for number in folderNumbers() where removed.contains(number) { Self.delete(folder(number)) }
    }

    /// Deletes a (read-only) version folder. Its folders are made writable first; its files are left as
    /// they are: an image is a hard link to an object, and changing its mode would change the object's.
    @discardableResult
    static func delete(_ path: String) -> Bool {
        var folders = [path]
        for entry in FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [] {
            var info = stat()
            if lstat("\(path)/\(entry)", &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                folders.append("\(path)/\(entry)")
            }
        }
        for folder in folders { chmod(folder, 0o755) }
        return (try? FileManager.default.removeItem(atPath: path)) != nil
    }

    func makeTemporary() throws(WorkspaceError) -> String {
        let path = "\(root)/.tmp-\(UUID().uuidString)"
        guard mkdirAll(path) else { throw WorkspaceError("cannot create '\(path)': \(errnoText())") }
        return path
    }

    /// Hard-links each image from the object store (copies when a link is impossible).
    static func linkImages(
        _ members: [Snapshotter.Member], into folder: String, objects: ObjectStore
    ) throws(WorkspaceError) {
        for member in members {
            let target = "\(folder)/images/\(member.split.rawValue)/\(member.versionName)"
            let source = objects.path(of: member.sha256)
            if link(source, target) == 0 { continue }
            guard errno == EXDEV || errno == EPERM || errno == EMLINK else {
                throw WorkspaceError("cannot link '\(source)' to '\(target)': \(errnoText())")
            }
            do {
                try FileManager.default.copyItem(atPath: source, toPath: target)
                chmod(target, 0o444)
            } catch {
                throw WorkspaceError("cannot copy '\(source)' to '\(target)': \(error.localizedDescription)")
            }
        }
    }

    /// Moves a finished temporary folder to `versions/v<N>` in one step.
    func publish(_ temporary: String, number: Int) throws(WorkspaceError) -> String {
        let target = folder(number)
        guard rename(temporary, target) == 0 else {
            throw WorkspaceError("cannot move the new version into '\(target)': \(errnoText())")
        }
        // Folders read-only too, so nothing is added to a version (a loader's cache file, say).
        for kind in ["images", "labels"] {
            for split in DatasetSplit.allCases { chmod("\(target)/\(kind)/\(split.rawValue)", 0o555) }
            chmod("\(target)/\(kind)", 0o555)
        }
        chmod(target, 0o555)
        return target
    }

    /// Writes a new read-only file and returns the SHA-256 of its bytes.
    @discardableResult
    static func writeReadOnly(_ text: String, at path: String) throws(WorkspaceError) -> String {
        try create(text, at: path)
        return SHA256.hash(data: Array(text.utf8)).hexString
    }

    /// Creates a new read-only file holding `text`.
    static func create(_ text: String, at path: String) throws(WorkspaceError) {
        let bytes = Array(text.utf8)
        let failure: WorkspaceError? = bytes.withUnsafeBytes { buffer in
            do throws(WorkspaceError) {
                try create(buffer, at: path)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// Creates a new read-only file holding `bytes`.
    static func create(_ bytes: UnsafeRawBufferPointer, at path: String) throws(WorkspaceError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        guard fd >= 0 else { throw WorkspaceError("cannot create '\(path)': \(errnoText())") }
        defer { close(fd) }
        guard writeAll(fd, bytes) else { throw WorkspaceError("cannot write '\(path)': \(errnoText())") }
    }
}
