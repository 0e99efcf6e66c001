import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move Runflow or Nimble batches from the raw pool into the project (stage \"annotating\").",
            discussion: """
                The project is --project, else the one the workspace already holds, else project.id in \
                yoloset.yaml. Assigned batches' images take part in `split`, and enter versions as background \
                images (empty label files) when the version config says `backgrounds: assigned`. Acusight \
                batches name their own project and cannot be assigned.

                Examples:
                  yoloset -C ws import ../fixtures/runflow/running
                  yoloset -C ws assign 9a7b3c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions

        @Argument(help: "Ids of raw-pool batches (`yoloset status` lists them).")
        var batches: [String]

        @Option(help: ArgumentHelp("The project's id.", valueName: "ID"))
        var project: String?

        @Flag(help: "Print the result as JSON.")
        var json = false

        func validate() throws {
            if batches.isEmpty { throw ValidationError("Name at least one batch.") }
        }

        func run() throws {
            try global.apply()
            let result = try BatchAssigner(workspace: try Workspace.find()).run(
                batches: batches, project: project, write: write.workspaceWrite)
            result.write(asJSON: json)
        }
    }
}
