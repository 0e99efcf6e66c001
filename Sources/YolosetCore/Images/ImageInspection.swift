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
    /// Why the file cannot be trusted (damaged, truncated, not an image, over the pixel limit).
    public var problem: String?
    /// A hash of the file's first and last bytes: files that differ here differ, so only files equal in
    /// size and sample need a full SHA-256 to find duplicates. Valid within one run only.
    public var sample: Int = 0

    /// Size as a viewer shows it, after EXIF orientation.
    public var displayedWidth: Int { ExifOrientation.swapsAxes(orientation) ? storedHeight : storedWidth }
    public var displayedHeight: Int { ExifOrientation.swapsAxes(orientation) ? storedWidth : storedHeight }

    /// Whether the file decoded far enough to know its size.
    public var hasSize: Bool { problem == nil && storedWidth > 0 && storedHeight > 0 }

    static func failed(_ problem: String, byteCount: Int = 0, format: ImageFormat? = nil) -> ImageInspection {
        ImageInspection(
            format: format, byteCount: byteCount, storedWidth: 0, storedHeight: 0, orientation: 1,
            trailingBytes: 0, problem: problem)
    }
}
