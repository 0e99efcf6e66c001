import Foundation
import Synchronization

/// A one-line progress bar on stderr, drawn only when stderr is a terminal (never in CI logs).
final class ProgressBar: Sendable {
    private let label: String
    private let state = Mutex<(lastDraw: Double, drawn: Bool)>((0, false))

    /// Nil when stderr is not a terminal or TERM is dumb.
    init?(label: String) {
        guard isatty(STDERR_FILENO) == 1, ProcessInfo.processInfo.environment["TERM"] != "dumb" else { return nil }
        self.label = label
    }

    /// `fraction` of the work is done; `detail` says what, e.g. "1200 images".
    func update(fraction: Double, detail: String) {
        let now = Date().timeIntervalSinceReferenceDate
        state.withLock { state in
            guard fraction >= 1 || now - state.lastDraw >= 0.1 else { return }
            state.lastDraw = now
            state.drawn = true
            let width = 30
            let filled = Int(min(1, max(0, fraction)) * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) \(bar) \(Int(fraction * 100))% \(detail)\u{1B}[K".utf8))
        }
    }

    /// Erases the bar so results and messages start on a clean line.
    func finish() {
        state.withLock { state in
            if state.drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
    }
}
