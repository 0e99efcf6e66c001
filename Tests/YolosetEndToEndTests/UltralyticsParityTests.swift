import Foundation
import Testing
import YolosetTestSupport

/// yoloset's verdicts against Ultralytics' own `verify_image_label`, image by image
/// (`scripts/check-ultralytics --verdicts`): no image Ultralytics drops may pass, and every image yoloset
/// rejects that Ultralytics keeps must be damaged, undecodable by OpenCV, or over a budget.
@Suite(.serialized) struct UltralyticsParityTests {
    @Test(arguments: [
        (
            "corpora", "verify_image_label on 182 images",
            "146 kept, 36 dropped; yoloset (--check full): 146 passed, 36 rejected"
        ),
        ("verdicts", "verify_image_label on 40 images", "rejected by yoloset, kept by Ultralytics: 15"),
    ])
    func noImageUltralyticsDropsPasses(dataset: String, images: String, counts: String) throws {
        guard let run = try CheckUltralytics.run(["--verdicts", TestResources.fixture(dataset)], quiet: true) else {
            return
        }
        let text = run.stdout
        #expect(run.status == 0, "\(text)")
        #expect(text.contains(images), "\(text)")
        #expect(text.contains(counts), "\(text)")
        #expect(text.contains("dropped by Ultralytics, passed by yoloset: 0\n"), "\(text)")
        #expect(!text.contains("NOT ALLOWED"), "\(text)")
    }
}
