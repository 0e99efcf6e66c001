internal import Foundation

/// Turns the paths a user names into dump files: a file as it is, a folder as every `.json` file under
/// it (sorted, hidden entries skipped).
public enum DumpCollection {
    public static func files(in paths: [String]) throws(DumpError) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .notFound(path: path)
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let found = jsonFiles(under: path)
            guard !found.isEmpty else { throw .noDumps(folder: path) }
            files += found
        }
        return files
    }

    private static func jsonFiles(under folder: String) -> [String] {
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            guard name.lowercased().hasSuffix(".json") else { continue }
            var isDirectory: ObjCBool = false
            let path = base + "/" + relative
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append(path)
            }
        }
        return found.sorted { $0.compare($1, options: .numeric) == .orderedAscending }
    }
}
