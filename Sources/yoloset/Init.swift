import ArgumentParser
import Foundation
import YolosetCore

extension ProjectKind: ExpressibleByArgument {}
extension StoreLink: ExpressibleByArgument {}

extension Yoloset {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a workspace: yoloset.yaml and .yoloset/ (catalog, object store).",
            discussion: """
                yoloset.yaml holds the project's name and type, its classes (optional; the catalog learns \
                them from the dumps), the default split ratios, seed and grouping, and validation settings \
                (the keys of `validate --config`, under `validation:`).

                Examples:
                  yoloset init ws --dumps fixtures/sample/dumps --images fixtures/sample/images
                  yoloset init dock --name "Dock safety" --type segment --link hardlink
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: "Folder for the workspace (default: the current folder).")
        var folder: String = "."

        @Option(help: "Project name (default: the folder's name).")
        var name: String?

        @Option(help: "detect (boxes) or segment (instance polygons).")
        var type: ProjectKind = .detect

        @Option(
            help: ArgumentHelp("pipeline.dumps: the folder of batch dumps `yoloset run` imports.", valueName: "DIR"))
        var dumps: String?

        @Option(help: ArgumentHelp("pipeline.images: where the dumps' images are.", valueName: "DIR"))
        var images: String?

        @Option(help: "pipeline.check: header or full (decode every image).")
        var check: CheckLevel = .header

        @Option(
            help: ArgumentHelp(
                "store.link: how the object store takes in image files: auto (a reflink where the file system "
                    + "can, else a copy), reflink, copy, or hardlink (no second copy; editing a source image in "
                    + "place then changes the stored object, which fsck reports).",
                valueName: "MODE"))
        var link: StoreLink = .auto

        func run() throws {
            try global.apply()
            let path = URL(fileURLWithPath: folder).standardizedFileURL
            var config = WorkspaceConfig(name: name ?? path.lastPathComponent, type: type)
            // Paths relative to yoloset.yaml, as its comment says, so a committed file holds in every checkout.
            config.pipeline.dumps = try dumps.map { try Self.relative($0, to: path.path, option: "--dumps") }
            config.pipeline.images = try images.map { try Self.relative($0, to: path.path, option: "--images") }
            config.pipeline.check = check
            config.link = link
            try Workspace.create(at: path.path, config: config)
            print(
                "Created a yoloset workspace in \(folder == "." ? path.path : folder) (project '\(config.name)', \(type.rawValue))."
            )
            print(
                config.pipeline.dumps == nil
                    ? "Next: yoloset import DUMP... --images DIR" : "Next: yoloset run (import, split, snapshot)")
        }

        /// `path` (relative to the current folder, or absolute) relative to the workspace folder, through
        /// `..` when it lies outside; a path that does not exist is refused, naming the option.
        static func relative(_ path: String, to root: String, option: String) throws -> String {
            let target = URL(fileURLWithPath: path).standardizedFileURL.path
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: target, isDirectory: &isFolder), isFolder.boolValue else {
                throw RunError(description: "\(option) '\(path)': no such folder; nothing was written")
            }
            return relativePath(of: target, from: root)
        }
    }
}
