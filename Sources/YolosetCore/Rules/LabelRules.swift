internal import Foundation

/// `label.*` rules on one YOLO label file: each row `class x_center y_center width height` (a box) or
/// `class x1 y1 x2 y2 ...` (a polygon of at least 3 points), UTF-8, one row a line. Stricter than
/// Ultralytics' `verify_image_label` everywhere: it allows coordinates up to 1.01 and class ids like `3.0`.
struct LabelRules {
    let config: ValidationConfig
    let file: String
    let imageFile: String
    /// nil when data.yaml gives no class count.
    let classCount: Int?
    /// The image as displayed (after EXIF orientation), when it decoded; boxes are measured against it.
    let imageSize: (width: Int, height: Int)?

    struct Result: Sendable {
        var findings: [Finding] = []
        var rows = 0
        var boxRows = 0
        var polygonRows = 0
        var firstBoxLine: Int?
        var firstPolygonLine: Int?
    }

    func check(_ bytes: [UInt8]) -> Result {
        var result = Result()
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var blank: [Int] = []
        var crlf: Int?
        var undecodable: Int?
        // Lines that hold anything, readable or not: a file with none is a background image.
        var written = 0
        var seen: [[Double]: Int] = [:]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            report(
                .labelEncoding, "the file starts with a UTF-8 byte-order mark; save it without one", line: 1,
                into: &result)
            lines[0] = lines[0].dropFirst(3)
        }
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            var line = raw
            if line.last == UInt8(ascii: "\r") {
                line = line.dropLast()
                if crlf == nil { crlf = number }
            }
            let tokens: [Substring]
            if line.allSatisfy({ $0 < 0x80 }) {
                // ASCII, as label files nearly always are: split by bytes, without Unicode's character rules.
                tokens = String(decoding: line, as: UTF8.self).utf8.split(whereSeparator: Self.isASCIIWhitespace)
                    .map { Substring($0) }
            } else if let text = String(bytes: line, encoding: .utf8) {
                tokens = text.split(whereSeparator: { $0.isWhitespace })
            } else {
                written += 1
                if undecodable == nil { undecodable = number }
                report(
                    .labelNotANumber, "the line is not UTF-8 text; a row holds only decimal numbers", line: number,
                    into: &result)
                continue
            }
            if tokens.isEmpty {
                blank.append(number)
                continue
            }
            written += 1
            checkRow(tokens, line: number, seen: &seen, into: &result)
        }
        if let undecodable {
            report(
                .labelEncoding,
                "line \(undecodable) is not UTF-8; Ultralytics cannot read the file and drops the image",
                line: undecodable,
                into: &result)
        }
        if written == 0 {
            report(.labelEmpty, "no objects: the image is a background image", line: nil, into: &result)
        }
        if let first = blank.first, written > 0 {
            report(
                .labelWhitespace,
                "\(blank.count) blank line\(blank.count == 1 ? "" : "s") (first: line \(first)); delete them",
                line: first, into: &result)
        }
        if let crlf {
            report(
                .labelWhitespace, "CRLF line ends (first: line \(crlf)); write \\n line ends", line: crlf,
                into: &result)
        }
        if let boxLine = result.firstBoxLine, let polygonLine = result.firstPolygonLine {
            report(
                .labelMixedTasks,
                "line \(boxLine) is a box row and line \(polygonLine) a polygon row; Ultralytics refuses a file that "
                    + "mixes them ('labels mix segment and detection rows') and drops the image; write one kind",
                line: max(boxLine, polygonLine), into: &result)
        }
        return result
    }

    /// The ASCII characters `Character.isWhitespace` holds for: tab, line feed, vertical tab, form feed,
    /// carriage return and space.
    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    private func checkRow(_ tokens: [Substring], line: Int, seen: inout [[Double]: Int], into result: inout Result) {
        let count = tokens.count
        guard count == 5 || (count >= 7 && count % 2 == 1) else {
            report(
                .labelColumns,
                "\(count) value\(count == 1 ? "" : "s"); a box row has 5 (class x_center y_center width height), "
                    + "a polygon row a class and at least 3 x y pairs (an odd number, 7 or more)",
                line: line, into: &result)
            return
        }
        result.rows += 1
        let isBox = count == 5
        if isBox {
            result.boxRows += 1
            if result.firstBoxLine == nil { result.firstBoxLine = line }
        } else {
            result.polygonRows += 1
            if result.firstPolygonLine == nil { result.firstPolygonLine = line }
        }

        let classID = checkClass(tokens[0], line: line, into: &result)
        var values: [Double] = []
        var notNumbers: [String] = []
        for (offset, token) in tokens.dropFirst().enumerated() {
            if let value = Self.decimal(token) {
                values.append(value)
            } else {
                notNumbers.append("\(columnName(offset, isBox: isBox)) '\(token)'")
            }
        }
        if !notNumbers.isEmpty {
            report(
                .labelNotANumber,
                "\(notNumbers.joined(separator: ", ")) \(notNumbers.count == 1 ? "is" : "are") not a decimal number",
                line: line, into: &result)
            return
        }
        let outside = values.enumerated().filter { !(0...1).contains($0.element) }
        if !outside.isEmpty {
            let shown = outside.prefix(4).map {
                "\(columnName($0.offset, isBox: isBox)) \(formatted($0.element, decimals: 6))"
            }
            report(
                .labelOutOfRange,
                "\(shown.joined(separator: ", "))\(outside.count > 4 ? ", …" : "") outside [0, 1]; coordinates are "
                    + "normalized to the image size",
                line: line, into: &result)
        }
        if isBox {
            checkBox(values, line: line, inRange: outside.isEmpty, into: &result)
        } else {
            let xs = stride(from: 0, to: values.count, by: 2).map { values[$0] }
            let ys = stride(from: 1, to: values.count, by: 2).map { values[$0] }
            let spanX = (xs.max() ?? 0) - (xs.min() ?? 0)
            let spanY = (ys.max() ?? 0) - (ys.min() ?? 0)
            if spanX <= 0 || spanY <= 0 {
                report(
                    .labelDegenerate,
                    "polygon spans \(formatted(spanX, decimals: 6)) × \(formatted(spanY, decimals: 6)); it encloses "
                        + "no area (redraw or delete it)",
                    line: line, into: &result)
            }
        }
        if let classID {
            let key = [Double(classID)] + values.map(inMillionths)
            if let first = seen[key] {
                report(
                    .labelDuplicate,
                    "same class and coordinates as line \(first); Ultralytics drops the copy, delete it", line: line,
                    into: &result)
            } else {
                seen[key] = line
            }
        }
    }

    private func checkClass(_ token: Substring, line: Int, into result: inout Result) -> Int? {
        let digits = token.hasPrefix("-") ? token.dropFirst() : token
        if !digits.isEmpty, digits.utf8.allSatisfy({ (48...57).contains($0) }), let value = Int(token) {
            if value < 0 || (classCount.map { value >= $0 } ?? false) {
                let known = classCount.map { "0..\($0 - 1) (nc \($0))" } ?? "0 and up"
                report(
                    .labelClassOutOfRange,
                    "class id \(value) is outside \(known); fix the id or add the class to data.yaml", line: line,
                    into: &result)
            }
            return value
        }
        if let number = Self.decimal(token), number == number.rounded(), abs(number) < 1e9 {
            report(
                .labelClassInvalid, "class id '\(token)' is not written as a whole number; write \(Int(number))",
                line: line, into: &result)
        } else {
            report(
                .labelClassInvalid, "class id '\(token)' is not a whole number; class ids are 0, 1, 2, …",
                line: line, into: &result)
        }
        return nil
    }

    private func checkBox(_ values: [Double], line: Int, inRange: Bool, into result: inout Result) {
        let (x, y, width, height) = (values[0], values[1], values[2], values[3])
        if width <= 0 || height <= 0 {
            report(
                .labelDegenerate,
                "box is \(formatted(width, decimals: 6)) wide and \(formatted(height, decimals: 6)) high; a box "
                    + "needs a positive width and height (redraw or delete it)",
                line: line, into: &result)
            return
        }
        guard inRange, let size = imageSize, size.width > 0, size.height > 0 else { return }
        let w = Double(size.width)
        let h = Double(size.height)
        let overshoots = [
            ("left", -(x - width / 2) * w), ("right", (x + width / 2) * w - w),
            ("top", -(y - height / 2) * h), ("bottom", (y + height / 2) * h - h),
        ].filter { $0.1 > config.labelTolerancePixels }
        if !overshoots.isEmpty {
            let edges = overshoots.map { "\(formatted(($0.1 * 100).rounded() / 100)) px past the \($0.0) edge" }
            report(
                .labelOutOfBounds,
                "box reaches \(edges.joined(separator: ", ")) of the \(size.width)×\(size.height) image (tolerance "
                    + "\(formatted(config.labelTolerancePixels)) px); Ultralytics clips it silently: clip or redraw it",
                line: line, into: &result)
        }
    }

    private func columnName(_ offset: Int, isBox: Bool) -> String {
        if isBox { return ["x_center", "y_center", "width", "height"][offset] }
        return "point \(offset / 2 + 1) \(offset % 2 == 0 ? "x" : "y")"
    }

    private func report(_ rule: Rule, _ message: String, line: Int?, into result: inout Result) {
        guard let severity = config.severity(of: rule) else { return }
        result.findings.append(
            Finding(
                rule: rule, severity: severity, message: message,
                location: .init(file: file, jsonPath: nil, line: line, imageFile: imageFile)))
    }

    /// A finite decimal number (`0.5`, `.5`, `1e-3`, `-2`); nil for anything else, including `nan`, `inf`
    /// and hexadecimal, which Swift's own parser would accept.
    static func decimal(_ token: Substring) -> Double? {
        var sawDigit = false
        for byte in token.utf8 {
            switch byte {
            case 48...57: sawDigit = true
            case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "e"), UInt8(ascii: "E"): break
            default: return nil
            }
        }
        guard sawDigit, let value = Double(token), value.isFinite else { return nil }
        return value
    }
}
