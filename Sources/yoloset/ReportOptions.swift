import ArgumentParser
import Foundation
import YolosetCore

/// How a validation report is delivered: `validate` and `merge-reports` share them, so a merged report
/// is rendered, written and judged as one run's is.
struct ReportOptions: ParsableArguments {
    @Option(help: "Report format: text, json, junit, sarif, github (Actions annotations) or gitlab (Code Quality).")
    var format: ReportFormat = .text

    @Option(
        help: ArgumentHelp(
            "Write the report to FILE instead of stdout (replaced whole, never half-written).", valueName: "FILE"))
    var output: String?

    @Option(
        name: .customLong("fail-on"),
        help: "Lowest severity that fails the run: error, warning or never (default: error).")
    var failOn: FailThreshold?

    @Option(
        help: ArgumentHelp(
            "An earlier JSON report (--format json or --write-baseline): its findings are 'unchanged' and never "
                + "fail the run; only new ones count against --fail-on.", valueName: "FILE"))
    var baseline: String?

    @Option(
        name: .customLong("write-baseline"),
        help: ArgumentHelp(
            "Also write this run's JSON report to FILE, to pass as --baseline later.", valueName: "FILE"))
    var writeBaseline: String?

    @Option(
        help: ArgumentHelp(
            "Folder that SARIF, github and gitlab paths are relative to (default: the git work tree holding the "
                + "first PATH, else the current folder).", valueName: "DIR"))
    var base: String?

    var threshold: FailThreshold { failOn ?? .error }

    /// Reads `--baseline` before the run, so a bad file is refused before any work.
    func loadBaseline() throws -> Baseline? {
        try baseline.map { try Baseline.load(file: $0) }
    }

    /// Renders `report` in `--format` to stdout or `--output` (and `--write-baseline`), then ends the run
    /// as `validate` does: status 2 when a dump could not be read, 1 for findings at or above `--fail-on`.
    func deliver(
        _ report: ValidationReport, baseline: Baseline?, kind: String, inputs: [String], elapsed: Double,
        color choice: ColorChoice
    ) throws {
        let report = baseline.map { $0.compare(report) } ?? report
        let color = output == nil && format == .text && choice.allowsColor(on: STDOUT_FILENO)
        let context = ReportContext(
            base: base ?? ReportContext.defaultBase(for: inputs), kind: kind, inputs: inputs, elapsed: elapsed)
        if let writeBaseline {
            try write(ReportFormat.json.render(report, failOn: threshold, context: context), to: writeBaseline)
        }
        let text = format.render(report, failOn: threshold, color: color, context: context)
        if let output {
            try write(text, to: output)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        // Written first: CI keeps the report of a run that could not read every dump.
        if let unreadable = UnreadableDumps(
            report: report, consequence: "the report is written, but the run is incomplete")
        {
            throw unreadable
        }
        if report.fails(at: threshold) {
            throw ExitCode(1)
        }
    }

    func write(_ text: String, to file: String) throws {
        do {
            try ReportFile.write(text, to: file)
        } catch {
            throw RunError(description: "cannot write the report: \(error)")
        }
    }

    /// The options a shard's part leaves to `merge-reports`, named as the user gave them.
    var givenForTheWholeRun: [String] {
        [
            (format != .text, "--format"), (failOn != nil, "--fail-on"), (baseline != nil, "--baseline"),
            (writeBaseline != nil, "--write-baseline"), (base != nil, "--base"),
        ].filter(\.0).map(\.1)
    }
}
