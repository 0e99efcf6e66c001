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
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(text.utf8.count, 100))
        for scalar in text.unicodeScalars.prefix(100) {
            let value = scalar.value
            let allowed =
                (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
                || value == 0x2D || value == 0x5F || value == 0x2E
            bytes.append(allowed ? UInt8(value) : UInt8(ascii: "_"))
        }
        if bytes.allSatisfy({ $0 == UInt8(ascii: ".") }) { bytes.insert(UInt8(ascii: "_"), at: 0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
