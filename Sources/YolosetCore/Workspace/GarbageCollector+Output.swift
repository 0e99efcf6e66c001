/// `yoloset gc`.
extension GarbageCollector.Report: CommandOutput {
    /// For people: one line of what was (or would be) removed and kept.
    public var text: String {
        let verb = dryRun ? "would remove" : "removed"
        return "gc: \(verb) \(plural(objectsRemoved, "object")) "
            + "(\(byteText(bytesFreed)) freed) and \(plural(temporariesRemoved, "temporary file")); "
            + "\(plural(objectsKept, "object")) kept"
    }

    enum CodingKeys: String, CodingKey {
        case dryRun = "dry_run"
        case objectsRemoved = "objects_removed"
        case objectsKept = "objects_kept"
        case bytesFreed = "bytes_freed"
        case temporariesRemoved = "temporary_files_removed"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encode(objectsRemoved, forKey: .objectsRemoved)
        try container.encode(objectsKept, forKey: .objectsKept)
        try container.encode(bytesFreed, forKey: .bytesFreed)
        try container.encode(temporariesRemoved, forKey: .temporariesRemoved)
    }
}
