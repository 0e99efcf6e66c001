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
                \(Self.list(Rule.dumpFile + Rule.all))

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
                Exit status: 0 passed; 1 findings at or above --fail-on; 2 the run could not complete. A dump \
                that cannot be read (dump.unreadable) does not stop the run: every such dump is reported, the \
                report is written, and the status is 2 (the run was incomplete). A path that does not exist, a \
                folder without dumps, or Acusight dumps mixed with Runflow or Nimble ones stop it with no report.

                Examples:
                  yoloset validate fixtures/sample/dumps --images fixtures/sample/images
                  yoloset validate fixtures/broken --format sarif --output validate.sarif
                  yoloset validate ws/versions/v1
                """
        )

        @OptionGroup var global: GlobalOptions

        @OptionGroup var input: DumpInputOptions

        @Option(help: "Report format: text, json, junit, sarif, github (Actions annotations) or gitlab (Code Quality).")
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
            try input.checkImagesRoot()
            let settings = try config.map { try ValidationConfig.load(file: $0) } ?? ValidationConfig()
            let accepted = try baseline.map { try Baseline.load(file: $0) }
            let bar = ProgressBar(label: "validating")
            let started = Date()
            var report: ValidationReport
            let kind: String
            do {
                if let workspace = try workspace() {
                    kind = "workspace"
                    report = try WorkspaceValidator(workspace: workspace, workers: input.jobs).run()
                } else if let dataYAML = try dataset() {
                    kind = "dataset"
                    let validator = DatasetValidator(
                        config: settings, check: input.check ?? .full, workers: input.jobs)
                    report = try validator.run(dataYAML: dataYAML) { progress in
                        bar?.update(
                            fraction: progress.fraction, images: progress.imagesDone,
                            detail: "\(progress.imagesDone) images")
                    }
                } else {
                    kind = "dumps"
                    let validator = Validator(
                        config: settings, check: input.check ?? .header, imagesRoot: input.images,
                        workers: input.jobs, source: source)
                    report = try validator.run(paths: input.paths) { progress in
                        bar?.update(
                            fraction: progress.fraction, images: progress.imagesDone,
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
            let color = output == nil && format == .text && global.color.allowsColor(on: STDOUT_FILENO)
            if let accepted { report = accepted.compare(report) }
            let context = ReportContext(
                base: base ?? ReportContext.defaultBase(for: input.paths), kind: kind, inputs: input.paths,
                elapsed: Date().timeIntervalSince(started))
            if let writeBaseline {
                try write(ReportFormat.json.render(report, failOn: failOn, context: context), to: writeBaseline)
            }
            let text = format.render(report, failOn: failOn, color: color, context: context)
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
            if report.fails(at: failOn) {
                throw ExitCode(1)
            }
        }

        private func write(_ text: String, to file: String) throws {
            do {
                try ReportFile.write(text, to: file)
            } catch {
                throw RunError(description: "cannot write the report: \(error)")
            }
        }

        /// The workspace to gate: the one named (a folder holding yoloset.yaml), or, with no PATH, the one
        /// the current folder is in. Nil when the paths are dumps or a dataset.
        private func workspace() throws -> Workspace? {
            let named = input.paths.first.flatMap { path in
                FileManager.default.fileExists(atPath: "\(path)/\(WorkspaceConfig.fileName)") ? path : nil
            }
            guard input.paths.isEmpty || named != nil else { return nil }
            if input.paths.count > 1 {
                throw RunError(
                    description: "'\(named!)' is a workspace; validate a workspace on its own, dumps in separate runs")
            }
            if input.paths.isEmpty, (try? Workspace.find()) == nil {
                throw RunError(
                    description:
                        "name dump files or folders, or a YOLO dataset, or run inside a workspace (no yoloset.yaml "
                        + "here or above)")
            }
            for (given, name) in [(input.images != nil, "--images"), (source != nil, "--source")] where given {
                throw RunError(description: "\(name) applies to dumps; a workspace's catalog says where its images are")
            }
            return try Workspace.find(from: named)
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
