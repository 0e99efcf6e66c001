/// Where a value sits in a document: `$.data.images[12].annotations[0].x_center`. Built as the reader
/// descends, rendered only when a message needs it.
indirect enum JSONPath: CustomStringConvertible, Sendable {
    case root
    case key(JSONPath, String)
    case index(JSONPath, Int)

    var description: String {
        switch self {
        case .root:
            return "$"
        case .index(let parent, let index):
            return "\(parent)[\(index)]"
        case .key(let parent, let key):
            let plain = !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
            return plain ? "\(parent).\(key)" : "\(parent)[\"\(key)\"]"
        }
    }
}
