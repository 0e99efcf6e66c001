/// `yoloset run`: each stage's output, as `import`, `split` and `snapshot` print it, under the stage's
/// name; `null` for a stage that did not run, and `failure` naming the stage that could not complete.
extension PipelineReport: CommandOutput {
    /// For people: each completed stage's section (`section(_:)`), in order.
    public var text: String {
        Pipeline.Stage.allCases.compactMap(section).joined(separator: "\n")
    }

    /// One stage's text, as its own command prints it, indented under the stage's name; nil when the
    /// stage did not complete.
    public func section(_ stage: Pipeline.Stage) -> String? {
        let text: String? =
            switch stage {
            case .importing: imported?.text
            case .splitting: split?.text
            case .snapshotting: snapshot?.text
            }
        guard let text else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { "  \($0)" }
        return (["\(stage.rawValue):"] + lines).joined(separator: "\n")
    }

    /// For a run that failed after a stage completed, one line per stage: what each completed stage
    /// did (and whether it committed), the stage that failed, those that did not run. Empty when no stage
    /// completed: the error says it all.
    public var recap: [String] {
        guard imported != nil, let failure else { return [] }
        return recap(stoppedAt: failure.stage, as: "failed (the error above)")
    }

    /// The lines Ctrl-C prints once `stage` has begun: the first says the run was interrupted there, then
    /// one line per stage as in `recap`. A stage commits whole or not at all.
    public func interruptedRecap(at stage: Pipeline.Stage) -> [String] {
        let first = "yoloset: interrupted (Ctrl-C) during \(stage.rawValue)"
        guard imported != nil else { return [first + "; nothing was imported"] }
        return [first + "; what the earlier stages did is kept:"]
            + recap(
                stoppedAt: stage,
                as: "interrupted (it commits whole or not at all: `yoloset status` shows the workspace)")
    }

    /// One line per stage: what each completed stage did, `stopped` with `word`, the rest did not run.
    private func recap(stoppedAt stopped: Pipeline.Stage, as word: String) -> [String] {
        Pipeline.Stage.allCases.map { stage in
            if stage == stopped { return "\(stage.rawValue): \(word)" }
            switch stage {
            case .importing:
                guard let imported else { break }
                return "import: \(plural(imported.imagesAdded, "image")) added, \(imported.imagesUpdated) updated, "
                    + "\(imported.imagesUnchanged) unchanged; \(plural(imported.validation.errors, "error")), "
                    + "\(plural(imported.validation.warnings, "warning")); \(imported.imagesFailing) failing validation "
                    + "(\(imported.changed ? "committed" : "nothing changed"))"
            case .splitting:
                guard let split else { break }
                return
                    "split: \(plural(split.total, "image")) (train \(split.count(.train)), val \(split.count(.val)), "
                    + "test \(split.count(.test))); assigned \(split.assignedCount), moved \(split.movedCount) "
                    + "(\(split.assignedCount + split.movedCount > 0 ? "committed" : "nothing changed"))"
            case .snapshotting:
                guard let snapshot else { break }
                return "snapshot: " + snapshot.text.prefix { $0 != "\n" }
            }
            return "\(stage.rawValue): did not run"
        }
    }

    /// The line `run` prints when findings reach `--fail-on`; nil when none do.
    public func failOnLine(_ threshold: FailThreshold) -> String? {
        let (imported, dropped) = failing(at: threshold)
        guard imported + dropped > 0 else { return nil }
        var parts: [String] = []
        if imported > 0 { parts.append("\(imported) in the import (`yoloset status` lists them)") }
        if dropped > 0 {
            parts.append("\(dropped) \(Rule.versionDropped.id) (images of the previous version left out)")
        }
        return "findings at or above --fail-on \(threshold.rawValue): " + parts.joined(separator: ", ")
    }

    /// 2: the import's, split's and snapshot's documents in their schema 2.
    public static var schemaVersion: Int { 2 }

    enum CodingKeys: String, CodingKey {
        case imported = "import"
        case split, snapshot, failure
    }

    enum FailureKeys: String, CodingKey {
        case stage, message
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(imported, forKey: .imported)
        try container.encode(split, forKey: .split)
        try container.encode(snapshot, forKey: .snapshot)
        if let failure {
            var nested = container.nestedContainer(keyedBy: FailureKeys.self, forKey: .failure)
            try nested.encode(failure.stage.rawValue, forKey: .stage)
            try nested.encode(failure.message, forKey: .message)
        } else {
            try container.encodeNil(forKey: .failure)
        }
    }
}
