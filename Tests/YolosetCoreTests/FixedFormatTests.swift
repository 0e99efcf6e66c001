import CImageShims
import Foundation
import Testing

/// `ys_format_fixed6` is `printf("%.6f")` to the byte: its integer fast path agrees with printf on ties,
/// near-ties, signs and magnitudes on both sides of where it hands over to printf.
@Suite struct FixedFormatTests {
    static func shim(_ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 400)
        let length = buffer.withUnsafeMutableBufferPointer { ys_format_fixed6(value, $0.baseAddress!, $0.count) }
        let text = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        #expect(Int(length) == text.utf8.count)
        return text
    }

    static func printf(_ value: Double) -> String {
        String(format: "%.6f", value)
    }

    @Test func edgesMatchPrintf() {
        var values: [Double] = [
            0, -0.0, 1, -1, 0.5, 0.0078125, 0.0234375, 1.0 / 3, 2.0 / 3, 0.1, 0.2, 0.3, 0.208333, 0.453125,
            0.0000005, 0.0000015, 0.0000025, -0.0000005, -1e-9, 1e-300, .leastNonzeroMagnitude, 0.9999995,
            0.99999949999,
            999_999.9999995, 1_048_575.999999, 1_048_576, 1_048_577.5, 123_456_789.123_456_5, 1e20, -1e20,
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity,
        ]
        // Exact ties of the seventh decimal (odd multiples of 2^-7 and 2^-8 ...) and their neighbours.
        let denominators: [Double] = [128, 256, 512, 1024, 64 * 15_625]
        for denominator in denominators {
            for numerator in stride(from: 1.0, to: 200, by: 2) {
                let tie = numerator / denominator
                values += [tie, tie.nextUp, tie.nextDown, -tie, tie + 1000]
            }
        }
        for value in values { #expect(Self.shim(value) == Self.printf(value), "\(value)") }
    }

    @Test func randomValuesMatchPrintf() {
        var generator = SystemRandomNumberGenerator()
        var mismatches: [Double] = []
        for round in 0..<200_000 {
            let value: Double
            switch round % 4 {
            case 0: value = Double.random(in: 0..<1, using: &generator)
            // What a version holds: six decimals at most.
            case 1: value = Double(Int.random(in: 0...1_000_000, using: &generator)) / 1e6
            case 2: value = Double.random(in: -2_000_000...2_000_000, using: &generator)
            default: value = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))
            }
            guard value.isFinite else { continue }
            if Self.shim(value) != Self.printf(value) { mismatches.append(value) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }
}
