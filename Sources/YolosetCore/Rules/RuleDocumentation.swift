/// What a rule checks, why it matters for training, how to fix what it finds: for report formats
/// that carry rule help (SARIF's fullDescription and help), and for people.
public struct RuleDocumentation: Sendable, Equatable {
    /// Two to four sentences: exactly what is checked, where (dump field / label file / image bytes), with which thresholds or config keys.
    public let checks: String
    /// One to three sentences: what goes wrong in training or evaluation (Ultralytics YOLO) if this is left.
    public let why: String
    /// One to three sentences: concrete steps to fix it (what to edit in the dump / label / image, or which config key changes the rule, e.g. `rules: {box.tiny: off}` — check the real config syntax in ValidationConfig/ConfigReader and README).
    public let fix: String
    /// Category tags for code-scanning UIs: always "yoloset" and "data-quality", plus the rule's family (the part of the id before the dot, e.g. "box", "image", "label", "split", "dataset", "class", "source" ...), plus at most two of: "annotations", "images", "splits", "loader-compatibility", "leakage", "config". Lower-case.
    public let tags: [String]

    /// `tags` made from the rule's id: "yoloset", "data-quality", the family, then `extra`.
    init(rule id: String, checks: String, why: String, fix: String, extra: [String] = []) {
        self.checks = checks
        self.why = why
        self.fix = fix
        tags = ["yoloset", "data-quality", Self.family(of: id)] + extra
    }

    /// The part of a rule id before its first dot: "box" for "box.out-of-range".
    static func family(of id: String) -> String {
        String(id[..<(id.firstIndex(of: ".") ?? id.endIndex)]).lowercased()
    }

    /// The tags a rule may carry besides "yoloset", "data-quality" and its family.
    static let extraTags: Set<String> = [
        "annotations", "images", "splits", "loader-compatibility", "leakage", "config",
    ]

    /// What a rule without a table entry gets: its summary, and the ways every rule is changed.
    static func fallback(for rule: Rule) -> RuleDocumentation {
        RuleDocumentation(
            rule: rule.id, checks: rule.summary,
            why: "A finding of this rule marks data that may not train or evaluate as intended.",
            fix: "Correct the data the finding names, or change the rule in the config with "
                + "`rules: {\(rule.id): off}` (or `error`, `warning`, `info`).")
    }

    /// Every rule's documentation, by rule id.
    static let table: [String: RuleDocumentation] = [
        // The dump file itself.
        "dump.unreadable": RuleDocumentation(
            rule: "dump.unreadable",
            checks: "Reports each dump file that cannot be read: not valid JSON (at its line and column), empty, "
                + "UTF-16 or UTF-32 text, a field of the wrong type or a required field missing (at that value), "
                + "an API error response saved in place of a batch, or a batch listing whose pages are missing or "
                + "disagree. `validate` reads on past it and reports every such dump, then exits 2: the report is "
                + "written, but the run is incomplete. `import` refuses the whole run and writes nothing.",
            why: "The images of a dump that cannot be read are not checked and cannot be imported, so a version "
                + "built without them silently lacks that batch.",
            fix: "Fetch the batch from the API again and save the response body as it came (UTF-8, whole), or "
                + "correct the field the finding names. The rule cannot be turned off: a run that skipped a dump "
                + "is never complete."),
        "dump.encoding": RuleDocumentation(
            rule: "dump.encoding",
            checks: "Reports a dump file that begins with a UTF-8 byte-order mark (the bytes EF BB BF), which "
                + "Windows editors and PowerShell add. yoloset reads past it, as RFC 8259 allows, and checks the "
                + "dump as usual; a dump in UTF-16 or UTF-32 is not read at all (`dump.unreadable`, naming the encoding).",
            why: "The dump is fine for yoloset, but `jq`, Python's `json.load` and many other JSON tools refuse a "
                + "file with a byte-order mark, so the next step of a pipeline that reads the same dump fails.",
            fix: "Save the dump as UTF-8 without a byte-order mark (e.g. `sed -i '1s/^\\xEF\\xBB\\xBF//' FILE`, or "
                + "`Out-File -Encoding utf8NoBOM` in PowerShell 7), or turn the rule off with "
                + "`rules: {dump.encoding: off}`.",
            extra: ["config"]),

        // Boxes of dump annotations.
        "box.out-of-range": RuleDocumentation(
            rule: "box.out-of-range",
            checks: "Checks the four box fields of each dump annotation (`x_center`, `y_center`, `width`, `height`), "
                + "which are normalized to the image size, and reports each one outside [0, 1]. Only annotations "
                + "that carry all four numbers have a box; a box out of range is not measured in pixels, so "
                + "`box.out-of-bounds` and `box.tiny` skip it.",
            why: "A value outside [0, 1] is usually a pixel coordinate or a wrong normalization, so the box does not "
                + "mark the object it was drawn on. A version leaves a box that reaches past the image out of its "
                + "label file, and Ultralytics drops a label file with such values as corrupt, image and all.",
            fix: "Redraw the box or write its fields normalized: divide pixel values by the image's `width` and "
                + "`height`, with `x_center`/`y_center` the box's centre.",
            extra: ["annotations"]),
        "box.degenerate": RuleDocumentation(
            rule: "box.degenerate",
            checks: "Checks that each dump annotation's box has a `width` and a `height` above 0 (normalized "
                + "values); zero or negative is a finding. A degenerate box is not measured in pixels, so "
                + "`box.out-of-bounds` and `box.tiny` skip it.",
            why: "A box without area marks no pixels: a version leaves it out, so the object is unlabeled, and "
                + "if it reached a label file Ultralytics would drop a negative size as corrupt and could never "
                + "match a zero-size one in validation.",
            fix: "Redraw the box around the object in the annotation tool, or delete the annotation if no object "
                + "is there.",
            extra: ["annotations"]),
        "box.out-of-bounds": RuleDocumentation(
            rule: "box.out-of-bounds",
            checks: "Converts each in-range, non-degenerate dump box to pixels and reports an edge that reaches "
                + "past the image's left, right, top or bottom by more than `tolerance_pixels` (default 1). The "
                + "image size is the decoded file's (after EXIF orientation) when the file was read, else the "
                + "dump's `width` and `height`.",
            why: "A box past the edge was drawn on a different or differently cropped image, or is badly "
                + "normalized. A version clips only what lies within the tolerance and leaves such a box out of "
                + "its label file, so the object is not trained on.",
            fix: "Clip the box to the image or redraw it; to allow more slack, set "
                + "`rules: {box.out-of-bounds: {tolerance_pixels: 2}}` in the config.",
            extra: ["annotations"]),
        "box.tiny": RuleDocumentation(
            rule: "box.tiny",
            checks: "Reports a dump box (in range and non-degenerate) whose width or height, in pixels of the real "
                + "image size, is shorter than `min_side_pixels` (default 2). The box itself is valid; the "
                + "finding asks whether it marks a real object.",
            why: "A box of a pixel or two is most often a stray click in the annotation tool; trained on, it "
                + "teaches the model to find objects in noise, and in validation it is a target almost no "
                + "prediction can match, which lowers recall and mAP.",
            fix: "Delete the box if it is a stray, or redraw it around the whole object; change the threshold "
                + "with `rules: {box.tiny: {min_side_pixels: 3}}`, or turn the rule off with "
                + "`rules: {box.tiny: off}`.",
            extra: ["annotations"]),
        "box.duplicate": RuleDocumentation(
            rule: "box.duplicate",
            checks: "Reports a dump annotation whose `class_value` and four box fields equal those of an earlier "
                + "annotation on the same image, when rounded to 6 decimals (a YOLO label's precision). The "
                + "finding is on the later annotation and names the first.",
            why: "A doubled box usually means an annotation was saved or imported twice. Ultralytics drops the "
                + "repeated label row with a warning, but until then class counts and split balancing count the "
                + "object twice.",
            fix: "Delete one of the two annotations in the annotation tool (or in the dump).",
            extra: ["annotations"]),

        // Other annotation fields.
        "class.unknown": RuleDocumentation(
            rule: "class.unknown",
            checks: "Resolves each annotation's `class_value` against the classes of the batch's `project`: first "
                + "by a class's `raw_value`, then by its `name`. A value that matches neither is a finding, and "
                + "so is every annotation of a batch without a project (the raw pool).",
            why: "An annotation whose class maps to no YOLO class id cannot be written to a label file: a version "
                + "leaves it out, and the image then teaches the model that the object is background.",
            fix: "Correct the annotation's `class_value`, or add the class to the project (its `raw_value` or "
                + "`name` must equal the value); for a raw-pool batch, assign the batch to a project first.",
            extra: ["annotations"]),
        "confidence.out-of-range": RuleDocumentation(
            rule: "confidence.out-of-range",
            checks: "Checks the optional `confidence` of each dump annotation (usually set on model-made "
                + "annotations) and reports a value outside [0, 1]. Annotations without a confidence are not "
                + "checked.",
            why: "A confidence outside [0, 1] is on another scale (a percentage, a logit), so a version's "
                + "`min_confidence` filter keeps or drops model-made annotations by accident: weak "
                + "pre-annotations get into training, or good ones are left out.",
            fix: "Rescale the value to [0, 1] (divide a percentage by 100) where the dump is produced, or re-export "
                + "the batch from the platform.",
            extra: ["annotations"]),
        "geometry.invalid": RuleDocumentation(
            rule: "geometry.invalid",
            checks: "Reads each dump annotation's polygon `geometry` (inline JSON, base64 or a byte array; a flat "
                + "list, `[x, y]` pairs, `{x, y}` objects, or an object with `points`, `coordinates` or "
                + "`polygon`). A finding is a `type: polygon` without geometry, geometry that is not such JSON, an "
                + "odd number of values, fewer than 3 points, or a point that is not finite or lies outside "
                + "[0, 1] by more than `tolerance_pixels` (default 1) of the real image size.",
            why: "Segmentation masks are drawn from these points: a version leaves out a polygon it cannot use, "
                + "so the object is missing from segmentation training, and points outside the image mean the "
                + "outline was normalized against the wrong size.",
            fix: "Redraw the polygon (at least 3 points, normalized x, y pairs inside the image) or delete it; "
                + "allow more slack with `rules: {geometry.invalid: {tolerance_pixels: 2}}`.",
            extra: ["annotations"]),

        // Image files.
        "image.missing": RuleDocumentation(
            rule: "image.missing",
            checks: "For a dump, looks for each image's file at its `storage_key` under the images root "
                + "(`--images DIR`, default the dump's folder), then for the one file under the root named like "
                + "its `filename`. A key that is absolute, contains `..`, a NUL or a backslash, or leads out of "
                + "the root through a symlink is a finding and is never opened; so is a missing root or an "
                + "ambiguous name. For a YOLO dataset, a line of a `.txt` image list naming no existing file is "
                + "a finding.",
            why: "An image without a file cannot be trained on: its annotations are lost, and a dataset that lists "
                + "it fails or shrinks when Ultralytics loads it.",
            fix: "Restore the file, or correct the `storage_key`/`filename` in the dump (or the line in the image "
                + "list); pass `--images DIR` when the images are not beside the dumps.",
            extra: ["images"]),
        "image.corrupt": RuleDocumentation(
            rule: "image.corrupt",
            checks: "Reads the image bytes: a file that is empty, unreadable, not a PNG or JPEG by content, "
                + "truncated (no JPEG end-of-image marker or PNG IEND chunk), or whose libjpeg/libpng messages "
                + "mean damage (a bad Huffman code, a CRC error in a critical chunk, data ending early, ...) is a "
                + "finding. `--check header` (the default for dumps) reads headers and the end of the file; "
                + "`--check full` (the default for datasets) also decodes every pixel, which finds damage in the "
                + "middle of a file.",
            why: "Ultralytics drops an image Pillow cannot open, with all its labels, and some damage it does not "
                + "notice at all: a JPEG cut short in its scan is padded with grey and a PNG indexing past its "
                + "palette decodes wrong, so the model trains on pixels that do not match the boxes.",
            fix: "Replace the file with a good copy from the source (download or export it again); run "
                + "`yoloset validate --check full` to find damage a header check misses.",
            extra: ["images", "loader-compatibility"]),
        "image.unsupported": RuleDocumentation(
            rule: "image.unsupported",
            checks: "Reports a valid JPEG that common 8-bit decoders cannot decode: 12-bit, lossless, "
                + "hierarchical or JPEG-LS, or a side over 65500 pixels (an error). In a YOLO dataset it also "
                + "reports, as a warning, an image of a format Ultralytics loads but yoloset does not check "
                + "(BMP, TIFF, WebP, ...); only PNG and JPEG files are checked.",
            why: "Pillow, OpenCV (which Ultralytics trains with) and libjpeg-turbo's default build refuse these "
                + "JPEGs, so the image is dropped at load or fails in training; a format yoloset cannot check may "
                + "hide damage that no one sees until training.",
            fix: "Re-encode the image as an 8-bit baseline or progressive JPEG, or as a PNG, and update its name "
                + "in the dump or dataset.",
            extra: ["images", "loader-compatibility"]),
        "image.too-large": RuleDocumentation(
            rule: "image.too-large",
            checks: "Reports an image that was not checked to the end: its header declares more pixels than "
                + "`images.max_pixels` (default 178956970, so at the default an image over it is "
                + "`image.loader-refuses` instead), or a full check would need more decoder memory than "
                + "`images.max_memory_mb` per worker (default 256) or more scan work than a progressive JPEG "
                + "may take (16 passes over its blocks plus 256 block visits per byte of the file).",
            why: "An image this large is a decompression bomb or close to one: loading it takes memory and time "
                + "out of proportion to what it adds to training, and its pixels were not verified, so damage "
                + "in it goes unseen.",
            fix: "Downscale or tile the image, or re-encode a many-scan JPEG with fewer scans; if the file is "
                + "trusted, raise `images.max_memory_mb` or `images.max_pixels` in the config.",
            extra: ["images", "config"]),
        "image.loader-refuses": RuleDocumentation(
            rule: "image.loader-refuses",
            checks: "Reports sound image bytes that Pillow, and so Ultralytics, refuses: over 178956970 pixels "
                + "(Pillow's `DecompressionBombError`), a PNG text or ICC chunk inflating past `MAX_TEXT_CHUNK` "
                + "(1 MiB), text adding up to more than `MAX_TEXT_MEMORY` (64 MiB), a bad CRC or a too-short "
                + "ancillary chunk, APNG frames out of order, or an ancillary chunk over 7999988 bytes (OpenCV's "
                + "limit). In a YOLO dataset an image with a side under 10 pixels is also a finding (it was "
                + "`image.too-small`).",
            why: "Ultralytics' `verify_image_label` opens every image with Pillow and drops the ones it refuses, "
                + "with all their labels, so the image silently never reaches training or validation.",
            fix: "Re-save the image without the offending chunk (strip text and ICC metadata), downscale or tile "
                + "an image over the pixel limit, and upscale or drop an image with a side under 10 pixels.",
            extra: ["images", "loader-compatibility"]),
        "image.structure": RuleDocumentation(
            rule: "image.structure",
            checks: "Reports what the decoder noted in the image bytes that loses no pixel: stray bytes between "
                + "JPEG header segments, an unknown JFIF version or Adobe transform, an invalid ancillary PNG "
                + "chunk (tRNS, gAMA, cHRM, sRGB, iCCP), bytes after the zlib stream, or a malformed EXIF block "
                + "(whose orientation is then ignored). The first oddity is shown, with how many more there are.",
            why: "Training sees complete pixels, so nothing breaks today; but the file came from an unusual or "
                + "buggy encoder or was altered, stricter decoders may refuse it, and an ignored EXIF block may "
                + "be read differently by other tools.",
            fix: "Re-save the image with a standard encoder (or strip its metadata); turn the rule off with "
                + "`rules: {image.structure: off}` if such files are expected.",
            extra: ["images"]),
        "image.dimensions": RuleDocumentation(
            rule: "image.dimensions",
            checks: "Compares a dump image's declared `width` and `height` with the size of its file as decoded, "
                + "after EXIF orientation, and reports any difference. When only the EXIF orientation explains "
                + "it (the declared size is the stored one), `image.orientation` is reported instead.",
            why: "The annotations were drawn on an image of another size: a resized, cropped or replaced file, or "
                + "a stale dump. Normalized boxes then land on the wrong pixels when the aspect ratio differs, and "
                + "pixel thresholds are measured against a size the annotator never saw.",
            fix: "Make file and record agree: restore the image the annotators saw, or re-export the dump so "
                + "`width` and `height` are the file's; check the boxes on the image afterwards.",
            extra: ["images", "annotations"]),
        "image.orientation": RuleDocumentation(
            rule: "image.orientation",
            checks: "Reports a dump image whose file has an EXIF orientation other than 1 (a rotation or flip) "
                + "while its declared `width` and `height` are the stored, unrotated size. Whether the annotators "
                + "saw the stored pixels or the rotated view cannot be told from the file.",
            why: "Ultralytics applies EXIF orientation when it reads sizes and pixels, so if the boxes were drawn "
                + "on the stored pixels they land on the wrong part of the rotated image in training.",
            fix: "Open the image with its boxes in the annotation tool; if they fit the stored pixels, re-save the "
                + "image with the orientation tag removed (or apply the rotation to both pixels and boxes). Once "
                + "checked, `rules: {image.orientation: off}` silences the rule.",
            extra: ["images", "annotations"]),
        "image.extension": RuleDocumentation(
            rule: "image.extension",
            checks: "Compares the image format found in the file's bytes (PNG or JPEG) with its file name's "
                + "extension: `.jpg`, `.jpeg`, `.jpe` or `.jfif` for JPEG, `.png` for PNG. A different extension, "
                + "or none, is a finding.",
            why: "Tools that trust the name mishandle the file: Ultralytics and other dataset tools find images "
                + "by extension, and converters, viewers and web servers pick a decoder or content type from it, "
                + "so a PNG named `.jpg` may be refused or re-encoded.",
            fix: "Rename the file to `.jpg` or `.png` as its content is, and update its `storage_key`/`filename` "
                + "in the dump or the line naming it in an image list (its label file keeps its name).",
            extra: ["images", "loader-compatibility"]),
        "image.trailing-data": RuleDocumentation(
            rule: "image.trailing-data",
            checks: "Reports bytes in the image file after the JPEG end-of-image marker or the PNG IEND chunk, "
                + "with how many there are. The pixels before them are checked as usual.",
            why: "Ultralytics re-saves a JPEG that does not end with its end marker, in place and re-encoded, "
                + "when it loads the dataset, so the files change under a versioned dataset; appended bytes can "
                + "also hide other data in the file.",
            fix: "Cut the file after its end marker (or re-save the image) so nothing follows it.",
            extra: ["images", "loader-compatibility"]),
        "image.duplicate": RuleDocumentation(
            rule: "image.duplicate",
            checks: "Finds files with identical bytes (equal size and sampled bytes, then SHA-256). In dumps, the "
                + "same bytes under two image ids (or Runflow and Nimble items) across every dump of the run are "
                + "a finding; a batch dumped twice is not. In a YOLO dataset, the same bytes at two paths in one "
                + "split are a finding; copies in different splits are `split.leak` or `split.overlap`.",
            why: "A duplicated image weighs twice in training and in the metrics, and its copies often carry "
                + "annotations that disagree, which teaches the model contradictory labels.",
            fix: "Keep one copy: delete the other image (or its file and label) after merging any annotations "
                + "that only it has.",
            extra: ["images"]),

        // Splits.
        "split.invalid": RuleDocumentation(
            rule: "split.invalid",
            checks: "Checks each dump image's `split` field: it must be null, \"train\", \"val\" or \"test\" "
                + "(exactly, in lower case). Any other string, such as \"validation\" or \"Train\", is a finding.",
            why: "An unknown split is read as no split, so the image is not placed where the platform meant, and "
                + "an image meant to be held out for evaluation can be assigned to train.",
            fix: "Set `split` to \"train\", \"val\", \"test\" or null in the platform (or the dump).",
            extra: ["splits"]),
        "split.locked-unassigned": RuleDocumentation(
            rule: "split.locked-unassigned",
            checks: "Reports a dump image whose `split_locked` is true while its `split` is null: a lock on no "
                + "split.",
            why: "The lock says the image's place must never change, but it has no place: either the split was "
                + "lost in the export, or the image was locked by mistake, and a later split run cannot tell "
                + "which.",
            fix: "Assign the image a split, or set `split_locked` to false.",
            extra: ["splits"]),
        "split.leak": RuleDocumentation(
            rule: "split.leak",
            checks: "Reports identical image content in train and in val or test. In dumps, images with the same "
                + "bytes (SHA-256) whose `split` fields differ; in a YOLO dataset, the same file listed in train "
                + "and another split, or files with the same bytes.",
            why: "The model is evaluated on images it trained on, so validation metrics (and the checkpoint "
                + "picked by them) are optimistic and do not measure generalization.",
            fix: "Put all copies in one split, or delete the extra copies, so no content is in train and another "
                + "split.",
            extra: ["splits", "leakage"]),
        "split.overlap": RuleDocumentation(
            rule: "split.overlap",
            checks: "Reports identical image content in val and in test, and in no train copy. It is found as "
                + "`split.leak` is: the same bytes (SHA-256) under different `split` values in dumps, or the same "
                + "file or bytes in both splits of a YOLO dataset.",
            why: "Neither split is trained on, but test metrics are no longer independent of the images used to "
                + "pick the model, so the test score is optimistic.",
            fix: "Keep the content in val or in test, not both.",
            extra: ["splits", "leakage"]),

        // data.yaml of YOLO datasets.
        "dataset.config": RuleDocumentation(
            rule: "dataset.config",
            checks: "Reads data.yaml as Ultralytics' `check_det_dataset` does: `train` and `val` must be present "
                + "and name a path or a list of paths; `nc`, if given, a positive integer; `names` a non-empty "
                + "list or a mapping numbered 0..nc-1. Neither `names` nor `nc`, or a `names` count that "
                + "disagrees with `nc`, is also a finding.",
            why: "Ultralytics refuses to start training on such a data.yaml, and class ids in the label files "
                + "cannot be checked against a class count that is not known.",
            fix: "Edit data.yaml: add `train:` and `val:` (rename `validation:` to `val:`), and make `names` a "
                + "list, or a mapping 0..n-1, with `nc` equal to its length or removed.",
            extra: ["config", "loader-compatibility"]),
        "dataset.download": RuleDocumentation(
            rule: "dataset.download",
            checks: "Reports a `download:` key in data.yaml, whatever its value.",
            why: "When a split is missing Ultralytics runs it: it downloads a URL, runs a bash command or executes "
                + "Python, so a dataset meant to be complete offline can fetch other data or run code on the "
                + "training machine.",
            fix: "Remove the `download:` key from data.yaml; if it is wanted, turn the rule off with "
                + "`rules: {dataset.download: off}`.",
            extra: ["config"]),
        "dataset.split-missing": RuleDocumentation(
            rule: "dataset.split-missing",
            checks: "Checks that each folder or `.txt` image list that data.yaml names for `train`, `val` or "
                + "`test` exists (relative paths against `path`, or the YAML's folder), and that a list can be "
                + "read.",
            why: "Ultralytics stops with a file-not-found error for a missing split (or runs `download:`), so "
                + "training or evaluation on that split never starts.",
            fix: "Correct the path in data.yaml or restore the folder or list; remove an optional `test:` that is "
                + "not meant to exist.",
            extra: ["splits", "config"]),
        "dataset.split-empty": RuleDocumentation(
            rule: "dataset.split-empty",
            checks: "Reports a split whose folders and lists all exist but hold no image: no file with an "
                + "extension Ultralytics loads (jpg, jpeg, png, bmp, tif, tiff, webp, ...) under a folder, "
                + "hidden entries skipped, and no such line in a list.",
            why: "Ultralytics refuses to load a split with no images, so training or validation fails at start.",
            fix: "Put the split's images in place (check the folder and the extensions), or remove an empty "
                + "optional `test:` from data.yaml.",
            extra: ["splits", "loader-compatibility"]),

        // Rows of YOLO label files.
        "label.columns": RuleDocumentation(
            rule: "label.columns",
            checks: "Counts the whitespace-separated values of each row of a label file: a box row has 5 "
                + "(`class x_center y_center width height`), a polygon row a class and at least 3 x y pairs "
                + "(an odd number, 7 or more). Any other count is a finding, and the row is not checked further.",
            why: "Ultralytics cannot read such a row and drops the image with all its labels as corrupt.",
            fix: "Rewrite the row as a box or a polygon (often a value is missing or two rows were joined), or "
                + "delete it.",
            extra: ["annotations", "loader-compatibility"]),
        "label.not-a-number": RuleDocumentation(
            rule: "label.not-a-number",
            checks: "Checks that each coordinate of a label row is a finite decimal number (`0.5`, `.5`, `1e-3`); "
                + "`nan`, `inf`, hexadecimal and text are findings. A line that is not UTF-8 is also a finding of "
                + "this rule.",
            why: "Ultralytics drops the image as corrupt when a value does not parse, and a `nan` or `inf` that "
                + "does parse fails its range check, so the image and all its objects are lost.",
            fix: "Rewrite the value as a decimal number between 0 and 1 (fix the exporter that wrote it), or "
                + "delete the row.",
            extra: ["annotations", "loader-compatibility"]),
        "label.class-invalid": RuleDocumentation(
            rule: "label.class-invalid",
            checks: "Checks that the first value of each label row, the class id, is written as a whole number of "
                + "digits (`0`, `12`). `1.5`, `a` and `3.0` are findings; for a value such as `3.0` the message "
                + "says which id to write.",
            why: "Ultralytics drops the image as corrupt when the id is not a number and truncates a fraction "
                + "such as `1.5` to a class the annotator did not choose; tools that read ids as integers refuse "
                + "even `3.0`.",
            fix: "Write the class id as an integer from 0 to nc-1 (`3`, not `3.0`), fixing the exporter that wrote "
                + "it.",
            extra: ["annotations"]),
        "label.class-out-of-range": RuleDocumentation(
            rule: "label.class-out-of-range",
            checks: "Reports a label row whose class id is negative or not below the class count of data.yaml "
                + "(`names`, or `nc`). Without a class count only negative ids are findings.",
            why: "Ultralytics drops the image as corrupt when a class id exceeds the class count or is negative, "
                + "so the image and all its objects are lost from training.",
            fix: "Correct the class id in the label file, or add the missing class to `names` in data.yaml.",
            extra: ["annotations", "loader-compatibility"]),
        "label.out-of-range": RuleDocumentation(
            rule: "label.out-of-range",
            checks: "Reports a label row (box or polygon) with a coordinate outside [0, 1]; coordinates are "
                + "normalized to the image size. This is stricter than Ultralytics, which allows up to 1.01.",
            why: "Beyond Ultralytics' small allowance the image is dropped as corrupt; within it, the value is "
                + "clipped. Either way the row was written from a wrong size or normalization, so the box does "
                + "not mark what was drawn.",
            fix: "Rewrite the coordinates normalized to the image (pixel value divided by the image's width or "
                + "height), clipping values just past an edge to 0 or 1.",
            extra: ["annotations", "loader-compatibility"]),
        "label.out-of-bounds": RuleDocumentation(
            rule: "label.out-of-bounds",
            checks: "Converts each box row with coordinates in [0, 1] to pixels of the image as decoded (after "
                + "EXIF orientation) and reports an edge past the image by more than `tolerance_pixels` "
                + "(default 1). Polygon rows and images that did not decode are not measured.",
            why: "Ultralytics clips the box to the image silently, so the model trains on a box that is not the "
                + "one drawn, usually because the label belongs to another crop or size of the image.",
            fix: "Clip or redraw the box so it stays inside the image; allow more slack with "
                + "`rules: {label.out-of-bounds: {tolerance_pixels: 2}}`.",
            extra: ["annotations"]),
        "label.degenerate": RuleDocumentation(
            rule: "label.degenerate",
            checks: "Reports a box row with a width or height of 0 or less, and a polygon row whose points span "
                + "no width or no height (all x equal, or all y equal).",
            why: "A negative size makes Ultralytics drop the image as corrupt; a zero-size box marks no pixels, "
                + "so it teaches nothing in training and in validation is a target no prediction can match.",
            fix: "Redraw the object's box or polygon, or delete the row.",
            extra: ["annotations"]),
        "label.duplicate": RuleDocumentation(
            rule: "label.duplicate",
            checks: "Reports a label row with the same class id and coordinates (to 6 decimals) as an earlier row "
                + "of the same file; the message names the first line.",
            why: "Ultralytics drops the repeated row with a warning; the copy usually means the exporter wrote an "
                + "object twice, so object counts and class balance are off until then.",
            fix: "Delete the repeated row (and fix the exporter or annotation that doubled it).",
            extra: ["annotations"]),
        "label.mixed-tasks": RuleDocumentation(
            rule: "label.mixed-tasks",
            checks: "Reports a label file holding both box rows (5 values) and polygon rows. Across the dataset, "
                + "when some files hold only boxes and others only polygons, one finding names the first file of "
                + "the smaller group.",
            why: "Ultralytics drops an image whose label file mixes the kinds ('labels mix segment and detection "
                + "rows'); across files it trains on boxes only and drops every polygon of the dataset.",
            fix: "Make the dataset all boxes (replace each polygon by its bounding box) or all polygons, as the "
                + "task needs.",
            extra: ["annotations", "loader-compatibility"]),
        "label.encoding": RuleDocumentation(
            rule: "label.encoding",
            checks: "Reports a label file that starts with a UTF-8 byte-order mark, or that has a line that is not "
                + "UTF-8 (named once per file; each such line is also `label.not-a-number`).",
            why: "Ultralytics reads label files as text: a line that does not decode drops the image, and a "
                + "byte-order mark stays glued to the first class id, so that row does not parse as a number.",
            fix: "Save the file as UTF-8 without a byte-order mark (set the exporter's or editor's encoding).",
            extra: ["annotations", "loader-compatibility"]),
        "label.whitespace": RuleDocumentation(
            rule: "label.whitespace",
            checks: "Reports blank lines in a label file that has rows, and CRLF line ends; each is named once per "
                + "file, with its first line.",
            why: "Ultralytics skips blank lines and reads CRLF, but other tools that split on `\\n` see empty rows "
                + "or a `\\r` glued to the last value, and diffs between dataset versions grow noisy.",
            fix: "Delete the blank lines and write `\\n` line ends (for example with `dos2unix`).",
            extra: ["annotations"]),
        "label.missing": RuleDocumentation(
            rule: "label.missing",
            checks: "Looks for each image's label file where Ultralytics does (the last `/images/` of the path "
                + "becomes `/labels/`, the extension `.txt`) and reports an image without one: a warning, or an "
                + "error in a yoloset version (a `version.json` beside data.yaml). A label file that exists but "
                + "cannot be read is reported by this rule as an error.",
            why: "Ultralytics takes an image without a label file as background, so if it shows objects the model "
                + "learns to ignore them; an unreadable label file drops the image.",
            fix: "Restore the label file, or add an empty one if the image really is background; for a yoloset "
                + "version, run `yoloset verify` and rebuild or restore the version.",
            extra: ["annotations"]),
        "label.empty": RuleDocumentation(
            rule: "label.empty",
            checks: "Reports a label file with no rows (empty, or only blank lines): the image is a background "
                + "image. It is info, which never fails a run.",
            why: "Background images are useful negatives, but an image that does show objects and has an empty "
                + "label file teaches the model that they are background.",
            fix: "Nothing to do for a real background image; otherwise annotate the image. Silence the rule with "
                + "`rules: {label.empty: off}`.",
            extra: ["annotations"]),
        "label.orphan": RuleDocumentation(
            rule: "label.orphan",
            checks: "Scans the labels folder that belongs to each split folder of images (not image lists) for "
                + "`.txt` files that no image maps to; each is a warning, or an error in a yoloset version.",
            why: "Ultralytics never reads a label file without its image, so those annotations are silently "
                + "unused; usually an image was renamed, deleted or given another extension.",
            fix: "Restore or rename the image the label file belongs to, or delete the label file.",
            extra: ["annotations"]),

        // Versions in a workspace.
        "version.integrity": RuleDocumentation(
            rule: "version.integrity",
            checks: "When `yoloset validate` checks a workspace, it verifies every version as `yoloset verify` does: "
                + "each file of the version folder is hashed (SHA-256) and compared with `checksums.sha256`. A "
                + "file that differs, is missing or was added after the snapshot is a finding, and so is a broken "
                + "layout: an unreadable checksum line, no data.yaml, an image without its label file or a label "
                + "file without its image.",
            why: "A version is meant to be exactly the dataset a model was trained and evaluated on; once a file "
                + "changes, training on it again no longer reproduces the recorded results, and a changed image "
                + "or label trains on data no one reviewed.",
            fix: "Never edit a version in place: undo the change or delete the added file, and check with "
                + "`yoloset verify vN --rebuild`, which rebuilds the version from its recipe; changes meant to "
                + "stay belong in a new snapshot.",
            extra: ["images", "annotations"]),
        "version.dropped": RuleDocumentation(
            rule: "version.dropped",
            checks: "When `snapshot` (or `run`) makes a version, every image of the previous version (by its "
                + "original image id, from the previous version's recipe in the catalog) that the new one does "
                + "not hold is a finding naming why: it fails validation (the rules), the version config's "
                + "`batches:` no longer selects its batch, it is no longer completed, has no split, is not stored, "
                + "is no longer in the workspace, or is a background the config now leaves out.",
            why: "A model trained on the new version sees fewer images than the last one without anyone choosing "
                + "that: a broken box in a re-exported dump takes a training image out, and metrics move for a "
                + "reason no one recorded.",
            fix: "Fix what the finding names (the box, the batch list, the image's status) and run again; a "
                + "deliberate narrowing fails one `run` (the next compares with the narrowed version), or lower "
                + "the rule with `rules: {version.dropped: warning}` under `validation:` in yoloset.yaml.",
            extra: ["images", "splits"]),

        // Runflow and Nimble batches and items.
        "batch.failed": RuleDocumentation(
            rule: "batch.failed",
            checks: "Reports a Runflow or Nimble batch whose own status (Runflow `status_code`, Nimble `status`) "
                + "is failed or cancelled, or that carries a `failure_code` or `failure_message`. The message "
                + "gives the status, the failure and how its items stand.",
            why: "A failed batch usually delivered only part of its images, so a dataset built from it is smaller "
                + "and less balanced than planned, and what is missing is easy to overlook.",
            fix: "Rerun the batch on the platform and dump it again, or accept the images it did produce and turn "
                + "the rule off with `rules: {batch.failed: off}`.",
            extra: []),
        "batch.incomplete": RuleDocumentation(
            rule: "batch.incomplete",
            checks: "Reports a Runflow or Nimble batch with items or tasks that have not finished: queued, "
                + "dispatching, running, pending, in_progress, processing, no status, or a status neither API "
                + "documents. The message "
                + "counts them by status and names the first five.",
            why: "The dump was taken before the batch finished, so images still to come are missing from "
                + "anything built from it.",
            fix: "Dump the batch again once it has completed.",
            extra: []),
        "batch.count-mismatch": RuleDocumentation(
            rule: "batch.count-mismatch",
            checks: "Compares a batch's own counts with the items in its dumps: Runflow's `items_total`, "
                + "`items_succeeded`, `items_failed` and `items_cancelled`; Nimble's `completed_count`, "
                + "`completed` (true while items are unfinished) and `progress` (off by more than 0.005 from the "
                + "share of finished tasks).",
            why: "Counts that disagree mean the dump is missing item pages or was taken while the batch changed, "
                + "so images may be silently missing from the dataset.",
            fix: "Dump the batch again with all its item pages (Runflow pages join their batch by `batch_id`).",
            extra: []),
        "item.failed": RuleDocumentation(
            rule: "item.failed",
            checks: "Reports a Runflow item or Nimble task whose status is failed or error, with its id, status, "
                + "error code and message.",
            why: "No image came of the item, so the dataset lacks it; a pattern of failures can leave out a whole "
                + "kind of scene or class.",
            fix: "Retry the item on the platform and dump the batch again, or accept the loss and turn the rule "
                + "off with `rules: {item.failed: off}`.",
            extra: ["images"]),
        "item.cancelled": RuleDocumentation(
            rule: "item.cancelled",
            checks: "Reports a Runflow item or Nimble task whose status is canceled or cancelled, with its status "
                + "and error if it has one. It is info, which never fails a run.",
            why: "A cancelled item produced no image; that is usually intended, but it leaves the batch short of "
                + "what was planned.",
            fix: "Nothing to do if the cancellation was intended; otherwise run the item again and dump the batch "
                + "again.",
            extra: ["images"]),
        "item.image-missing": RuleDocumentation(
            rule: "item.image-missing",
            checks: "For each succeeded Runflow item or Nimble task, looks under `--images DIR` for its image: the "
                + "file its output names, then a single `.jpg`, `.jpeg` or `.png` file named after its "
                + "`client_ref`, its `run_id`, then its id. No file (or an ambiguous or unsafe name) is a finding "
                + "whose message lists each step tried.",
            why: "The item succeeded but its image is not there, so it silently falls out of the dataset.",
            fix: "Download the item's output into the images folder (named as its output names it, or after its "
                + "`client_ref`, `run_id` or id), or pass the right `--images DIR`.",
            extra: ["images"]),
    ]
}

extension Rule {
    /// The rule's documentation (every rule of `Rule.known` has one).
    public var documentation: RuleDocumentation {
        RuleDocumentation.table[id] ?? .fallback(for: self)
    }

    /// A name for tools that want an identifier-like one: the id in UpperCamelCase ("box.out-of-range" → "BoxOutOfRange").
    public var name: String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }
}
