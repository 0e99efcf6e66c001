/// Everything the rules know about one image while checking it, and where its findings go.
struct ImageContext {
    let config: ValidationConfig
    let file: String
    let batch: Batch
    let image: BatchImage
    /// `$.data.images[3]`
    let jsonPath: String
    let imageFile: String?
    /// Nil when the file was not found.
    let inspection: ImageInspection?
    /// Findings with the index of the annotation each is about (nil for the image itself), for ordering.
    var findings: [(annotation: Int?, finding: Finding)] = []

    /// The size boxes are measured against: the real size when the file decoded, else the declared one.
    var measuredWidth: Double {
        inspection.flatMap { $0.hasSize ? Double($0.displayedWidth) : nil } ?? Double(image.width)
    }
    var measuredHeight: Double {
        inspection.flatMap { $0.hasSize ? Double($0.displayedHeight) : nil } ?? Double(image.height)
    }

    /// Records a finding unless the config turns the rule off.
    mutating func report(_ rule: Rule, _ message: String, annotation: Int? = nil) {
        guard let severity = config.severity(of: rule) else { return }
        var path = jsonPath
        var annotationID: String?
        if let annotation {
            path += ".annotations[\(annotation)]"
            annotationID = image.annotations[annotation].id.text
        }
        findings.append(
            (
                annotation,
                Finding(
                    rule: rule, severity: severity, message: message,
                    location: .init(
                        file: file, jsonPath: path, batchID: batch.id.text, imageID: image.id.text,
                        annotationID: annotationID, imageFile: imageFile))
            ))
    }
}
