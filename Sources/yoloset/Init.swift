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
                (the keys of `validate --config`, under `validation:`). Paths are written relative to \
                yoloset.yaml and must exist. With --dumps, the project's name and type are those of its Acusight \
                dumps; a --name or --type that disagrees with them is refused (a workspace holds one project).

                Examples:
                  yoloset init ws --dumps fixtures/sample/dumps --images fixtures/sample/images
                  yoloset init dock --name "Dock safety" --type segment --link hardlink
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: "Folder for the workspace (default: the current folder).")
        var folder: String = "."

        @Option(help: "Project name (default: the dumps' project, else the folder's name).")
        var name: String?

        @Option(help: "detect (boxes) or segment (instance polygons) (default: the dumps' project type, else detect).")
        var type: ProjectKind?

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

        @Flag(help: "Print what was created as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            var request = WorkspaceInit(folder: folder)
            request.name = name
            request.type = type
            request.dumps = dumps
            request.images = images
            request.check = check
            request.link = link
            try request.run().write(asJSON: json)
        }
    }
}
