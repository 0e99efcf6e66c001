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

                Sharded (--shard K/N, or --shard-count N in a Kubernetes Indexed Job): each CI machine checks the \
                images whose batch and image ids hash into its shard and writes a part (JSON); 'yoloset \
                merge-reports' joins every part, compares content across them (image.duplicate, split.leak, \
                split.overlap) and reports as one run does. A shard exits 0 once its part is written.

                Results go to stdout (or --output); progress and errors to stderr.
                Exit status: 0 passed; 1 findings at or above --fail-on; 2 the run could not complete. A dump \
                that cannot be read (dump.unreadable) does not stop the run: every such dump is reported, the \
                report is written, and the status is 2 (the run was incomplete). A path that does not exist, a \
                folder without dumps, or Acusight dumps mixed with Runflow or Nimble ones stop it with no report.

                Examples:
                  yoloset validate fixtures/sample/dumps --images fixtures/sample/images
                  yoloset validate fixtures/broken --format sarif --output validate.sarif
                  yoloset validate fixtures/broken --shard 1/2 --output part-1.json
                """
        )

        @OptionGroup var global: GlobalOptions

        @OptionGroup var input: DumpInputOptions

        @OptionGroup var report: ReportOptions

        @Option(help: ArgumentHelp("YAML file of rule severities and thresholds.", valueName: "FILE"))
        var config: String?

        @Option(
            help: ArgumentHelp(
                "The batch API of every dump: acusight, runflow or nimble (default: told from each file's fields).",
                valueName: "API"))
        var source: DumpSource?

        @Option(
            help: ArgumentHelp(
                "Check only shard K of N (1 to N) of the dumps' images, and write its part (JSON) for merge-reports.",
                valueName: "K/N"))
        var shard: String?

        @Option(
            name: .customLong("shard-count"),
            help: ArgumentHelp(
                "Shards in all, the shard's index taken from JOB_COMPLETION_INDEX (0 to N-1), as a Kubernetes "
                    + "Indexed Job sets it.", valueName: "N"))
        var shardCount: Int?

        static func list(_ rules: [Rule]) -> String {
            rules.map { "  \($0.id) (\($0.defaultSeverity.rawValue)): \($0.summary)" }.joined(separator: "\n")
        }

        func run() throws {
            try global.apply()
            try input.checkImagesRoot()
            let settings = try config.map { try ValidationConfig.load(file: $0) } ?? ValidationConfig()
            if let shard = try shardToCheck() {
                return try runPart(shard, settings: settings)
            }
            let accepted = try report.loadBaseline()
            let bar = ProgressBar(label: "validating")
            let started = Date()
            let result: ValidationReport
            let kind: String
            do {
                if let workspace = try workspace() {
                    kind = "workspace"
                    result = try WorkspaceValidator(workspace: workspace, workers: input.jobs).run()
                } else if let dataYAML = try dataset() {
                    kind = "dataset"
                    let validator = DatasetValidator(
                        config: settings, check: input.check ?? .full, workers: input.jobs)
                    result = try validator.run(dataYAML: dataYAML) { progress in
                        bar?.update(
                            fraction: progress.fraction, images: progress.imagesDone,
                            detail: "\(progress.imagesDone) images")
                    }
                } else {
                    kind = "dumps"
                    result = try validator(settings).run(paths: input.paths) { progress in
                        bar?.update(progress)
                    }
                }
                bar?.finish()
            } catch {
                bar?.finish()
                throw error
            }
            try report.deliver(
                result, baseline: accepted, kind: kind, inputs: input.paths, elapsed: Date().timeIntervalSince(started),
                color: global.color)
        }

        private func validator(_ settings: ValidationConfig, shard: Shard? = nil) -> Validator {
            Validator(
                config: settings, check: input.check ?? .header, imagesRoot: input.images, workers: input.jobs,
                source: source, shard: shard)
        }

        /// `--shard K/N`, or `--shard-count N` with the index from the environment; nil for a whole run.
        private func shardToCheck() throws -> Shard? {
            switch (shard, shardCount) {
            case (nil, nil): return nil
            case (.some, .some): throw ValidationError("--shard and --shard-count name the shard twice; give one.")
            case (let text?, nil): return try Shard(parsing: text)
            case (nil, let count?):
                return try Shard(
                    completionIndex: ProcessInfo.processInfo.environment["JOB_COMPLETION_INDEX"], count: count)
            }
        }

        /// One shard: its part goes to stdout or --output; the report, its format and the verdict are
        /// merge-reports'. Exit 0 once the part is written.
        private func runPart(_ shard: Shard, settings: ValidationConfig) throws {
            if let given = report.givenForTheWholeRun.first {
                throw ValidationError(
                    "\(given) applies to the whole run: give it to 'yoloset merge-reports', which reads every shard's part."
                )
            }
            let workspace = try input.paths.isEmpty ? nil : self.workspace()
            if input.paths.isEmpty || workspace != nil {
                throw RunError(
                    description: "--shard splits the images of dumps; a workspace is validated in one run")
            }
            if let dataYAML = try dataset() {
                throw RunError(
                    description:
                        "--shard splits the images of dumps; the YOLO dataset '\(dataYAML)' is validated in one run")
            }
            let bar = ProgressBar(label: "validating \(shard)")
            let started = Date()
            var part: ValidationPart
            do {
                part = try validator(settings, shard: shard).runPart(paths: input.paths) { progress in
                    bar?.update(progress)
                }
                bar?.finish()
            } catch {
                bar?.finish()
                throw error
            }
            part.elapsed = Date().timeIntervalSince(started)
            let text = part.render()
            if let output = report.output {
                try report.write(text, to: output)
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            let findings = part.report.findings.count
            FileHandle.standardError.write(
                Data(
                    ("shard \(shard): \(part.report.images) of the dumps' images checked, \(findings) "
                        + "\(findings == 1 ? "finding" : "findings") before the rules across shards; "
                        + "merge every shard's part with yoloset merge-reports\n").utf8))
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

extension ProgressBar {
    /// A dump run's progress: images checked and dumps in all.
    func update(_ progress: Validator.Progress) {
        update(
            fraction: progress.fraction, images: progress.imagesDone,
            detail:
                "\(progress.imagesDone) images, \(progress.dumpsTotal) \(progress.dumpsTotal == 1 ? "dump" : "dumps")")
    }
}
