import Foundation
import Testing
import YolosetTestSupport

/// "a Ctrl-C during the snapshot loses the import and split reports": Ctrl-C during `run` says on stderr
/// where the run stopped and what each stage did, and exits 130.
@Suite struct InterruptTests {
    /// The test holds the workspace's lock, as another yoloset writer would, so the run waits inside its
    /// import stage until the interrupt: it lands there every time.
    @Test func ctrlCDuringRunSaysWhereItStoppedAndExits130() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ws = folder.appendingPathComponent("ws").path
        let made = try CLI.yoloset([
            "init", ws, "--dumps", TestResources.fixture("sample/dumps"), "--images",
            TestResources.fixture("sample/images"),
        ])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try CLI.yoloset(["-C", ws, "status"]).status == 0, "makes .yoloset/")
        let lock = open("\(ws)/.yoloset/lock", O_RDWR | O_CREAT, 0o644)
        #expect(lock >= 0 && flock(lock, LOCK_EX) == 0)
        defer { close(lock) }

        let process = CLI.process(["-C", ws, "run"], in: folder)
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var stderr = Data()
        while !String(decoding: stderr, as: UTF8.self).contains("waiting for another yoloset process") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            stderr += chunk
        }
        process.interrupt()
        // Should the signal be lost, the test fails rather than hangs.
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 20) { kill(pid, SIGKILL) }
        process.waitUntilExit()
        stderr += err.fileHandleForReading.readDataToEndOfFile()
        let text = String(decoding: stderr, as: UTF8.self)
        #expect(process.terminationStatus == 130, "\(text)")
        #expect(text.hasSuffix("yoloset: interrupted (Ctrl-C) during import; nothing was imported\n"), "\(text)")
        flock(lock, LOCK_UN)
        #expect(try CLI.yoloset(["-C", ws, "status", "--json"]).json?["images"] as? Int == 0, "nothing was imported")
    }
}
