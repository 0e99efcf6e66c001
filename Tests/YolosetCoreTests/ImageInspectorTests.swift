import Foundation
import Testing
import YolosetTestSupport

@testable import YolosetCore

/// libjpeg and libpng through the C shim: valid variants decode, damage is caught at the right level.
@Suite struct ImageInspectorTests {
    static let limits = ValidationConfig().imageLimits

    static func inspect(_ relative: String, _ level: CheckLevel = .header) -> ImageInspection {
        ImageInspector(level: level, limits: limits).inspect(path: TestResources.fixture(relative))
    }

    @Test(
        arguments: [
            ("formats/images/cmyk.jpg", ImageFormat.jpeg), ("formats/images/progressive.jpg", .jpeg),
            ("formats/images/gray.jpg", .jpeg), ("formats/images/café-ñ-日本.jpg", .jpeg),
            ("formats/images/rgb16.png", .png), ("formats/images/palette.png", .png),
            ("formats/images/gray-alpha.png", .png), ("formats/images/interlaced.png", .png),
        ], CheckLevel.allCases)
    func validVariantsDecodeAtTheirRealSize(variant: (path: String, format: ImageFormat), level: CheckLevel) {
        let (path, format) = variant
        let inspection = Self.inspect(path, level)
        #expect(inspection.problem == nil)
        #expect(inspection.format == format)
        #expect(inspection.storedWidth == 64 && inspection.storedHeight == 48)
        #expect(inspection.orientation == 1)
        #expect(inspection.trailingBytes == 0)
    }

    @Test func exifOrientationSixSwapsTheDisplayedSize() {
        let inspection = Self.inspect("broken/images/image-orientation-1.jpg")
        #expect(inspection.problem == nil)
        #expect(inspection.orientation == 6)
        #expect((inspection.storedWidth, inspection.storedHeight) == (64, 48))
        #expect((inspection.displayedWidth, inspection.displayedHeight) == (48, 64))
    }

    @Test(arguments: CheckLevel.allCases)
    func truncatedFilesAreCorruptInBothModes(level: CheckLevel) {
        for path in ["broken/images/truncated.jpg", "broken/images/truncated.png"] {
            let problem = Self.inspect(path, level).problem
            #expect(problem != nil, "\(path) passed in \(level) mode")
        }
    }

    @Test func damagedCompressedDataIsCaughtOnlyByAFullCheck() {
        for path in ["broken/images/damaged-scan.jpg", "broken/images/damaged-idat.png"] {
            #expect(Self.inspect(path, .header).problem == nil)
            let problem = Self.inspect(path, .full).problem
            #expect(problem?.kind == .damaged, "\(path): \(problem?.message ?? "no problem")")
            #expect(problem?.message.contains("damaged or truncated") == true, "\(path)")
        }
    }

    @Test(arguments: CheckLevel.allCases)
    func decompressionBombIsRefusedFromItsHeader(level: CheckLevel) {
        let inspection = Self.inspect("broken/images/bomb.png", level)
        #expect(inspection.problem?.kind == .overPixelLimit)
        #expect(inspection.problem?.message.contains("over images.max_pixels (178956970)") == true)
        #expect((inspection.storedWidth, inspection.storedHeight) == (100_000, 100_000))
        let findings = ImageRules.fileFindings(inspection, file: "bomb.png", inDataset: false)
        #expect(findings.map(\.rule) == [.imageLoaderRefuses])
        #expect(findings.first?.message.contains("DecompressionBombError") == true)
    }

    @Test func emptyAndTextFilesAreNotImages() {
        #expect(Self.inspect("broken/images/zero-bytes.jpg").problem?.message == "the file is empty (0 bytes)")
        let text = Self.inspect("broken/images/notes.png").problem?.message
        #expect(text?.contains("not a PNG or JPEG (it starts with \"this is not an i\")") == true)
    }

    @Test func bytesAfterTheEndMarkerAreCounted() {
        let inspection = Self.inspect("broken/images/image-trailing-data-1.jpg")
        #expect(inspection.problem == nil)
        #expect(inspection.trailingBytes == 32)
    }

    @Test func contentFormatComesFromTheBytesNotTheName() {
        #expect(Self.inspect("broken/images/really-a-png.jpg").format == .png)
    }

    @Test func missingFileIsAProblemNotACrash() {
        let inspection = ImageInspector(level: .full, limits: Self.limits).inspect(path: "/nonexistent/x.jpg")
        #expect(inspection.problem?.message.contains("cannot open the file") == true)
    }

    @Test func oneInspectorChecksManyFilesOfGrowingSize() {
        let inspector = ImageInspector(level: .full, limits: Self.limits)
        let paths = [
            "formats/images/palette.png", "formats/images/rgb16.png", "formats/images/cmyk.jpg",
            "formats/images/palette.png",
        ]
        for path in paths {
            #expect(inspector.inspect(path: TestResources.fixture(path)).problem == nil)
        }
    }
}

@Suite struct ExifOrientationTests {
    static func tiff(littleEndian: Bool, orientation: UInt16) -> [UInt8] {
        func u16(_ value: UInt16) -> [UInt8] {
            littleEndian ? [UInt8(value & 0xFF), UInt8(value >> 8)] : [UInt8(value >> 8), UInt8(value & 0xFF)]
        }
        func u32(_ value: UInt32) -> [UInt8] {
            let bytes = [
                UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF),
            ]
            return littleEndian ? bytes.reversed() : bytes
        }
        let header: [UInt8] = littleEndian ? [0x49, 0x49] : [0x4D, 0x4D]
        // One IFD entry: tag 0x0112, SHORT, count 1, value.
        return header + u16(42) + u32(8) + u16(1) + u16(0x0112) + u16(3) + u32(1) + u16(orientation) + [0, 0] + u32(0)
    }

    @Test(arguments: [true, false], 1...8)
    func readsTheTagInBothByteOrders(littleEndian: Bool, orientation: Int) {
        let bytes = Self.tiff(littleEndian: littleEndian, orientation: UInt16(orientation))
        #expect(bytes.withUnsafeBytes { ExifOrientation.parse($0) } == orientation)
    }

    @Test func rejectsOutOfRangeAndTruncatedStructures() {
        let bad = Self.tiff(littleEndian: true, orientation: 9)
        #expect(bad.withUnsafeBytes { ExifOrientation.parse($0) } == nil)
        let cut = Array(Self.tiff(littleEndian: true, orientation: 6).prefix(12))
        #expect(cut.withUnsafeBytes { ExifOrientation.parse($0) } == nil)
        #expect([UInt8]().withUnsafeBytes { ExifOrientation.parse($0) } == nil)
    }
}

/// Damage at any offset is a finding, never a crash: every cut of a valid file, and byte flips all over it.
@Suite struct ImageDamageTests {
    static let sources = [
        "formats/images/progressive.jpg", "formats/images/cmyk.jpg", "formats/images/interlaced.png",
        "formats/images/palette.png", "broken/images/image-orientation-1.jpg",
    ]

    static func scratch(_ bytes: [UInt8], name: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "yoloset-damage-\(UUID().uuidString)-\(name)")
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test(arguments: sources, CheckLevel.allCases)
    func everyCutIsCorrupt(source: String, level: CheckLevel) throws {
        let bytes = try [UInt8](Data(contentsOf: TestResources.fixtures.appendingPathComponent(source)))
        let inspector = ImageInspector(level: level, limits: ValidationConfig().imageLimits)
        for length in stride(from: 1, to: bytes.count - 1, by: max(1, bytes.count / 60)) {
            let path = try Self.scratch(Array(bytes.prefix(length)), name: (source as NSString).lastPathComponent)
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(
                inspector.inspect(path: path).problem != nil,
                "\(source) cut to \(length) of \(bytes.count) bytes passed")
        }
    }

    @Test(arguments: sources)
    func flippedBytesNeverCrash(source: String) throws {
        let bytes = try [UInt8](Data(contentsOf: TestResources.fixtures.appendingPathComponent(source)))
        let inspectors = CheckLevel.allCases.map { ImageInspector(level: $0, limits: ValidationConfig().imageLimits) }
        var damaged = 0
        for offset in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 80)) {
            var copy = bytes
            copy[offset] ^= 0xA5
            let path = try Self.scratch(copy, name: (source as NSString).lastPathComponent)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let results = inspectors.map { $0.inspect(path: path) }
            // Whatever header mode accepts, the full check decodes more of the same file.
            if results[0].problem != nil { #expect(results[1].problem != nil) }
            if results[1].problem != nil { damaged += 1 }
        }
        #expect(damaged > 0)
    }
}
