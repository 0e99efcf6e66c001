internal import Foundation

/// The images of each split, found as Ultralytics' `YOLODataset.get_img_files` finds them: every file
/// under a folder (hidden entries skipped) whose extension is an image format Ultralytics loads, or
/// every line of a `.txt` list (`./` relative to the list, other relative paths to the current folder).
struct DatasetListing {
    /// Extensions Ultralytics loads as images (`ultralytics.data.utils.IMG_FORMATS`).
    static let ultralyticsFormats: Set<String> = [
        "avif", "bmp", "dng", "heic", "heif", "jp2", "jpeg", "jpg", "mpo", "png", "tif", "tiff", "webp",
    ]

    struct Image {
        let split: String
        let path: String
        /// `Listed.realPath`: nil for images from a list, or when the walk does not know it.
        var realPath: String? = nil
        /// The list file and line that named it, for images from a `.txt` list.
        let listedAt: (file: String, line: Int)?
    }

    /// Images in split order, then path order within each folder or list order within each list.
    var images: [Image] = []
    /// Folders of images, for the orphan-label scan.
    var folders: [String] = []
    var findings: [Finding] = []

    init(_ yaml: DataYAML, config: ValidationConfig) {
        for split in yaml.splits {
            let before = images.count
            for path in split.paths {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                    report(
                        .datasetSplitMissing,
                        "'\(path)' (\(split.name)) does not exist; fix the path in data.yaml or restore the folder",
                        file: yaml.file, line: split.line, config: config)
                    continue
                }
                if isDirectory.boolValue {
                    folders.append(path)
                    for file in Self.files(under: path) where Self.isImageName(file.path) {
                        images.append(Image(split: split.name, path: file.path, realPath: file.realPath, listedAt: nil))
                    }
                } else {
                    readList(path, split: split.name, config: config)
                }
            }
            if images.count == before && split.paths.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
                report(
                    .datasetSplitEmpty,
                    "\(split.name) (\(split.paths.joined(separator: ", "))) holds no images; Ultralytics refuses "
                        + "to load it", file: yaml.file, line: split.line, config: config)
            }
        }
    }

    private mutating func readList(_ list: String, split: String, config: ValidationConfig) {
        guard var bytes = FileManager.default.contents(atPath: list).map(Array.init) else {
            report(
                .datasetSplitMissing, "'\(list)' (\(split)) cannot be read", file: list, line: nil, config: config)
            return
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let folder = Validator.folder(of: list)
        for (index, raw) in String(decoding: bytes, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false
        ).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty, Self.isImageName(line) else { continue }
            let path = line.hasPrefix("./") ? DataYAML.join(folder, String(line.dropFirst(2))) : line
            if FileManager.default.fileExists(atPath: path) {
                images.append(Image(split: split, path: path, listedAt: (list, index + 1)))
            } else {
                report(
                    .imageMissing, "'\(path)', listed for \(split), does not exist; fix or delete the line",
                    file: list, line: index + 1, config: config)
            }
        }
    }

    private mutating func report(_ rule: Rule, _ message: String, file: String, line: Int?, config: ValidationConfig) {
        guard let severity = config.severity(of: rule) else { return }
        findings.append(
            Finding(
                rule: rule, severity: severity, message: message, location: .init(file: file, jsonPath: nil, line: line)
            ))
    }

    static func isImageName(_ path: String) -> Bool {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
        return ultralyticsFormats.contains(path[path.index(after: dot)...].lowercased())
    }

    /// A file found under a folder.
    struct Listed {
        let path: String
        /// Its path with every symbolic link resolved, when the walk knows it without asking the file
        /// system again (a regular file, in folders whose real path is known); else nil.
        let realPath: String?
    }

    /// Files under a folder, recursively, sorted by path; hidden files and folders are skipped (as glob
    /// skips them). A folder's real path is resolved once, not once per file.
    static func files(under folder: String) -> [Listed] {
        var result: [Listed] = []
        var pending = [(path: folder, real: ImageLocator.resolve(folder))]
        while let current = pending.popLast() {
            guard let entries = folderEntries(current.path) else { continue }
            for (name, kind, followed) in entries where !name.hasPrefix(".") {
                let path = DataYAML.join(current.path, name)
                let real = followed ? nil : current.real.map { DataYAML.join($0, name) }
                switch kind {
                case .folder: pending.append((path, followed ? ImageLocator.resolve(path) : real))
                case .file: result.append(Listed(path: path, realPath: real))
                case .missing: continue
                }
            }
        }
        return result.sorted { $0.path < $1.path }
    }

    /// Ultralytics' `img2label_paths`: the last `/images/` of the absolute path becomes `/labels/` and the
    /// extension `.txt`. Shown relative to the current folder when the image path was relative.
    static func labelPath(of image: String, currentFolder: String) -> String {
        let absolute = image.hasPrefix("/") ? image : DataYAML.join(currentFolder, image)
        // By bytes, as Python's rsplit goes by code points (and without Foundation's slower search).
        var bytes = Array(absolute.utf8)
        let images = Array("/images/".utf8)
        if bytes.count >= images.count,
            let start = (0...(bytes.count - images.count)).reversed().first(where: {
                bytes[$0..<($0 + images.count)].elementsEqual(images)
            })
        {
            bytes.replaceSubrange(start..<(start + images.count), with: "/labels/".utf8)
        }
        if let dot = bytes.lastIndex(of: UInt8(ascii: ".")), !bytes[dot...].contains(UInt8(ascii: "/")) {
            bytes.removeSubrange(dot...)
        }
        let label = String(decoding: bytes, as: UTF8.self) + ".txt"
        let prefix = currentFolder.hasSuffix("/") ? currentFolder : currentFolder + "/"
        if !image.hasPrefix("/"), label.hasPrefix(prefix) { return String(label.dropFirst(prefix.count)) }
        return label
    }
}
