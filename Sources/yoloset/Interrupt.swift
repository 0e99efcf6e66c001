import Foundation
import Synchronization

/// What Ctrl-C does: erase the progress bar when one is drawn, print the message the command left (what
/// `run`'s finished stages did), and exit 130, as a shell reports a process stopped by SIGINT.
///
/// A signal handler may only call async-signal-safe functions, so the handler reads two atomics and
/// calls write(2) and _exit(2): the message is a buffer prepared beforehand, swapped in whole.
enum Interrupt {
    /// The address of the current message's buffer (a length, then the bytes), or 0 for none.
    private static let message = Atomic<UInt>(0)
    /// Whether a progress bar is on the terminal's last line.
    static let barDrawn = Atomic<Bool>(false)

    /// Puts the handler in place; each command that draws a bar or leaves a message calls it.
    static func install() {
        // A parent may have started yoloset with SIGINT blocked (the mask is inherited): take it back.
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &blocked, nil)
        signal(SIGINT) { _ in
            if Interrupt.barDrawn.load(ordering: .sequentiallyConsistent) {
                var clear: (UInt8, UInt8, UInt8, UInt8) = (13, 27, 91, 75)  // "\r\u{1B}[K"
                _ = withUnsafeBytes(of: &clear) { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            }
            if let buffer = UnsafeRawPointer(bitPattern: Interrupt.message.load(ordering: .sequentiallyConsistent)) {
                let count = buffer.load(as: Int.self)
                _ = write(STDERR_FILENO, buffer + MemoryLayout<Int>.stride, count)
            }
            _exit(130)
        }
    }

    /// The lines Ctrl-C prints from now on (nil: none). A replaced buffer is not freed, since the handler
    /// may be reading it; a command leaves a few short messages.
    static func say(_ lines: [String]?) {
        var address: UInt = 0
        if let lines {
            let bytes = Array(lines.map { $0 + "\n" }.joined().utf8)
            let buffer = UnsafeMutableRawPointer.allocate(
                byteCount: MemoryLayout<Int>.stride + bytes.count, alignment: MemoryLayout<Int>.alignment)
            buffer.storeBytes(of: bytes.count, as: Int.self)
            bytes.withUnsafeBytes {
                (buffer + MemoryLayout<Int>.stride).copyMemory(from: $0.baseAddress!, byteCount: $0.count)
            }
            address = UInt(bitPattern: buffer)
        }
        message.store(address, ordering: .sequentiallyConsistent)
    }
}
