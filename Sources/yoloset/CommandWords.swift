import ArgumentParser

/// Which subcommand a command line names, read before argument-parser sees it: argument-parser calls
/// a mistyped subcommand "unexpected arguments", and its usage errors point to the root's help.
struct CommandWords {
    /// Every subcommand's name, as typed, and `help`.
    static let names: [String] =
        Yoloset.configuration.subcommands.map { $0._commandName } + ["help"]

    /// Options of the root that take a value, so the value is not read as a subcommand's name.
    private static let rootOptionsWithValue: Set<String> = ["-C", "--color", "--generate-completion-script"]

    /// The first word that is not an option of the root, or nil when there is none.
    let first: String?

    init(_ arguments: [String]) {
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let word = arguments[index]
            if word == "--" { break }
            if !word.hasPrefix("-") {
                first = word
                return
            }
            index += Self.rootOptionsWithValue.contains(word) ? 2 : 1
        }
        first = nil
    }

    /// The subcommand the line runs (`validate` in `yoloset -C ws validate --bad`), or nil.
    var command: String? { first.flatMap { Self.names.contains($0) && $0 != "help" ? $0 : nil } }

    /// "unknown command 'valdiate'; did you mean 'validate'?" when the first word is no subcommand.
    var unknownCommand: String? {
        guard let first, !Self.names.contains(first) else { return nil }
        guard let suggestion = Self.suggestion(for: first) else {
            return "unknown command '\(first)' (see 'yoloset --help')"
        }
        return "unknown command '\(first)'; did you mean '\(suggestion)'?"
    }

    /// The subcommand name closest to `word`, when a slip of one key in three would explain the difference.
    static func suggestion(for word: String) -> String? {
        let limit = max(1, word.count / 3)
        let scored = names.map { (name: $0, distance: distance(word.lowercased(), $0)) }
        guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= limit else { return nil }
        return best.name
    }

    /// Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
