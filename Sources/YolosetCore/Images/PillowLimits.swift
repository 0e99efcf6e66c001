/// The limits of Pillow's image loading, which decide whether Ultralytics keeps an image: its
/// `verify_image_label` opens every image with `Image.open` and `verify()`, and drops the image when
/// either raises. Values as in Pillow 13.0 and Ultralytics 8.4.
enum PillowLimits {
    /// `Image.MAX_IMAGE_PIXELS`; `Image.open` raises `DecompressionBombError` above twice this.
    static let maxImagePixels: UInt64 = 89_478_485
    /// Pixel counts above this make `Image.open` raise `DecompressionBombError`.
    static let decompressionBombPixels: UInt64 = 2 * maxImagePixels
    /// `PngImagePlugin.MAX_TEXT_CHUNK`: a zTXt, iTXt or iCCP chunk may inflate to no more than this.
    static let maxTextChunk: UInt64 = 1 << 20
    /// `PngImagePlugin.MAX_TEXT_MEMORY`: the text values of a file may add up to no more than this.
    static let maxTextMemory: UInt64 = 64 << 20
    /// Ultralytics' `check_image` refuses an image with a side shorter than this.
    static let minimumSide = 10
}
