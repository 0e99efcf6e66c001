internal import CImageShims

#if canImport(Glibc)
    internal import Glibc
#endif

/// What bounds the check of one image.
struct ImageLimits: Sendable, Equatable {
    /// Images with more pixels are not decoded.
    var maxPixels: UInt64
    /// Bytes a full check may have the decoder hold (JPEG coefficients, PNG rows).
    var maxMemory: UInt64
}

/// Reads image files and checks them with libjpeg and libpng (through CImageShims). One inspector per
/// worker thread: it owns reusable buffers, so checking many files allocates almost nothing, and a file of
/// any size is read in pieces, so a worker's memory stays within the limits whatever the file.
final class ImageInspector {
    let level: CheckLevel
    let limits: ImageLimits

    /// Files up to this size are read whole in the first read.
    private static let wholeFileLength = 16 * 1024
    /// Larger files' first read: most JPEG and PNG headers fit (markers and tables, IHDR and the chunks
    /// before IDAT); the shim reads on from the file when not. A header check reads this and the tail, so
    /// every byte more is copied for every image. (scripts/bench's C floor reads the same head and tail.)
    private static let headLength = 8 * 1024
    /// What the shim reads past the head at a time.
    private static let streamLength = 256 * 1024
    /// The end-of-image marker is searched for in this many final bytes.
    private static let tailLength = 4 * 1024
    private static let exifCapacity = 64 * 1024

    private let head: UnsafeMutableRawBufferPointer
    private let stream: UnsafeMutableRawBufferPointer
    private let tail: UnsafeMutableRawBufferPointer
    private let exif: UnsafeMutableRawBufferPointer
    /// A PNG full check's image data and the buffer it inflates into, kept from one image to the next.
    private let pngScratch: UnsafeMutablePointer<ys_png_scratch>

    init(level: CheckLevel, limits: ImageLimits) {
        self.level = level
        self.limits = limits
        head = .allocate(byteCount: Self.wholeFileLength, alignment: 16)
        stream = .allocate(byteCount: Self.streamLength, alignment: 16)
        tail = .allocate(byteCount: Self.tailLength, alignment: 16)
        exif = .allocate(byteCount: Self.exifCapacity, alignment: 16)
        pngScratch = .allocate(capacity: 1)
        pngScratch.initialize(to: ys_png_scratch())
    }

    deinit {
        ys_png_scratch_free(pngScratch)
        pngScratch.deallocate()
        head.deallocate()
        stream.deallocate()
        tail.deallocate()
        exif.deallocate()
    }

    /// A file open for a check and its stat, or the failed inspection that says why it is not.
    enum Opened {
        case file(fd: Int32, info: stat)
        case failed(ImageInspection)

        /// Opens `path` for reading; the caller closes the descriptor.
        static func of(_ path: String) -> Opened {
            let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else { return .failed(.failed("cannot open the file: \(errnoText())")) }
            let opened = of(fd: fd)
            if case .failed = opened { close(fd) }
            return opened
        }

        /// The stat of the file open as `fd`.
        static func of(fd: Int32) -> Opened {
            var info = stat()
            guard fstat(fd, &info) == 0 else { return .failed(.failed("cannot stat the file: \(errnoText())")) }
            return .file(fd: fd, info: info)
        }
    }

    /// Checks one file. Never throws: every problem is described in the result.
    func inspect(path: String) -> ImageInspection {
        let opened = Opened.of(path)
        defer { if case .file(let fd, _) = opened { close(fd) } }
        return inspect(opened)
    }

    /// Checks an opened file, or passes on why it could not be opened.
    func inspect(_ opened: Opened) -> ImageInspection {
        switch opened {
        case .file(let fd, let info): inspect(fd: fd, info)
        case .failed(let inspection): inspection
        }
    }

    /// Checks the file open as `fd`, whose stat is `info`, reading what the check needs.
    func inspect(fd: Int32, _ info: stat) -> ImageInspection {
        guard (info.st_mode & S_IFMT) == S_IFREG else { return .failed("not a regular file") }
        let size = Int(info.st_size)
        guard size > 0 else { return .failed("the file is empty (0 bytes)") }
        let held = size <= Self.wholeFileLength ? size : Self.headLength
        if let error = Self.read(fd, into: head, count: held, at: 0) { return .failed(error, byteCount: size) }
        return inspect(head: UnsafeRawBufferPointer(rebasing: head[0..<held]), fd: fd, size: size)
    }

    /// Checks a whole file already in memory (an import reads each file once: to hash, check and store it).
    func inspect(contents: UnsafeRawBufferPointer) -> ImageInspection {
        guard !contents.isEmpty else { return .failed("the file is empty (0 bytes)") }
        return inspect(head: contents, fd: -1, size: contents.count)
    }

    /// `headBytes`: the file's first bytes, or all of them when `fd` is -1.
    private func inspect(head headBytes: UnsafeRawBufferPointer, fd: Int32, size: Int) -> ImageInspection {
        let held = headBytes.count
        let format: ImageFormat
        switch ImageFormat.sniff(headBytes) {
        case .supported(let sniffed): format = sniffed
        case .other(let name):
            return .failed("a \(name) file, not a PNG or JPEG", byteCount: size)
        case .unknown:
            return .failed("not a PNG or JPEG (it starts with \(Self.preview(headBytes)))", byteCount: size)
        }

        let (status, probe) = runProbe(format, head: headBytes, fd: fd, size: size)
        var result = ImageInspection(
            format: format, byteCount: size, storedWidth: Int(probe.width), storedHeight: Int(probe.height))
        result.messageRows = [probe.decision.rule, probe.oddity.rule, probe.refusal.rule].map(Self.text)
            .filter { MessageTable.row($0) != nil }
        if probe.exif_length > 0 {
            switch ExifOrientation.read(UnsafeRawBufferPointer(rebasing: exif[0..<probe.exif_length])) {
            case .orientation(let value): result.orientation = value
            case .absent: break
            case .malformed(let reason) where probe.exif_length < Self.exifCapacity:
                result.noteOddity("the EXIF block is malformed (\(reason)); its orientation is ignored")
            case .malformed: break
            }
        }
        if probe.oddities > 0 {
            result.noteOddity(
                "\(Self.library(format)): \"\(Self.text(probe.oddity.message))\": \(Self.meaning(probe.oddity)); "
                    + "the pixels decode completely",
                count: Int(probe.oddities))
        }
        if probe.refusal.rule.0 != 0 {
            result.loaderRefusal = "\(Self.meaning(probe.refusal)) (\(Self.text(probe.refusal.message)))"
        }

        switch status {
        case YS_IMAGE_OK: break
        case YS_IMAGE_TOO_LARGE:
            let pixels = UInt64(probe.width) * UInt64(probe.height)
            result.problem = .init(
                kind: .overPixelLimit,
                message: "declares \(probe.width)×\(probe.height) = \(pixels) pixels, over images.max_pixels "
                    + "(\(limits.maxPixels)); not decoded (a decompression bomb, or raise images.max_pixels)")
            return result
        case YS_IMAGE_UNSUPPORTED:
            // Pillow's libjpeg-turbo 3 decodes lossless JPEG of up to 8 bits; OpenCV's colour decode does not.
            let who =
                probe.frame_marker == 0xC3 && probe.bit_depth <= 8
                ? "Pillow opens it, but OpenCV, which Ultralytics trains with, does not"
                : "libjpeg-turbo's default build, Pillow and OpenCV refuse it"
            result.problem = .init(
                kind: .unsupported,
                message: "a valid JPEG that 8-bit decoders cannot decode: \(Self.meaning(probe.decision)) "
                    + "(libjpeg: \"\(Self.text(probe.decision.message))\"); \(who): re-encode it as an 8-bit baseline "
                    + "or progressive JPEG")
            return result
        case YS_IMAGE_OVER_BUDGET:
            // The memory budget is the config's; the scan budget follows from the file's size.
            let budget =
                probe.memory_needed > 0
                ? ", \(Self.mebibytes(probe.memory_needed)) MiB against a budget of "
                    + "\(Self.mebibytes(limits.maxMemory)) MiB per worker); raise images.max_memory_mb if the file "
                    + "is trusted"
                : "); re-encode it with fewer scans (jpegtran -optimize, without -progressive) if it is trusted"
            result.problem = .init(
                kind: .overBudget,
                message: "not checked to the end: \(Self.meaning(probe.decision)) "
                    + "(\(Self.text(probe.decision.message))\(budget)")
            return result
        default:
            result.problem = .init(
                kind: .damaged,
                message: "damaged or truncated \(format.rawValue.uppercased()) data (\(Self.library(format)): "
                    + "\(Self.text(probe.decision.message)))")
            return result
        }

        // The end-of-image marker: in header mode the only sign of a file cut short.
        let tailBytes: UnsafeRawBufferPointer
        if held == size {
            tailBytes = UnsafeRawBufferPointer(rebasing: headBytes[max(0, size - Self.tailLength)..<size])
        } else {
            let count = min(size, Self.tailLength)
            if let error = Self.read(fd, into: tail, count: count, at: size - count) {
                result.problem = .init(kind: .damaged, message: "cannot read the end of the file: \(error)")
                return result
            }
            tailBytes = UnsafeRawBufferPointer(rebasing: tail[0..<count])
        }
        result.sample = Self.sample(
            head: UnsafeRawBufferPointer(rebasing: headBytes[0..<min(held, Self.sampleLength)]), tail: tailBytes)
        if let trailing = Self.bytesAfterEndMarker(format, tailBytes) {
            result.trailingBytes = trailing
        } else {
            result.problem = .init(
                kind: .damaged,
                message: "the file is truncated: no \(format == .jpeg ? "JPEG end-of-image marker" : "PNG IEND chunk") "
                    + "at its end")
        }
        return result
    }

    private func runProbe(_ format: ImageFormat, head: UnsafeRawBufferPointer, fd: Int32, size: Int)
        -> (ys_image_status, ys_image_info)
    {
        var info = ys_image_info()
        var input = ys_input(
            head: head.baseAddress!.assumingMemoryBound(to: UInt8.self), head_length: head.count,
            file_size: UInt64(size), fd: fd, buffer: stream.baseAddress!.assumingMemoryBound(to: UInt8.self),
            buffer_capacity: stream.count, png_scratch: pngScratch)
        var shimLimits = ys_limits(
            max_pixels: limits.maxPixels, max_memory: limits.maxMemory, text_chunk_limit: PillowLimits.maxTextChunk,
            text_memory_limit: PillowLimits.maxTextMemory)
        let exifBytes = exif.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let check = level == .full ? YS_CHECK_FULL : YS_CHECK_HEADER
        let status =
            switch format {
            case .jpeg: ys_jpeg_probe(&input, check, &shimLimits, exifBytes, exif.count, &info)
            case .png: ys_png_probe(&input, check, &shimLimits, exifBytes, exif.count, &info)
            }
        return (status, info)
    }

    /// Reads `count` bytes at `offset` into `buffer`; returns an error text on failure.
    private static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, count: Int, at offset: Int)
        -> String?
    {
        var done = 0
        while done < count {
            let got = pread(fd, buffer.baseAddress! + done, count - done, off_t(offset + done))
            if got < 0 {
                if errno == EINTR { continue }
                return "cannot read the file: \(errnoText())"
            }
            if got == 0 { return "the file shrank while it was being read" }
            done += got
        }
        return nil
    }

    /// How many bytes from each end of a file go into its sample. The end of a JPEG or PNG is compressed
    /// pixel data, which differs between any two different images even when their headers agree. The sample
    /// only chooses which files are hashed whole (`ContentRules`), so a few hundred bytes do; it is worked
    /// out for every image, and hashing 4 KiB cost more than the header check's parsing.
    static let sampleLength = 512

    static func sample(head: UnsafeRawBufferPointer, tail: UnsafeRawBufferPointer) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: head)
        hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: tail[max(0, tail.count - sampleLength)...]))
        return hasher.finalize()
    }

    /// Bytes after the end marker, or nil when the tail holds no end marker at all.
    static func bytesAfterEndMarker(_ format: ImageFormat, _ tail: UnsafeRawBufferPointer) -> Int? {
        let marker: [UInt8] =
            switch format {
            case .jpeg: [0xFF, 0xD9]
            case .png: [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
            }
        guard tail.count >= marker.count else { return nil }
        var start = tail.count - marker.count
        while start >= 0 {
            if tail[start] == marker[0], (1..<marker.count).allSatisfy({ tail[start + $0] == marker[$0] }) {
                return tail.count - (start + marker.count)
            }
            start -= 1
        }
        return nil
    }

    private static func library(_ format: ImageFormat) -> String { format == .jpeg ? "libjpeg" : "libpng" }

    /// A NUL-terminated C buffer as text.
    private static func text<T>(_ buffer: T) -> String {
        withUnsafeBytes(of: buffer) { raw in
            let text = String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            return text.isEmpty ? "unreadable data" : text
        }
    }

    /// What the table row of a note says the message means.
    private static func meaning(_ note: ys_note) -> String {
        let id = text(note.rule)
        return MessageTable.row(id)?.meaning ?? id
    }

    private static func mebibytes(_ bytes: UInt64) -> String {
        formatted(Double(bytes) / 1_048_576, decimals: 1)
    }

    /// The first bytes of a file that is not an image: as text when printable, else as hex.
    private static func preview(_ bytes: UnsafeRawBufferPointer) -> String {
        let bytes = Array(bytes.prefix(16))
        if bytes.allSatisfy({ (0x20..<0x7F).contains($0) || $0 == 0x0A || $0 == 0x09 }) {
            let text = String(decoding: bytes.map { $0 == 0x0A || $0 == 0x09 ? 0x20 : $0 }, as: UTF8.self)
            return "\"\(text)\""
        }
        return bytes.map { hex($0) }.joined(separator: " ")
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}

extension ImageInspection {
    /// Keeps the first oddity's words and counts them all.
    mutating func noteOddity(_ message: String, count: Int = 1) {
        if oddity == nil { oddity = message }
        oddityCount += count
    }
}
