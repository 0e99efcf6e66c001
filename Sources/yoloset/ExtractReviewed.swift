import ArgumentParser
import Foundation
import YolosetCore

extension Yoloset {
    struct ExtractReviewed: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "extract-reviewed",
            abstract: "Move a batch's completed images into a new batch (stage annotating), as Acusight does.",
            discussion: """
                Examples:
                  yoloset -C ws extract-reviewed b-1002 --name "Week 12 (reviewed)"
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var write: WriteOptions

        @Argument(help: "The batch id.")
        var batch: String

        @Option(help: "Name of the new batch (default: the batch's name + \" (reviewed)\").")
        var name: String?

        @Flag(help: "Print the result as JSON.")
        var json = false

        func run() throws {
            try global.apply()
            let workspace = try Workspace.find()
            let result = try ReviewExtractor(workspace: workspace).run(
                batch: batch, name: name, write: write.workspaceWrite)
            result.write(asJSON: json)
        }
    }
}
