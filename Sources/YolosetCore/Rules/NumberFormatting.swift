internal import Foundation

/// Numbers for people and files: at most `decimals` decimals, without trailing zeros or a bare point.
func formatted(_ value: Double, decimals: Int = 4) -> String {
    guard value.isFinite else { return "\(value)" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    var text = String(format: "%.\(decimals)f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}
