import Foundation
import Testing
import YolosetTestSupport

@testable import YolosetCore

/// The locator on small texts: each path's value, by line and column (Unicode scalars, 1-based).
@Suite struct JSONPositionsTests {
    /// Positions of `paths` in `text`, as `[path: [line, column]]` for readable expectations.
    static func locate(_ paths: [String], in text: String) -> [String: [Int]] {
        JSONPositions.locate(paths, in: Data(text.utf8)).mapValues { [$0.line, $0.column] }
    }

    static let pretty = """
        {
          "data": {
            "images": [
              {"id": "a"},
              {
                "id": "b",
                "annotations": [{"x": 1}, {"x": -2.5e3}]
              }
            ]
          }
        }
        """

    static let prettyPositions: [String: [Int]] = [
        "$": [1, 1], "$.data": [2, 11], "$.data.images": [3, 15], "$.data.images[0]": [4, 7],
        "$.data.images[1]": [5, 7], "$.data.images[1].id": [6, 15], "$.data.images[1].annotations[1]": [7, 35],
        "$.data.images[1].annotations[1].x": [7, 41],
    ]

    @Test func prettyPrintedValuesAreFoundOnTheirLines() {
        #expect(Self.locate(Array(Self.prettyPositions.keys), in: Self.pretty) == Self.prettyPositions)
    }

    @Test func crlfIsOneLineBreakAndAByteOrderMarkIsNotAColumn() {
        let crlf = Self.pretty.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(crlf.utf8.count > Self.pretty.utf8.count)
        #expect(Self.locate(Array(Self.prettyPositions.keys), in: crlf) == Self.prettyPositions)
        #expect(Self.locate(Array(Self.prettyPositions.keys), in: "\u{FEFF}" + crlf) == Self.prettyPositions)
        #expect(Self.locate(["$.a", "$.b"], in: "{\r\"a\":\r1,\n\"b\": 2}") == ["$.a": [3, 1], "$.b": [4, 6]])
    }

    @Test func minifiedValuesAreOnLineOneAtTheirColumns() {
        let minified = #"{"data":{"images":[{"id":"a"},{"id":"b","annotations":[{"x":1},{"x":-2.5e3}]}]}}"#
        #expect(
            Self.locate(Array(Self.prettyPositions.keys), in: minified) == [
                "$": [1, 1], "$.data": [1, 9], "$.data.images": [1, 19], "$.data.images[0]": [1, 20],
                "$.data.images[1]": [1, 31], "$.data.images[1].id": [1, 37],
                "$.data.images[1].annotations[1]": [1, 64], "$.data.images[1].annotations[1].x": [1, 69],
            ])
    }

    @Test func escapedKeysAreMatchedDecodedAndColumnsCountScalars() {
        // Keys with quotes, backslashes, \u escapes and a surrogate pair; é and ü are two bytes each.
        let text = #"{"é\"k\\ey": "ü\"}", "na\u00efve": [1, "a\\\"", {"\ud83d\ude00": true}], "after": null}"#
        #expect(
            Self.locate(
                [#"$["é"k\ey"]"#, "$.naïve", "$.naïve[0]", "$.naïve[1]", "$.naïve[2]", #"$.naïve[2]["😀"]"#, "$.after"],
                in: text)
                == [
                    #"$["é"k\ey"]"#: [1, 14], "$.naïve": [1, 36], "$.naïve[0]": [1, 37], "$.naïve[1]": [1, 40],
                    "$.naïve[2]": [1, 49], #"$.naïve[2]["😀"]"#: [1, 66], "$.after": [1, 83],
                ])
    }

    @Test func unicodeBeforeAValueCountsOneColumnPerScalar() {
        // 😀 is four bytes, ï two, and e + U+0301 two scalars that print as one character.
        let text = "{\"note\": \"😀 naïve e\u{301}\", \"x\": 5}"
        #expect(Self.locate(["$.x"], in: text) == ["$.x": [1, 29]])
    }

    @Test func theLastOfDuplicateKeysIsTheOneJSONCKeeps() throws {
        let text = #"{"a": {"b": 1, "c": 2}, "a": {"c": 3}, "d": [0], "d": 7}"#
        let kept = JSONDocument.value(parsing: Data(text.utf8))
        #expect(kept == .object(["a": .object(["c": .number(3)]), "d": .number(7)]))
        #expect(
            Self.locate(["$.a", "$.a.c", "$.a.b", "$.d", "$.d[0]"], in: text) == [
                "$.a": [1, 30], "$.a.c": [1, 36], "$.a.b": [1, 30], "$.d": [1, 55], "$.d[0]": [1, 55],
            ])
    }

    @Test func nestedArraysAndAbsentMembersPointAtTheNearestValuePresent() {
        let text = #"[[1, [2, 3]], [], {"k": [[4]]}]"#
        #expect(
            Self.locate(["$[0][1][1]", "$[2].k[0][0]", "$[1][0]", "$[2].missing", "$[5]"], in: text) == [
                "$[0][1][1]": [1, 10], "$[2].k[0][0]": [1, 27], "$[1][0]": [1, 15], "$[2].missing": [1, 19],
                "$[5]": [1, 1],
            ])
    }

    @Test func skippedValuesHideNoBracketsAndKeysArePrefixesOfNothing() {
        let text = #"{"skip": {"s": "}]\"{["}, "image": 1, "images": [5], "a b": {"c": null}}"#
        #expect(
            Self.locate(["$.images[0]", "$.image", #"$["a b"].c"#], in: text) == [
                "$.images[0]": [1, 50], "$.image": [1, 36], #"$["a b"].c"#: [1, 67],
            ])
    }

    @Test func textThatIsNotTheDocumentPlacesNothingItCannotFind() {
        #expect(Self.locate(["$.a.b"], in: #"{"a": {"b": "#) == ["$.a.b": [1, 7]])
        #expect(Self.locate(["$.a"], in: "") == [:])
        #expect(Self.locate(["data"], in: #"{"data": 1}"#) == [:])
    }
}

/// End to end: every finding of every broken fixture points at its value in the dump, pretty-printed
/// as committed and minified.
@Suite struct DumpFindingPositionsTests {
    static let brokenCases = TestResources.brokenExpectations().keys.sorted()

    /// `text` from 1-based `line`:`column` (a column counts Unicode scalars) on; nil past the line's end.
    static func text(_ text: String, from line: Int, _ column: Int) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count, column >= 1 else { return nil }
        let scalars = lines[line - 1].unicodeScalars
        guard column <= scalars.count else { return nil }
        let start = scalars.index(scalars.startIndex, offsetBy: column - 1)
        return String(String.UnicodeScalarView(text.unicodeScalars[start...]))
    }

    @Test(arguments: brokenCases)
    func prettyDumpFindingsPointAtTheirValue(dump: String) throws {
        let file = TestResources.fixture("broken/\(dump)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(!text.contains("\r"))
        let report = try Validator(check: .full).run(paths: [file])
        #expect(!report.findings.isEmpty)
        for finding in report.findings {
            let location = finding.location
            let place = "\(location.jsonPath ?? "no path") at \(location.line ?? 0):\(location.column ?? 0)"
            let line = try #require(location.line, "\(place)")
            let column = try #require(location.column, "\(place)")
            let found = Self.text(text, from: line, column) ?? ""
            let first = found.unicodeScalars.first
            let startsAValue = first.map { "{[\"-0123456789tfn".unicodeScalars.contains($0) } ?? false
            #expect(startsAValue, "\(place): \(found.prefix(40))")
            // Each finding here is about an image or an annotation: an object whose first member is its id.
            let id = try #require(location.annotationID ?? location.imageID, "\(place)")
            #expect(first == "{", "\(place): \(found.prefix(40))")
            let idKey = found.range(of: #""id": ""#)
            #expect(idKey.map { found[$0.upperBound...].hasPrefix("\(id)\"") } == true, "\(place): \(found.prefix(80))")
        }
    }

    @Test(arguments: brokenCases)
    func minifiedDumpFindingsAreOnLineOneAtTheirValuesColumn(dump: String) throws {
        let original = TestResources.fixture("broken/\(dump)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: original)))
        let minified = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yoloset-min-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent(dump)
        try minified.write(to: copy)
        let text = String(decoding: minified, as: UTF8.self)
        #expect(!text.contains("\n"))

        let expected = try Validator(check: .full).run(paths: [original])
        let report = try Validator(check: .full, imagesRoot: TestResources.fixture("broken")).run(paths: [copy.path])
        #expect(report.findings.map(\.location.jsonPath) == expected.findings.map(\.location.jsonPath))
        #expect(!report.findings.isEmpty)
        for finding in report.findings {
            let path = try #require(finding.location.jsonPath)
            let place = "\(path) at \(finding.location.line ?? 0):\(finding.location.column ?? 0)"
            #expect(finding.location.line == 1, "\(place)")
            let column = try #require(finding.location.column, "\(place)")
            // The value there is the value at the path: the same bytes JSONSerialization writes for it alone.
            let value = try #require(Self.value(at: path, in: object), "\(place)")
            let alone = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
            let found = Self.text(text, from: 1, column) ?? ""
            #expect(found.hasPrefix(String(decoding: alone, as: UTF8.self)), "\(place): \(found.prefix(60))")
        }
    }

    @Test(arguments: ["runflow", "nimble"])
    func sourceDumpFindingsPointAtTheirValue(family: String) throws {
        var checked = 0
        for folder in TestResources.sourceExpectations(family).keys.sorted() {
            let report = try Validator().run(paths: [TestResources.fixture("\(family)/\(folder)")])
            checked += report.findings.count
            for finding in report.findings {
                let location = finding.location
                let place =
                    "\(folder) \(location.jsonPath ?? "no path") at \(location.line ?? 0):\(location.column ?? 0)"
                let text = try String(contentsOfFile: location.file, encoding: .utf8)
                let line = try #require(location.line, "\(place)")
                let column = try #require(location.column, "\(place)")
                // Batches (`$`) and items (`$.items[3]`, `$.tasks[0]`) are objects.
                let found = Self.text(text, from: line, column) ?? ""
                #expect(found.hasPrefix("{"), "\(place): \(found.prefix(40))")
            }
        }
        #expect(checked > 0)
    }

    @Test func datasetFindingsKeepTheirLineAndHaveNoColumn() throws {
        let report = try DatasetValidator().run(dataYAML: TestResources.fixture("yolo/broken/data.yaml"))
        #expect(report.findings.contains { $0.location.line != nil })
        #expect(report.findings.allSatisfy { $0.location.column == nil })
    }

    /// The value a path of plain keys and indices (`$.data.images[1].annotations[0]`) names.
    static func value(at path: String, in root: Any) -> Any? {
        var current: Any? = root
        var rest = Substring(path.dropFirst())
        while let step = rest.first, let value = current {
            if step == "[" {
                guard let close = rest.firstIndex(of: "]"),
                    let index = Int(rest[rest.index(after: rest.startIndex)..<close]),
                    let array = value as? [Any], array.indices.contains(index)
                else { return nil }
                current = array[index]
                rest = rest[rest.index(after: close)...]
            } else {
                let name = rest.dropFirst().prefix { $0 != "." && $0 != "[" }
                current = (value as? [String: Any])?[String(name)]
                rest = rest.dropFirst(name.count + 1)
            }
        }
        return current
    }
}
