public import Foundation
import Testing

/// Runs the built `yoloset` binary in a child process, as a user or CI would.
public enum CLI {
    public struct Run: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String

        /// stdout parsed as a JSON object; nil when it is not one.
        public var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
        }
    }

    /// The binary SwiftPM built beside the test bundle.
    public static let binary: URL = {
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("yoloset")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return TestResources.root.appendingPathComponent(".build/debug/yoloset")
    }()

    /// The child's environment is this process's, with NO_COLOR=1, then `environment` on top.
    public static func process(
        _ arguments: [String], in directory: URL, environment extra: [String: String] = [:]
    ) -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment.merging(extra) { $1 }
        return process
    }

    /// Runs yoloset. A `--json` document it prints (or `validate --format json`'s report on stdout) is
    /// checked against its schema in docs/json, and a document that fails it fails the calling test.
    public static func yoloset(
        _ arguments: [String], in directory: URL = TestResources.root, environment: [String: String] = [:]
    ) throws -> Run {
        let run = try capture(process(arguments, in: directory, environment: environment))
        if let schema = CheckJSON.schema(for: arguments), !run.stdout.isEmpty {
            let problems = try CheckJSON.problems(in: run.stdout, schema: schema)
            if let problems {
                Issue.record("yoloset \(arguments.joined(separator: " ")): \(problems)")
            }
        }
        return run
    }

    /// Runs `process` to its end, reading stdout and stderr while it runs (so neither pipe fills up and
    /// blocks it): its status and both texts.
    public static func capture(_ process: Process) throws -> Run {
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errData = Shared<Data?>(nil)
        let reader = Thread {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            errData.mutate { $0 = data }
        }
        reader.start()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errData.value == nil { usleep(1000) }
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: errData.value ?? Data(), as: UTF8.self))
    }

    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("yoloset-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A value shared between threads in tests.
public final class Shared<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    public init(_ value: Value) { stored = value }

    public var value: Value {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    public func mutate(_ body: (inout Value) -> Void) {
        lock.lock()
        body(&stored)
        lock.unlock()
    }
}

/// `scripts/check-ultralytics`, which installs Ultralytics with the CPU-only torch the first time.
public enum CheckUltralytics {
    /// The script's exit status and stdout (stderr goes to the test's unless `quiet`: OpenCV and libpng
    /// print a line for each damaged image they read), or nil when Ultralytics cannot be installed on this
    /// machine (exit 3), after saying so: the caller skips its checks.
    public static func run(_ arguments: [String], quiet: Bool = false) throws -> CLI.Run? {
        let process = Process()
        process.executableURL = TestResources.root.appendingPathComponent("scripts/check-ultralytics")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["YOLOSET": CLI.binary.path]) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = quiet ? FileHandle.nullDevice : FileHandle.standardError
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 3 {
            print("skipped: Ultralytics with the CPU-only torch==2.13.0+cpu cannot be installed on this machine")
            return nil
        }
        return CLI.Run(status: process.terminationStatus, stdout: text, stderr: "")
    }
}

/// A script of `scripts/`, run with the built yoloset as $YOLOSET: its exit status and output.
public enum Script {
    public static func run(_ name: String, _ arguments: [String] = []) throws -> CLI.Run {
        let process = Process()
        process.executableURL = TestResources.root.appendingPathComponent("scripts/\(name)")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["YOLOSET": CLI.binary.path]) { $1 }
        return try CLI.capture(process)
    }
}

/// `scripts/check-reports`: report files against the official SARIF 2.1.0 schema (plus GitHub code
/// scanning's required properties), junit-10.xsd and GitLab's Code Quality keys.
public enum CheckReports {
    /// Exit status (0 all pass, 1 a file fails, 3 the checkers cannot be installed) and what it printed.
    public static func run(_ files: [String]) throws -> CLI.Run { try Script.run("check-reports", files) }
}

/// `scripts/check-json`: --json documents against their JSON Schemas in docs/json.
public enum CheckJSON {
    /// Exit status (0 all pass, 1 a file fails, 3 the checker cannot be installed) and what it printed.
    public static func run(_ pairs: [(schema: String, file: String)]) throws -> CLI.Run {
        try Script.run("check-json", pairs.flatMap { [$0.schema, $0.file] })
    }

    /// What `schema` finds wrong with `document`, or nil when it passes.
    public static func problems(in document: String, schema: String) throws -> String? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "yoloset-json-\(UUID().uuidString).json")
        try Data(document.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let check = try run([(schema, file.path)])
        return check.status == 0 ? nil : "\(schema).schema.json: \(check.stderr)"
    }

    /// The schema of the document `arguments` make yoloset print on stdout: the command's name
    /// (`versions rm` is `versions-rm`), when they ask for `--json` (`validate` and `merge-reports`:
    /// `--format json` without `--output`; `validate --shard` its part); nil otherwise.
    public static func schema(for arguments: [String]) -> String? {
        var positional: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if ["-C", "--color"].contains(argument) {
                index += 2
                continue
            }
            if !argument.hasPrefix("-") { positional.append(argument) }
            index += 1
        }
        guard let command = positional.first else { return nil }
        let toFile = arguments.contains("--output") || arguments.contains { $0.hasPrefix("--output=") }
        if command == "validate", arguments.contains(where: { $0.hasPrefix("--shard") }) {
            return toFile ? nil : "validate-part"
        }
        if command == "validate" || command == "merge-reports" {
            let format = arguments.firstIndex(of: "--format").flatMap {
                arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil
            }
            let json = format == "json" || arguments.contains("--format=json")
            return json && !toFile ? "validate" : nil
        }
        guard arguments.contains("--json") else { return nil }
        if command == "versions" { return positional.dropFirst().first == "rm" ? "versions-rm" : "versions" }
        return command
    }
}
