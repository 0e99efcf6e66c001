/// Where a value sits in a document: `$.data.images[12].annotations[0].x_center`. Built as the reader
/// descends, rendered only when a message needs it.
indirect enum JSONPath: CustomStringConvertible, Sendable {
    case root
    case key(JSONPath, String)
    case index(JSONPath, Int)

    /// One step down from a value: a member's key or an element's index.
    enum Step: Sendable {
        case key(String)
        case index(Int)

        /// The path this step leads to from `parent`.
        func below(_ parent: JSONPath) -> JSONPath {
            switch self {
            case .key(let key): .key(parent, key)
            case .index(let index): .index(parent, index)
            }
        }
    }

    var description: String {
        switch self {
        case .root:
            return "$"
        case .index(let parent, let index):
            return "\(parent)\(Self.segment(index: index))"
        case .key(let parent, let key):
            return "\(parent)\(Self.segment(key: key))"
        }
    }

    /// How a member below its parent is written: `.name` for a plain key, `["a key"]` for any other.
    /// `JSONPositions` writes paths with it too, so the paths it finds are the paths findings name.
    static func segment(key: String) -> String {
        isPlain(key) ? ".\(key)" : "[\"\(key)\"]"
    }

    /// Letters, digits and `_` only. ASCII keys are told by their bytes; only others need Unicode's
    /// properties of each character.
    private static func isPlain(_ key: String) -> Bool {
        guard !key.isEmpty else { return false }
        var ascii = true
        for byte in key.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "_"):
                continue
            case 0x80...:
                ascii = false
            default:
                return false
            }
        }
        return ascii || key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// How an array element below its parent is written: `[3]`.
    static func segment(index: Int) -> String {
        "[\(index)]"
    }
}
