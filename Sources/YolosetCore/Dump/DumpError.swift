/// Why a dump, or a set of dumps, cannot be read. Any of these refuses the run: nothing is written.
public enum DumpError: RunFailure, Equatable, Sendable {
    case notFound(path: String)
    case noDumps(folder: String)
    case unreadable(file: String, reason: String)
    case empty(file: String)
    case notJSON(file: String, reason: String)
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

    public var description: String {
        switch self {
        case .notFound(let path):
            "'\(path)': no such file or folder."
        case .noDumps(let folder):
            "'\(folder)' holds no .json dumps."
        case .unreadable(let file, let reason):
            "Unable to read '\(file)': \(reason)."
        case .empty(let file):
            "Unable to read '\(file)': the file is empty; save the API response body again."
        case .notJSON(let file, let reason):
            "Unable to read '\(file)': not valid JSON (\(reason))."
        case .encoding(let file, let encoding, let from):
            "Unable to read '\(file)': it is \(encoding) text, and JSON files are UTF-8 (RFC 8259); convert it, "
                + "e.g. `iconv -f \(from) -t UTF-8 '\(file)' > converted.json` (Windows PowerShell's `>` writes "
                + "UTF-16: save with `Out-File -Encoding utf8` instead)."
        case .malformed(let file, let jsonPath, let problem):
            "Unable to read '\(file)': \(jsonPath): \(problem)."
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
        }
    }
}
