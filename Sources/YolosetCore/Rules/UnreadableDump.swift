extension Finding {
    /// `dump.unreadable`: `error`, about one dump (or a listing, placed at `file`, its first page). Always an
    /// error: the config cannot turn it down.
    static func unreadableDump(_ error: DumpError, file: String) -> Finding {
        let (jsonPath, line, column) = error.position
        return Finding(
            rule: .dumpUnreadable, severity: .error, message: error.description,
            location: .init(file: file, jsonPath: jsonPath, line: line, column: column))
    }
}
