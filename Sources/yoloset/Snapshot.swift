import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Snapshot: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Snapshot the workspace into versions/v<N>: an immutable, ready-to-train YOLO dataset.",
            discussion: """
                Takes images that are completed, have a split and pass validation (a version config can \
                widen or narrow this). The folder holds data.yaml (paths relative to itself), images/ \
                (hard links), labels/, version.json (every original id) and checksums.sha256 \
                (`sha256sum -c` works). It is built under a hidden name and renamed into place in one step.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions

        @Option(help: "A name for the version (default: vN).")
        var name: String?

        @Option(help: ArgumentHelp("Version config (YAML): batches, classes, sources, ...", valueName: "FILE"))
        var config: String?

        @Flag(
            name: .customLong("if-changed"),
            help: "Make no version when the newest one already holds exactly this dataset (and say so).")
        var ifChanged = false

        @Flag(help: "Print the result as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            let workspace = try Workspace.find()
            let settings = try config.map { try VersionConfig.load(file: $0) } ?? VersionConfig()
            let result = try Snapshotter(workspace: workspace).run(
                name: name, config: settings, unlessUnchanged: ifChanged, write: write.workspaceWrite)
            if json {
                FileHandle.standardOutput.write(Data(VersionJSON.render(result).utf8))
                return
            }
            print(SnapshotText.render(result))
        }
    }

    struct Versions: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the versions, with counts per split.")

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Print the list as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            let versions = try Workspace.find().versions()
            if json {
                FileHandle.standardOutput.write(Data(VersionJSON.render(versions).utf8))
                return
            }
            if versions.isEmpty { print("no versions yet; `yoloset snapshot` makes one") }
            for version in versions {
                let splits = version.splits.map { "\($0.split.rawValue) \($0.images)" }.joined(separator: ", ")
                print(
                    "v\(version.number)  \(version.name)  \(version.createdAt)  \(version.images) images "
                        + "(\(splits)), \(version.annotations) labels")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one version: counts per split and class.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "vN or N.")
        var version: String

        @Flag(help: "Print it as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            let info = try Workspace.find().version(version)
            if json {
                FileHandle.standardOutput.write(Data(VersionJSON.render([info], single: true).utf8))
                return
            }
            print("v\(info.number) \(info.name), created \(info.createdAt)")
            print("  \(info.path)")
            print(
                "  \(info.images) images, \(info.annotations) labels; classes: \(info.classes.joined(separator: ", "))")
            for split in info.splits {
                let classes = split.classes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                print(
                    "  \(split.split.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0))\(split.images) images, "
                        + "\(split.annotations) labels"
                        + (classes.isEmpty ? "" : " — \(classes.joined(separator: ", "))"))
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Check a version against its checksums and layout; exit 1 naming every changed, missing or extra file.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "vN or N.")
        var version: String

        @Flag(
            help: ArgumentHelp(
                "Also build the version again, from the recipe the catalog recorded and the object store, and "
                    + "compare every file byte for byte."))
        var rebuild = false

        func run() throws {
            try global.apply()
            let workspace = try Workspace.find()
            let report = try workspace.verify(version)
            for path in report.changed {
                print("changed: \(path)" + (report.objectChanges[path].map { " (\($0.message))" } ?? ""))
            }
            for path in report.missing {
                print("missing: \(path)" + (report.objectChanges[path].map { " (\($0.message))" } ?? ""))
            }
            for path in report.extra { print("extra: \(path)") }
            for problem in report.structure { print("layout: \(problem)") }
            if report.intact {
                print("v\(report.version): intact (\(report.filesChecked) files match checksums.sha256)")
            } else {
                print(
                    "v\(report.version): NOT intact — \(report.changed.count) changed, \(report.missing.count) missing, "
                        + "\(report.extra.count) extra, \(report.structure.count) layout problems")
            }
            var rebuilt = true
            if rebuild {
                let result = try workspace.rebuild(version)
                for path in result.differing { print("rebuild differs: \(path)") }
                for path in result.onlyInVersion { print("rebuild lacks: \(path)") }
                for path in result.onlyInRebuild { print("rebuild adds: \(path)") }
                rebuilt = result.identical
                print(
                    "v\(result.version): "
                        + (result.identical
                            ? "rebuilt from the catalog's recipe and the object store: \(result.filesCompared) files "
                                + "byte-identical (version.json's id and created_at come from the recipe)"
                            : "the rebuild differs — \(result.differing.count) files differ, "
                                + "\(result.onlyInVersion.count) missing from the rebuild, \(result.onlyInRebuild.count) only in it")
                )
            }
            if !report.intact || !rebuilt { throw ExitCode(1) }
        }
    }
}

extension VersionExporter.LinkMode: ExpressibleByArgument {}

extension Yoloset {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a version out of the workspace (for another machine); the copy is verified.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "vN or N.")
        var version: String

        @Option(help: ArgumentHelp("The new folder (must not exist, or be empty).", valueName: "DIR"))
        var out: String

        @Option(help: "How images get there: hardlink (copy across file systems), copy, or symlink.")
        var link: VersionExporter.LinkMode = .hardlink

        func run() throws {
            try global.apply()
            let destination = URL(fileURLWithPath: out).standardizedFileURL.path
            let report = try VersionExporter(workspace: try Workspace.find()).run(
                version, to: destination, link: link)
            guard report.intact else {
                throw RunError(
                    description: "the export to '\(out)' does not verify: \(report.changed.count) changed, "
                        + "\(report.missing.count) missing, \(report.extra.count) extra")
            }
            print(
                "exported v\(report.version) to \(out) (\(report.filesChecked) files verified, images by \(link.rawValue))"
            )
        }
    }
}

extension Yoloset {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare two versions: images added, removed, moved; annotations; classes.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The older version (vN or N).")
        var from: String

        @Argument(help: "The newer version.")
        var to: String

        @Flag(help: "Print the differences as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            let diff = try Workspace.find().diff(from, to)
            if json {
                FileHandle.standardOutput.write(Data(VersionDiff.renderJSON(diff).utf8))
                return
            }
            print("v\(diff.from) → v\(diff.to)")
            if diff.isEmpty {
                print("  no differences")
                return
            }
            func list(_ ids: [String]) -> String {
                ids.prefix(10).joined(separator: ", ") + (ids.count > 10 ? ", … (\(ids.count - 10) more)" : "")
            }
            print(
                "images: \(diff.imagesAdded.count) added, \(diff.imagesRemoved.count) removed, "
                    + "\(diff.imagesMoved.count) moved, \(diff.imagesChanged.count) with new bytes")
            if !diff.imagesAdded.isEmpty { print("  + \(list(diff.imagesAdded))") }
            if !diff.imagesRemoved.isEmpty { print("  - \(list(diff.imagesRemoved))") }
            for move in diff.imagesMoved.prefix(20) { print("  ~ \(move.imageID): \(move.from) → \(move.to)") }
            print(
                "annotations: \(diff.annotationsAdded.count) added, \(diff.annotationsRemoved.count) removed, "
                    + "\(diff.annotationsChanged.count) changed")
            for rename in diff.classesRenamed { print("class renamed: \(rename.from) → \(rename.to)") }
            for name in diff.classesAdded { print("class added: \(name)") }
            for name in diff.classesRemoved { print("class removed: \(name)") }
            for change in diff.classesReindexed {
                print("class re-indexed: \(change.name) \(change.from) → \(change.to)")
            }
        }
    }
}

/// The snapshot result for people.
enum SnapshotText {
    static func render(_ result: SnapshotResult) -> String {
        switch result {
        case .unchanged(let number, let path):
            return "no new version: v\(number) (\(path)) already holds this dataset"
        case .created(let summary):
            let splits = DatasetSplit.allCases.map { "\($0.rawValue) \(summary.perSplit[$0] ?? 0)" }
            var lines = [
                "created v\(summary.number) (\(summary.name)) at \(summary.path): \(summary.images) images "
                    + "(\(splits.joined(separator: ", "))), \(summary.annotations) labels, "
                    + "\(summary.classes.count) classes"
            ]
            for warning in summary.warnings { lines.append("warning: \(warning)") }
            return lines.joined(separator: "\n")
        }
    }
}
