internal import Foundation
internal import GRDB

/// A version as `versions` and `show` describe it, read from its `version.json`.
public struct VersionInfo: Sendable, Equatable {
    public var number: Int
    public var name: String
    public var createdAt: String
    public var path: String
    public var images: Int
    public var annotations: Int
    public var splits: [SplitCounts]
    public var classes: [String]
}

/// What `verify` found wrong with a version folder; empty when it is intact.
public struct VerifyReport: Sendable, Equatable {
    public var version: Int
    public var filesChecked: Int
    public var changed: [String]
    public var missing: [String]
    public var extra: [String]
    public var structure: [String]
    /// The folder as `verify PATH` was given it; nil for a version of the workspace.
    public var folder: String? = nil
    /// The folder checked, absolute.
    public var path = ""
    /// For a changed or missing image whose store object changed too: why (`store.object-changed`, naming
    /// the edited source file in hardlink mode).
    public var objectChanges: [String: ObjectChange] = [:]

    /// `verify --rebuild`: the version built again and compared byte for byte; nil without it.
    public var rebuild: RebuildReport? = nil

    public var intact: Bool { changed.isEmpty && missing.isEmpty && extra.isEmpty && structure.isEmpty }
    /// Intact, and identical to its rebuild when one was made: what `verify` exits 0 on.
    public var passed: Bool { intact && rebuild?.identical != false }
}

extension Workspace {
    /// Every version, oldest first.
    public func versions() throws -> [VersionInfo] {
        let store = VersionStore(workspace: self)
        return try store.numbers().map { try info(store, $0) }
    }

    /// A version by `vN`, `N` or its name.
    public func version(_ reference: String) throws -> VersionInfo {
        let store = VersionStore(workspace: self)
        return try info(store, try number(of: reference, in: store))
    }

    /// The number `vN` or `N` spells, if it spells one.
    static func spelledNumber(_ reference: String) -> Int? {
        Int(reference.hasPrefix("v") ? String(reference.dropFirst()) : reference)
    }

    /// The version a reference names: `vN` or `N`, else a version's name.
    func number(of reference: String, in store: VersionStore) throws(WorkspaceError) -> Int {
        let numbers = store.numbers()
        if let number = Self.spelledNumber(reference) {
            if numbers.contains(number) { return number }
            let removedAt = try? catalog.read { db in
                try String.fetchOne(
                    db, sql: "SELECT removed_at FROM version_numbers WHERE number = ? AND removed_at IS NOT NULL",
                    arguments: [number])
            }
            if let removedAt = removedAt ?? nil {
                throw WorkspaceError(
                    "v\(number) was removed (`yoloset versions rm`, \(removedAt)); version numbers are never reused")
            }
        } else if let number = numbers.first(where: { (try? info(store, $0))?.name == reference }) {
            return number
        } else if let row =
            (try? catalog.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT number, removed_at FROM version_numbers WHERE name = ? AND removed_at IS NOT NULL",
                    arguments: [reference])
            }) ?? nil
        {
            throw WorkspaceError(
                "'\(reference)' named v\(row[0] as Int), which was removed (`yoloset versions rm`, "
                    + "\(row[1] as String))")
        }
        let known = numbers.map { number -> String in
            let name = (try? info(store, number))?.name
            return name == nil || name == "v\(number)" ? "v\(number)" : "v\(number) (\(name!))"
        }.joined(separator: ", ")
        throw WorkspaceError(
            "no version '\(reference)' in this workspace (\(known.isEmpty ? "none yet; `yoloset snapshot` makes one" : "there are \(known)"))"
        )
    }

    /// A new version's name, checked: not empty, no `/` (a path, to `verify`), not another version's
    /// number (`vN` or `N`), and no other version's name, now or removed.
    func checkName(_ name: String, for number: Int, in store: VersionStore) throws(WorkspaceError) -> String {
        if name.trimmingCharacters(in: .whitespaces).isEmpty || name.contains("/") {
            throw WorkspaceError("'\(name)' cannot name a version: a name is not empty and holds no '/'")
        }
        if let spelled = Self.spelledNumber(name), spelled != number {
            throw WorkspaceError(
                "'\(name)' cannot name v\(number): it reads as version v\(spelled); choose a name that is not a "
                    + "version number")
        }
        let recorded = try? catalog.read { db in
            try Row.fetchOne(
                db, sql: "SELECT number, removed_at FROM version_numbers WHERE name = ? AND number != ?",
                arguments: [name, number])
        }
        if let row = recorded ?? nil {
            let other: Int = row[0]
            let removed = (row[1] as String?) != nil
            throw WorkspaceError(
                "'\(name)' already names v\(other)\(removed ? " (removed; names are never reused)" : ""); "
                    + "choose another --name")
        }
        if let other = store.numbers().first(where: { $0 != number && (try? info(store, $0))?.name == name }) {
            throw WorkspaceError("'\(name)' already names v\(other); choose another --name")
        }
        return name
    }

    /// A version's description: from the catalog's `versions` row while that row belongs to the folder
    /// (the same inode), else from the `summary` and `version_classes` of its `version.json` (parsed by
    /// json-c: the file lists every image and annotation, and may be tens of megabytes).
    private func info(_ store: VersionStore, _ number: Int) throws -> VersionInfo {
        let folder = store.folder(number)
        if let inode = VersionStore.inode(of: folder),
            let row = try? catalog.read({ db in
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT name, created_at, images, annotations, splits, classes FROM versions
                        WHERE number = ? AND folder_inode = ?
                        """,
                    arguments: [number, inode])
            })
        {
            do throws(DumpError) {
                let splits = try JSONDocument(parsing: Data((row[4] as String).utf8), file: "catalog versions.splits")
                    .read { root throws(DumpError) in try Self.splitCounts(try root.object()) }
                let classes = try JSONDocument(parsing: Data((row[5] as String).utf8), file: "catalog versions.classes")
                    .read { root throws(DumpError) in
                        try root.array().map { node throws(DumpError) in try node.string() }
                    }
                return VersionInfo(
                    number: number, name: row[0], createdAt: row[1], path: folder, images: row[2],
                    annotations: row[3], splits: splits, classes: classes)
            } catch {
                // A row that does not read falls back to version.json.
            }
        }
        let file = "\(folder)/version.json"
        do throws(DumpError) {
            let document = try JSONDocument(parsing: try Dump.load(file), file: file)
            return try document.read { root throws(DumpError) in
                let top = try root.object()
                let summary = try top.optionalObject("summary")
                var classes: [(Int, String)] = []
                for entry in try top.optionalArray("version_classes") ?? [] {
                    let entry = try entry.object()
                    let index = try entry.int("yolo_index")
                    if !classes.contains(where: { $0.0 == index }) { classes.append((index, try entry.string("name"))) }
                }
                return VersionInfo(
                    number: number, name: try top.optionalString("name") ?? "v\(number)",
                    createdAt: try top.optionalString("created_at") ?? "", path: folder,
                    images: try summary?.optionalInt("images") ?? 0,
                    annotations: try summary?.optionalInt("annotations") ?? 0,
                    splits: try Self.splitCounts(try summary?.optionalObject("splits")),
                    classes: classes.sorted { $0.0 < $1.0 }.map(\.1))
            }
        } catch {
            throw WorkspaceError("cannot read '\(file)': \(error); `yoloset verify v\(number)` checks the version")
        }
    }

    /// Counts per split from a `summary.splits` object.
    private static func splitCounts(_ splits: JSONObjectNode?) throws(DumpError) -> [SplitCounts] {
        try DatasetSplit.allCases.map { split throws(DumpError) in
            let entry = try splits?.optionalObject(split.rawValue)
            var perClass: [String: Int] = [:]
            if let counts = try entry?.optionalObject("classes") {
                for key in counts.keys { perClass[key] = try counts.int(key) }
            }
            return .init(
                split: split, images: try entry?.optionalInt("images") ?? 0,
                annotations: try entry?.optionalInt("annotations") ?? 0, classes: perClass)
        }
    }

    /// Checks a version against its `checksums.sha256` and its layout: every listed file present and
    /// unchanged, nothing unlisted, `data.yaml` present, every image with its label file and back.
    /// With `rebuild`, also builds the version again and compares it byte for byte (`rebuild(_:)`).
    public func verify(_ reference: String, rebuild: Bool = false, workers: Int? = nil) throws -> VerifyReport {
        let store = VersionStore(workspace: self)
        let number = try number(of: reference, in: store)
        var report = Self.verify(folder: store.folder(number), version: number, workers: workers)
        let suspects = (report.changed + report.missing).filter { $0.hasPrefix("images/") }
        if !suspects.isEmpty, let contents = store.contents(of: number, only: Set(suspects)) {
            let digests = suspects.compactMap { contents[$0] }
            let changes = try changedObjects(
                digests, workers: max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount))
            let byDigest = Dictionary(changes.map { ($0.sha256, $0) }, uniquingKeysWith: { first, _ in first })
            for path in suspects { report.objectChanges[path] = contents[path].flatMap { byDigest[$0] } }
        }
        if rebuild { report.rebuild = try self.rebuild(reference) }
        return report
    }

    /// Checks a version folder found by its path (an exported copy, on a machine without the workspace):
    /// its number is the `version` of its `version.json`. Throws when the folder holds no
    /// `checksums.sha256`.
    public static func verify(folderAt path: String, workers: Int? = nil) throws -> VerifyReport {
        let folder = URL(fileURLWithPath: path).standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: "\(folder)/checksums.sha256") else {
            throw WorkspaceError("'\(path)' is not a version folder (it holds no checksums.sha256)")
        }
        let file = "\(folder)/version.json"
        let recorded = try? JSONDocument(parsing: try Dump.load(file), file: file).read { root throws(DumpError) in
            try root.object().optionalInt("version")
        }
        let fromName = (folder as NSString).lastPathComponent
        let number = (recorded ?? nil) ?? spelledNumber(fromName) ?? 0
        var report = verify(folder: folder, version: number, workers: workers)
        report.folder = path
        return report
    }

    /// Whether `argument` to `verify` is a version folder's path rather than a version of a workspace:
    /// it holds a `/`, or names a folder (holding `checksums.sha256`) here.
    public static func isVersionFolder(_ argument: String) -> Bool {
        argument.contains("/") || FileManager.default.fileExists(atPath: "\(argument)/checksums.sha256")
    }

    /// Checks any version folder (one exported elsewhere, too).
    /// A path without its last extension: what comes before its last `.` (nothing, without one).
    private static func stem(_ path: Substring) -> String {
        path.lastIndex(of: ".").map { String(path[..<$0]) } ?? ""
    }

    public static func verify(folder: String, version number: Int, workers: Int? = nil) -> VerifyReport {
        var report = VerifyReport(version: number, filesChecked: 0, changed: [], missing: [], extra: [], structure: [])
        report.path = folder
        var unreadable = report
        unreadable.missing = ["checksums.sha256"]
        guard let lines = FileLines(path: "\(folder)/checksums.sha256") else { return unreadable }
        // The listing and the checksums are walked side by side; the files are hashed a window at a time.
        let present = VersionStore.files(under: folder)
        var listed = [Bool](repeating: false, count: present.count)
        var listsDataYAML = false
        let workers = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
        var window: [(path: String, digest: String)] = []
        func check() {
            let paths = window.map { "\(folder)/\($0.path)" }
            let results = Parallel.map(
                count: paths.count, workers: workers, state: { UnsafeMutableRawBufferPointerBox() },
                each: { index, box in ObjectStore.digest(of: paths[index], buffer: box.buffer) })
            for (entry, result) in zip(window, results) {
                report.filesChecked += 1
                switch result {
                case nil: report.missing.append(entry.path)
                case let digest? where digest != entry.digest: report.changed.append(entry.path)
                default: break
                }
            }
            window.removeAll(keepingCapacity: true)
        }
        while let line = lines.next() {
            guard !line.isEmpty else { continue }
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[1].hasPrefix(" ") else {
                report.structure.append("checksums.sha256: unreadable line '\(line)'")
                continue
            }
            let path = String(parts[1].dropFirst())
            if let at = present.index(of: path) { listed[at] = true }
            if path == "data.yaml" { listsDataYAML = true }
            window.append((path, String(parts[0])))
            if window.count == 4096 { check() }
        }
        if lines.failed { return unreadable }
        check()
        report.extra = (0..<present.count).filter { !listed[$0] }.map { present[$0] }.filter {
            $0 != "checksums.sha256"
        }
        if !present.contains("data.yaml") && !listsDataYAML { report.structure.append("no data.yaml") }
        let images = present.range(withPrefix: "images/")
        var stems = TextArena()
        for index in images {
            let stem = Self.stem(present[index].dropFirst("images/".count))
            if !present.contains("labels/\(stem).txt") {
                report.structure.append("\(present[index]) has no label file")
            }
            stems.append(stem)
        }
        let imageStems = SortedTexts(stems)
        for index in present.range(withPrefix: "labels/") {
            let label = present[index]
            if !imageStems.contains(String(label.dropFirst("labels/".count).dropLast(4))) {
                report.structure.append("\(label) has no image")
            }
        }
        return report
    }
}
