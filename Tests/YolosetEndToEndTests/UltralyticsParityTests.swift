import Foundation
import Testing
import YolosetTestSupport

/// yoloset's verdicts against Ultralytics' own `verify_image_label`, image by image
/// (`scripts/check-ultralytics --verdicts`): no image Ultralytics drops may pass, and every image yoloset
/// rejects that Ultralytics keeps must be damaged, undecodable by OpenCV, or over a budget.
@Suite(.serialized) struct UltralyticsParityTests {
    @Test(arguments: [
        ("corpora", "verify_image_label on 182 images", "146 kept, 36 dropped; yoloset (--check full): 146 passed, 36 rejected"),
        ("verdicts", "verify_image_label on 40 images", "rejected by yoloset, kept by Ultralytics: 15"),
    ])
    func noImageUltralyticsDropsPasses(dataset: String, images: String, counts: String) throws {
        let process = Process()
        process.executableURL = TestResources.root.appendingPathComponent("scripts/check-ultralytics")
        process.arguments = ["--verdicts", TestResources.fixture(dataset)]
        process.environment = ProcessInfo.processInfo.environment.merging(["YOLOSET": CLI.binary.path]) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 3 {
            print("skipped: Ultralytics with the CPU-only torch==2.13.0+cpu cannot be installed on this machine")
            return
        }
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains(images), "\(text)")
        #expect(text.contains(counts), "\(text)")
        #expect(text.contains("dropped by Ultralytics, passed by yoloset: 0\n"), "\(text)")
        #expect(!text.contains("NOT ALLOWED"), "\(text)")
    }
}
