import ArgumentParser
import Foundation

/// `--color`: whether text output is coloured.
enum ColorChoice: String, CaseIterable, ExpressibleByArgument {
    /// Colour only on a terminal, and not when NO_COLOR is set (to any value) or TERM is dumb.
    case auto
    case always
    case never

    /// Whether output written to `descriptor` gets colour.
    func allowsColor(on descriptor: Int32) -> Bool {
        allowsColor(isTerminal: isatty(descriptor) == 1, environment: ProcessInfo.processInfo.environment)
    }

    func allowsColor(isTerminal: Bool, environment: [String: String]) -> Bool {
        switch self {
        case .always: true
        case .never: false
        case .auto: isTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        }
    }
}
