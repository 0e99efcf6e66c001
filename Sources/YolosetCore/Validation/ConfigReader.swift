internal import Foundation
internal import Yams

/// Typed access to a Yams node tree, with errors that name the key path.
struct ConfigReader {
    let file: String

    /// The text of a config file.
    static func text(of file: String) throws(ConfigError) -> String {
        if let problem = ReportFile.readProblem(file) {
            throw ConfigError(file: file, path: nil, problem: "cannot read it: \(problem)")
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw ConfigError(file: file, path: nil, problem: "not UTF-8 text")
        }
        return text
    }

    /// The node tree of YAML text; nil for an empty document.
    static func compose(_ yaml: String, file: String) throws(ConfigError) -> Node? {
        do {
            return try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigError(file: file, path: nil, problem: "not valid YAML (\(error))")
        }
    }

    func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// The pairs of a mapping; keys outside `allowed` (when given) are errors naming the key.
    func mapping(_ node: Node, path: String, allowed: Set<String>?) throws(ConfigError) -> [(String, Node)] {
        guard let mapping = node.mapping else {
            throw ConfigError(
                file: file, path: path.isEmpty ? nil : path, problem: "expected a mapping of keys to values")
        }
        var result: [(String, Node)] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                throw ConfigError(file: file, path: path, problem: "keys must be plain strings")
            }
            guard allowed?.contains(name) ?? true else {
                throw ConfigError(
                    file: file, path: join(path, name),
                    problem: "unknown key; known keys here: \((allowed ?? []).sorted().joined(separator: ", "))")
            }
            result.append((name, value))
        }
        return result
    }

    func severity(_ node: Node, path: String) throws(ConfigError) -> Severity? {
        switch node.scalar?.string {
        case "error": return .error
        case "warning": return .warning
        case "info": return .info
        case "off": return nil
        default:
            throw ConfigError(file: file, path: path, problem: "expected error, warning, info or off")
        }
    }

    func strings(_ node: Node, path: String) throws(ConfigError) -> [String] {
        guard let sequence = node.sequence else {
            throw ConfigError(file: file, path: path, problem: "expected a list of strings")
        }
        var result: [String] = []
        for item in sequence {
            guard let text = item.scalar?.string else {
                throw ConfigError(file: file, path: path, problem: "expected a list of strings")
            }
            result.append(text)
        }
        return result
    }

    func bool(_ node: Node, path: String) throws(ConfigError) -> Bool {
        guard let scalar = node.scalar, let value = Bool.construct(from: scalar) else {
            throw ConfigError(file: file, path: path, problem: "expected true or false")
        }
        return value
    }

    func number(_ node: Node, path: String, minimum: Double = -.infinity) throws(ConfigError) -> Double {
        guard let text = node.scalar?.string, let value = Double(text.replacingOccurrences(of: "_", with: "")),
            value.isFinite, value >= minimum
        else {
            throw ConfigError(file: file, path: path, problem: "expected a number\(minimum == 0 ? " ≥ 0" : "")")
        }
        return value
    }
}

extension [(String, Node)] {
    subscript(_ key: String) -> Node? {
        first { $0.0 == key }?.1
    }
}
