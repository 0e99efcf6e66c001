internal import Foundation

/// `yoloset init`: a new workspace, whose `yoloset.yaml` names paths relative to itself, checked to
/// exist, and whose project is the one its dumps belong to. One entry point, `run()`.
///
/// The project is never renamed silently: without `--name` (or `--type`) it is taken from the
/// Acusight dumps under `--dumps`; a `--name` or `--type` that disagrees with them, or dumps of more
/// than one project, is refused with one line, and nothing is written.
public struct WorkspaceInit: Sendable {
    public var folder: String
    public var name: String?
    public var type: ProjectKind?
    public var dumps: String?
    public var images: String?
    public var check: CheckLevel = .header
    public var link: StoreLink = .auto

    public init(folder: String) {
        self.folder = folder
    }

    /// The workspace made, and where its project came from.
    public struct Result: Sendable, Equatable {
        public var root: String
        public var configFile: String
        public var name: String
        public var type: ProjectKind
        /// The id of the dumps' project, when the name and type were read from them.
        public var projectID: String?
        public var pipelineDumps: String?
        public var pipelineImages: String?
        public var check: CheckLevel
        public var link: StoreLink
    }

    public func run() throws -> Result {
        let root = URL(fileURLWithPath: folder).standardizedFileURL.path
        let dumpsFolder = try dumps.map { try Self.existingFolder($0, option: "--dumps") }
        let imagesFolder = try images.map { try Self.existingFolder($0, option: "--images") }
        let project = try dumpsFolder.flatMap { try Self.project(inDumps: $0, shownAs: dumps!) }
        if let project, let name, let theirs = project.name, theirs != name {
            throw WorkspaceError(
                "--name '\(name)' disagrees with the dumps in '\(dumps!)', which are of project '\(theirs)'"
                    + (project.id.map { " (\($0))" } ?? "")
                    + ": a workspace holds one project; leave --name out or use --name '\(theirs)'; nothing was written"
            )
        }
        if let project, let type, let theirs = project.kind, theirs != type {
            throw WorkspaceError(
                "--type \(type.rawValue) disagrees with the dumps in '\(dumps!)', whose project '\(project.name ?? "-")' is "
                    + "\(theirs.acusightType): leave --type out or use --type \(theirs.rawValue); nothing was written")
        }
        var config = WorkspaceConfig(
            name: name ?? project?.name ?? URL(fileURLWithPath: root).lastPathComponent,
            type: type ?? project?.kind ?? .detect)
        config.projectID = project?.id
        config.pipeline.dumps = dumpsFolder.map { relativePath(of: $0, from: root) }
        config.pipeline.images = imagesFolder.map { relativePath(of: $0, from: root) }
        config.pipeline.check = check
        config.link = link
        let workspace = try Workspace.create(at: root, config: config)
        return Result(
            root: workspace.root, configFile: "\(workspace.root)/\(WorkspaceConfig.fileName)", name: config.name,
            type: config.type, projectID: project?.id, pipelineDumps: config.pipeline.dumps,
            pipelineImages: config.pipeline.images, check: check, link: link)
    }

    private static func existingFolder(_ path: String, option: String) throws -> String {
        let target = URL(fileURLWithPath: path).standardizedFileURL.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isFolder), isFolder.boolValue else {
            throw WorkspaceError("\(option) '\(path)': no such folder; nothing was written")
        }
        return target
    }

    /// The project the dumps' batches name.
    struct DumpProject: Equatable {
        var id: String?
        var name: String?
        var kind: ProjectKind?
    }

    /// The one project of the Acusight dumps in `folder` (nil when none names one). A dump that cannot
    /// be read is left to `run` and `validate`, which report it; Runflow and Nimble dumps have no project.
    static func project(inDumps folder: String, shownAs shown: String) throws -> DumpProject? {
        var found: [DumpProject] = []
        for file in (try? DumpCollection.files(in: [folder])) ?? [] {
            guard case .acusight(let dump) = try? DumpFile.read(file: file) else { continue }
            for batch in dump.batches {
                let project = DumpProject(
                    id: batch.projectID?.text ?? batch.project?.id?.text, name: batch.project?.name,
                    kind: ProjectKind.allCases.first { $0.acusightType == batch.project?.projectType })
                guard project.id != nil || project.name != nil else { continue }
                if !found.contains(project) { found.append(project) }
            }
        }
        let ids = Set(found.compactMap(\.id))
        guard ids.count <= 1, Set(found.compactMap(\.name)).count <= 1 else {
            let names = found.map { ($0.name ?? "-") + ($0.id.map { " (\($0))" } ?? "") }
            throw WorkspaceError(
                "the dumps in '\(shown)' are of \(found.count) projects (\(names.joined(separator: ", "))): a workspace "
                    + "holds one project; give each its own workspace; nothing was written")
        }
        guard var project = found.first else { return nil }
        for other in found.dropFirst() {
            project.id = project.id ?? other.id
            project.name = project.name ?? other.name
            project.kind = project.kind ?? other.kind
        }
        return project
    }
}
