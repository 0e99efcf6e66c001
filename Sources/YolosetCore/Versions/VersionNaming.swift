/// File names inside a version: `<batch>__<stem>.<ext>`, reduced to letters, digits, `-`, `_` and `.`,
/// unique even on case-insensitive file systems, and with the extension of the file's real format.
enum VersionNaming {
    static func assign(_ members: inout [Snapshotter.Member]) {
        var taken: Set<String> = []
        for index in members.indices {
            let member = members[index]
            let source =
                member.filename ?? member.storageKey.map { String($0.split(separator: "/").last ?? "") }
                ?? member.id
            var stem = source
            if let dot = stem.lastIndex(of: "."), dot != stem.startIndex { stem = String(stem[..<dot]) }
            let ext = member.format == ImageFormat.png.rawValue ? "png" : "jpg"
            let base = "\(safe(member.batchID))__\(safe(stem))"
            var name = "\(base).\(ext)"
            if taken.contains(name.lowercased()) {
                name = "\(base)-\(member.sha256.prefix(8)).\(ext)"
                var counter = 2
                while taken.contains(name.lowercased()) {
                    name = "\(base)-\(member.sha256.prefix(8))-\(counter).\(ext)"
                    counter += 1
                }
            }
            taken.insert(name.lowercased())
            members[index].versionName = name
        }
    }

    /// Letters, digits, `-`, `_`, `.`; at most 100 characters; never empty or only dots.
    static func safe(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars.prefix(100) {
            let c = Character(scalar)
            result.append(c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".") ? c : "_")
        }
        if result.allSatisfy({ $0 == "." }) { result = "_" + result }
        return result
    }
}
