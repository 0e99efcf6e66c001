internal import CJSONC
internal import Crypto

#if canImport(Glibc)
    internal import Glibc
#endif

/// Writes a large JSON object as it is produced, to a new read-only file or to standard output, so
/// neither the whole tree nor the whole text is ever in memory: `version.json` of a 20,000-image version
/// holds about a million values, `images --json` of a million-image workspace a million rows. Every key and value is serialized by json-c; this type only lays the parts out:
///
/// ```
/// {
///   "key": <value, pretty, indented>,
///   "rows": [
///     <element, one line>,
///     <element, one line>
///   ]
/// }
/// ```
///
/// Long arrays (`Part.rows`) are rendered on every core, a window of chunks at a time, and written in
/// order; the file's SHA-256 is worked out as it is written. Rows read from a cursor (`Part.stream`) are
/// pulled one at a time on the calling thread. An object of parts (`Part.object`) nests the same layout
/// one level deeper: `diff --json` writes its long lists inside `images` and `annotations`.
struct JSONFileWriter {
    enum Part {
        /// A value written pretty, two-space indented.
        case value(JSONOut)
        /// An array of `count` elements, each on its own line; `element` runs on any thread.
        case rows(count: Int, element: @Sendable (Int) -> JSONOut)
        /// An array of the elements `next` gives until it gives nil, each on its own line.
        case stream(next: () throws(WorkspaceError) -> JSONOut?)
        /// An object of parts, indented one level deeper (keys in the order given).
        case object([(String, Part)])
    }

    let workers: Int
    /// Elements rendered by one task.
    var chunk = 512

    /// Writes `{ pairs }` (keys in the order given) to a new read-only file at `path`; returns its SHA-256.
    func write(_ pairs: [(String, Part)], to path: String) throws(WorkspaceError) -> String {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        guard fd >= 0 else { throw WorkspaceError("cannot create '\(path)': \(errnoText())") }
        defer { close(fd) }
        var sink = OutputSink(fd: fd, name: path)
        return try write(pairs, into: &sink)
    }

    /// Writes `{ pairs }` to standard output, as `write(_:to:)` writes a file.
    func writeToStandardOutput(_ pairs: [(String, Part)]) throws(WorkspaceError) {
        var sink = OutputSink.standardOutput
        _ = try write(pairs, into: &sink)
    }

    private func write(_ pairs: [(String, Part)], into sink: inout OutputSink) throws(WorkspaceError) -> String {
        try writeObject(pairs, indent: "", into: &sink)
        try sink.append("\n")
        try sink.flush()
        return sink.hasher.finalize().hexString
    }

    /// `{ pairs }`, its members indented two spaces past `indent`, and its closing brace at `indent`.
    private func writeObject(
        _ pairs: [(String, Part)], indent: String, into sink: inout OutputSink
    ) throws(WorkspaceError) {
        guard !pairs.isEmpty else {
            try sink.append("{}")
            return
        }
        let inner = indent + "  "
        try sink.append("{\n")
        for (position, (key, part)) in pairs.enumerated() {
            try sink.append(inner)
            try sink.append(JSONOut.string(key).compact())
            try sink.append(": ")
            switch part {
            case .value(let value):
                // json-c escapes newlines inside strings, so every newline in its text is layout.
                let text = value.pretty()
                try sink.append(text.replacing("\n", with: "\n" + inner))
            case .rows(let count, let element):
                try writeRows(count: count, element: element, indent: inner, into: &sink)
            case .stream(let next):
                var first = true
                while let element = try next() {
                    try sink.append(first ? "[\n" + inner + "  " : ",\n" + inner + "  ")
                    try sink.append(element.compact())
                    first = false
                }
                try sink.append(first ? "[]" : "\n" + inner + "]")
            case .object(let members):
                try writeObject(members, indent: inner, into: &sink)
            }
            try sink.append(position == pairs.count - 1 ? "\n" + indent + "}" : ",\n")
        }
    }

    private func writeRows(
        count: Int, element: @Sendable (Int) -> JSONOut, indent: String, into sink: inout OutputSink
    ) throws(WorkspaceError) {
        guard count > 0 else {
            try sink.append("[]")
            return
        }
        try sink.append("[\n")
        let chunks = (count + chunk - 1) / chunk
        let window = max(workers, 1) * 4
        let size = chunk
        let elementIndent = indent + "  "
        var first = 0
        while first < chunks {
            let last = min(first + window, chunks)
            let base = first
            let texts = Parallel.map(count: last - base, workers: workers) { offset in
                let start = (base + offset) * size
                var text = ""
                for index in start..<min(start + size, count) {
                    text += index == 0 ? elementIndent : ",\n" + elementIndent
                    text += element(index).compact()
                }
                return text
            }
            for text in texts { try sink.append(text) }
            first = last
        }
        try sink.append("\n" + indent + "]")
    }
}

/// A buffered, hashing writer on one file descriptor (a file, or standard output); `name` is what
/// its errors call it.
struct OutputSink {
    let fd: Int32
    let name: String
    var buffer: [UInt8] = []
    var hasher = SHA256()

    init(fd: Int32, name: String) {
        self.fd = fd
        self.name = name
        buffer.reserveCapacity(1 << 20)
    }

    static var standardOutput: OutputSink { OutputSink(fd: STDOUT_FILENO, name: "standard output") }

    mutating func append(_ text: String) throws(WorkspaceError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    mutating func flush() throws(WorkspaceError) {
        guard !buffer.isEmpty else { return }
        hasher.update(data: buffer)
        let written = buffer.withUnsafeBytes { writeAll(fd, $0) }
        guard written else { throw WorkspaceError("cannot write '\(name)': \(errnoText())") }
        buffer.removeAll(keepingCapacity: true)
    }
}
