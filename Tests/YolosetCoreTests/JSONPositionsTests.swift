import Foundation
import Testing

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
