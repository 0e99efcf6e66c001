"""Writes fixtures/diff/: two version.json files (v1, v2) whose diff has every kind of change.

`yoloset diff` reads only version.json, so these are hand-made rows rather than snapshots: images moved,
with new bytes, added and removed, an id given twice (the last row counts), ids outside ASCII (one
decomposed, which sorts as its composed form), a split that is not train/val/test, a sha256 in capitals;
annotations whose box or polygon changes, or changes only past the sixth decimal (the same), a tie that
%.6f rounds to even, -0.0 against 0.0, 1 against 1.0, an escaped key; classes renamed, added, removed and
re-indexed, keyed by original_class_id, raw_value or original_name. The golden output is
Tests/YolosetCoreTests/Golden/diff/.

Usage: make_diff_fixtures.py FIXTURES_DIR
"""

import hashlib
import json
import os
import sys


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def image(image_id, split, content, **extra):
    row = {
        "filename": f"{image_id}.jpg",
        "height": 48,
        "original_batch_id": "b-1",
        "original_filename": f"{image_id}.jpg",
        "original_image_id": image_id,
        "sha256": sha(content),
        "split": split,
        "storage_key": f"org/{image_id}.jpg",
        "version_batch_id": "b-1",
        "width": 64,
    }
    row.update(extra)
    return row


def box(annotation_id, image_id, class_value, values):
    x, y, w, h = values
    return {
        "box": {"height": h, "width": w, "x_center": x, "y_center": y},
        "class_name": "c" + class_value,
        "original_annotation_id": annotation_id,
        "original_image_id": image_id,
        "version_class_value": class_value,
    }


def polygon(annotation_id, image_id, class_value, points):
    return {
        "class_name": "c" + class_value,
        "geometry": points,
        "original_annotation_id": annotation_id,
        "original_image_id": image_id,
        "version_class_value": class_value,
    }


def klass(name, index, original_id=None, raw_value=None, original_name=None):
    row = {"name": name, "yolo_index": index}
    if original_id is not None:
        row["original_class_id"] = original_id
    if raw_value is not None:
        row["raw_value"] = raw_value
    if original_name is not None:
        row["original_name"] = original_name
    return row


def version(number, images, annotations, classes):
    return {
        "created_at": "2026-12-04T00:00:00Z",
        "dropped_classes": [],
        "id": f"00000000-0000-0000-0000-00000000000{number}",
        "name": f"v{number}",
        "pipeline_config": {"nested": {"deep": [1, [2, {"x": None}]]}},
        "project": {"id": "p-1", "name": "diff fixture", "project_type": "object_detection"},
        "schema_version": 1,
        "summary": {"annotations": len(annotations), "images": len(images), "splits": {}},
        "task": "detect",
        "tool": {"name": "yoloset", "version": "0.1.0"},
        "version": number,
        "version_annotations": annotations,
        "version_batches": [{"name": "b", "original_batch_id": "b-1", "version_batch_id": "b-1"}],
        "version_classes": classes,
        "version_images": images,
    }


def write(path, document):
    """Writes as version.json is laid out: keys sorted, each row of the long arrays on one line."""
    lines = ["{"]
    keys = sorted(document)
    for position, key in enumerate(keys):
        value = document[key]
        end = "," if position < len(keys) - 1 else ""
        if key.startswith("version_") and isinstance(value, list) and value:
            rows = [json.dumps(row, sort_keys=True, ensure_ascii=False) for row in value]
            lines.append(f'  "{key}": [')
            lines.append(",\n".join("    " + row for row in rows))
            lines.append("  ]" + end)
        else:
            text = json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False).replace("\n", "\n  ")
            lines.append(f'  "{key}": {text}{end}')
    lines.append("}")
    text = "\n".join(lines) + "\n"
    # One key spelled with an escape: the reader must compare decoded keys, not the file's bytes.
    at = text.rfind('"original_image_id": "img-a"')
    text = text[:at] + '"original\\u005fimage_id"' + text[at + len('"original_image_id"') :]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)


def main(root):
    composed = "img-\u00e9"  # é as one code point
    decomposed = "img-e\u0301"  # e and a combining acute: the same id to Swift
    old_images = [
        image("img-a", "train", "a"),
        image("img-b", "train", "b"),
        image("img-c", "val", "c"),
        image("img-d", "train", "d"),
        image("img-e", "test", "e"),
        image("img-h", "train", "h"),
        image("img-dup", "train", "dup"),
        image("img-z", "train", "z"),
        image(composed, "train", "accent"),
        image("img-slash/1", "val", "slash"),
        image('img-"q"', "train", "quote"),
        image("img-hold", "train", "hold"),
    ]
    old_images += [image(f"img-n{index:02}", "train", f"n{index}") for index in range(60)]
    new_images = [
        image("img-f", "val", "f"),
        image("img-a", "train", "a", provenance={"client_ref": "r", "item_id": "i", "run_id": "x"}),
        image("img-b", "val", "b"),
        image("img-c", "val", "c2"),
        image("img-d", "test", "d2"),
        dict(image("img-h", "train", "h"), sha256=sha("h").upper()),
        image("img-dup", "test", "dup"),
        image("img-z", "train", "z"),
        image(decomposed, "val", "accent"),
        image("img-slash/1", "val", "slash"),
        image('img-"q"', "test", "quote"),
        image("img-hold", "holdout", "hold"),
        image("img-dup", "val", "dup"),
    ]
    # Every third numbered image moves, every fifth is gone, and twelve are new: more than the text lists.
    for index in range(60):
        if index % 5 == 4:
            continue
        new_images.append(image(f"img-n{index:02}", "val" if index % 3 == 0 else "train", f"n{index}"))
    new_images += [image(f"img-new{index:02}", "train", f"new{index}") for index in range(12)]

    old_annotations = [
        box("ann-same", "img-a", "0", (0.5, 0.5, 0.25, 0.25)),
        box("ann-moved", "img-a", "0", (0.5, 0.5, 0.25, 0.25)),
        box("ann-tiny", "img-a", "1", (0.5, 0.5, 0.25, 0.25)),
        box("ann-tie", "img-b", "1", (0.0078125, 0.5, 0.25, 0.25)),
        box("ann-zero", "img-b", "1", (0.0, 0.5, 0.25, 0.25)),
        box("ann-int", "img-b", "1", (1, 0.5, 0.25, 0.25)),
        box("ann-class", "img-c", "2", (0.5, 0.5, 0.25, 0.25)),
        box("ann-gone", "img-e", "2", (0.5, 0.5, 0.25, 0.25)),
        box("ann-huge", "img-c", "2", (1e20, 0.5, 0.25, 0.25)),
        polygon("ann-poly", "img-d", "0", [0.1, 0.1, 0.9, 0.1, 0.5, 0.9]),
        polygon("ann-poly-same", "img-d", "0", [0.1, 0.1, 0.9, 0.1, 0.5, 0.9]),
        {"original_annotation_id": "ann-bare", "original_image_id": "img-d", "version_class_value": "3"},
        dict(box("ann-null-box", "img-d", "3", (0.5, 0.5, 0.25, 0.25)), box=None),
        box("ann-dup", "img-z", "0", (0.5, 0.5, 0.25, 0.25)),
        box("ann-\u00e9", "img-z", "0", (0.5, 0.5, 0.25, 0.25)),
    ]
    new_annotations = [
        box("ann-new", "img-f", "0", (0.5, 0.5, 0.25, 0.25)),
        box("ann-same", "img-a", "0", (0.5, 0.5, 0.25, 0.25)),
        box("ann-moved", "img-a", "0", (0.6, 0.5, 0.25, 0.25)),
        box("ann-tiny", "img-a", "1", (0.5000001, 0.5, 0.25, 0.25)),
        box("ann-tie", "img-b", "1", (0.007812, 0.5, 0.25, 0.25)),
        box("ann-zero", "img-b", "1", (-0.0, 0.5, 0.25, 0.25)),
        box("ann-int", "img-b", "1", (1.0, 0.5, 0.25, 0.25)),
        box("ann-class", "img-c", "3", (0.5, 0.5, 0.25, 0.25)),
        box("ann-huge", "img-c", "2", (1e20, 0.5, 0.25, 0.25)),
        polygon("ann-poly", "img-d", "0", [0.1, 0.1, 0.9, 0.1, 0.5, 0.8]),
        polygon("ann-poly-same", "img-d", "0", [0.1, 0.1, 0.9, 0.1, 0.5, 0.9000000001]),
        {"original_annotation_id": "ann-bare", "original_image_id": "img-d", "version_class_value": "3"},
        {"original_annotation_id": "ann-null-box", "original_image_id": "img-d", "version_class_value": "3"},
        box("ann-dup", "img-z", "0", (0.7, 0.5, 0.25, 0.25)),
        box("ann-dup", "img-z", "0", (0.5, 0.5, 0.25, 0.25)),
        box("ann-e\u0301", "img-z", "0", (0.5, 0.5, 0.25, 0.25)),
    ]
    old_classes = [
        klass("person", 0, original_id="c-person", raw_value="0", original_name="person"),
        klass("car", 1, original_id="c-car", raw_value="1", original_name="car"),
        klass("dog", 2, original_id="c-dog", raw_value="2", original_name="dog"),
        klass("truck", 3, raw_value="7", original_name="truck"),
        klass("bird", 4, original_name="bird"),
    ]
    new_classes = [
        klass("person", 0, original_id="c-person", raw_value="0", original_name="person"),
        klass("vehicle", 1, original_id="c-car", raw_value="1", original_name="car"),
        klass("truck", 2, raw_value="7", original_name="truck"),
        klass("bird", 3, original_name="bird"),
        klass("cat", 4, original_id="c-cat", raw_value="9", original_name="cat"),
    ]
    write(os.path.join(root, "diff/v1/version.json"), version(1, old_images, old_annotations, old_classes))
    write(os.path.join(root, "diff/v2/version.json"), version(2, new_images, new_annotations, new_classes))


if __name__ == "__main__":
    main(sys.argv[1])
