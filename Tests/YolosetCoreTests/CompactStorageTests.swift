import Foundation
import Testing
import YolosetTestSupport

@testable import YolosetCore

/// What large commands hold per image instead of Strings: a digest in 32 bytes, ids in one arena. Both
/// must order as the catalog (SQLite's BINARY collation) and the hex text do.
@Suite struct CompactStorageTests {
    static let digests = [
        String(repeating: "0", count: 64), String(repeating: "f", count: 64),
        "0bf4ebcf3176ec5ab45aed60738349e01ba802f39a0447f189d3bd1c946d4654",
        "0bf4ebcf3176ec5ab45aed60738349e01ba802f39a0447f189d3bd1c946d4655",
        "0bf4ebcf3176ec5bb45aed60738349e01ba802f39a0447f189d3bd1c946d4654",
        "a000000000000000000000000000000000000000000000000000000000000001",
    ]

    @Test func aDigestSpellsItsHexAndOrdersAsIt() throws {
        let parsed = try Self.digests.map { try #require(ContentDigest(hex: $0)) }
        #expect(parsed.map(\.hex) == Self.digests)
        for (a, first) in zip(Self.digests, parsed) {
            for (b, second) in zip(Self.digests, parsed) {
                #expect((first < second) == (a < b))
                #expect((first == second) == (a == b))
            }
        }
        #expect(ContentDigest(hex: Self.digests[2].uppercased()) == parsed[2])
    }

    @Test func aDigestRefusesOtherText() {
        #expect(ContentDigest(hex: "") == nil)
        #expect(ContentDigest(hex: String(repeating: "0", count: 63)) == nil)
        #expect(ContentDigest(hex: String(repeating: "0", count: 65)) == nil)
        #expect(ContentDigest(hex: String(repeating: "0", count: 63) + "g") == nil)
        #expect(ContentDigest(hex: String(repeating: "é", count: 32)) == nil)
    }

    @Test func anArenaGivesBackItsTextsAndComparesThemByBytes() {
        let texts = ["", "img-1", "img-10", "img-2", "é", "z", "e\u{301}", "a long id of more than fifteen bytes"]
        var arena = TextArena()
        for text in texts { arena.append(text) }
        #expect(arena.count == texts.count)
        #expect(texts.indices.map { arena[$0] } == texts)
        for (position, text) in texts.enumerated() {
            for other in texts {
                let bytes = Array(text.utf8).lexicographicallyPrecedes(Array(other.utf8))
                let equal = Array(text.utf8) == Array(other.utf8)
                let order = arena.compare(position, other)
                #expect(equal ? order == 0 : (order < 0) == bytes)
            }
        }
    }

    @Test func sortedTextsFindAndCompareByBytes() {
        func list(_ texts: [String]) -> SortedTexts {
            var arena = TextArena()
            for text in texts { arena.append(text) }
            return SortedTexts(arena)
        }
        let files = list(["labels/b.txt", "images/b.jpg", "data.yaml", "images/a.png", "labels/a.txt", "images/c.jpg"])
        #expect(
            (0..<files.count).map { files[$0] } == [
                "data.yaml", "images/a.png", "images/b.jpg", "images/c.jpg", "labels/a.txt", "labels/b.txt",
            ])
        #expect(files.range(withPrefix: "images/") == 1..<4)
        #expect(files.range(withPrefix: "labels/").map { files[$0] } == ["labels/a.txt", "labels/b.txt"])
        #expect(files.range(withPrefix: "zzz").isEmpty)
        #expect(files.contains("images/b.jpg") && !files.contains("images/b") && !files.contains("images/b.jpgx"))
        let other = list(["images/b.jpg", "labels/c.txt", "data.yaml"])
        #expect(files.subtracting(other) == ["images/a.png", "images/c.jpg", "labels/a.txt", "labels/b.txt"])
        #expect(other.subtracting(files) == ["labels/c.txt"])
        #expect(files.intersection(other) == ["data.yaml", "images/b.jpg"])
        #expect(list([]).count == 0 && !list([]).contains(""))
    }

    @Test func fileLinesReadAcrossChunksWithoutTheirNewlines() throws {
        let folder = try CLI.temporaryDirectory()
        let path = folder.appendingPathComponent("lines.txt").path
        // Lines long enough to straddle the 1 MiB reads, an empty one, and a last one without a newline.
        let lines = (0..<3000).map { String(repeating: "x", count: $0 % 7 == 0 ? 0 : 700 + $0) + "é\($0)" } + ["last"]
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        let reader = try #require(FileLines(path: path))
        var read: [String] = []
        while let line = reader.next() { read.append(line) }
        #expect(read == lines)
        #expect(!reader.failed)

        try Data([0x61, 0x0A, 0xFF, 0x0A, 0x62]).write(to: URL(fileURLWithPath: path))
        let broken = try #require(FileLines(path: path))
        #expect(broken.next() == "a")
        #expect(broken.next() == nil)
        #expect(broken.failed)
        #expect(FileLines(path: folder.appendingPathComponent("none").path) == nil)
    }
}
