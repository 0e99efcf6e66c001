import CImageShims
import Foundation
import Testing
import YolosetTestSupport

/// What the fuzzers found (Tests/Fuzz/regressions, its EXPECTED per file): each input keeps its verdict, and
/// gets the same one however its bytes reach the shim (all in memory, or a short head and the rest read
/// through a small buffer). libjpeg-turbo's fast Huffman path, taken only while 512 bytes per MCU block are
/// buffered, once let damage through, or not, depending on the layout. A PNG is checked in each layout with
/// libpng reading every row and, held whole, with its image data inflated at once: libdeflate, tried for that,
/// decoded DEFLATE's reserved length symbol 286 as 285 and passed reserved-length-symbol-286.png, which zlib
/// (and so libpng, OpenCV and Pillow) refuses.
@Suite struct FuzzRegressionTests {
    static let folder = TestResources.root.appendingPathComponent("Tests/Fuzz/regressions")

    struct Expected: Decodable, Sendable {
        let status: String
        let row: String?
        let size: [UInt32]
    }

    static let expected: [String: Expected] = {
        let data = (try? Data(contentsOf: folder.appendingPathComponent("EXPECTED"))) ?? Data()
        return (try? JSONDecoder().decode([String: Expected].self, from: data)) ?? [:]
    }()

    /// (head length, scratch capacity); a head as long as the file means all of it in memory.
    static let layouts: [(Int?, Int)] = [(nil, 0), (100, 1000), (700, 13), (2, 4096)]

    @Test func everyRegressionHasAnExpectation() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0 != "EXPECTED" }
        #expect(Set(files) == Set(Self.expected.keys))
        #expect(!files.isEmpty)
    }

    @Test(arguments: expected.keys.sorted())
    func keepsItsVerdictInEveryLayout(file: String) throws {
        let expected = try #require(Self.expected[file])
        let bytes = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent(file)))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "yoloset-regression-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fd = open(url.path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        let png = bytes.starts(with: [0x89, 0x50, 0x4E, 0x47])
        let pngScratch = UnsafeMutablePointer<ys_png_scratch>.allocate(capacity: 1)
        pngScratch.initialize(to: ys_png_scratch())
        defer {
            ys_png_scratch_free(pngScratch)
            pngScratch.deallocate()
        }
        // A PNG's whole layout once more, with its image data inflated at once.
        for (head, scratch, atOnce) in Self.layouts.map({ ($0.0, $0.1, false) }) + (png ? [(nil, 0, true)] : []) {
            let headLength = min(head ?? bytes.count, bytes.count)
            var headBytes = Array(bytes.prefix(headLength))
            var buffer = [UInt8](repeating: 0, count: max(scratch, 1))
            var info = ys_image_info()
            var limits = ys_limits(
                max_pixels: 178_956_970, max_memory: 256 << 20, text_chunk_limit: 1 << 20, text_memory_limit: 64 << 20)
            let status = headBytes.withUnsafeMutableBufferPointer { head in
                buffer.withUnsafeMutableBufferPointer { buffer in
                    var input = ys_input(
                        head: UnsafePointer(head.baseAddress!), head_length: headLength, file_size: UInt64(bytes.count),
                        fd: headLength == bytes.count ? -1 : fd, buffer: buffer.baseAddress, buffer_capacity: scratch,
                        png_scratch: atOnce ? pngScratch : nil)
                    return png
                        ? ys_png_probe(&input, YS_CHECK_FULL, &limits, nil, 0, &info)
                        : ys_jpeg_probe(&input, YS_CHECK_FULL, &limits, nil, 0, &info)
                }
            }
            let row = withUnsafeBytes(of: info.decision.rule) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            let layout = "head \(headLength), scratch \(scratch)\(atOnce ? ", inflated at once" : "")"
            #expect(status == (expected.status == "ok" ? YS_IMAGE_OK : YS_IMAGE_DAMAGED), "\(file), \(layout)")
            #expect(row == (expected.row ?? ""), "\(file), \(layout)")
            #expect([info.width, info.height] == expected.size, "\(file), \(layout)")
        }
    }
}
