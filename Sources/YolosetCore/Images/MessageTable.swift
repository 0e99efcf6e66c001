internal import CImageShims

/// The C shim's table of what each libjpeg and libpng message means for the pixels (rules.c), as Swift
/// values: probes report the rows that applied by id, and messages quote a row's meaning.
enum MessageTable {
    enum Verdict: Sendable, Equatable {
        case ignore, oddity, refused, damage, unsupported, budget
    }

    struct Row: Sendable, Equatable {
        let id: String
        let verdict: Verdict
        let meaning: String
    }

    static let rows: [Row] = (0..<ys_rule_count()).map { index in
        let rule = ys_rule_at(index).pointee
        let verdict: Verdict =
            switch rule.verdict {
            case YS_VERDICT_ODDITY: .oddity
            case YS_VERDICT_REFUSED: .refused
            case YS_VERDICT_DAMAGE: .damage
            case YS_VERDICT_UNSUPPORTED: .unsupported
            case YS_VERDICT_BUDGET: .budget
            default: .ignore
            }
        return Row(id: String(cString: rule.id), verdict: verdict, meaning: String(cString: rule.meaning))
    }

    private static let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })

    static func row(_ id: String) -> Row? { byID[id] }

    /// The row the shim gives for a libjpeg message (msg_code, warning or error, before the first scan or
    /// not, first parameter).
    static func jpeg(code: Int32, isWarning: Bool, beforeFirstScan: Bool, parameter: Int32 = 0) -> String {
        String(cString: ys_jpeg_classify(code, isWarning ? 1 : 0, beforeFirstScan ? 1 : 0, parameter).pointee.id)
    }

    /// The row the shim gives for a libpng message about `chunk` (nil before the first chunk).
    static func png(chunk: String?, message: String, isError: Bool) -> String {
        let rule =
            if let chunk {
                chunk.withCString { ys_png_classify($0, message, isError ? 1 : 0) }
            } else {
                ys_png_classify(nil, message, isError ? 1 : 0)
            }
        return String(cString: rule.pointee.id)
    }
}
