import ArgumentParser
import Foundation
import YolosetCore

extension ReportFormat: ExpressibleByArgument {}
extension FailThreshold: ExpressibleByArgument {}
extension CheckLevel: ExpressibleByArgument {}
extension DumpSource: ExpressibleByArgument {}

extension Yoloset {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check batch dumps and the images they name, or a YOLO dataset; the CI gate.",
            discussion: """
                PATH is a dump file or a folder of dumps; or a YOLO dataset: its data.yaml (any .yaml or \
                .yml file), or a folder holding data.yaml, such as a yoloset version (versions/v3). One \
                dataset a run, never mixed with dumps. Nothing is ever written to the inputs.

                Every finding has a stable rule id, a severity, and a location (dump file, JSON path, \
                batch, image and annotation ids; in a dataset, the label file and line, or the image). \
                Dump rules:
                \(Self.list(Rule.all))

                YOLO dataset rules (a dataset is checked with --check full unless told otherwise):
                \(Self.list(Rule.dataset))

                Runflow and Nimble batch dumps are told from their fields (Runflow: status_code, items_total, \
                items...; a page of {"items": [...]} joins its batch by batch_id; Nimble: tasks, completed_count, \
                progress), or named with --source. The image of each succeeded item is looked up under --images \
                (default: the dump's folder), in order: (1) the file the output names (Runflow: a string, or \
                file/filename/path/url/image_url of an object; Nimble: the file name of download_url, then \
                output_url), (2) client_ref, (3) run_id, (4) the item or task id, each as the one file named \
                VALUE.jpg, .jpeg or .png. Never through '..', an absolute path, or a symlink out of the folder. \
                Rules:
                \(Self.list(Rule.sources))

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

        @Option(
            help: ArgumentHelp(
                "The batch API of every dump: acusight, runflow or nimble (default: told from each file's fields).",
                valueName: "API"))
        var source: DumpSource?

        static func list(_ rules: [Rule]) -> String {
            rules.map { "  \($0.id) (\($0.defaultSeverity.rawValue)): \($0.summary)" }.joined(separator: "\n")
        }

        func run() throws {
            try global.apply()
            let settings = try config.map { try ValidationConfig.load(file: $0) } ?? ValidationConfig()
            let bar = ProgressBar(label: "validating")
            let report: ValidationReport
            do {
                if let dataYAML = try dataset() {
                    let validator = DatasetValidator(
                        config: settings, check: input.check ?? .full, workers: input.jobs)
                    report = try validator.run(dataYAML: dataYAML) { progress in
                        bar?.update(fraction: progress.fraction, detail: "\(progress.imagesDone) images")
                    }
                } else {
                    let validator = Validator(
                        config: settings, check: input.check ?? .header, imagesRoot: input.images,
                        workers: input.jobs, source: source)
                    report = try validator.run(paths: input.paths) { progress in
                        bar?.update(
                            fraction: progress.fraction,
                            detail:
                                "\(progress.imagesDone) images, \(progress.dumpsTotal) dump\(progress.dumpsTotal == 1 ? "" : "s")"
                        )
                    }
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

        /// The data.yaml of the one YOLO dataset among the paths, or nil when they are all dumps.
        private func dataset() throws -> String? {
            let datasets = input.paths.compactMap { path in DatasetValidator.dataYAML(in: path).map { (path, $0) } }
            guard let (path, dataYAML) = datasets.first else { return nil }
            if datasets.count > 1 {
                throw RunError(
                    description:
                        "validate one YOLO dataset a run: '\(path)' and '\(datasets[1].0)' are both datasets")
            }
            if let dump = input.paths.first(where: { $0 != path }) {
                throw RunError(
                    description:
                        "'\(path)' is a YOLO dataset and '\(dump)' is not; validate datasets and dumps in separate runs"
                )
            }
            if source != nil {
                throw RunError(description: "--source applies to dumps; '\(path)' is a YOLO dataset")
            }
            if input.images != nil {
                throw RunError(
                    description: "--images applies to dumps; a YOLO dataset's data.yaml says where its images are")
            }
            return dataYAML
        }
    }
}
