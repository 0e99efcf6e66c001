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
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions

        @OptionGroup var input: DumpInputOptions

        @Flag(help: "Print the result as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            let workspace = try Workspace.find()
            let importer = Importer(
                workspace: workspace, imagesRoot: input.images, check: input.check ?? .header, workers: input.jobs)
            let bar = ProgressBar(label: "importing")
            let report: ImportReport
            do {
                report = try importer.run(paths: input.paths, write: write.workspaceWrite) { progress in
                    bar?.update(fraction: progress.fraction, detail: "\(progress.imagesDone) images")
                }
                bar?.finish()
            } catch {
                bar?.finish()
                throw error
            }
            if json {
                FileHandle.standardOutput.write(Data(ImportReportJSON.render(report).utf8))
                return
            }
            print(ImportReportText.render(report))
        }
    }
}

/// The import report for people.
enum ImportReportText {
    static func render(_ report: ImportReport) -> String {
        var lines: [String] = []
        for batch in report.batches {
            var line = "batch \(batch.id)"
            if let name = batch.name { line += " (\(name))" }
            line +=
                ": \(batch.imagesAdded) added, \(batch.imagesUpdated) updated, \(batch.imagesUnchanged) unchanged"
            if batch.imagesFailing > 0 { line += "; \(batch.imagesFailing) failing validation" }
            if batch.state != "unchanged" { line += " [batch \(batch.state)]" }
            lines.append(line)
        }
        for kept in report.lockedKept {
            lines.append(
                "image \(kept.imageID): the dump says split '\(kept.dumpSplit)'; its locked split '\(kept.kept)' was kept"
            )
        }
        let validation = report.validation
        lines.append(
            "\(report.dumps) dump\(report.dumps == 1 ? "" : "s"): \(report.imagesAdded) images added, "
                + "\(report.imagesUpdated) updated, \(report.imagesUnchanged) unchanged; "
                + "\(validation.errors) errors, \(validation.warnings) warnings"
                + (report.changed ? "" : " — nothing changed"))
        if report.imagesFailing > 0 {
            lines.append(
                "\(report.imagesFailing) image\(report.imagesFailing == 1 ? "" : "s") failed validation and "
                    + "will stay out of splits until fixed; `yoloset status` lists the findings.")
        }
        return lines.joined(separator: "\n")
    }
}
