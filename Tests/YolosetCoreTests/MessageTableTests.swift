import CImageShims
import CJPEG
import Foundation
import Testing
import YolosetTestSupport

@testable import YolosetCore

/// The C shim's message table (rules.c), a test per row: each row is reached by the file of
/// fixtures/verdicts named after it, and becomes the rule its verdict names. The few rows no committed
/// file can reach are reached by the file the test writes, or by the classification call itself.
@Suite struct MessageTableTests {
    static let limits = ValidationConfig().imageLimits
    static let train = TestResources.fixtures.appendingPathComponent("verdicts/images/train")

    /// The rule a row's verdict becomes.
    static func rule(for verdict: MessageTable.Verdict) -> Rule? {
        switch verdict {
        case .ignore: nil
        case .oddity: .imageStructure
        case .refused: .imageLoaderRefuses
        case .damage: .imageCorrupt
        case .unsupported: .imageUnsupported
        case .budget: .imageTooLarge
        }
    }

    /// Rows without a committed file: how the test reaches each.
    static let reachedOtherwise: [String: @Sendable () throws -> [String]] = [
        // A warning no decoding raises (the application read too many rows): still damage.
        "jpeg.other-warning": {
            [MessageTable.jpeg(code: Int32(JWRN_TOO_MUCH_DATA.rawValue), isWarning: true, beforeFirstScan: false)]
        },
        // Debian's libjpeg-turbo decodes arithmetic coding (fixtures/corpora/libjpeg-turbo/testimgari.jpg).
        "jpeg.unsupported-arithmetic": {
            [MessageTable.jpeg(code: Int32(JERR_ARITH_NOTIMPL.rawValue), isWarning: false, beforeFirstScan: true)]
        },
        "png.chunk-cap": {
            [MessageTable.png(chunk: "tEXt", message: "tEXt: chunk data is too large", isError: false)]
        },
        "png.opencv-chunk": { try inspect(png(extra: [("prIv", Array(repeating: 7, count: 8_000_000))])).messageRows },
        "read-error": { [try readPastTheEnd()] },
    ]

    @Test(arguments: MessageTable.rows.map(\.id))
    func everyRowIsReachedAndBecomesItsRule(id: String) throws {
        let row = try #require(MessageTable.row(id))
        let file = ["jpg", "png"].map { Self.train.appendingPathComponent("\(id).\($0)").path }
            .first { FileManager.default.fileExists(atPath: $0) }
        if let file {
            let inspection = ImageInspector(level: .full, limits: Self.limits).inspect(path: file)
            #expect(inspection.messageRows.contains(id), "\(file): rows \(inspection.messageRows)")
            let rules = ImageRules.fileFindings(inspection, file: file, inDataset: true).map(\.rule)
            if let rule = Self.rule(for: row.verdict) {
                #expect(rules.contains(rule), "\(id) (\(row.verdict)) reported \(rules.map(\.id))")
            }
        } else {
            let reach = try #require(
                Self.reachedOtherwise[id], "no fixture in fixtures/verdicts and no other way to \(id)")
            #expect(try reach().contains(id))
        }
        #expect(!row.meaning.isEmpty)
    }

    @Test func everyWayToReachARowNamesARow() {
        for id in Self.reachedOtherwise.keys { #expect(MessageTable.row(id) != nil, "\(id) is not a row") }
    }

    /// Where a libjpeg warning arises decides its row: between header segments it loses no pixel, after a
    /// scan it means the scan's data did not account for its bytes.
    @Test func strayBytesAreAnOddityBeforeTheFirstScanAndDamageAfterIt() {
        let code = Int32(JWRN_EXTRANEOUS_DATA.rawValue)
        #expect(MessageTable.jpeg(code: code, isWarning: true, beforeFirstScan: true) == "jpeg.header-stray-bytes")
        #expect(MessageTable.jpeg(code: code, isWarning: true, beforeFirstScan: false) == "jpeg.scan-trailing-bytes")
        #expect(MessageTable.row("jpeg.header-stray-bytes")?.verdict == .oddity)
        #expect(MessageTable.row("jpeg.scan-trailing-bytes")?.verdict == .damage)
    }

    @Test func aCRCErrorIsDamageInACriticalChunkAndARefusalInAnAncillaryOne() {
        #expect(MessageTable.png(chunk: "IDAT", message: "IDAT: CRC error", isError: false) == "png.critical")
        #expect(MessageTable.png(chunk: "gAMA", message: "gAMA: CRC error", isError: false) == "png.ancillary-crc")
        #expect(MessageTable.png(chunk: "gAMA", message: "gAMA: CRC error", isError: true) == "png.critical")
    }

    /// A 9 MB tEXt chunk is over libpng's own allocation cap, which says nothing about the file: Pillow
    /// and OpenCV read it (tEXt is the one chunk OpenCV's reader lets be that long).
    @Test func aLongTextChunkOverLibpngsCapDrawsNoFinding() throws {
        let inspection = try Self.inspect(
            Self.png(extra: [("tEXt", Array("Comment".utf8) + [0] + Array(repeating: 0x61, count: 9_000_000))]))
        #expect(inspection.problem == nil)
        #expect(inspection.loaderRefusal == nil && inspection.oddity == nil)
        #expect(ImageRules.fileFindings(inspection, file: "long-text.png", inDataset: true).isEmpty)
    }

    // MARK: - Files written by the test

    /// A valid 16×16 grey PNG with `extra` chunks before its IDAT.
    static func png(extra: [(String, [UInt8])]) -> [UInt8] {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
        }
        let rows = [UInt8]((0..<16).flatMap { _ in [0] + [UInt8](repeating: 0x80, count: 16) })
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        out += chunk("IHDR", bigEndian(16) + bigEndian(16) + [8, 0, 0, 0, 0])
        for (type, data) in extra { out += chunk(type, data) }
        out += chunk("IDAT", storedZlib(rows))
        out += chunk("IEND", [])
        return out
    }

    static func inspect(_ bytes: [UInt8]) throws -> ImageInspection {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "yoloset-table-\(UUID().uuidString).png")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return ImageInspector(level: .full, limits: limits).inspect(path: url.path)
    }

    /// A file that shrinks while it is read: the probe is told the size it had, and finds it shorter.
    static func readPastTheEnd() throws -> String {
        let bytes = png(extra: [])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "yoloset-short-\(UUID().uuidString).png")
        try Data(bytes.prefix(bytes.count / 2)).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fd = open(url.path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        var head = Array(bytes.prefix(40))
        var scratch = [UInt8](repeating: 0, count: 256)
        var info = ys_image_info()
        var limits = ys_limits(
            max_pixels: 0, max_memory: 0, text_chunk_limit: 1 << 20, text_memory_limit: 64 << 20)
        let status = head.withUnsafeMutableBufferPointer { head in
            scratch.withUnsafeMutableBufferPointer { scratch in
                var input = ys_input(
                    head: UnsafePointer(head.baseAddress!), head_length: head.count,
                    file_size: UInt64(bytes.count), fd: fd, buffer: scratch.baseAddress,
                    buffer_capacity: scratch.count, png_scratch: nil)
                return ys_png_probe(&input, YS_CHECK_FULL, &limits, nil, 0, &info)
            }
        }
        #expect(status == YS_IMAGE_DAMAGED)
        return withUnsafeBytes(of: info.decision.rule) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static let crcTable: [UInt32] = (0..<256).map { n in
        (0..<8).reduce(UInt32(n)) { crc, _ in crc & 1 != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
    }

    /// The CRC-32 of PNG chunks (and zlib's crc32).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        ~bytes.reduce(UInt32(0xFFFF_FFFF)) { crc, byte in crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    }

    /// `bytes` as a zlib stream of one stored (uncompressed) block.
    static func storedZlib(_ bytes: [UInt8]) -> [UInt8] {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        let length = UInt16(bytes.count)
        return [0x78, 0x01, 0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            + bytes + bigEndian(b << 16 | a)
    }
}
