/// What yoloset learned about one image file.
public struct ImageInspection: Sendable, Equatable {
    public var format: ImageFormat?
    public var byteCount: Int
    /// Size as stored in the file.
    public var storedWidth: Int
    public var storedHeight: Int
    /// EXIF orientation, 1 when the file has none.
    public var orientation: Int
    /// Bytes after the end-of-image marker (JPEG EOI, PNG IEND).
    public var trailingBytes: Int
    /// Why the file's pixels cannot be had: damaged, a kind no common decoder reads, over a limit.
    public var problem: ImageProblem?
    /// Why Pillow (and so Ultralytics) would refuse the file although its pixels are intact.
    public var loaderRefusal: String?
    /// What the decoder noted that loses no pixel, in its own words (the first of them, and how many).
    public var oddity: String?
    public var oddityCount: Int = 0
    /// The rows of the shim's message table that decided the check or were noted first (`MessageTable`).
    var messageRows: [String] = []
    /// A hash of the file's first and last bytes: files that differ here differ, so only files equal in
    /// size and sample need a full SHA-256 to find duplicates. Valid within one run only.
    public var sample: Int = 0

    /// Size as a viewer shows it, after EXIF orientation.
    public var displayedWidth: Int { ExifOrientation.swapsAxes(orientation) ? storedHeight : storedWidth }
    public var displayedHeight: Int { ExifOrientation.swapsAxes(orientation) ? storedWidth : storedHeight }

    /// Whether the header told the image's real size (a damaged file's header is not trusted).
    public var hasSize: Bool { problem?.kind != .damaged && storedWidth > 0 && storedHeight > 0 }

    init(
        format: ImageFormat?, byteCount: Int, storedWidth: Int = 0, storedHeight: Int = 0, orientation: Int = 1,
        trailingBytes: Int = 0, problem: ImageProblem? = nil
    ) {
        self.format = format
        self.byteCount = byteCount
        self.storedWidth = storedWidth
        self.storedHeight = storedHeight
        self.orientation = orientation
        self.trailingBytes = trailingBytes
        self.problem = problem
    }

    static func failed(_ message: String, byteCount: Int = 0, format: ImageFormat? = nil) -> ImageInspection {
        ImageInspection(format: format, byteCount: byteCount, problem: .init(kind: .damaged, message: message))
    }
}

/// Why an image's pixels cannot be had.
public struct ImageProblem: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Not an image, unreadable, truncated, or damaged data: `image.corrupt`.
        case damaged
        /// A valid kind of image that 8-bit decoders cannot open (12-bit or lossless JPEG, ...).
        case unsupported
        /// More pixels than `images.max_pixels`: not decoded.
        case overPixelLimit
        /// A full check would need more memory, or more scan work, than its budget.
        case overBudget
    }

    public var kind: Kind
    public var message: String
}
