/// The EXIF orientation tag (0x0112) of a TIFF structure, as stored in a JPEG APP1 segment or a PNG
/// eXIf chunk. Values 5...8 swap width and height.
enum ExifOrientation {
    /// What an EXIF block says about orientation.
    enum Reading: Equatable {
        case orientation(Int)
        /// A well-formed block without the tag.
        case absent
        /// A block that is not a readable TIFF structure, and why.
        case malformed(String)
    }

    /// The orientation (1...8), or nil when the structure holds none or is unreadable.
    static func parse(_ tiff: UnsafeRawBufferPointer) -> Int? {
        if case .orientation(let value) = read(tiff) { return value }
        return nil
    }

    static func read(_ tiff: UnsafeRawBufferPointer) -> Reading {
        guard tiff.count >= 8 else { return .malformed("\(tiff.count) bytes, shorter than a TIFF header") }
        let littleEndian: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): littleEndian = true
        case (0x4D, 0x4D): littleEndian = false
        default: return .malformed("no TIFF byte-order mark (II or MM)")
        }
        func u16(_ offset: Int) -> Int? {
            guard offset >= 0, offset + 2 <= tiff.count else { return nil }
            let a = Int(tiff[offset])
            let b = Int(tiff[offset + 1])
            return littleEndian ? a | b << 8 : a << 8 | b
        }
        func u32(_ offset: Int) -> Int? {
            guard let low = u16(littleEndian ? offset : offset + 2),
                let high = u16(littleEndian ? offset + 2 : offset)
            else { return nil }
            return high << 16 | low
        }
        guard u16(2) == 42 else { return .malformed("the TIFF header's magic number is not 42") }
        guard let ifd = u32(4), let count = u16(ifd) else {
            return .malformed("its first IFD lies outside the \(tiff.count)-byte block")
        }
        for entry in 0..<count {
            let base = ifd + 2 + entry * 12
            guard let tag = u16(base) else {
                return .malformed("its first IFD's \(count) entries run past the end of the block")
            }
            if tag == 0x0112 {
                // SHORT, count 1: the value sits in the first two bytes of the value field.
                guard u16(base + 2) == 3, let value = u16(base + 8), (1...8).contains(value) else {
                    return .malformed("the orientation tag holds no value from 1 to 8")
                }
                return .orientation(value)
            }
        }
        return .absent
    }

    /// Whether displaying with this orientation swaps width and height.
    static func swapsAxes(_ orientation: Int) -> Bool { (5...8).contains(orientation) }

    /// How a message names the transform.
    static func describe(_ orientation: Int) -> String {
        switch orientation {
        case 2: "mirrored horizontally"
        case 3: "rotated 180°"
        case 4: "mirrored vertically"
        case 5: "mirrored and rotated 90°"
        case 6: "rotated 90° clockwise"
        case 7: "mirrored and rotated 270°"
        case 8: "rotated 90° counter-clockwise"
        default: "as stored"
        }
    }
}
