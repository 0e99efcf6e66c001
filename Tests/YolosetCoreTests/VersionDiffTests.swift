import Foundation
import Testing
import YolosetTestSupport

@testable import YolosetCore

/// What `diff` reads of a version.json and how it compares two: as the tree reader and its dictionaries
/// did (the last of a repeated key counts, ids compare as Swift Strings, coordinates at six decimals).
@Suite struct VersionDiffTests {
    /// A version folder holding `json` as its version.json.
    static func version(_ json: String) throws -> String {
        let folder = try CLI.temporaryDirectory().path
        try Data(json.utf8).write(to: URL(fileURLWithPath: "\(folder)/version.json"))
        return folder
    }

    static func diff(_ old: String, _ new: String) throws -> VersionDiff {
        VersionDiff(
            from: 1, to: 2, old: try VersionSide.read(try version(old)), new: try VersionSide.read(try version(new)))
    }

    static func image(_ id: String, _ split: String, _ sha: String = String(repeating: "ab", count: 32)) -> String {
        #"{"original_image_id": "\#(id)", "split": "\#(split)", "sha256": "\#(sha)", "width": 64}"#
    }

    static func box(_ id: String, _ x: String, classValue: String = "0") -> String {
        #"{"box": {"height": 0.25, "width": 0.25, "x_center": \#(x), "y_center": 0.5}, "#
            + #""original_annotation_id": "\#(id)", "version_class_value": "\#(classValue)"}"#
    }

    @Test func imagesAreMatchedByIdWhateverTheirOrderAndTheLastOfARepeatedIdCounts() throws {
        let old =
            #"{"version_images": [\#(Self.image("c", "train")), \#(Self.image("a", "train")), "#
            + #"\#(Self.image("b", "val")), \#(Self.image("gone", "test"))]}"#
        let new =
            #"{"version_images": [\#(Self.image("b", "val", String(repeating: "cd", count: 32))), "#
            + #"\#(Self.image("a", "train")), \#(Self.image("a", "test")), \#(Self.image("c", "train")), "#
            + #"\#(Self.image("new", "train"))], "extra": {"version_images": 3}}"#
        let diff = try Self.diff(old, new)
        #expect(diff.imagesAdded == ["new"])
        #expect(diff.imagesRemoved == ["gone"])
        #expect(diff.imagesMoved == [VersionDiff.Move(imageID: "a", from: "train", to: "test")])
        #expect(diff.imagesChanged == ["b"])
        #expect(!diff.isEmpty)
    }

    @Test func idsOrderAndMatchAsSwiftStrings() throws {
        // "é" composed in one file and decomposed in the other is one image; it sorts after "f" and "z",
        // as Swift orders Strings (its bytes, decomposed, would sort before "f").
        let old = #"{"version_images": [\#(Self.image("img-\u{e9}", "train")), \#(Self.image("img-z", "train"))]}"#
        let new =
            #"{"version_images": [\#(Self.image("img-z", "val")), \#(Self.image("img-e\u{301}", "val")), "#
            + #"\#(Self.image("img-f", "val"))]}"#
        let diff = try Self.diff(old, new)
        #expect(diff.imagesAdded == ["img-f"])
        #expect(diff.imagesRemoved.isEmpty)
        #expect(diff.imagesMoved.map(\.imageID) == ["img-z", "img-e\u{301}"])
        #expect(diff.imagesMoved.last?.imageID.unicodeScalars.count == 6, "the newer version's spelling")
    }

    @Test func annotationsCompareByClassAndCoordinatesAtSixDecimals() throws {
        let old =
            #"{"version_annotations": ["#
            + [
                Self.box("same", "0.5"), Self.box("tiny", "0.5"), Self.box("tie", "0.0078125"), Self.box("zero", "0.0"),
                Self.box("int", "1"), Self.box("class", "0.5"), Self.box("gone", "0.5"),
                #"{"geometry": [0.1, 0.2, 0.3], "original_annotation_id": "poly", "version_class_value": "1"}"#,
            ].joined(separator: ", ") + "]}"
        let new =
            #"{"version_annotations": ["#
            + [
                Self.box("same", "0.5"), Self.box("tiny", "0.5000004"), Self.box("tie", "0.007812"),
                Self.box("zero", "-0.0"), Self.box("int", "1.0"), Self.box("class", "0.5", classValue: "1"),
                Self.box("new", "0.5"),
                #"{"original_annotation_id": "poly", "version_class_value": "1", "geometry": [0.1, 0.2, 0.31]}"#,
            ].joined(separator: ", ") + "]}"
        let diff = try Self.diff(old, new)
        #expect(diff.annotationsAdded == ["new"])
        #expect(diff.annotationsRemoved == ["gone"])
        // -0.0 prints as -0.000000; 0.0078125 rounds to even, as 0.007812.
        #expect(diff.annotationsChanged == ["class", "poly", "zero"])
    }

    @Test func classesAreRenamedAddedRemovedAndReindexed() throws {
        let old =
            #"{"version_classes": [{"name": "car", "original_class_id": "c1", "yolo_index": 0}, "#
            + #"{"name": "dog", "raw_value": "7", "yolo_index": 1}, {"name": "bird", "original_name": "bird", "yolo_index": 2}]}"#
        let new =
            #"{"version_classes": [{"name": "vehicle", "original_class_id": "c1", "yolo_index": 0}, "#
            + #"{"name": "bird", "original_name": "bird", "yolo_index": 1.0}, {"name": "cat", "raw_value": "9", "yolo_index": 2}]}"#
        let diff = try Self.diff(old, new)
        #expect(diff.classesRenamed == [VersionDiff.Rename(original: "c1", from: "car", to: "vehicle")])
        #expect(diff.classesAdded == ["cat"])
        #expect(diff.classesRemoved == ["dog"])
        #expect(diff.classesReindexed == [VersionDiff.Reindex(name: "bird", from: 2, to: 1)])
    }

    @Test func aVersionAgainstItselfIsEmptyAndNullListsAreEmpty() throws {
        let json = #"{"version_images": [\#(Self.image("a", "train"))], "version_annotations": null}"#
        #expect(try Self.diff(json, json).isEmpty)
        #expect(try Self.diff(json, json).text == "v1 → v2\n  no differences")
    }

    @Test(arguments: [
        (#"[]"#, "$: expected an object, found an array"),
        (#"{"version_images": {}}"#, "$.version_images: expected an array, found an object"),
        (#"{"version_images": [3]}"#, "$.version_images[0]: expected an object, found 3"),
        (
            #"{"version_images": [{"original_image_id": "a", "split": "val"}]}"#,
            "$.version_images[0].sha256: required field is missing"
        ),
        (
            #"{"version_images": [{"original_image_id": "a", "split": null, "sha256": ""}]}"#,
            "$.version_images[0].split: expected a string, found null"
        ),
        (
            #"{"version_annotations": [{"box": {"x_center": "0.5"}, "original_annotation_id": "a", "version_class_value": "0"}]}"#,
            #"$.version_annotations[0].box.x_center: expected a number, found a string ("0.5")"#
        ),
        (
            #"{"version_annotations": [{"geometry": [0.5, [1]], "original_annotation_id": "a", "version_class_value": "0"}]}"#,
            "$.version_annotations[0].geometry[1]: expected a number, found an array"
        ),
        (
            #"{"version_classes": [{"name": "a", "raw_value": 1, "yolo_index": 0}]}"#,
            "$.version_classes[0].raw_value: expected a string, found 1"
        ),
        (
            #"{"version_classes": [{"name": "a", "yolo_index": 0.5, "raw_value": "1"}]}"#,
            "$.version_classes[0].yolo_index: expected an integer, found 0.5"
        ),
        (
            #"{"version_classes": [{"name": "a", "yolo_index": 0}]}"#,
            "$.version_classes[0].original_name: required field is missing"
        ),
    ])
    func aMemberOfTheWrongTypeOrMissingIsNamedByItsPath(json: String, problem: String) throws {
        let folder = try Self.version(json)
        #expect(throws: WorkspaceError("cannot read '\(folder)/version.json': \(problem)")) {
            try VersionSide.read(folder)
        }
    }

    @Test func aKeyGivenTwiceCountsTheLastTime() throws {
        // A bad first array is replaced whole, as json-c's tree kept only the last value of a key.
        let json =
            #"{"version_images": [{"split": 3}], "version_images": [\#(Self.image("a", "val"))], "#
            + #""version_annotations": [{"original_annotation_id": "x", "version_class_value": 0, "version_class_value": "1"}]}"#
        let side = try VersionSide.read(try Self.version(json))
        #expect(side.imageIDs.count == 1 && side.imageIDs.string(0) == "a")
        #expect(side.annotationIDs.count == 1)
    }
}
