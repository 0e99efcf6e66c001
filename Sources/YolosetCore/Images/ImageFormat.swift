/// The image formats yoloset reads, and what a file's first bytes say it is.
public enum ImageFormat: String, Sendable, Codable {
    case jpeg, png

    /// File name extensions that belong to the format (lower case, without the dot).
    public var extensions: Set<String> {
        switch self {
        case .jpeg: Self.jpegExtensions
        case .png: Self.pngExtensions
        }
    }

    // Made once: the rules ask for every image.
    private static let jpegExtensions: Set<String> = ["jpg", "jpeg", "jpe", "jfif"]
    private static let pngExtensions: Set<String> = ["png"]

    /// What the first bytes of a file are.
    enum Sniffed: Equatable {
        case supported(ImageFormat)
        /// A recognized format yoloset does not accept, by name.
        case other(String)
        case unknown
    }

    static func sniff(_ head: UnsafeRawBufferPointer) -> Sniffed {
        func starts(_ bytes: [UInt8]) -> Bool {
            head.count >= bytes.count && zip(head, bytes).allSatisfy { $0 == $1 }
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .supported(.jpeg) }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .supported(.png) }
        if starts(Array("GIF8".utf8)) { return .other("GIF") }
        if starts(Array("BM".utf8)) { return .other("BMP") }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .other("TIFF") }
        if head.count >= 12, starts(Array("RIFF".utf8)),
            Array(head[8..<12]) == Array("WEBP".utf8)
        {
            return .other("WebP")
        }
        if head.count >= 12, Array(head[4..<8]) == Array("ftyp".utf8) { return .other("HEIF/AVIF") }
        return .unknown
    }
}
