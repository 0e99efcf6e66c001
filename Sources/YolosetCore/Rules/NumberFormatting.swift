internal import Foundation

/// Numbers for people and files: at most `decimals` decimals, without trailing zeros or a bare point.
/// Label files hold hundreds of thousands of these, so the common case (up to 9 decimals, magnitude
/// below 10⁹) is made from whole units of 10⁻ᵈ, without printf.
func formatted(_ value: Double, decimals: Int = 4) -> String {
    // Past 10¹⁵ the shortest round-trip form (1e+300), not hundreds of digits (no label coordinate is there).
    guard value.isFinite, abs(value) < 1e15 else { return "\(value)" }
    if value == value.rounded() { return String(Int64(value)) }
    guard decimals >= 0, decimals <= 9, abs(value) < 1e9 else {
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
    var scale: Int64 = 1
    for _ in 0..<decimals { scale *= 10 }
    let units = Int64((abs(value) * Double(scale)).rounded())
    let sign = value < 0 && units != 0 ? "-" : ""
    var fraction = units % scale
    guard fraction != 0 else { return sign + String(units / scale) }
    var digits = decimals
    while fraction % 10 == 0 {
        fraction /= 10
        digits -= 1
    }
    let text = String(fraction)
    return sign + String(units / scale) + "." + String(repeating: "0", count: digits - text.count) + text
}

/// A coordinate rounded to 6 decimals (a YOLO label's precision), for telling two boxes apart: counted in
/// millionths, kept as a Double so that no value (1e300 included) can overflow an integer.
func inMillionths(_ value: Double) -> Double {
    (value * 1_000_000).rounded()
}

/// A size for people: "512 bytes", "340.2 KiB", "1.2 GiB".
public func byteText(_ bytes: Int64) -> String {
    let units = ["KiB", "MiB", "GiB", "TiB"]
    guard abs(bytes) >= 1024 else { return "\(bytes) bytes" }
    var value = Double(bytes) / 1024
    var unit = 0
    while abs(value) >= 1024, unit < units.count - 1 {
        value /= 1024
        unit += 1
    }
    return "\(formatted(value, decimals: 1)) \(units[unit])"
}
