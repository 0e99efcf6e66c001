import Foundation
import Testing
import YolosetTestSupport

@testable import yoloset

/// The command line itself: mistyped commands, where usage errors point, help, colour.
@Suite struct CommandLineTests {
    @Test func aMistypedCommandGetsTheClosestName() throws {
        let run = try CLI.yoloset(["valdiate", TestResources.fixture("sample/dumps")])
        #expect(run.status == 2)
        #expect(run.stderr == "yoloset: error: unknown command 'valdiate'; did you mean 'validate'?\n")
        let global = try CLI.yoloset(["-C", "/tmp", "stauts"])
        #expect(global.stderr == "yoloset: error: unknown command 'stauts'; did you mean 'status'?\n")
    }

    @Test func aWordFarFromEveryCommandGetsNoGuess() throws {
        let run = try CLI.yoloset(["frobnicate"])
        #expect(run.status == 2)
        #expect(run.stderr == "yoloset: error: unknown command 'frobnicate' (see 'yoloset --help')\n")
    }

    @Test(arguments: [("valdiate", "validate"), ("snapshto", "snapshot"), ("gx", "gc"), ("fsk", "fsck")])
    func suggestionsForgiveASlip(typed: String, meant: String) {
        #expect(CommandWords.suggestion(for: typed) == meant)
    }

    @Test func aUsageErrorPointsToTheSubcommandsHelp() throws {
        let run = try CLI.yoloset(["-C", "/tmp", "validate", "--formt", "json"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("yoloset: error: "), "\(run.stderr)")
        #expect(run.stderr.contains("(see 'yoloset validate --help')"), "\(run.stderr)")
        let root = try CLI.yoloset(["--bogus"])
        #expect(root.stderr.contains("(see 'yoloset --help')"), "\(root.stderr)")
    }
}
