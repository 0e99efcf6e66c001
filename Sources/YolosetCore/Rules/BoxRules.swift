/// `box.*`: each annotation's box against [0, 1] and against the real image size.
enum BoxRules {
    static func check(_ context: inout ImageContext) {
        var seen: [DuplicateKey: Identifier] = [:]
        for (index, annotation) in context.image.annotations.enumerated() {
            guard let box = annotation.box else { continue }
            // The list of values is built only for a box that needs the message (this runs for every box).
            let inRange = [box.xCenter, box.yCenter, box.width, box.height].allSatisfy { (0...1).contains($0) }
            if !inRange {
                let values = [
                    ("x_center", box.xCenter), ("y_center", box.yCenter), ("width", box.width), ("height", box.height),
                ]
                context.report(
                    .boxOutOfRange, outOfRangeMessage(values.filter { !(0...1).contains($0.1) }), annotation: index)
            }
            let degenerate = box.width <= 0 || box.height <= 0
            if degenerate {
                context.report(
                    .boxDegenerate,
                    "box is \(formatted(box.width)) wide and \(formatted(box.height)) high; "
                        + "a box needs a positive width and height (redraw or delete it)",
                    annotation: index)
            }
            if inRange && !degenerate {
                checkPixels(box, index: index, &context)
            }
            let key = DuplicateKey(annotation.classValue, box)
            if let first = seen[key] {
                context.report(
                    .boxDuplicate,
                    "same class '\(annotation.classValue)' and box as annotation \(first); delete one of them",
                    annotation: index)
            } else {
                seen[key] = annotation.id
            }
        }
    }

    private static func checkPixels(
        _ box: (xCenter: Double, yCenter: Double, width: Double, height: Double), index: Int,
        _ context: inout ImageContext
    ) {
        let width = context.measuredWidth
        let height = context.measuredHeight
        guard width > 0, height > 0 else { return }
        let left = (box.xCenter - box.width / 2) * width
        let right = (box.xCenter + box.width / 2) * width
        let top = (box.yCenter - box.height / 2) * height
        let bottom = (box.yCenter + box.height / 2) * height
        let overshoots = [
            ("left", -left), ("right", right - width), ("top", -top), ("bottom", bottom - height),
        ].filter { $0.1 > context.config.boxTolerancePixels }
        if !overshoots.isEmpty {
            let edges = overshoots.map { "\(formatted(($0.1 * 100).rounded() / 100)) px past the \($0.0) edge" }
            context.report(
                .boxOutOfBounds,
                "box reaches \(edges.joined(separator: ", ")) of the \(Int(width))×\(Int(height)) image "
                    + "(tolerance \(formatted(context.config.boxTolerancePixels)) px); clip or redraw it",
                annotation: index)
        }
        let sideWidth = box.width * width
        let sideHeight = box.height * height
        let minimum = context.config.tinyMinSidePixels
        if sideWidth < minimum || sideHeight < minimum {
            context.report(
                .boxTiny,
                "box is \(formatted((sideWidth * 100).rounded() / 100))×\(formatted((sideHeight * 100).rounded() / 100)) px, "
                    + "under the minimum side of \(formatted(minimum)) px; check it is a real object",
                annotation: index)
        }
    }

    private static func outOfRangeMessage(_ outside: [(String, Double)]) -> String {
        let parts = outside.map { "\($0.0) \(formatted($0.1))" }
        return "\(parts.joined(separator: ", ")) outside [0, 1]; coordinates are normalized to the image size"
    }

    /// Two boxes are the same when class and coordinates agree to 6 decimals (a YOLO label's precision).
    struct DuplicateKey: Hashable {
        let classValue: String
        let xCenter: Double
        let yCenter: Double
        let width: Double
        let height: Double

        init(_ classValue: String, _ box: (xCenter: Double, yCenter: Double, width: Double, height: Double)) {
            self.classValue = classValue
            xCenter = inMillionths(box.xCenter)
            yCenter = inMillionths(box.yCenter)
            width = inMillionths(box.width)
            height = inMillionths(box.height)
        }
    }
}
