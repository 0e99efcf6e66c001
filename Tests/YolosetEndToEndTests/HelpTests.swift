import ArgumentParser
import Foundation
import Testing
import YolosetTestSupport

@testable import yoloset

/// Every `--help` shows how to run the command, and the README's command reference says what each
/// help says.
@Suite struct HelpTests {
    static let commands: [(name: String, abstract: String)] = Yoloset.configuration.subcommands.map {
        ($0._commandName, $0.configuration.abstract)
    }

    /// The command lines under "Examples:", up to the first line that is not one.
    static func examples(in help: String) -> [String] {
        guard let block = help.components(separatedBy: "\nExamples:\n").dropFirst().first else { return [] }
        return block.split(separator: "\n", omittingEmptySubsequences: false).prefix { $0.hasPrefix("  yoloset ") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func theRootHelpHasExamples() throws {
        for arguments in [["help"], ["--help"]] {
            let run = try CLI.yoloset(arguments)
            #expect(run.status == 0, "\(run.stderr)")
            #expect((1...3).contains(Self.examples(in: run.stdout).count), "\(arguments): \(run.stdout)")
        }
    }

    @Test(arguments: commands.map(\.name))
    func everyCommandsHelpHasExamplesAndItsAbstract(name: String) throws {
        let abstract = try #require(Self.commands.first { $0.name == name }?.abstract)
        for arguments in [[name, "--help"], ["help", name]] {
            let run = try CLI.yoloset(arguments)
            #expect(run.status == 0, "\(run.stderr)")
            let examples = Self.examples(in: run.stdout)
            #expect((1...3).contains(examples.count), "\(arguments): \(run.stdout)")
            #expect(examples.allSatisfy { $0.hasPrefix("yoloset ") })
            #expect(Self.oneLine(run.stdout).contains("OVERVIEW: \(abstract)"), "\(run.stdout)")
        }
    }
}
