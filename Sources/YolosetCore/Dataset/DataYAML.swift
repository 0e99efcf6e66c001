internal import Foundation
internal import Yams

/// A dataset's `data.yaml`, read as Ultralytics' `check_det_dataset` reads it:
///
/// - `path`, the dataset root: absent, the YAML's own folder; relative, taken against the YAML's folder
///   first and, when nothing is there, against the current folder (Ultralytics tries only the current
///   folder, then its datasets folder, so a dataset validates the same from any folder); absolute, as is.
/// - `train`, `val` (both required) and `test`: a path or a list of paths relative to the root, each a
///   folder of images or a `.txt` list of image paths. A missing path starting with `../` is retried
///   without it, as Ultralytics does.
/// - `names`, a list or a mapping 0..nc-1, and `nc`, which must agree with it.
///
/// Problems that leave the rest checkable are findings; only a file that cannot be read, is not a
/// YAML mapping, or describes another task (pose) stops the run.
struct DataYAML {
    /// The file as the user named it (or found in the folder they named).
    let file: String
    /// The dataset root, for joining split paths.
    let root: String
    /// Listed splits in the order train, val, test, each with its paths resolved against the root.
    let splits: [Split]
    /// Number of classes, when data.yaml says it (names or nc); nil disables the class-range check.
    let classCount: Int?
    /// Whether a `version.json` sits beside data.yaml: a yoloset version, whose rules are stricter.
    let isVersion: Bool
    /// Problems with data.yaml itself.
    let findings: [Finding]

    struct Split {
        let name: String
        let paths: [String]
        /// The line of the split's key in data.yaml.
        let line: Int?
    }

    static let splitNames = ["train", "val", "test"]

    static func load(file: String, config: ValidationConfig) throws(DatasetError) -> DataYAML {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw DatasetError(
                file: file, problem: "cannot read the file as UTF-8 text (\(error.localizedDescription))")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw DatasetError(file: file, problem: "not valid YAML (\(error))")
        }
        guard let mapping = node?.mapping else {
            throw DatasetError(file: file, problem: "expected a mapping of keys (train, val, names, ...)")
        }
        var keys: [String: (value: Node, line: Int?)] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                throw DatasetError(file: file, problem: "keys must be plain strings")
            }
            keys[name] = (value, key.mark?.line)
        }
        if keys["kpt_shape"] != nil {
            throw DatasetError(
                file: file, problem: "kpt_shape makes it a pose dataset; yoloset validates detection and segmentation")
        }
        var findings: [Finding] = []
        func report(_ rule: Rule, _ message: String, line: Int?) {
            guard let severity = config.severity(of: rule) else { return }
            findings.append(
                Finding(
                    rule: rule, severity: severity, message: message,
                    location: .init(file: file, jsonPath: nil, line: line)))
        }

        let folder = Validator.folder(of: file)
        let root: String
        if let value = keys["path"]?.value, value.null == nil {
            guard let path = value.string, !path.isEmpty else {
                throw DatasetError(file: file, problem: "path must be a string (the dataset root)")
            }
            let besideYAML = join(folder, path)
            let manager = FileManager.default
            root =
                path.hasPrefix("/") || manager.fileExists(atPath: besideYAML) || !manager.fileExists(atPath: path)
                ? (path.hasPrefix("/") ? path : besideYAML) : path
        } else {
            root = folder
        }

        var splits: [Split] = []
        for name in splitNames {
            guard let (value, line) = keys[name] else {
                if name != "test" {
                    let hint = name == "val" && keys["validation"] != nil ? "; rename 'validation' to 'val'" : ""
                    report(
                        .datasetConfig, "no '\(name):' key; Ultralytics needs train and val in every data YAML\(hint)",
                        line: nil)
                }
                continue
            }
            var paths: [String] = []
            if value.null != nil || value.scalar?.string == "" {
                if name != "test" {
                    report(.datasetConfig, "'\(name):' is empty; name a folder of images or an image list", line: line)
                }
                continue
            } else if let path = value.scalar?.string {
                paths = [path]
            } else if let sequence = value.sequence, sequence.allSatisfy({ $0.scalar != nil }) {
                paths = sequence.compactMap { $0.scalar?.string }
            } else {
                report(
                    .datasetConfig, "'\(name):' must be a path or a list of paths (folders or .txt image lists)",
                    line: line)
                continue
            }
            splits.append(Split(name: name, paths: paths.map { resolve($0, root: root) }, line: line))
        }

        let classCount = readClasses(keys, report: report)
        if let (_, line) = keys["download"] {
            report(
                .datasetDownload,
                "data.yaml has a download: key; Ultralytics runs it (a URL, a bash or a Python script) when a "
                    + "split is missing; remove it from a dataset that is meant to be complete offline",
                line: line)
        }
        let isVersion = FileManager.default.fileExists(atPath: join(folder, "version.json"))
        return DataYAML(
            file: file, root: root, splits: splits, classCount: classCount, isVersion: isVersion, findings: findings)
    }

    /// `names` and `nc`: the class count, or nil when neither gives one.
    private static func readClasses(
        _ keys: [String: (value: Node, line: Int?)], report: (Rule, String, Int?) -> Void
    ) -> Int? {
        var nc: Int?
        if let (value, line) = keys["nc"] {
            if let number = value.int, number > 0 {
                nc = number
            } else {
                report(.datasetConfig, "nc must be a positive integer, not '\(value.string ?? "a collection")'", line)
            }
        }
        guard let (value, line) = keys["names"], value.null == nil else {
            if nc == nil {
                report(.datasetConfig, "neither names nor nc: the class ids cannot be checked; add names", nil)
            }
            return nc
        }
        var count: Int?
        if let sequence = value.sequence {
            count = sequence.count
        } else if let mapping = value.mapping {
            var indices: [Int] = []
            for (key, _) in mapping {
                guard let index = key.int ?? key.string.flatMap({ Int($0) }) else {
                    report(.datasetConfig, "names key '\(key.string ?? "?")' is not a class index", key.mark?.line)
                    return nc
                }
                indices.append(index)
            }
            if indices.sorted() != Array(0..<indices.count) {
                let shown = indices.sorted().map(String.init).joined(separator: ", ")
                report(
                    .datasetConfig,
                    "names has indices \(shown); a mapping must number the classes 0..\(indices.count - 1)", line)
            }
            count = indices.count
        } else {
            report(.datasetConfig, "names must be a list or a mapping of class index to name", line)
            return nc
        }
        if count == 0 {
            report(.datasetConfig, "names is empty; a dataset needs at least one class", line)
            return nc
        }
        if let nc, let count, nc != count {
            report(
                .datasetConfig,
                "names has \(count) classes but nc is \(nc); make them agree (Ultralytics refuses the dataset)", line)
            return count
        }
        return count
    }

    private static func resolve(_ path: String, root: String) -> String {
        if path.hasPrefix("/") { return path }
        let joined = join(root, path)
        if !FileManager.default.fileExists(atPath: joined), path.hasPrefix("../") {
            let retried = join(root, String(path.dropFirst(3)))
            if FileManager.default.fileExists(atPath: retried) { return retried }
        }
        return joined
    }

    static func join(_ folder: String, _ path: String) -> String {
        if folder == "." { return path == "." ? "." : path }
        if path == "." { return folder }
        var base = folder
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        var relative = Substring(path)
        while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
        return base + "/" + relative
    }
}
