import Foundation
import Testing

@testable import YolosetCore

/// `formatted(_:decimals:)` writes every label coordinate; it must print what `%.Nf` prints, trimmed.
@Suite struct NumberFormattingTests {
    static func printf(_ value: Double, _ decimals: Int) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    @Test func matchesPrintfOnLabelCoordinates() {
        // Label values are rounded to whole millionths first (LabelWriter), so the two must agree exactly.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let value = (Double.random(in: 0...1, using: &generator) * 1e6).rounded() / 1e6
            #expect(formatted(value, decimals: 6) == Self.printf(value, 6), "\(value)")
        }
    }

    @Test(arguments: [
        (0.5, 6, "0.5"), (0.1234567, 6, "0.123457"), (1e-6, 6, "0.000001"), (0.0000004, 6, "0"),
        (-0.00001, 4, "0"), (-0.25, 4, "-0.25"), (12.000001, 4, "12"), (3.0, 2, "3"), (0.8, 6, "0.8"),
        (123456.5, 1, "123456.5"), (2e12 + 0.5, 3, "2000000000000.5"),
        (1e300, 4, "1e+300"), (-2.5e20, 6, "-2.5e+20"), (1e16, 2, "1e+16"),
    ])
    func cases(value: Double, decimals: Int, text: String) {
        #expect(formatted(value, decimals: decimals) == text)
    }
}
