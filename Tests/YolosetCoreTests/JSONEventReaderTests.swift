import Foundation
import Testing
import YolosetTestSupport

@testable import YolosetCore

/// `JSONEventReader` hands over a file's events in order whatever the chunk size (tokens split across
/// chunks included), and names the line and column of a syntax error.
@Suite struct JSONEventReaderTests {
    static func file(_ text: String) throws -> String {
        let path = try CLI.temporaryDirectory().appendingPathComponent("doc.json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The events as text: `{`, `}`, `[`, `]`, `key:`, `"string"`, `12`, `0.5`, `true`, `null`.
    static func events(_ path: String, chunk: Int) throws(DumpError) -> [String] {
        var events: [String] = []
        try JSONEventReader.read(file: path, chunk: chunk) { event in
            switch event {
            case .null: events.append("null")
            case .bool(let flag): events.append("\(flag)")
            case .integer(let number): events.append("\(number)")
            case .double(let number): events.append("\(number)d")
            case .string(let bytes): events.append("\"\(String(decoding: bytes, as: UTF8.self))\"")
            case .key(let bytes): events.append("\(String(decoding: bytes, as: UTF8.self)):")
            case .startObject: events.append("{")
            case .endObject: events.append("}")
            case .startArray: events.append("[")
            case .endArray: events.append("]")
            }
        }
        return events
    }

    @Test(arguments: [1, 2, 7, 1 << 20])
    func eventsComeInDocumentOrderWhateverTheChunk(chunk: Int) throws {
        let path = try Self.file(#"{"a\u005fb": [1, -2.5, "x\"y\u00e9", true, null], "c": {}, "d": 12345678901}"#)
        #expect(
            try Self.events(path, chunk: chunk) == [
                "{", "a_b:", "[", "1", "-2.5d", "\"x\"yé\"", "true", "null", "]", "c:", "{", "}", "d:", "12345678901",
                "}",
            ])
    }

    @Test func aSyntaxErrorNamesItsLineAndColumn() throws {
        let path = try Self.file("{\n  \"a\": [1,\n  2 x]\n}")
        #expect(
            throws: DumpError.notJSON(
                file: path, reason: "lexical error: invalid char in json text", line: 3, column: 5)
        ) {
            try Self.events(path, chunk: 3)
        }
    }

    @Test func aTruncatedOrEmptyFileSaysSo() throws {
        let truncated = try Self.file("{\"a\": [1, 2")
        #expect(
            throws: DumpError.notJSON(
                file: truncated, reason: "the file ends in the middle of a value", line: 1, column: 12)
        ) { try Self.events(truncated, chunk: 4) }
        let blank = try Self.file(" \n\t ")
        #expect(throws: DumpError.empty(file: blank)) { try Self.events(blank, chunk: 4) }
        let garbage = try Self.file("[1] [2]")
        #expect(throws: DumpError.notJSON(file: garbage, reason: "parse error: trailing garbage", line: 1, column: 5)) {
            try Self.events(garbage, chunk: 4)
        }
    }

    @Test func aHandlersErrorStopsTheReadAndIsThrownAsItIs() throws {
        let path = try Self.file("[1, 2, 3, 4]")
        var seen = 0
        let stop = DumpError.malformed(file: path, jsonPath: "$[1]", problem: "two")
        #expect(throws: stop) {
            try JSONEventReader.read(file: path, chunk: 1) { event throws(DumpError) in
                seen += 1
                if case .integer(2) = event { throw stop }
            }
        }
        #expect(seen == 3)
    }

    @Test func aFolderOrAMissingFileIsUnreadable() throws {
        let folder = try CLI.temporaryDirectory().path
        #expect(throws: DumpError.unreadable(file: folder, reason: "not a regular file (a FIFO, socket or device)")) {
            try JSONEventReader.read(file: folder) { _ in }
        }
        #expect(throws: DumpError.unreadable(file: "/nope.json", reason: "No such file or directory")) {
            try JSONEventReader.read(file: "/nope.json") { _ in }
        }
    }
}
