import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate batch dumps and store them, with their images, in the workspace.",
            discussion: """
                A dump that cannot be read refuses the whole import: nothing is written. Images that fail \
                validation are imported with their findings (`yoloset status` shows them) and kept out of \
                splits until fixed. Importing the same dump again changes nothing; a newer dump of a batch \
                updates annotations and statuses but never a locked split.

                Runflow and Nimble batch dumps go to the raw pool: each batch with no project, in stage \
                "unassigned", holding one unannotated image per succeeded item whose image file is found under \
                --images (by the output's file name, client_ref, run_id, then the item or task id). Failed, \
                cancelled and unfinished items are listed, never imported; a newer dump of the batch adds what \
                has finished since. `yoloset assign BATCH` moves a batch into the project.

                Examples:
                  yoloset -C ws import ../fixtures/runflow/running
                  yoloset -C ws import ../fixtures/runflow/running-later --json
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions

        @OptionGroup var input: DumpInputOptions

        @Option(
            help: ArgumentHelp(
                "The batch API of every dump: acusight, runflow or nimble (default: told from each file's fields).",
                valueName: "API"))
        var source: DumpSource?

        @Flag(help: "Print the result as JSON.")
        var json = false

        func validate() throws {
            if input.paths.isEmpty { throw ValidationError("Name at least one dump file or folder.") }
        }

        func run() throws {
            try global.apply()
            try input.checkImagesRoot()
            let workspace = try Workspace.find()
            let importer = Importer(
                workspace: workspace, imagesRoot: input.images, check: input.check ?? .header, workers: input.jobs,
                source: source)
            let bar = ProgressBar(label: "importing")
            let report: ImportReport
            do {
                report = try importer.run(paths: input.paths, write: write.workspaceWrite) { progress in
                    bar?.update(
                        fraction: progress.fraction, images: progress.imagesDone,
                        detail: "\(progress.imagesDone) images")
                }
                bar?.finish()
            } catch {
                bar?.finish()
                throw error
            }
            report.write(asJSON: json)
        }
    }
}
