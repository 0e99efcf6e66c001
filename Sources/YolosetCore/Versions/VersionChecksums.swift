#if canImport(Glibc)
    internal import Glibc
#endif

/// A version's `checksums.sha256` before it is written: `<sha256>  <path>` for every file, paths sorted
/// (`data.yaml`, `images/…`, `labels/…`, `version.json`). Made from the members and their label files'
/// digests, a member index per file in order, instead of a dictionary of two million paths.
struct VersionChecksums {
    private let members: [Snapshotter.Member]
    private let labelDigests: [ContentDigest]
    /// Members by their image's path, then by their label file's.
    private let images: [Int32]
    private let labels: [Int32]

    init(members: [Snapshotter.Member], labelDigests: [ContentDigest]) {
        self.members = members
        self.labelDigests = labelDigests
        // Split names are not prefixes of each other, and `/` composes with nothing, so paths sort as
        // (split, name) do.
        images = members.indices.map(Int32.init).sorted {
            let (a, b) = (members[Int($0)], members[Int($1)])
            return a.split != b.split ? a.split.rawValue < b.split.rawValue : a.versionName < b.versionName
        }
        let names = members.map { LabelWriter.labelName($0) }
        labels = members.indices.map(Int32.init).sorted {
            let (a, b) = (members[Int($0)], members[Int($1)])
            return a.split != b.split ? a.split.rawValue < b.split.rawValue : names[Int($0)] < names[Int($1)]
        }
    }

    /// The images' and label files' entries: 2 per member, in order.
    var count: Int { images.count + labels.count }

    func entry(_ index: Int) -> (path: String, digest: String) {
        if index < images.count {
            let member = members[Int(images[index])]
            return ("images/\(member.split.rawValue)/\(member.versionName)", member.sha256)
        }
        let at = Int(labels[index - images.count])
        return (LabelWriter.labelPath(members[at]), labelDigests[at].hex)
    }

    /// Whether the images and label files listed in a version's `checksums.sha256` are exactly these.
    func matches(fileAt path: String) -> Bool {
        guard let lines = FileLines(path: path) else { return false }
        var next = 0
        while let line = lines.next() {
            guard !line.isEmpty else { continue }
            guard let gap = line.firstRange(of: "  ") else { return false }
            let path = line[gap.upperBound...]
            guard path.hasPrefix("images/") || path.hasPrefix("labels/") else { continue }
            guard next < count else { return false }
            let (expected, digest) = entry(next)
            guard path == expected, line[..<gap.lowerBound] == digest else { return false }
            next += 1
        }
        return !lines.failed && next == count
    }

    /// Writes the file at `path` (new, read-only), with the digests of `data.yaml` and `version.json`.
    func write(to path: String, dataYAML: String, versionJSON: String) throws(WorkspaceError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        guard fd >= 0 else { throw WorkspaceError("cannot create '\(path)': \(errnoText())") }
        defer { close(fd) }
        var sink = OutputSink(fd: fd, name: path)
        try sink.append("\(dataYAML)  data.yaml\n")
        for index in 0..<count {
            let (file, digest) = entry(index)
            try sink.append("\(digest)  \(file)\n")
        }
        try sink.append("\(versionJSON)  version.json\n")
        try sink.flush()
    }
}
