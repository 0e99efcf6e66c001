/// How thoroughly image files are checked.
public enum CheckLevel: String, Sendable, CaseIterable, Codable {
    /// Headers, EXIF and the end-of-file marker: enough for size, format and truncation at the end.
    case header
    /// Also every byte of compressed data: damage anywhere in the image is found.
    case full
}
