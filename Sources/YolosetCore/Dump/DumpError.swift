/// Why a dump, or a set of dumps, cannot be read. An error about one dump (`dump`) is a `dump.unreadable`
/// finding: validation goes on past it, an import refuses the whole run. An error about the whole set
/// (a path that does not exist, a folder without dumps, dumps of two kinds of API) refuses the run.
public enum DumpError: RunFailure, Equatable, Sendable {
    case notFound(path: String)
    case noDumps(folder: String)
    case unreadable(file: String, reason: String)
    case empty(file: String)
    /// A syntax error, at the 1-based line and column (in Unicode scalars) where json-c stopped, when known.
    case notJSON(file: String, reason: String, line: Int? = nil, column: Int? = nil)
    /// UTF-16 or UTF-32 text: JSON files are UTF-8.
    case encoding(file: String, encoding: String, from: String)
    /// A field of the wrong type, a missing required field, or a shape that is not a dump.
    case malformed(file: String, jsonPath: String, problem: String)
    /// `{"success": false, "error": {...}}`: an API error saved in place of a batch.
    case errorBody(file: String, code: String, message: String)
    case missingPages(folder: String, missing: [Int], totalPages: Int)
    case inconsistentPages(folder: String, reason: String)
    /// `--source` names one API, but the file has another's fields and none of its own.
    case wrongSource(file: String, forced: DumpSource, found: DumpSource, fields: String)
    /// Acusight dumps and Runflow or Nimble dumps in one run: their reports have different shapes.
    case mixedSources(file: String, source: DumpSource, other: String, otherSource: DumpSource)
    /// A Runflow or Nimble dump where only Acusight dumps are read (the importer, for now).
    case unsupportedSource(file: String, source: DumpSource)
    /// `--shard` over Runflow or Nimble dumps, whose items pages join batches across files.
    case shardedSources(file: String, source: DumpSource)

    public var description: String {
        switch self {
        case .notFound(let path):
            "'\(path)': no such file or folder."
        case .noDumps(let folder):
            "'\(folder)' holds no .json dumps."
        case .unreadable(let file, _), .notJSON(let file, _, _, _):
            "Unable to read '\(file)': \(problem)."
        case .empty(let file):
            "Unable to read '\(file)': \(problem); save the API response body again."
        case .encoding(let file, let encoding, let from):
            "Unable to read '\(file)': it is \(encoding) text, and JSON files are UTF-8 (RFC 8259); convert it, "
                + "e.g. `iconv -f \(from) -t UTF-8 '\(file)' > converted.json` (Windows PowerShell's `>` writes "
                + "UTF-16: save with `Out-File -Encoding utf8` instead)."
        case .malformed(let file, _, _):
            "Unable to read '\(file)': \(problem)."
        case .errorBody(let file, let code, let message):
            "'\(file)' is an API error response, not a batch: \(code): \(message). Fetch the batch again."
        case .missingPages(let folder, let missing, let totalPages):
            "Pages of the batch listing in '\(folder)' are missing: "
                + missing.map { "page \($0)" }.joined(separator: ", ")
                + " of \(totalPages). Save every page before importing the listing."
        case .inconsistentPages(let folder, let reason):
            "The batch listing in '\(folder)' is inconsistent: \(reason)."
        case .wrongSource(let file, let forced, let found, let fields):
            "Unable to read '\(file)': $: --source \(forced.rawValue), but this looks like \(found.displayName) "
                + "(fields \(fields)); drop --source or name the right API."
        case .mixedSources(let file, let source, let other, let otherSource):
            "'\(file)' (\(source.displayName)) and '\(other)' (\(otherSource.displayName)) come from different "
                + "batch APIs; validate or import Acusight dumps and Runflow or Nimble dumps in separate runs."
        case .unsupportedSource(let file, let source):
            "'\(file)' is a \(source.displayName) batch dump, not an Acusight one; it has batches and items, not "
                + "images with annotations."
        case .shardedSources(let file, let source):
            "'\(file)' is a \(source.displayName) batch dump; --shard splits Acusight dumps only (Runflow and "
                + "Nimble items pages join batches across files): validate these dumps in one run."
        }
    }
}

extension DumpError {
    /// What is wrong, without the file's name, for a message that names the file itself: `not valid JSON
    /// (premature EOF at line 3, column 1)`, `$.version_images[2].split: required field is missing`.
    var problem: String {
        switch self {
        case .unreadable(_, let reason): reason
        case .empty: "the file is empty"
        case .notJSON(_, let reason, let line?, let column?):
            "not valid JSON (\(reason) at line \(line), column \(column))"
        case .notJSON(_, let reason, _, _): "not valid JSON (\(reason))"
        case .malformed(_, let jsonPath, let problem): "\(jsonPath): \(problem)"
        default: description
        }
    }

    /// The one dump file this error is about, or nil when it is about the whole set of dumps (and so
    /// refuses the run). A listing's missing or inconsistent pages are about its folder: the validator
    /// places them at the listing's first page.
    public var dump: String? {
        switch self {
        case .unreadable(let file, _), .empty(let file), .notJSON(let file, _, _, _), .encoding(let file, _, _),
            .malformed(let file, _, _), .errorBody(let file, _, _), .wrongSource(let file, _, _, _):
            file
        case .notFound, .noDumps, .missingPages, .inconsistentPages, .mixedSources, .unsupportedSource,
            .shardedSources:
            nil
        }
    }

    /// Where in the dump the problem is: a JSON path (placed at its line and column later, by
    /// `FindingPositions`), or the line and column themselves.
    var position: (jsonPath: String?, line: Int?, column: Int?) {
        switch self {
        case .notJSON(_, _, let line, let column): (nil, line, column)
        case .malformed(_, let jsonPath, _): (jsonPath, nil, nil)
        case .errorBody: ("$.error", nil, nil)
        case .wrongSource, .missingPages, .inconsistentPages: ("$", nil, nil)
        // Nothing of the file is read as JSON: the problem starts at its first byte.
        case .empty, .encoding: (nil, 1, 1)
        case .unreadable, .notFound, .noDumps, .mixedSources, .unsupportedSource, .shardedSources: (nil, nil, nil)
        }
    }
}
