/// A config file that cannot be used: names the file, the key path and the problem.
public struct ConfigError: RunFailure, Equatable, Sendable {
    public var file: String
    public var path: String?
    public var problem: String

    public var description: String {
        if let path { return "Unable to use config '\(file)': \(path): \(problem)." }
        return "Unable to use config '\(file)': \(problem)."
    }
}
