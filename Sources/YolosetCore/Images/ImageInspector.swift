internal import CImageShims

#if canImport(Glibc)
    internal import Glibc
#endif

/// Reads image files and checks them with libjpeg and libpng (through CImageShims). One inspector per
/// worker thread: it owns reusable buffers, so checking many files allocates almost nothing.
final class ImageInspector {
    let level: CheckLevel
    let maxPixels: UInt64

    /// In header mode, the first read; most JPEG and PNG headers fit, the rest ask for more.
    private static let headLength = 32 * 1024
    /// Files up to this size are read whole even in header mode: one read instead of two.
    private static let wholeFileLength = 64 * 1024
    /// The end-of-image marker is searched for in this many final bytes.
    private static let tailLength = 4 * 1024
    private static let exifCapacity = 64 * 1024

    private var buffer: UnsafeMutableRawBufferPointer
    private let tail: UnsafeMutableRawBufferPointer
    private let exif: UnsafeMutableRawBufferPointer

    init(level: CheckLevel, maxPixels: UInt64) {
        self.level = level
        self.maxPixels = maxPixels
        buffer = .allocate(byteCount: Self.wholeFileLength, alignment: 16)
        tail = .allocate(byteCount: Self.tailLength, alignment: 16)
        exif = .allocate(byteCount: Self.exifCapacity, alignment: 16)
    }

    deinit {
        buffer.deallocate()
        tail.deallocate()
        exif.deallocate()
    }

    /// Checks one file. Never throws: every problem is described in the result.
    func inspect(path: String) -> ImageInspection {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failed("cannot open the file: \(errnoText())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failed("cannot stat the file: \(errnoText())") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return .failed("not a regular file") }
        let size = Int(info.st_size)
        guard size > 0 else { return .failed("the file is empty (0 bytes)") }

        let readsWhole = level == .full || size <= Self.wholeFileLength
        var held = readsWhole ? size : Self.headLength
        if let error = read(fd, count: held) { return .failed(error, byteCount: size) }

        let format: ImageFormat
        switch ImageFormat.sniff(UnsafeRawBufferPointer(rebasing: buffer[0..<held])) {
        case .supported(let sniffed): format = sniffed
        case .other(let name):
            return .failed("a \(name) file, not a PNG or JPEG", byteCount: size)
        case .unknown:
            return .failed(
                "not a PNG or JPEG (it starts with \(Self.preview(buffer, count: held)))", byteCount: size)
        }

        var probe = runProbe(format, count: held, complete: held == size)
        if probe.status == YS_IMAGE_NEED_MORE_DATA {
            held = size
            if let error = read(fd, count: held) { return .failed(error, byteCount: size, format: format) }
            probe = runProbe(format, count: held, complete: true)
        }

        var result = ImageInspection(
            format: format, byteCount: size, storedWidth: Int(probe.info.width),
            storedHeight: Int(probe.info.height), orientation: 1, trailingBytes: 0, problem: nil)
        if probe.info.exif_length > 0 {
            let bytes = UnsafeRawBufferPointer(rebasing: exif[0..<probe.info.exif_length])
            result.orientation = ExifOrientation.parse(bytes) ?? 1
        }

        let decoderMessage = Self.message(probe.info)
        switch probe.status {
        case YS_IMAGE_OK: break
        case YS_IMAGE_TOO_LARGE:
            let pixels = UInt64(probe.info.width) * UInt64(probe.info.height)
            result.problem =
                "declares \(probe.info.width)×\(probe.info.height) = \(pixels) pixels, over the limit of "
                + "\(maxPixels); refused before decoding (a decompression bomb, or raise images.max_pixels)"
            return result
        default:
            let library = format == .jpeg ? "libjpeg" : "libpng"
            result.problem = "damaged or truncated \(format.rawValue.uppercased()) data (\(library): \(decoderMessage))"
            return result
        }

        // The end-of-image marker: in header mode the only sign of a file cut short.
        let tailBytes: UnsafeRawBufferPointer
        if held == size {
            let start = max(0, size - Self.tailLength)
            tailBytes = UnsafeRawBufferPointer(rebasing: buffer[start..<size])
        } else {
            let count = min(size, Self.tailLength)
            let got = pread(fd, tail.baseAddress, count, off_t(size - count))
            guard got == count else {
                result.problem = "cannot read the end of the file: \(errnoText())"
                return result
            }
            tailBytes = UnsafeRawBufferPointer(tail)
        }
        result.sample = Self.sample(
            head: UnsafeRawBufferPointer(rebasing: buffer[0..<min(held, Self.sampleLength)]), tail: tailBytes)
        if let trailing = Self.bytesAfterEndMarker(format, tailBytes) {
            result.trailingBytes = trailing
        } else {
            result.problem =
                "the file is truncated: no \(format == .jpeg ? "JPEG end-of-image marker" : "PNG IEND chunk") at its end"
        }
        return result
    }

    private struct Probe {
        var status: ys_image_status
        var info: ys_image_info
    }

    private func runProbe(_ format: ImageFormat, count: Int, complete: Bool) -> Probe {
        var info = ys_image_info()
        let data = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: UInt8.self)
        let exifBytes = exif.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let check = level == .full ? YS_CHECK_FULL : YS_CHECK_HEADER
        let status =
            switch format {
            case .jpeg:
                ys_jpeg_probe(data, count, complete ? 1 : 0, check, maxPixels, exifBytes, exif.count, &info)
            case .png:
                ys_png_probe(data, count, complete ? 1 : 0, check, maxPixels, exifBytes, exif.count, &info)
            }
        return Probe(status: status, info: info)
    }

    /// Fills the buffer with the file's first `count` bytes; returns an error text on failure.
    private func read(_ fd: Int32, count: Int) -> String? {
        if buffer.count < count {
            buffer.deallocate()
            buffer = .allocate(byteCount: max(count, buffer.count * 2), alignment: 16)
        }
        var done = 0
        while done < count {
            let got = pread(fd, buffer.baseAddress! + done, count - done, off_t(done))
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
    /// pixel data, which differs between any two different images even when their headers agree.
    static let sampleLength = 2 * 1024

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

    private static func message(_ info: ys_image_info) -> String {
        withUnsafeBytes(of: info.message) { raw in
            let bytes = raw.prefix { $0 != 0 }
            let text = String(decoding: bytes, as: UTF8.self)
            return text.isEmpty ? "unreadable data" : text
        }
    }

    /// The first bytes of a file that is not an image: as text when printable, else as hex.
    private static func preview(_ buffer: UnsafeMutableRawBufferPointer, count: Int) -> String {
        let bytes = Array(buffer[0..<min(count, 16)])
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
