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

    @Test func theReadmeReferenceListsEveryCommandWithItsHelpsAbstract() throws {
        let readme = try String(contentsOf: TestResources.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section =
            try #require(readme.components(separatedBy: "\n## Command reference\n").dropFirst().first)
            .components(separatedBy: "\n#").first ?? ""
        let listed = section.split(separator: "\n").filter { $0.hasPrefix("- `yoloset ") }.map { line in
            let parts = line.dropFirst("- `yoloset ".count).split(separator: "` — ", maxSplits: 1)
            return (name: String(parts[0]), abstract: parts.count > 1 ? String(parts[1]) : "")
        }
        #expect(listed.map(\.name) == Self.commands.map(\.name))
        for (name, abstract) in Self.commands {
            let help = try CLI.yoloset([name, "--help"])
            #expect(Self.oneLine(help.stdout).contains("OVERVIEW: \(abstract)"))
            #expect(listed.first { $0.name == name }?.abstract == abstract, "README's line for \(name)")
        }
    }

    @Test func completionScriptsAreGenerated() throws {
        for shell in ["bash", "zsh", "fish"] {
            let run = try CLI.yoloset(["--generate-completion-script", shell])
            #expect(run.status == 0, "\(shell): \(run.stderr)")
            #expect(run.stdout.contains("validate"), "\(shell)")
        }
    }
}
