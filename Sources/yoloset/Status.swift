import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show batches, images by annotation status, splits, and open validation findings.")

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Print the status as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            let workspace = try Workspace.find()
            let status = try workspace.status()
            if json {
                FileHandle.standardOutput.write(Data(status.json.utf8))
                return
            }
            var lines: [String] = []
            let project = status.project.map { "\($0.name ?? $0.id) (\($0.id))" } ?? workspace.config.name
            lines.append("Workspace \(status.root) — project \(project)")
            if !status.classes.isEmpty { lines.append("Classes: \(status.classes.joined(separator: ", "))") }
            lines.append("")
            lines.append("Batches (\(status.batches.count)):")
            for batch in status.batches {
                var line = "  \(batch.id)"
                if let name = batch.name { line += " \"\(name)\"" }
                line += "  stage \(batch.stage ?? "-"), status \(batch.status ?? "-")"
                line += "  \(batch.images) images (\(batch.completed) completed), \(batch.annotations) annotations"
                if batch.failing > 0 { line += ", \(batch.failing) failing" }
                if batch.origin == "extract" { line += "  [extracted here]" }
                lines.append(line)
            }
            if !status.sources.isEmpty {
                lines.append("")
                lines.append("Runflow and Nimble batches (\(status.sources.count)):")
                for source in status.sources {
                    lines.append(contentsOf: SourceProgressText.lines(source, itemLimit: 10, indent: "  "))
                }
            }
            lines.append("")
            let byStatus = status.imagesByStatus.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            lines.append("Images: \(status.totalImages) (\(byStatus.joined(separator: ", ")))")
            lines.append("Splits:")
            for row in status.splits {
                let classes = row.classes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                lines.append(
                    "  \(row.split.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0))"
                        + "\(row.images) images, \(row.annotations) annotations, \(row.locked) locked"
                        + (classes.isEmpty ? "" : " — \(classes.joined(separator: ", "))"))
            }
            lines.append("  none  \(status.unassigned) images")
            let store = status.store
            lines.append(
                "Store (\(store.link)): \(store.objects) objects, \(byteText(store.bytes))"
                    + (store.sharedBytes > 0
                        ? " (\(byteText(store.sharedBytes)) of it hard links to source files)" : "")
                    + "; identical files stored once save \(byteText(store.savedByDeduplication))")
            lines.append("")
            lines.append("Open findings: \(status.errors) errors, \(status.warnings) warnings")
            for finding in status.findings.prefix(50) {
                lines.append(
                    "  \(finding.severity) \(finding.rule): batch \(finding.batchID ?? "-"), image "
                        + "\(finding.imageID ?? "-"): \(finding.message)")
            }
            if status.findings.count > 50 {
                lines.append("  … and \(status.findings.count - 50) more (`yoloset status --json` lists all)")
            }
            print(lines.joined(separator: "\n"))
        }
    }
}
