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

        func run() throws {
            try global.apply()
            let workspace = try Workspace.find()
            let importer = Importer(
                workspace: workspace, imagesRoot: input.images, check: input.check ?? .header, workers: input.jobs,
                source: source)
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
                FileHandle.standardOutput.write(Data(report.json.utf8))
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
        let sourceIDs = Set(report.sources.map(\.batchID))
        for batch in report.batches where !sourceIDs.contains(batch.id) {
            var line = "batch \(batch.id)"
            if let name = batch.name { line += " (\(name))" }
            line +=
                ": \(batch.imagesAdded) added, \(batch.imagesUpdated) updated, \(batch.imagesUnchanged) unchanged"
            if batch.imagesFailing > 0 { line += "; \(batch.imagesFailing) failing validation" }
            if batch.state != "unchanged" { line += " [batch \(batch.state)]" }
            lines.append(line)
        }
        for source in report.sources {
            let outcome = report.batches.first { $0.id == source.batchID }
            lines.append(contentsOf: SourceProgressText.lines(source, itemLimit: 20, outcome: outcome))
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

/// A Runflow or Nimble batch's progress, for `import` and `status`.
enum SourceProgressText {
    static func lines(
        _ source: SourceProgress, itemLimit: Int, indent: String = "", outcome: ImportReport.BatchOutcome? = nil
    ) -> [String] {
        var line = "\(indent)\(source.api.displayName) batch \(source.batchID): "
        if let outcome {
            line +=
                "\(outcome.imagesAdded) added, \(outcome.imagesUpdated) updated, \(outcome.imagesUnchanged) unchanged"
            if outcome.imagesFailing > 0 { line += ", \(outcome.imagesFailing) failing validation" }
            switch outcome.state {
            case "unchanged": break
            case "older": line += " [an older dump than the catalog's: the batch's newer record was kept]"
            default: line += " [batch \(outcome.state)]"
            }
            line += "; "
        }
        line += "status \(source.rawStatus ?? "-"), items \(source.progress) — "
        switch (source.isComplete, BatchState(raw: source.rawStatus)) {
        case (true, .failed): line += "complete (the batch failed)"
        case (true, .cancelled): line += "complete (the batch was cancelled)"
        case (true, _): line += "complete"
        case (false, _): line += "not complete"
        }
        line += "; \(source.images) image\(source.images == 1 ? "" : "s") in the catalog"
        if let project = source.projectID {
            line += "; project \(project), stage \(source.stage ?? "-")"
        } else {
            line += "; raw pool (unassigned)"
        }
        var lines = [line]
        if source.failureCode != nil || source.failureMessage != nil {
            lines.append(
                "\(indent)  batch failure: "
                    + [source.failureCode, source.failureMessage].compactMap { $0 }.joined(separator: ": "))
        }
        for item in source.notImported.prefix(itemLimit) {
            var text = "\(indent)  not imported: \(item.key) \(item.state)"
            if let raw = item.rawStatus, raw != item.state { text += " (\(raw))" }
            if item.rawStatus == nil, item.state == "unknown" { text += " (no status)" }
            if let message = item.message { text += ": \(message)" }
            lines.append(text)
        }
        if source.notImported.count > itemLimit {
            lines.append("\(indent)  … and \(source.notImported.count - itemLimit) more (--json lists all)")
        }
        return lines
    }
}
