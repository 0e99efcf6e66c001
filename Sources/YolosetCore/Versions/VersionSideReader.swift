internal import CImageShims

#if canImport(Glibc)
    internal import Glibc
#endif

/// Reads version.json's rows into a `VersionSide` from `JSONEventReader`'s events, keeping only the row
/// being read. It reads what the tree reader read, the same way: a key given twice counts the last time;
/// an optional member that is null is absent; a member the diff reads that has the wrong type, or a
/// required one that is missing, is an error naming its path; other members are not looked at. Errors
/// wait for the end of the document and come in the tree reader's order (images, annotations, classes),
/// as a later `version_images` key would replace an earlier one whole.
struct VersionSideReader {
    let file: String
    /// At most how many rows an array can hold: a row takes more than 64 bytes of the file.
    private let rowLimit: Int
    private var side = VersionSide()

    /// The top-level arrays the diff reads.
    private enum Section: Int {
        case images
        case annotations
        case classes
    }

    /// Members of a row that the diff reads.
    private enum Field {
        case imageID
        case split
        case sha256
        case annotationID
        case classValue
        case box
        case geometry
        case originalClassID
        case rawValue
        case originalName
        case name
        case yoloIndex
        case other
    }

    /// How many containers are open around the next event.
    private var depth = 0
    private var rootIsObject = false
    /// The top-level member being read, nil for one the diff does not read.
    private var section: Section?
    /// Whether it is `summary`, and the member of it being read: its counts of images and annotations
    /// size the arrays before their rows come (a guess, never more than `rowLimit`).
    private var inSummary = false
    private var summaryCount: Section?
    private var expectedRows = [0, 0, 0]
    /// The first error of each section, thrown by `finish()`.
    private var errors: [DumpError?] = [nil, nil, nil]
    /// The index of the row being read in its section's array.
    private var row = -1
    /// The member of the row being read, and inside `box` the coordinate (0...3, or -1).
    private var field = Field.other
    private var coordinate = -1

    // The row being read: each member as its last key left it.
    private var imageID = Member<[UInt8]>(value: [])
    private var split = Member<[UInt8]>(value: [])
    private var sha256 = Member<[UInt8]>(value: [])
    private var annotationID = Member<[UInt8]>(value: [])
    private var classValue = Member<[UInt8]>(value: [])
    private var box = Presence.absent
    private var coordinates = [Member<Double>](repeating: Member(value: 0), count: 4)
    private var geometry = Presence.absent
    private var points: [Double] = []
    /// The first element of `geometry` that is not a number: its index and what it is.
    private var badPoint: (index: Int, found: String)?
    private var originalClassID = Member<String>(value: "")
    private var rawValue = Member<String>(value: "")
    private var originalName = Member<String>(value: "")
    private var name = Member<String>(value: "")
    private var yoloIndex = Member<Int>(value: 0)
    /// The split names of `side.splitNames`, as bytes.
    private var splitBytes: [[UInt8]] = []
    /// An annotation's coordinates, its signature text, and one coordinate's text: buffers kept from row to row.
    private var values: [Double] = []
    private var signature: [UInt8] = []
    private var digits = [CChar](repeating: 0, count: 400)

    /// Whether a member was given, and as what.
    private enum Presence {
        case absent
        case null
        /// A value of another type than the one read: what it is, for the message.
        case wrong(String)
        case present
    }

    /// A member's value as its last key left it: `value` means something only when it is `present`.
    private struct Member<Value> {
        var presence = Presence.absent
        var value: Value

        mutating func take(_ event: JSONEvent) where Value == [UInt8] {
            switch event {
            case .string(let bytes):
                presence = .present
                value.removeAll(keepingCapacity: true)
                value.append(contentsOf: bytes)
            case .null: presence = .null
            default: presence = .wrong(event.found)
            }
        }

        mutating func take(_ event: JSONEvent) where Value == String {
            switch event {
            case .string(let bytes):
                presence = .present
                value = String(decoding: bytes, as: UTF8.self)
            case .null: presence = .null
            default: presence = .wrong(event.found)
            }
        }

        mutating func take(_ event: JSONEvent) where Value == Double {
            switch event {
            case .integer(let number):
                presence = .present
                value = Double(number)
            case .double(let number):
                presence = .present
                value = number
            case .null: presence = .null
            default: presence = .wrong(event.found)
            }
        }

        /// An integer, or a double with no fraction (as the tree reader took it).
        mutating func take(_ event: JSONEvent) where Value == Int {
            switch event {
            case .integer(let number):
                presence = .present
                value = Int(number)
            case .double(let number) where number == number.rounded() && abs(number) < 1e15:
                presence = .present
                value = Int(number)
            case .null: presence = .null
            default: presence = .wrong(event.found)
            }
        }
    }

    /// A reader of `file`, which is `byteCount` bytes long.
    init(file: String, byteCount: Int) {
        self.file = file
        rowLimit = max(byteCount, 0) / 64
    }

    /// The side read, once the document has ended; the first error, if any.
    mutating func finish() throws(DumpError) -> VersionSide {
        guard rootIsObject else { throw malformed(.root, "expected an object, found nothing") }
        if let error = errors.lazy.compactMap({ $0 }).first { throw error }
        var result = VersionSide()
        swap(&result, &side)
        return result
    }

    mutating func take(_ event: JSONEvent) throws(DumpError) {
        switch event {
        case .endObject, .endArray:
            depth -= 1
            if depth == 2, case .endObject = event, let section, errors[section.rawValue] == nil {
                finishRow(section)
            }
            return
        case .key(let key):
            switch depth {
            case 1:
                section = Self.section(key)
                inSummary = key.spells("summary")
            case 2:
                summaryCount =
                    !inSummary ? nil : key.spells("images") ? .images : key.spells("annotations") ? .annotations : nil
            case 3: if let section { field = Self.field(key, in: section) }
            case 4: coordinate = field == .box ? Self.coordinate(key) : -1
            default: break
            }
            return
        default:
            break
        }
        // A value, or the start of one.
        switch depth {
        case 0:
            guard case .startObject = event else { throw malformed(.root, "expected an object, found \(event.found)") }
            rootIsObject = true
        case 1:
            if let section { startSection(section, event) }
        case 2:
            if let section, errors[section.rawValue] == nil {
                startRow(section, event)
            } else if let summaryCount, case .integer(let count) = event {
                expectedRows[summaryCount.rawValue] = Int(clamping: min(max(count, 0), Int64(rowLimit)))
            }
        case 3:
            if let section, errors[section.rawValue] == nil { takeMember(event) }
        case 4:
            if section == .annotations, errors[Section.annotations.rawValue] == nil { takeInner(event) }
        default:
            break
        }
        switch event {
        case .startObject, .startArray: depth += 1
        default: break
        }
    }

    // MARK: Keys

    private static func section(_ key: UnsafeRawBufferPointer) -> Section? {
        if key.spells("version_images") { return .images }
        if key.spells("version_annotations") { return .annotations }
        if key.spells("version_classes") { return .classes }
        return nil
    }

    private static func field(_ key: UnsafeRawBufferPointer, in section: Section) -> Field {
        switch section {
        case .images:
            if key.spells("original_image_id") { return .imageID }
            if key.spells("split") { return .split }
            if key.spells("sha256") { return .sha256 }
        case .annotations:
            if key.spells("original_annotation_id") { return .annotationID }
            if key.spells("version_class_value") { return .classValue }
            if key.spells("box") { return .box }
            if key.spells("geometry") { return .geometry }
        case .classes:
            if key.spells("original_class_id") { return .originalClassID }
            if key.spells("raw_value") { return .rawValue }
            if key.spells("original_name") { return .originalName }
            if key.spells("name") { return .name }
            if key.spells("yolo_index") { return .yoloIndex }
        }
        return .other
    }

    /// A box's coordinates, in the order the signature lists them.
    private static let coordinateKeys = ["x_center", "y_center", "width", "height"]

    private static func coordinate(_ key: UnsafeRawBufferPointer) -> Int {
        if key.spells("x_center") { return 0 }
        if key.spells("y_center") { return 1 }
        if key.spells("width") { return 2 }
        if key.spells("height") { return 3 }
        return -1
    }

    // MARK: Values

    /// A section's array starts again: a key given twice keeps its last value. Null is no rows.
    private mutating func startSection(_ section: Section, _ event: JSONEvent) {
        errors[section.rawValue] = nil
        row = -1
        let rows = expectedRows[section.rawValue]
        switch section {
        case .images:
            side.imageIDs = IDArena(reservingRows: rows)
            side.imageSplits = []
            side.imageSplits.reserveCapacity(rows)
            side.imageContents = []
            side.imageContents.reserveCapacity(rows)
            side.splitNames = []
            splitBytes = []
        case .annotations:
            side.annotationIDs = IDArena(reservingRows: rows)
            side.annotationShapes = []
            side.annotationShapes.reserveCapacity(rows)
        case .classes:
            side.classes = [:]
        }
        switch event {
        case .startArray, .null: break
        default: errors[section.rawValue] = malformed(.key(.root, Self.name(of: section)), expected("an array", event))
        }
    }

    private mutating func startRow(_ section: Section, _ event: JSONEvent) {
        row += 1
        guard case .startObject = event else {
            errors[section.rawValue] = malformed(rowPath(section), expected("an object", event))
            return
        }
        field = .other
        switch section {
        case .images:
            imageID.presence = .absent
            split.presence = .absent
            sha256.presence = .absent
        case .annotations:
            annotationID.presence = .absent
            classValue.presence = .absent
            box = .absent
            geometry = .absent
        case .classes:
            originalClassID.presence = .absent
            rawValue.presence = .absent
            originalName.presence = .absent
            name.presence = .absent
            yoloIndex.presence = .absent
        }
    }

    private mutating func takeMember(_ event: JSONEvent) {
        switch field {
        case .imageID: imageID.take(event)
        case .split: split.take(event)
        case .sha256: sha256.take(event)
        case .annotationID: annotationID.take(event)
        case .classValue: classValue.take(event)
        case .originalClassID: originalClassID.take(event)
        case .rawValue: rawValue.take(event)
        case .originalName: originalName.take(event)
        case .name: name.take(event)
        case .yoloIndex: yoloIndex.take(event)
        case .box:
            switch event {
            case .startObject: box = .present
            case .null: box = .null
            default: box = .wrong(event.found)
            }
            for index in coordinates.indices { coordinates[index].presence = .absent }
        case .geometry:
            switch event {
            case .startArray: geometry = .present
            case .null: geometry = .null
            default: geometry = .wrong(event.found)
            }
            points.removeAll(keepingCapacity: true)
            badPoint = nil
        case .other:
            break
        }
    }

    /// A value inside an annotation's `box` or `geometry`.
    private mutating func takeInner(_ event: JSONEvent) {
        switch field {
        case .box:
            if case .present = box, coordinate >= 0 { coordinates[coordinate].take(event) }
        case .geometry:
            guard case .present = geometry, badPoint == nil else { return }
            switch event {
            case .integer(let number): points.append(Double(number))
            case .double(let number): points.append(number)
            default: badPoint = (points.count, event.found)
            }
        default:
            break
        }
    }

    // MARK: Rows

    /// Checks the row just read, in the order the tree reader read its members, and keeps it.
    private mutating func finishRow(_ section: Section) {
        do throws(DumpError) {
            switch section {
            case .images: try finishImage()
            case .annotations: try finishAnnotation()
            case .classes: try finishClass()
            }
        } catch {
            errors[section.rawValue] = error
        }
    }

    private mutating func finishImage() throws(DumpError) {
        let id = try required(imageID, .images, "original_image_id", "a string")
        let splitName = try required(split, .images, "split", "a string")
        let content = try required(sha256, .images, "sha256", "a string")
        guard side.imageIDs.append(id) else { throw tooLarge() }
        side.imageSplits.append(try splitIndex(splitName))
        side.imageContents.append(content.withUnsafeBytes { Digest32(field: $0) })
    }

    private mutating func finishAnnotation() throws(DumpError) {
        values.removeAll(keepingCapacity: true)
        switch box {
        case .absent, .null: break
        case .wrong(let found): throw malformed(memberPath(.annotations, "box"), "expected an object, found \(found)")
        case .present:
            for (index, coordinate) in coordinates.enumerated() {
                guard case .present = coordinate.presence else {
                    let key = Self.coordinateKeys[index]
                    throw malformed(.key(memberPath(.annotations, "box"), key), problem(coordinate, "a number"))
                }
                values.append(coordinate.value)
            }
        }
        switch geometry {
        case .absent, .null: break
        case .wrong(let found):
            throw malformed(memberPath(.annotations, "geometry"), "expected an array, found \(found)")
        case .present:
            if let badPoint {
                throw malformed(
                    .index(memberPath(.annotations, "geometry"), badPoint.index),
                    "expected a number, found \(badPoint.found)")
            }
            values += points
        }
        let classText = try required(classValue, .annotations, "version_class_value", "a string")
        let id = try required(annotationID, .annotations, "original_annotation_id", "a string")
        guard side.annotationIDs.append(id) else { throw tooLarge() }
        side.annotationShapes.append(shape(classText))
    }

    private mutating func finishClass() throws(DumpError) {
        let originalID = try optional(originalClassID, "original_class_id")
        let raw = try optional(rawValue, "raw_value")
        let key: String
        if let identifier = originalID ?? raw {
            key = identifier
        } else {
            key = try required(originalName, .classes, "original_name", "a string")
        }
        side.classes[key] = (
            try required(name, .classes, "name", "a string"),
            try required(yoloIndex, .classes, "yolo_index", "an integer")
        )
    }

    /// The SHA-256 of the text the diff has always compared annotations by: the class value, a space, and
    /// `values` with six decimals (`%.6f`), space-separated. Coordinates that differ only past the sixth
    /// decimal are the same.
    private mutating func shape(_ classText: [UInt8]) -> Digest32 {
        signature.removeAll(keepingCapacity: true)
        classText.withUnsafeBytes { Digest32.appendCanonical($0, to: &signature) }
        signature.append(UInt8(ascii: " "))
        for (index, value) in values.enumerated() {
            if index > 0 { signature.append(UInt8(ascii: " ")) }
            digits.withUnsafeMutableBufferPointer { digits in
                // %.6f of the largest double is 316 characters.
                let length = Int(ys_format_fixed6(value, digits.baseAddress!, digits.count))
                UnsafeRawBufferPointer(digits).withMemoryRebound(to: UInt8.self) { text in
                    signature.append(contentsOf: text.prefix(min(length, text.count)))
                }
            }
        }
        return Digest32(hashing: signature)
    }

    /// The split's index in `splitNames`, added there if new.
    private mutating func splitIndex(_ name: [UInt8]) throws(DumpError) -> UInt8 {
        if let index = splitBytes.firstIndex(of: name) { return UInt8(index) }
        guard splitBytes.count <= Int(UInt8.max) else {
            throw malformed(memberPath(.images, "split"), "more than 256 different splits in one version")
        }
        splitBytes.append(name)
        side.splitNames.append(String(decoding: name, as: UTF8.self))
        return UInt8(splitBytes.count - 1)
    }

    // MARK: Members and messages

    private func required<Value>(
        _ member: Member<Value>, _ section: Section, _ key: String, _ kind: String
    ) throws(DumpError) -> Value {
        guard case .present = member.presence else { throw malformed(memberPath(section, key), problem(member, kind)) }
        return member.value
    }

    /// What is wrong with a required member that is not `present`.
    private func problem<Value>(_ member: Member<Value>, _ kind: String) -> String {
        switch member.presence {
        case .absent: "required field is missing"
        case .null: "expected \(kind), found null"
        case .wrong(let found): "expected \(kind), found \(found)"
        case .present: "present"
        }
    }

    /// A member that may be absent or null.
    private func optional(_ member: Member<String>, _ key: String) throws(DumpError) -> String? {
        switch member.presence {
        case .absent, .null: return nil
        case .wrong(let found): throw malformed(memberPath(.classes, key), "expected a string, found \(found)")
        case .present: return member.value
        }
    }

    private static func name(of section: Section) -> String {
        switch section {
        case .images: "version_images"
        case .annotations: "version_annotations"
        case .classes: "version_classes"
        }
    }

    private func rowPath(_ section: Section) -> JSONPath {
        .index(.key(.root, Self.name(of: section)), row)
    }

    private func memberPath(_ section: Section, _ key: String) -> JSONPath {
        .key(rowPath(section), key)
    }

    private func expected(_ kind: String, _ event: JSONEvent) -> String {
        "expected \(kind), found \(event.found)"
    }

    private func malformed(_ path: JSONPath, _ problem: String) -> DumpError {
        .malformed(file: file, jsonPath: path.description, problem: problem)
    }

    private func tooLarge() -> DumpError {
        .unreadable(file: file, reason: "its ids take more than 4 GiB")
    }
}

extension UnsafeRawBufferPointer {
    /// Whether the bytes are `name`'s.
    fileprivate func spells(_ name: StaticString) -> Bool {
        count == name.utf8CodeUnitCount && (count == 0 || memcmp(baseAddress!, name.utf8Start, count) == 0)
    }
}
