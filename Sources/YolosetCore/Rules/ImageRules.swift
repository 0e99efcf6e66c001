/// `image.*` rules that look at one image file: missing, corrupt, size, orientation, extension, trailing bytes.
enum ImageRules {
    static func check(_ context: inout ImageContext, location: ImageLocator.Location) {
        if case .missing(let reason) = location {
            context.report(.imageMissing, "no image file: \(reason)")
            return
        }
        guard let inspection = context.inspection else { return }
        if let problem = inspection.problem {
            context.report(.imageCorrupt, problem)
            return
        }
        let declared = (context.image.width, context.image.height)
        let stored = (inspection.storedWidth, inspection.storedHeight)
        let displayed = (inspection.displayedWidth, inspection.displayedHeight)
        if inspection.orientation != 1 && declared == stored {
            // The annotators may have seen the stored pixels or the oriented view; only a person can say.
            context.report(
                .imageOrientation,
                "EXIF orientation \(inspection.orientation) (\(ExifOrientation.describe(inspection.orientation))) "
                    + "would show it as \(displayed.0)×\(displayed.1), but the declared size is the stored "
                    + "\(stored.0)×\(stored.1); check which way up the annotators saw it")
        } else if declared != displayed {
            let rotation =
                inspection.orientation == 1
                ? ""
                : " after EXIF orientation \(inspection.orientation) (\(ExifOrientation.describe(inspection.orientation)))"
            context.report(
                .imageDimensions,
                "declared \(declared.0)×\(declared.1) but the file is \(displayed.0)×\(displayed.1)\(rotation); "
                    + "boxes were drawn on a different image or the dump is stale")
        }
        if let format = inspection.format, let file = context.imageFile,
            let message = extensionMessage(file: file, format: format)
        {
            context.report(.imageExtension, message)
        }
        if inspection.trailingBytes > 0 {
            context.report(.imageTrailingData, trailingDataMessage(inspection))
        }
    }

    /// `image.extension`'s message when the file's name disagrees with its content, else nil.
    static func extensionMessage(file: String, format: ImageFormat) -> String? {
        let fileExtension = file.split(separator: "/").last.flatMap { name in
            name.lastIndex(of: ".").map { name[name.index(after: $0)...].lowercased() }
        }
        guard fileExtension.map({ !format.extensions.contains($0) }) ?? true else { return nil }
        return "the file is a \(format.rawValue.uppercased()) but its name ends in "
            + (fileExtension.map { "'.\($0)'" } ?? "no extension")
            + "; rename it to .\(format == .jpeg ? "jpg" : "png")"
    }

    static func trailingDataMessage(_ inspection: ImageInspection) -> String {
        "\(inspection.trailingBytes) bytes follow the \(inspection.format == .png ? "IEND chunk" : "end-of-image marker"); "
            + "Ultralytics rewrites such files when it loads them"
    }
}
