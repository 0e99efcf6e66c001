/// One dump file, read once and decoded as the API it comes from.
public enum DumpFile: Sendable {
    case acusight(Dump)
    /// A Runflow batch or items page, or a Nimble batch.
    case source(SourceDump)

    public var file: String {
        switch self {
        case .acusight(let dump): dump.file
        case .source(let dump): dump.file
        }
    }

    public var source: DumpSource {
        switch self {
        case .acusight: .acusight
        case .source(let dump): dump.source
        }
    }

    /// Reads `file` and decodes it as `source`, or as the API its shape shows when `source` is nil. A
    /// file that cannot be read, that names a different API than `source`, or that has a field of the
    /// wrong type throws `DumpError` naming the file and the JSON path.
    public static func read(file: String, source: DumpSource? = nil) throws(DumpError) -> DumpFile {
        var data = try Dump.load(file)
        let marked = try DumpEncoding.prepare(&data, file: file) == .utf8WithByteOrderMark
        let document = try JSONDocument(parsing: data, file: file)
        return try document.read { root throws(DumpError) in
            // Only an object can be told apart; anything else reads as before, as a malformed Acusight dump.
            guard let top = try? root.object() else {
                if let source, source != .acusight { throw root.mismatch("an object (a \(source.displayName) batch)") }
                var dump = try Dump.decode(root, file: file)
                dump.byteOrderMark = marked
                return .acusight(dump)
            }
            let detected = try DumpShape.detect(top, forced: source)
            if detected == .acusight {
                var dump = try Dump.decode(root, file: file)
                dump.byteOrderMark = marked
                return .acusight(dump)
            }
            var dump = try SourceDump.decode(top, source: detected)
            dump.byteOrderMark = marked
            return .source(dump)
        }
    }

    /// What a first pass over many Runflow or Nimble dumps keeps of one (`SourceIndex`): an Acusight dump
    /// (named by its file), or a source dump's outline.
    enum Outline: Sendable {
        case acusight(file: String)
        case source(SourceDump.Outline)
    }

    /// The outline of a dump read whole.
    var outline: Outline {
        switch self {
        case .acusight(let dump): .acusight(file: dump.file)
        case .source(let dump): .source(dump.outline)
        }
    }

    /// Reads `file` as `read` does, but of a Runflow or Nimble dump decodes only which batches it holds
    /// or joins. A file `read` would refuse may pass here (its items are not decoded); one refused here
    /// `read` refuses too, and the error to report is `read`'s.
    static func outline(file: String, source: DumpSource? = nil) throws(DumpError) -> Outline {
        var data = try Dump.load(file)
        _ = try DumpEncoding.prepare(&data, file: file)
        let document = try JSONDocument(parsing: data, file: file)
        return try document.read { root throws(DumpError) in
            guard let top = try? root.object() else { return .acusight(file: file) }
            let detected = try DumpShape.detect(top, forced: source)
            if detected == .acusight { return .acusight(file: file) }
            return .source(try SourceDump.outline(top, source: detected))
        }
    }
}
