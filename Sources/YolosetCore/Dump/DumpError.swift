/// Why a dump, or a set of dumps, cannot be read. Any of these refuses the run: nothing is written.
public enum DumpError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(path: String)
    case noDumps(folder: String)
    case unreadable(file: String, reason: String)
    case empty(file: String)
    case notJSON(file: String, reason: String)
    /// A field of the wrong type, a missing required field, or a shape that is not a dump.
    case malformed(file: String, jsonPath: String, problem: String)
    /// `{"success": false, "error": {...}}`: an API error saved in place of a batch.
    case errorBody(file: String, code: String, message: String)
    case missingPages(folder: String, missing: [Int], totalPages: Int)
    case inconsistentPages(folder: String, reason: String)

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
        }
    }
}
