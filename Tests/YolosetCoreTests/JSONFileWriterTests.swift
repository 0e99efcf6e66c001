import Foundation
import Testing
import YolosetTestSupport

@testable import YolosetCore

/// `JSONFileWriter` lays out version.json: whatever it writes must parse back to the same values, with
/// the SHA-256 it returns.
@Suite struct JSONFileWriterTests {
    static func write(
        _ pairs: [(String, JSONFileWriter.Part)], chunk: Int = 3
    ) throws -> (json: Any, digest: String, data: Data, path: String) {
        let path = try CLI.temporaryDirectory().appendingPathComponent("out.json").path
        var writer = JSONFileWriter(workers: 2)
        writer.chunk = chunk
        let digest = try writer.write(pairs, to: path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return (try JSONSerialization.jsonObject(with: data), digest, data, path)
    }

    @Test func rowsAndValuesParseBackAndTheDigestIsTheFiles() throws {
        let (json, digest, data, path) = try Self.write([
            ("a", .value(.object([("text", .string("line\nbreak \"quoted\" /slash")), ("n", .int(3))]))),
            ("empty", .rows(count: 0) { _ in .null }),
            (
                "rows",
                .rows(count: 10) { index in .object([("i", .int(index)), ("half", .double(Double(index) / 2))]) }
            ),
            ("z", .value(.array([.bool(true), .null]))),
        ])
        let object = try #require(json as? [String: Any])
        #expect((object["a"] as? [String: Any])?["text"] as? String == "line\nbreak \"quoted\" /slash")
        #expect((object["empty"] as? [Any])?.isEmpty == true)
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.map { $0["i"] as? Int } == Array(0..<10))
        #expect(rows[3]["half"] as? Double == 1.5)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { buffer.deallocate() }
        #expect(digest == ObjectStore.digest(of: path, buffer: buffer))
        // Keys in the order given, one row per line.
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.components(separatedBy: "\n    { \"i\": ").count == 11)
    }

    @Test func streamedRowsArePulledInOrderUntilNil() throws {
        var pulled = 0
        let (json, _, data, _) = try Self.write([
            ("none", .stream { () throws(WorkspaceError) in nil }),
            (
                "rows",
                .stream { () throws(WorkspaceError) in
                    guard pulled < 4 else { return nil }
                    pulled += 1
                    return .object([("i", .int(pulled))])
                }
            ),
        ])
        let object = try #require(json as? [String: Any])
        #expect((object["none"] as? [Any])?.isEmpty == true)
        #expect((object["rows"] as? [[String: Any]])?.map { $0["i"] as? Int } == [1, 2, 3, 4])
        #expect(String(decoding: data, as: UTF8.self).components(separatedBy: "\n    { \"i\": ").count == 5)
    }

    @Test func aStreamThatFailsFailsTheWrite() throws {
        #expect(throws: WorkspaceError.self) {
            _ = try Self.write([("rows", .stream { () throws(WorkspaceError) in throw WorkspaceError("cursor broke") })]
            )
        }
    }

    @Test func objectsOfPartsNestOneLevelDeeper() throws {
        let (json, _, data, _) = try Self.write([
            (
                "outer",
                .object([
                    ("rows", .rows(count: 5) { index in .int(index) }),
                    ("none", .object([])),
                    ("value", .value(.object([("a", .array([.int(1)]))]))),
                ])
            ),
            ("after", .value(.bool(true))),
        ])
        let object = try #require(json as? [String: Any])
        let outer = try #require(object["outer"] as? [String: Any])
        #expect(outer["rows"] as? [Int] == [0, 1, 2, 3, 4])
        #expect((outer["none"] as? [String: Any])?.isEmpty == true)
        #expect(((outer["value"] as? [String: Any])?["a"] as? [Int]) == [1])
        #expect(object["after"] as? Bool == true)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"outer\": {\n    \"rows\": [\n      0,\n      1,"), "\(text)")
        #expect(text.contains("\n      4\n    ],\n    \"none\": {},\n"), "\(text)")
        #expect(text.hasSuffix("\n  },\n  \"after\": true\n}\n"), "\(text)")
    }

    @Test func anEmptyDocumentIsAnEmptyObject() throws {
        let (json, _, data, _) = try Self.write([])
        #expect((json as? [String: Any])?.isEmpty == true)
        #expect(String(decoding: data, as: UTF8.self) == "{}\n")
    }
}
