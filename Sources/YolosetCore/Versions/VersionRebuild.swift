internal import Foundation

#if canImport(Glibc)
    internal import Glibc
#endif

/// What `verify vN --rebuild` found: the version built again from its recipe and the object store,
/// file by file against the version.
public struct RebuildReport: Sendable, Equatable {
    public var version: Int
    public var filesCompared = 0
    /// Files whose bytes differ, files only the version has, files only the rebuild made.
    public var differing: [String] = []
    public var onlyInVersion: [String] = []
    public var onlyInRebuild: [String] = []

    public var identical: Bool { differing.isEmpty && onlyInVersion.isEmpty && onlyInRebuild.isEmpty }
}

extension Workspace {
    /// Builds version `reference` again, from the recipe the catalog recorded when it was made and the
    /// store's objects, in a temporary folder under `.yoloset/tmp/`, and compares every file with the
    /// version's. version.json takes its id and created_at from the recipe, so it too must come out
    /// byte-identical. Throws when the version has no recipe or an object it needs is gone.
    public func rebuild(_ reference: String, workers: Int? = nil) throws -> RebuildReport {
        let store = VersionStore(workspace: self)
        let number = try number(of: reference, in: store)
        guard let recipe = try catalog.read({ db in try VersionRecipe.load(db, number: number) }) else {
            throw WorkspaceError(
                "v\(number) has no recipe in the catalog (it was made before yoloset recorded them), so it cannot "
                    + "be rebuilt; `yoloset verify v\(number)` still checks its files")
        }
        let workers = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
        let config = try recipe.config()
        let mapping = ClassMapping(classes: recipe.classes, config: config, previous: recipe.previousIndices)
        let plan = Snapshotter.plan(recipe, config: config, mapping: mapping, workers: workers)
        let folder = "\(objects.staging)/rebuild-v\(number)-\(UUID().uuidString)"
        guard mkdirAll(folder) else { throw WorkspaceError("cannot create '\(folder)': \(errnoText())") }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try Snapshotter.build(
            plan, recipe: recipe, config: config, into: folder, objects: objects, workers: workers)

        let version = store.folder(number)
        let theirs = VersionStore.files(under: version)
        let ours = VersionStore.files(under: folder)
        var report = RebuildReport(version: number)
        report.onlyInVersion = theirs.subtracting(ours)
        report.onlyInRebuild = ours.subtracting(theirs)
        let common = theirs.intersection(ours)
        report.filesCompared = common.count
        let same = Parallel.map(count: common.count, workers: workers) { index in
            Self.sameBytes("\(version)/\(common[index])", "\(folder)/\(common[index])")
        }
        report.differing = zip(common, same).filter { !$0.1 }.map(\.0)
        return report
    }

    /// Whether two files hold the same bytes (at once when they are one inode).
    private static func sameBytes(_ a: String, _ b: String) -> Bool {
        guard let left = ObjectStore.Stamp.of(a), let right = ObjectStore.Stamp.of(b) else { return false }
        if left.device == right.device && left.inode == right.inode { return true }
        guard left.size == right.size,
            let first = FileManager.default.contents(atPath: a), let second = FileManager.default.contents(atPath: b)
        else { return false }
        return first == second
    }
}
