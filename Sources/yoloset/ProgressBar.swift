import Foundation
import Synchronization

/// A one-line progress bar on stderr, drawn only when stderr is a terminal (never in CI logs), with the
/// rate and the time left once they can be told. Ctrl-C while it is shown erases it before the exit.
final class ProgressBar: Sendable {
    private let label: String
    private let started = Date().timeIntervalSinceReferenceDate
    private let state = Mutex<(lastDraw: Double, drawn: Bool)>((0, false))

    /// Nil when stderr is not a terminal or TERM is dumb.
    init?(label: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard isatty(STDERR_FILENO) == 1, environment["TERM"] != "dumb" else { return nil }
        self.label = label
        Interrupt.install()
    }

    /// `fraction` of the work is done; `detail` says what, e.g. "1200 images"; `images`, how many are
    /// done, gives the rate.
    func update(fraction: Double, images: Int? = nil, detail: String) {
        let now = Date().timeIntervalSinceReferenceDate
        state.withLock { state in
            guard fraction >= 1 || now - state.lastDraw >= 0.1 else { return }
            state.lastDraw = now
            state.drawn = true
            Interrupt.barDrawn.store(true, ordering: .sequentiallyConsistent)
            let line = Self.line(
                label: label, fraction: fraction, images: images, elapsed: now - started, detail: detail)
            FileHandle.standardError.write(Data("\r\(line)\u{1B}[K".utf8))
        }
    }

    /// Erases the bar so results and messages start on a clean line.
    func finish() {
        state.withLock { state in
            if state.drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            state.drawn = false
            Interrupt.barDrawn.store(false, ordering: .sequentiallyConsistent)
        }
    }

    /// "validating ██████········ 40% 1200 images, 310 images/s, 0:06 left".
    static func line(label: String, fraction: Double, images: Int?, elapsed: Double, detail: String) -> String {
        let done = min(1, max(0, fraction))
        let width = 30
        let filled = Int(done * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        var parts = [detail]
        // The first half second says too little about the rate to print one.
        if elapsed >= 0.5, done > 0 {
            if let images { parts.append("\(Int((Double(images) / elapsed).rounded())) images/s") }
            if done < 1 { parts.append("\(clock(elapsed * (1 - done) / done)) left") }
        }
        return "\(label) \(bar) \(Int(done * 100))% \(parts.joined(separator: ", "))"
    }

    /// "0:07", "12:30", "1:02:03".
    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        let tail = String(format: "%02d", rest)
        return hours > 0 ? "\(hours):\(String(format: "%02d", minutes)):\(tail)" : "\(minutes):\(tail)"
    }
}
