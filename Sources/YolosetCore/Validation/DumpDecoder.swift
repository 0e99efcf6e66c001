/// Reads dump files on every core, each to its `DumpFile` or to why it cannot be read.
struct DumpDecoder: Sendable {
    /// The API every dump must come from (`--source`); nil tells each file's API from its fields.
    let source: DumpSource?
    let workers: Int

    /// Each of `files` read, in order, or why it cannot be.
    func decode(_ files: some Collection<String>) -> [Result<DumpFile, DumpError>] {
        let source = self.source
        let items = Array(files)
        return Parallel.map(count: items.count, workers: workers) { index -> Result<DumpFile, DumpError> in
            do throws(DumpError) {
                return .success(try DumpFile.read(file: items[index], source: source))
            } catch {
                return .failure(error)
            }
        }
    }

    /// Each of `files` outlined (`DumpFile.outline`), in order, or why it cannot be read: for a file the
    /// outline refuses, the error of reading it whole.
    func outline(_ files: some Collection<String>) -> [Result<DumpFile.Outline, DumpError>] {
        let source = self.source
        let items = Array(files)
        return Parallel.map(count: items.count, workers: workers) { index -> Result<DumpFile.Outline, DumpError> in
            do throws(DumpError) {
                return .success(try DumpFile.outline(file: items[index], source: source))
            } catch {
                do throws(DumpError) {
                    return .success(try DumpFile.read(file: items[index], source: source).outline)
                } catch {
                    return .failure(error)
                }
            }
        }
    }

    /// `dump.unreadable` for a dump `file` that could not be read; rethrows an error about the whole set.
    static func unreadable(_ error: DumpError, file: String) throws(DumpError) -> Finding {
        guard error.dump != nil else { throw error }
        return .unreadableDump(error, file: file)
    }
}
