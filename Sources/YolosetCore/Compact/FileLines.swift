#if canImport(Glibc)
    internal import Glibc
#endif

/// The lines of a text file (a version's `checksums.sha256`, two million lines for a million images),
/// read a megabyte at a time, each without its `\n`. `next()` gives nil at the end, or once a read fails
/// or a line is not UTF-8 (then `failed` is set).
final class FileLines {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private(set) var failed = false

    init?(path: String) {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
    }

    deinit { close(fd) }

    func next() -> String? {
        while !failed {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                defer { start = newline + 1 }
                return line(buffer[start..<newline])
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count }
                return line(buffer[start...])
            }
            buffer.removeSubrange(0..<start)
            start = 0
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: 1 << 20))
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, 1 << 20) }
            if count < 0 && errno == EINTR {
                buffer.removeSubrange(old...)
                continue
            }
            buffer.removeSubrange((old + max(count, 0))...)
            if count < 0 { failed = true }
            if count == 0 { atEnd = true }
        }
        return nil
    }

    private func line(_ bytes: ArraySlice<UInt8>) -> String? {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            failed = true
            return nil
        }
        return text
    }
}
