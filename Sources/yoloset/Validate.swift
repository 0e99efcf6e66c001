import ArgumentParser
import Foundation
import YolosetCore

extension ReportFormat: ExpressibleByArgument {}
extension FailThreshold: ExpressibleByArgument {}
extension CheckLevel: ExpressibleByArgument {}

extension Yoloset {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check batch dumps and the images they name; the CI gate.",
            discussion: """
                Every finding has a stable rule id, a severity, and a location (dump file, JSON path, \
                batch, image and annotation ids). Rules:
                \(Rule.all.map { "  \($0.id) (\($0.defaultSeverity.rawValue)): \($0.summary)" }.joined(separator: "\n"))

                Results go to stdout (or --output); progress and errors to stderr.
                Exit status: 0 passed; 1 findings at or above --fail-on; 2 the run could not complete.
                """
        )

        @OptionGroup var global: GlobalOptions

        @OptionGroup var input: DumpInputOptions

        @Option(help: "Report format: text, json, junit or sarif.")
        var format: ReportFormat = .text

        @Option(
            help: ArgumentHelp(
                "Write the report to FILE instead of stdout (replaced whole, never half-written).", valueName: "FILE"))
        var output: String?

        @Option(name: .customLong("fail-on"), help: "Lowest severity that fails the run: error, warning or never.")
        var failOn: FailThreshold = .error

        @Option(help: ArgumentHelp("YAML file of rule severities and thresholds.", valueName: "FILE"))
        var config: String?

        func run() throws {
            try global.apply()
            let settings = try config.map { try ValidationConfig.load(file: $0) } ?? ValidationConfig()
            let validator = Validator(
                config: settings, check: input.check, imagesRoot: input.images, workers: input.jobs)
            let bar = ProgressBar(label: "validating")
            let report: ValidationReport
            do {
                report = try validator.run(paths: input.paths) { progress in
                    bar?.update(
                        fraction: progress.fraction,
                        detail:
                            "\(progress.imagesDone) images, \(progress.dumpsTotal) dump\(progress.dumpsTotal == 1 ? "" : "s")"
                    )
                }
                bar?.finish()
            } catch {
                bar?.finish()
                throw error
            }
            let color =
                output == nil && format == .text && isatty(STDOUT_FILENO) == 1
                && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            let text = format.render(report, failOn: failOn, color: color)
            if let output {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    throw RunError(description: "cannot write the report to '\(output)': \(error.localizedDescription)")
                }
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            if report.fails(at: failOn) {
                throw ExitCode(1)
            }
        }
    }
}
