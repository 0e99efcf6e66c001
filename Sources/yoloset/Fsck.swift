import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct Fsck: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fsck",
            abstract: "Re-hash every object; check every version's images and every catalog row against the store.",
            discussion: "Exit status: 0 clean; 1 problems found (each printed with its path).")

        @OptionGroup var global: GlobalOptions

        @Option(help: "Threads that hash (default: all cores).")
        var jobs: Int?

        @Flag(help: "Print the result as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            let report = try Workspace.find().fsck(workers: jobs)
            if json {
                print(report.json, terminator: "")
            } else {
                for problem in report.problems { print("\(problem.path): \(problem.problem)") }
                func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
                var summary =
                    "fsck: \(count(report.objects, "object")) (\(byteText(report.objectBytes))) re-hashed, "
                    + "\(count(report.versionImages, "image file")) in \(count(report.versions, "version")), "
                    + "\(count(report.catalogImages, "object")) the catalog refers to: "
                    + (report.clean ? "clean" : count(report.problems.count, "problem"))
                if report.unreferenced > 0 || report.staleTemporaries > 0 {
                    summary +=
                        "; \(count(report.unreferenced, "unreferenced object")) (\(byteText(report.unreferencedBytes))) "
                        + "and \(count(report.staleTemporaries, "stale temporary file")), which `yoloset gc` removes"
                }
                print(summary)
            }
            if !report.clean { throw ExitCode(1) }
        }
    }
}
