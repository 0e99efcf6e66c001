/// The last stage of dump validation: each finding located by a JSON path gets the line and column of
/// that value in its dump (`JSONPositions`). Only dumps with such a finding are read again, each once
/// and on up to `workers` threads, so a clean run reads nothing more.
enum FindingPositions {
    /// `findings` in the same order, each with a JSON path given its value's line and column; the
    /// findings of a dump that cannot be read again keep none.
    static func locate(_ findings: [Finding], workers: Int) -> [Finding] {
        var indicesByFile: [String: [Int]] = [:]
        var files: [String] = []
        for (index, finding) in findings.enumerated() where finding.location.jsonPath != nil {
            let file = finding.location.file
            if indicesByFile[file] == nil { files.append(file) }
            indicesByFile[file, default: []].append(index)
        }
        guard !files.isEmpty else { return findings }
        let positions = Parallel.map(count: files.count, workers: workers) {
            [files, indicesByFile, findings] index -> [String: JSONPositions.Position] in
            guard let data = try? Dump.load(files[index]) else { return [:] }
            let paths = indicesByFile[files[index], default: []].compactMap { findings[$0].location.jsonPath }
            return JSONPositions.locate(paths, in: data)
        }
        var located = findings
        for (file, found) in zip(files, positions) {
            for index in indicesByFile[file, default: []] {
                guard let path = located[index].location.jsonPath, let position = found[path] else { continue }
                located[index].location.line = position.line
                located[index].location.column = position.column
            }
        }
        return located
    }
}
