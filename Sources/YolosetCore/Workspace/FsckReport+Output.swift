/// `yoloset fsck`.
extension FsckReport: CommandOutput {
    /// For people: every problem with its path, then a summary line.
    public var text: String {
        var lines = problems.map { "\($0.path): \($0.problem)" }
        var summary =
            "fsck: \(plural(objects, "object")) (\(byteText(objectBytes))) re-hashed, "
            + "\(plural(versionImages, "image file")) in \(plural(versions, "version")), "
            + "\(plural(catalogImages, "object")) the catalog refers to: "
            + (clean ? "clean" : plural(problems.count, "problem"))
        if unreferenced > 0 || staleTemporaries > 0 {
            summary +=
                "; \(plural(unreferenced, "unreferenced object")) (\(byteText(unreferencedBytes))) "
                + "and \(plural(staleTemporaries, "stale temporary file")), which `yoloset gc` removes"
        }
        lines.append(summary)
        return lines.joined(separator: "\n")
    }

    public static var schemaVersion: Int { 2 }

    enum CodingKeys: String, CodingKey {
        case clean, objects, bytes, versions, problems
        case versionImages = "images_in_versions"
        case catalogImages = "objects_in_catalog"
        case unreferenced = "objects_unreferenced"
        case unreferencedBytes = "bytes_unreferenced"
        case staleTemporaries = "temporary_files_stale"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(clean, forKey: .clean)
        try container.encode(objects, forKey: .objects)
        try container.encode(objectBytes, forKey: .bytes)
        try container.encode(versions, forKey: .versions)
        try container.encode(versionImages, forKey: .versionImages)
        try container.encode(catalogImages, forKey: .catalogImages)
        try container.encode(unreferenced, forKey: .unreferenced)
        try container.encode(unreferencedBytes, forKey: .unreferencedBytes)
        try container.encode(staleTemporaries, forKey: .staleTemporaries)
        try container.encode(problems, forKey: .problems)
    }
}

extension FsckReport.Problem: Encodable {
    enum CodingKeys: String, CodingKey {
        case path, problem
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(problem, forKey: .problem)
    }
}
