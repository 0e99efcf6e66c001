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

    @Test func colorAlwaysColoursAndAutoOrNeverDoNot() throws {
        let broken = TestResources.fixture("broken/box-out-of-bounds.json")
        for arguments in [["validate", broken, "--color", "always"], ["--color", "always", "validate", broken]] {
            let run = try CLI.yoloset(arguments)
            #expect(run.status == 1, "\(run.stderr)")
            #expect(run.stdout.contains("\u{1B}[31merror\u{1B}[0m"), "\(arguments): \(run.stdout)")
        }
        for (color, environment) in [
            ("auto", ["NO_COLOR": "1"]), ("auto", ["NO_COLOR": "", "TERM": "dumb"]), ("never", ["TERM": "xterm"]),
        ] {
            let run = try CLI.yoloset(["validate", broken, "--color", color], environment: environment)
            #expect(run.status == 1, "\(run.stderr)")
            #expect(!run.stdout.contains("\u{1B}") && !run.stderr.contains("\u{1B}"), "\(color) \(environment)")
        }
    }

    @Test func autoColoursOnlyATerminalWithoutNoColorOrADumbTerm() {
        #expect(ColorChoice.auto.allowsColor(isTerminal: true, environment: ["TERM": "xterm-256color"]))
        #expect(!ColorChoice.auto.allowsColor(isTerminal: false, environment: [:]))
        #expect(!ColorChoice.auto.allowsColor(isTerminal: true, environment: ["NO_COLOR": ""]))
        #expect(!ColorChoice.auto.allowsColor(isTerminal: true, environment: ["NO_COLOR": "0"]))
        #expect(!ColorChoice.auto.allowsColor(isTerminal: true, environment: ["TERM": "dumb"]))
        #expect(ColorChoice.always.allowsColor(isTerminal: false, environment: ["NO_COLOR": "1", "TERM": "dumb"]))
        #expect(!ColorChoice.never.allowsColor(isTerminal: true, environment: [:]))
    }

    @Test func theBarShowsItsRateAndTimeLeft() {
        let line = ProgressBar.line(label: "validating", fraction: 0.25, images: 500, elapsed: 2, detail: "500 images")
        #expect(line.hasPrefix("validating ███████"))
        #expect(line.hasSuffix(" 25% 500 images, 250 images/s, 0:06 left"))
        let early = ProgressBar.line(label: "importing", fraction: 0.01, images: 3, elapsed: 0.1, detail: "3 images")
        #expect(early.hasSuffix(" 1% 3 images"))
        #expect(ProgressBar.clock(3723) == "1:02:03")
        #expect(ProgressBar.clock(59.2) == "1:00")
    }

    @Test func aVersionNamedAfterItsNumberIsNotNamedTwice() throws {
        let ws = try WorkspaceCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: ws.deletingLastPathComponent()) }
        let sample = ["--images", WorkspaceCommandTests.sampleImages]
        #expect(
            try WorkspaceCommandTests.run(["import", WorkspaceCommandTests.sampleDumps] + sample, in: ws).status == 0)
        #expect(try WorkspaceCommandTests.run(["split"], in: ws).status == 0)
        let first = try WorkspaceCommandTests.run(["snapshot"], in: ws)
        #expect(first.stdout.hasPrefix("created v1 at "), "\(first.stdout)")
        #expect(!first.stdout.contains("(v1)"), "\(first.stdout)")
        #expect(try WorkspaceCommandTests.run(["lock", "--all"], in: ws).status == 0)
        let unlock = try WorkspaceCommandTests.run(["unlock", "--image", "img-1001-01"], in: ws)
        #expect(unlock.stdout.hasPrefix("unlocked 1 image; 0 were not locked"), "\(unlock.stdout)")
        let named = try WorkspaceCommandTests.run(["snapshot", "--name", "week-12"], in: ws)
        #expect(named.stdout.hasPrefix("created v2 (week-12) at "), "\(named.stdout)")
        #expect(try WorkspaceCommandTests.run(["show", "v1"], in: ws).stdout.hasPrefix("v1, created "))
        #expect(try WorkspaceCommandTests.run(["show", "v2"], in: ws).stdout.hasPrefix("v2 week-12, created "))
        let listed = try WorkspaceCommandTests.run(["versions"], in: ws).stdout.split(separator: "\n")
        #expect(
            listed.count == 2 && listed[0].hasPrefix("v1  20") && listed[1].hasPrefix("v2  week-12  20"), "\(listed)")
    }

    /// "`split` keeps every existing split without saying so when new ratios are asked for": it says how
    /// many kept their splits, how many of those are locked, and how to rebalance.
    @Test func splitSaysWhatKeptItsSplitAndHowToRebalance() throws {
        let ws = try WorkspaceCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: ws.deletingLastPathComponent()) }
        let sample = ["--images", WorkspaceCommandTests.sampleImages]
        #expect(
            try WorkspaceCommandTests.run(["import", WorkspaceCommandTests.sampleDumps] + sample, in: ws).status == 0)
        let first = try WorkspaceCommandTests.run(["split", "--lock"], in: ws)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(
            first.stdout.contains(
                "8 images kept the split they had (4 locked); the ratios placed only images without a split. "
                    + "To rebalance: `yoloset split --force-reassignment` moves the 4 unlocked"), "\(first.stdout)")
        #expect(try WorkspaceCommandTests.run(["lock", "--all"], in: ws).status == 0)
        let again = try WorkspaceCommandTests.run(["split", "--train", "0.4", "--val", "0.3", "--test", "0.3"], in: ws)
        #expect(
            again.stdout.contains(
                "11 images kept the split they had (11 locked); the ratios placed only images without a split. "
                    + "To rebalance: `yoloset unlock`, then `yoloset split --force-reassignment`"), "\(again.stdout)")
        #expect(try WorkspaceCommandTests.run(["unlock", "--batch", "b-1001"], in: ws).status == 0)
        let unlocked = try WorkspaceCommandTests.run(
            ["split", "--train", "0.4", "--val", "0.3", "--test", "0.3"], in: ws)
        #expect(
            unlocked.stdout.contains(
                "11 images kept the split they had (3 locked); the ratios placed only images without a split. "
                    + "To rebalance: `yoloset split --force-reassignment` moves the 8 unlocked; `yoloset unlock` "
                    + "first frees locked ones"), "\(unlocked.stdout)")
        let forced = try WorkspaceCommandTests.json(
            ["split", "--train", "0.4", "--val", "0.3", "--test", "0.3", "--force-reassignment"], in: ws)
        #expect(forced["force_reassignment"] as? Bool == true && (forced["images_moved"] as? Int ?? 0) > 0, "\(forced)")
    }

    /// `diff --exit-code`: 1 when two versions differ, 0 when they do not, as git's.
    @Test func diffExitCodeTellsWhetherVersionsDiffer() throws {
        let (ws, _) = try VersionCommandTests.versioned()
        defer { try? FileManager.default.removeItem(at: ws.deletingLastPathComponent()) }
        #expect(try WorkspaceCommandTests.run(["diff", "v1", "v1", "--exit-code"], in: ws).status == 0)
        #expect(try WorkspaceCommandTests.run(["diff", "v1", "v1"], in: ws).status == 0)
        #expect(try WorkspaceCommandTests.run(["unlock", "--all"], in: ws).status == 0)
        let moved = try WorkspaceCommandTests.run(
            ["split", "--force-reassignment", "--train", "0.3", "--val", "0.4", "--test", "0.3"], in: ws)
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(try WorkspaceCommandTests.run(["snapshot"], in: ws).status == 0)
        let differs = try WorkspaceCommandTests.run(["diff", "v1", "v2", "--exit-code"], in: ws)
        #expect(differs.status == 1 && differs.stdout.contains("moved"), "\(differs.stdout)\(differs.stderr)")
        #expect(try WorkspaceCommandTests.run(["diff", "v1", "v2"], in: ws).status == 0, "without --exit-code: 0")
        let json = try WorkspaceCommandTests.run(["diff", "v1", "v2", "--json", "--exit-code"], in: ws)
        #expect(json.status == 1 && json.json?["identical"] as? Bool == false)
    }
}
