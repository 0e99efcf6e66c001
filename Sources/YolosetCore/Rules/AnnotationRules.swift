/// `class.unknown`, `confidence.out-of-range`, `geometry.invalid`: each annotation's own fields.
enum AnnotationRules {
    static func check(_ context: inout ImageContext) {
        let project = context.batch.project
        for (index, annotation) in context.image.annotations.enumerated() {
            if let project {
                if project.resolveClass(annotation.classValue) == nil {
                    let known = project.classes.map { "\($0.rawValue ?? "?")=\($0.name)" }.joined(separator: ", ")
                    context.report(
                        .classUnknown,
                        "class_value '\(annotation.classValue)' matches no class of project "
                            + "'\(project.name ?? project.id?.text ?? "?")' (known: \(known.isEmpty ? "none" : known))",
                        annotation: index)
                }
            } else {
                context.report(
                    .classUnknown,
                    "class_value '\(annotation.classValue)' cannot be resolved: the batch has no project "
                        + "(raw pool); assign the batch to a project first",
                    annotation: index)
            }
            if let confidence = annotation.confidence, !(0...1).contains(confidence) {
                context.report(
                    .confidenceOutOfRange, "confidence \(formatted(confidence)) is outside [0, 1]", annotation: index)
            }
            checkGeometry(annotation, index: index, &context)
        }
    }

    private static func checkGeometry(_ annotation: Annotation, index: Int, _ context: inout ImageContext) {
        guard let geometry = annotation.geometry, geometry.value != .null else {
            if annotation.type == "polygon" {
                context.report(.geometryInvalid, "polygon annotation has no geometry", annotation: index)
            }
            return
        }
        let values: [Double]
        switch Polygon.parse(geometry) {
        case .unreadable(let reason):
            context.report(.geometryInvalid, reason, annotation: index)
            return
        case .values(let parsed):
            values = parsed
        }
        if values.count % 2 != 0 {
            context.report(
                .geometryInvalid,
                "polygon has \(values.count) values, an odd number; points are x, y pairs", annotation: index)
            return
        }
        if values.count < 6 {
            context.report(
                .geometryInvalid, "polygon has \(values.count / 2) points; at least 3 are needed", annotation: index)
            return
        }
        let width = context.measuredWidth
        let height = context.measuredHeight
        let toleranceX = width > 0 ? context.config.geometryTolerancePixels / width : 0
        let toleranceY = height > 0 ? context.config.geometryTolerancePixels / height : 0
        var outside: [String] = []
        for point in stride(from: 0, to: values.count, by: 2) {
            let x = values[point]
            let y = values[point + 1]
            let xInside = x.isFinite && x >= -toleranceX && x <= 1 + toleranceX
            let yInside = y.isFinite && y >= -toleranceY && y <= 1 + toleranceY
            if !xInside || !yInside {
                outside.append("point \(point / 2) (\(formatted(x)), \(formatted(y)))")
            }
        }
        if !outside.isEmpty {
            let shown = outside.prefix(3).joined(separator: ", ") + (outside.count > 3 ? ", …" : "")
            context.report(
                .geometryInvalid,
                "\(outside.count) polygon point\(outside.count == 1 ? " lies" : "s lie") outside the image: \(shown); "
                    + "points are normalized to [0, 1]",
                annotation: index)
        }
    }
}
