import Testing

@testable import YolosetCore

/// Text output counts with `plural`: one of a thing is singular, any other number plural.
@Suite struct PluralTests {
    @Test(
        arguments: [
            (0, "error", nil, "0 errors"), (1, "error", nil, "1 error"), (2, "image", nil, "2 images"),
            (1, "batch", "batches", "1 batch"), (3, "batch", "batches", "3 batches"),
        ] as [(Int, String, String?, String)])
    func oneIsSingularAndEveryOtherCountPlural(count: Int, one: String, many: String?, expected: String) {
        #expect(plural(count, one, many) == expected)
    }

    @Test func aVerifiedVersionOfOneFileSaysSo() {
        let report = VerifyReport(version: 1, filesChecked: 1, changed: [], missing: [], extra: [], structure: [])
        #expect(report.text == "v1: intact (1 file matches checksums.sha256)")
    }
}
