/// `image.*` rules that look at one image file: missing, corrupt, unsupported, too large, refused by the
/// loader, odd in structure, size, orientation, extension, trailing bytes.
enum ImageRules {
    static func check(_ context: inout ImageContext, location: ImageLocator.Location) {
        if case .missing(let reason) = location {
            context.report(.imageMissing, "no image file: \(reason)")
            return
        }
        guard let inspection = context.inspection else { return }
        let findings = fileFindings(inspection, file: context.imageFile, inDataset: false)
        // The size checks go between what stops the image and the notes on its file, as they are reported.
        let notes = findings.firstIndex { !Self.refusals.contains($0.rule) } ?? findings.count
        for (rule, message) in findings[..<notes] { context.report(rule, message) }
        if inspection.hasSize { checkSize(&context, inspection) }
        for (rule, message) in findings[notes...] { context.report(rule, message) }
    }

    /// `image.orientation` and `image.dimensions`: the declared size against the file's.
    private static func checkSize(_ context: inout ImageContext, _ inspection: ImageInspection) {
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
    }

    /// The rules by which an image cannot be used; `fileFindings` reports them before the others.
    static let refusals: Set<Rule> = [.imageCorrupt, .imageUnsupported, .imageTooLarge, .imageLoaderRefuses]

    /// The findings about an image file itself, in report order, wherever it was named: a dump, a Runflow or
    /// Nimble item, a YOLO dataset (`inDataset`: Ultralytics' own minimum size applies).
    static func fileFindings(_ inspection: ImageInspection, file: String?, inDataset: Bool)
        -> [(rule: Rule, message: String)]
    {
        var findings: [(rule: Rule, message: String)] = []
        let pixels = UInt64(inspection.storedWidth) * UInt64(inspection.storedHeight)
        let bomb = pixels > PillowLimits.decompressionBombPixels
        if let problem = inspection.problem {
            switch problem.kind {
            case .damaged: return [(.imageCorrupt, problem.message)]
            case .unsupported: findings.append((.imageUnsupported, problem.message))
            case .overPixelLimit where bomb: break
            case .overPixelLimit, .overBudget: findings.append((.imageTooLarge, problem.message))
            }
        }
        if bomb {
            let decoded = inspection.problem?.kind == .overPixelLimit ? "; not decoded (over images.max_pixels)" : ""
            findings.append(
                (
                    .imageLoaderRefuses,
                    "declares \(inspection.storedWidth)×\(inspection.storedHeight) = \(pixels) pixels: Pillow's "
                        + "Image.open raises DecompressionBombError over 2 × Image.MAX_IMAGE_PIXELS = "
                        + "\(PillowLimits.decompressionBombPixels) pixels, so Ultralytics drops it\(decoded); "
                        + "downscale or tile it"
                ))
        }
        if let refusal = inspection.loaderRefusal {
            findings.append(
                (
                    .imageLoaderRefuses,
                    "\(refusal); re-save the image without that chunk"
                ))
        }
        if inDataset, inspection.hasSize,
            min(inspection.displayedWidth, inspection.displayedHeight) < PillowLimits.minimumSide
        {
            findings.append(
                (
                    .imageLoaderRefuses,
                    "the image is \(inspection.displayedWidth)×\(inspection.displayedHeight); Ultralytics refuses "
                        + "images with a side under \(PillowLimits.minimumSide) pixels"
                ))
        }
        if let oddity = inspection.oddity {
            let more = inspection.oddityCount > 1 ? " (\(inspection.oddityCount - 1) more like it)" : ""
            findings.append((.imageStructure, oddity + more))
        }
        if let format = inspection.format, let file, let message = extensionMessage(file: file, format: format) {
            findings.append((.imageExtension, message))
        }
        if inspection.trailingBytes > 0 {
            findings.append((.imageTrailingData, trailingDataMessage(inspection)))
        }
        return findings
    }

    /// `image.extension`'s message when the file's name disagrees with its content, else nil.
    static func extensionMessage(file: String, format: ImageFormat) -> String? {
        // The name after the last slash, found in the UTF-8 bytes as the file system does (a search by
        // Character would break graphemes along the whole path, for every image).
        let utf8 = file.utf8
        let name = utf8.lastIndex(of: UInt8(ascii: "/")).map { utf8[utf8.index(after: $0)...] } ?? utf8[...]
        let fileExtension = name.lastIndex(of: UInt8(ascii: ".")).map { file[utf8.index(after: $0)...].lowercased() }
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
