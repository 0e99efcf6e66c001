internal import Foundation

#if canImport(Glibc)
    internal import Glibc
#endif

/// Numbers for people and files: at most `decimals` decimals, without trailing zeros or a bare point.
/// Label files hold hundreds of thousands of these, so the text is made by `vsnprintf` in a stack buffer.
func formatted(_ value: Double, decimals: Int = 4) -> String {
    guard value.isFinite else { return "\(value)" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    let capacity = 64
    let text: String? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
        let written = withVaList([Int32(decimals), value]) { arguments in
            buffer.withMemoryRebound(to: CChar.self) { vsnprintf($0.baseAddress, capacity, "%.*f", arguments) }
        }
        guard written > 0, written < capacity else { return nil }
        var length = Int(written)
        if buffer[0..<length].contains(UInt8(ascii: ".")) {
            while buffer[length - 1] == UInt8(ascii: "0") { length -= 1 }
            if buffer[length - 1] == UInt8(ascii: ".") { length -= 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<length]), as: UTF8.self)
    }
    return text ?? String(format: "%.\(decimals)f", value)
}
