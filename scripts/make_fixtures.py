#!/usr/bin/env python3
"""Regenerates yoloset's test fixtures under fixtures/ (docs/dump-format.md defines the dumps).

Run it through scripts/make-fixtures, which pins Pillow: JPEG and PNG bytes depend on the encoder
version, and the fixtures must come out byte-identical on every run. Every random choice draws from
a generator seeded with a fixed string, never from Python's hash() (randomised per process).

Families, one function each:
  sample/     the bundled good sample: zero findings
  formats/    unusual but valid image formats: zero findings
  broken/     one dump per rule, exactly one problem each; EXPECTED (JSON, no .json name so it is never taken for a dump) lists the findings
  bad-dumps/  dumps refused whole (exit 2); EXPECTED (JSON, no .json name so it is never taken for a dump) lists a substring of the error
  shapes/     the other accepted dump shapes (bare Batch, envelope, list pages): zero findings
  workspace/  one project over several batches (skewed classes, prior splits, byte-identical pairs,
              a later batch, a newer dump, a broken batch) for workspace import and split tests;
              its README.md lists what validate reports on each folder
  outside.jpg a real file that a `..` storage key would reach if it were (wrongly) followed
  runflow/    Runflow batch dumps (a batch dump with two items pages, a lean-only running batch, a failed
              batch) and malformed/ ones refused whole; EXPECTED lists each case's findings and counts
  nimble/     Nimble batch dumps (a finished batch, one in progress with a null task, a later dump of it
              with every task finished), and malformed/
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import random
import shutil
import struct
import sys
import unicodedata
import zlib
from pathlib import Path

import imagecodecs
import numpy as np
from PIL import Image, ImageDraw

# Everything this script owns under fixtures/; only these are wiped, so a file someone else adds to
# fixtures/ survives a regeneration.
OWNED = ["sample", "formats", "broken", "bad-dumps", "shapes", "workspace", "segment", "outside.jpg",
         "runflow", "nimble"]

ORG = "org-7"
DEVICE = "dev-dock-cam-03"
MODEL_NAME = "yolov8n-dock"
MODEL_VERSION = "2025.02.1"
CREATED = "2025-03-14T09:26:53Z"
UPDATED = "2025-03-18T16:02:11Z"

# (id, name, raw_value, colour): the raw value is the original YOLO class index.
CLASSES = [("c-person", "person", "0", "#E6194B"),
           ("c-car", "car", "1", "#4363D8"),
           ("c-dog", "dog", "2", "#F58231")]
# Fill colours for the rectangles drawn where boxes are, so an image looks like what it is labelled.
CLASS_FILL = {"0": (205, 70, 70), "1": (70, 100, 205), "2": (215, 150, 60),
              "person": (205, 70, 70), "car": (70, 100, 205), "dog": (215, 150, 60)}


def log(message: str) -> None:
    print(f"make_fixtures: {message}", file=sys.stderr)


def seeded(*parts: object) -> random.Random:
    return random.Random("/".join(str(p) for p in parts))


# --------------------------------------------------------------------------------------------------
# Image bytes


def scene(size: tuple[int, int], boxes_px: list[tuple[str, tuple[int, int, int, int]]],
          seed: str) -> Image.Image:
    """A gradient 'sky' over a darker 'ground' with a filled rectangle per box.

    The colours come from the seed, so no two images share bytes unless a fixture copies a file on
    purpose (the duplicate cases).
    """
    rng = seeded("scene", seed)
    w, h = size
    top = [rng.randint(90, 200) for _ in range(3)]
    bottom = [rng.randint(30, 120) for _ in range(3)]
    tilt = rng.uniform(-0.4, 0.4)
    horizon = int(h * rng.uniform(0.45, 0.65))
    pixels = bytearray()
    for y in range(h):
        t = y / (h - 1)
        ground = 0.75 if y >= horizon else 1.0
        for x in range(w):
            s = x / (w - 1) - 0.5
            for c in range(3):
                v = (top[c] * (1 - t) + bottom[c] * t) * ground + 40 * tilt * s
                pixels.append(max(0, min(255, int(v))))
    img = Image.frombytes("RGB", size, bytes(pixels))
    draw = ImageDraw.Draw(img)
    for cls, (x0, y0, x1, y1) in boxes_px:
        base = CLASS_FILL.get(cls, (150, 150, 150))
        fill = tuple(max(0, min(255, v + rng.randint(-25, 25))) for v in base)
        outline = tuple(v // 2 for v in fill)
        draw.rectangle([x0, y0, x1 - 1, y1 - 1], fill=fill, outline=outline)
    return img


def noisy(img: Image.Image, seed: str, amplitude: int = 30) -> Image.Image:
    """Grain, for the few JPEGs whose entropy-coded data must be long compared to their headers."""
    rng = seeded("noise", seed)
    return Image.frombytes(img.mode, img.size, bytes(
        max(0, min(255, v + rng.randint(-amplitude, amplitude))) for v in img.tobytes()))


def encode(img: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        options.setdefault("quality", 80)
    img.save(out, fmt, **options)
    return out.getvalue()


def exif_orientation(value: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = value
    return exif.tobytes()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(width: int, height: int, bit_depth: int, color_type: int, rows: list[bytes],
              interlaced: bool = False) -> bytes:
    """A PNG written by hand, for what Pillow cannot write: 16-bit RGB, Adam7 interlacing.

    `rows` are raw (unfiltered) scanlines. Every line gets the Sub filter, which turns a gradient
    into near-constant bytes, so these stay small.
    """
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[color_type]
    bpp = max(1, channels * bit_depth // 8)

    def sub_filtered(line: bytes) -> bytes:
        return b"\x01" + bytes((line[i] - (line[i - bpp] if i >= bpp else 0)) & 0xFF
                               for i in range(len(line)))

    if not interlaced:
        raw = b"".join(sub_filtered(r) for r in rows)
    else:
        # Adam7: seven passes over sub-grids (x0, y0, dx, dy); each pass is its own little image
        # whose scanlines are filtered independently. Empty passes are left out entirely.
        raw = b""
        for x0, y0, dx, dy in [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
                               (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]:
            for y in range(y0, height, dy):
                line = b"".join(rows[y][x * bpp:(x + 1) * bpp] for x in range(x0, width, dx))
                if line:
                    raw += sub_filtered(line)
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0,
                       1 if interlaced else 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
            + png_chunk(b"IDAT", zlib.compress(raw, 9)) + png_chunk(b"IEND", b""))


def png_chunks(data: bytes) -> list[tuple[int, bytes, bytes]]:
    """(offset of the chunk, type, payload) for each chunk of a PNG."""
    out, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        out.append((pos, data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]))
        pos += 12 + length
    return out


def jpeg_scan_range(data: bytes) -> tuple[int, int]:
    """Offsets of the entropy-coded data: after the (last) SOS header, up to the EOI marker."""
    pos, sos_end = 2, None
    while pos < len(data):
        assert data[pos] == 0xFF, "walked off the JPEG marker chain"
        marker = data[pos + 1]
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        if marker == 0xDA:
            sos_end = pos + 2 + length
            break
        pos += 2 + length
    assert sos_end is not None and data.endswith(b"\xff\xd9")
    return sos_end, len(data) - 2


# --------------------------------------------------------------------------------------------------
# Dump JSON


def write_json(path: Path, obj: object) -> None:
    """Pretty-printed like a server's indented output: 2 spaces, raw UTF-8, trailing newline."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def project(kind: str = "object_detection") -> dict:
    if kind == "object_detection":
        pid, name = "p-dock", "Dock safety"
    else:
        pid, name = "p-dock-masks", "Dock safety masks"
    return {"id": pid, "name": name, "project_type": kind,
            "classes": [{"id": cid, "name": n, "raw_value": raw, "color": colour}
                        for cid, n, raw, colour in CLASSES]}


def yolo_box(px: tuple[float, float, float, float], size: tuple[int, int]) -> tuple:
    # Six decimals, as YOLO label files and the annotation tool keep them.
    x0, y0, x1, y1 = px
    w, h = size
    return (round((x0 + x1) / 2 / w, 6), round((y0 + y1) / 2 / h, 6),
            round((x1 - x0) / w, 6), round((y1 - y0) / h, 6))


def px_box(box: tuple, size: tuple[int, int]) -> tuple[int, int, int, int] | None:
    """The pixel rectangle of a normalized box, for drawing; None when it does not fit the image."""
    xc, yc, bw, bh = box
    w, h = size
    x0, y0 = round((xc - bw / 2) * w), round((yc - bh / 2) * h)
    x1, y1 = round((xc + bw / 2) * w), round((yc + bh / 2) * h)
    if x0 < 0 or y0 < 0 or x1 > w or y1 > h or x1 - x0 < 1 or y1 - y0 < 1:
        return None
    return (x0, y0, x1, y1)


def random_boxes(seed: str, size: tuple[int, int], count: int) -> list[dict]:
    """`count` good boxes: sides of 6 px or more, 2 px or more clear of every edge, no repeats."""
    rng = seeded("boxes", seed)
    w, h = size
    boxes: list[dict] = []
    while len(boxes) < count:
        bw, bh = rng.randint(6, w // 2), rng.randint(6, h // 2)
        x0, y0 = rng.randint(2, w - 2 - bw), rng.randint(2, h - 2 - bh)
        px = (x0, y0, x0 + bw, y0 + bh)
        if all(b["px"] != px for b in boxes):
            boxes.append({"cls": rng.choice(["0", "0", "1", "2"]), "px": px})
    return boxes


class Batch:
    """Collects one Batch's images and writes their files; `obj()` is the Batch as the API sends it.

    Ids follow the server's string style ("b-1001", "img-1001-01", "ann-1001-01-1"), or plain
    integers when `int_ids` is set (batch 2001, image 20011, annotation 200111).
    `proj` replaces the dock project (see `project()`); `device`, `created` and `updated` are the
    batch's device_id (also each image's, unless `add` is given another) and timestamps.
    """

    def __init__(self, number: int, name: str, images_root: Path, key_prefix: str, *,
                 kind: str = "object_detection", stage: str = "dataset", status: str = "completed",
                 int_ids: bool = False, tags: list[str] | None = None, proj: dict | None = None,
                 device: str = DEVICE, created: str = CREATED, updated: str = UPDATED):
        self.number, self.name, self.kind = number, name, kind
        self.images_root, self.key_prefix = images_root, key_prefix
        self.stage, self.status, self.int_ids = stage, status, int_ids
        self.tags = tags if tags is not None else ["dock-a"]
        self.proj = proj if proj is not None else project(kind)
        self.device, self.created, self.updated = device, created, updated
        self.id = number if int_ids else f"b-{number}"
        self.images: list[dict] = []

    def image_id(self, index: int):
        return self.number * 10 + index if self.int_ids else f"img-{self.number}-{index:02d}"

    def annotation_id(self, index: int, k: int):
        return (self.number * 10 + index) * 10 + k if self.int_ids \
            else f"ann-{self.number}-{index:02d}-{k}"

    def add(self, filename: str, data: bytes | None, size: tuple[int, int], anns: list[dict], *,
            storage_key: str | None = None, file_at: str | None = None, split: str | None = None,
            locked: bool = False, annotation_status: str = "completed",
            device: str | None = None) -> dict:
        """Adds an image entry and writes `data` (None: no file) at images_root/<storage_key>.

        The storage key defaults to key_prefix + filename; `file_at` puts the file elsewhere under
        the images root (a stale key that only the filename fallback resolves).

        `size` is the declared width/height. Each annotation spec has "cls" and either "px" (a
        pixel box in the declared size) or "yolo" (the normalized tuple, written as given, for
        values that must be exact or wrong); optional "conf" (makes it a model annotation with
        that confidence) and "geometry" (makes it a polygon; the value as it goes on the wire).
        `device` is the image's device_id (default: the batch's).
        """
        index = len(self.images) + 1
        image_id = self.image_id(index)
        key = storage_key if storage_key is not None else self.key_prefix + filename
        if data is not None:
            path = self.images_root / (file_at if file_at is not None else key)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        annotations = []
        for k, spec in enumerate(anns, start=1):
            box = spec["yolo"] if "yolo" in spec else yolo_box(spec["px"], size)
            model = "conf" in spec
            ann = {"id": self.annotation_id(index, k), "image_id": image_id,
                   "class_value": spec["cls"], "type": "polygon" if "geometry" in spec else "bbox",
                   "x_center": box[0], "y_center": box[1], "width": box[2], "height": box[3],
                   "geometry": spec.get("geometry"), "confidence": spec.get("conf"),
                   "source": "model" if model else "manual",
                   "model_name": MODEL_NAME if model else None,
                   "model_version": MODEL_VERSION if model else None, "z_order": k - 1}
            annotations.append(ann)
        image = {"id": image_id, "batch_id": self.id, "filename": filename,
                 "storage_key": key,
                 "width": size[0], "height": size[1], "annotation_status": annotation_status,
                 "split": split, "split_locked": locked,
                 "device_id": device if device is not None else self.device,
                 "annotations": annotations}
        self.images.append(image)
        return image

    def photo(self, filename: str, size: tuple[int, int] = (64, 48), anns: int | list[dict] = 1,
              *, orientation: int | None = None, fmt: str | None = None, **fields) -> dict:
        """A rendered image whose rectangles sit where its boxes are; format from the extension.

        With EXIF `orientation` 6 the scene is drawn as the annotators saw it (`size`) and stored
        rotated, as a camera held sideways would store it.
        """
        if isinstance(anns, int):
            anns = random_boxes(f"{self.id}/{filename}", size, anns)
        rects = [(a["cls"], a["px"] if "px" in a else px_box(a["yolo"], size)) for a in anns]
        drawn = [(cls, rect) for cls, rect in rects if rect is not None]
        img = scene(size, drawn, f"{self.id}/{filename}")
        fmt = fmt or ("PNG" if filename.lower().endswith(".png") else "JPEG")
        options = {}
        if orientation is not None:
            options["exif"] = exif_orientation(orientation)
            if orientation == 6:
                img = img.transpose(Image.Transpose.ROTATE_90)
        return self.add(filename, encode(img, fmt, **options), size, anns, **fields)

    def obj(self) -> dict:
        proj = self.proj
        return {"id": self.id, "name": self.name, "organization_id": ORG,
                "project_id": proj["id"], "project": proj, "device_id": self.device,
                "source": "edge", "stage": self.stage, "status": self.status, "tags": self.tags,
                "created_at": self.created, "updated_at": self.updated, "images": self.images}


def envelope(batch: Batch) -> dict:
    return {"success": True, "data": batch.obj(),
            "meta": {"request_id": f"req-{batch.number}-0001", "served_at": batch.updated}}


def list_page(batches: list[Batch], page: int, per_page: int, total: int, total_pages: int) -> dict:
    return {"success": True, "data": [b.obj() for b in batches],
            "meta": {"total": total, "page": page, "per_page": per_page,
                     "total_pages": total_pages}}


# --------------------------------------------------------------------------------------------------
# Families


def make_sample(root: Path) -> None:
    """The bundled good sample: two envelope dumps, deep storage keys, zero findings."""
    images = root / "sample" / "images"
    dumps = root / "sample" / "dumps"

    b = Batch(1001, "Dock A, week 11", images, f"{ORG}/b-1001/", tags=["dock-a", "week-11"])
    b.photo("frame_0001.jpg", (64, 48), [{"cls": "0", "px": (8, 10, 20, 40)},
                                         {"cls": "1", "px": (30, 22, 58, 42), "conf": 0.91}],
            split="train", locked=True)
    b.photo("frame_0002.jpg", (64, 48), [{"cls": "car", "px": (12, 18, 44, 40)}], split="train")
    b.photo("frame_0003.png", (48, 64), [{"cls": "0", "px": (6, 8, 18, 40)},
                                         {"cls": "0", "px": (24, 12, 36, 46)},
                                         {"cls": "2", "px": (10, 44, 30, 58), "conf": 0.77}],
            split="train", locked=True)
    # A negative example: nothing to label is a valid answer.
    b.photo("frame_0004.jpg", (48, 64), [], split="val")
    b.photo("frame_0005.png", (64, 48), [{"cls": "0", "px": (4, 6, 14, 30)},
                                         {"cls": "0", "px": (16, 8, 26, 34)},
                                         {"cls": "1", "px": (30, 20, 60, 44)},
                                         {"cls": "2", "px": (36, 4, 50, 16), "conf": 0.64}],
            split="val", locked=True)
    # Stored 64x48 with EXIF orientation 6: the annotators saw (and declared) it 48 wide, 64 tall.
    b.photo("frame_0006.jpg", (48, 64), [{"cls": "0", "px": (8, 10, 22, 44)},
                                         {"cls": "car", "px": (26, 36, 44, 60)}],
            orientation=6, split="test")
    b.photo("frame_0007.jpg", (64, 48), [{"cls": "1", "px": (20, 14, 50, 38), "conf": 0.98}],
            split="test", locked=True)
    b.photo("frame_0008.png", (64, 48), [{"cls": "2", "px": (6, 24, 24, 42)},
                                         {"cls": "0", "px": (40, 6, 52, 40)}], split="train")
    write_json(dumps / "batch-1001.json", envelope(b))

    b = Batch(1002, "Dock A, week 12", images, f"{ORG}/b-1002/", stage="annotating",
              status="in_progress", tags=["dock-a", "week-12"])
    b.photo("frame_0101.jpg", (64, 48), 2)
    b.photo("frame_0102.png", (48, 64), 1)
    b.photo("frame_0103.jpg", (64, 48), 3)
    # Pending: model pre-labels awaiting review, or nothing yet.
    b.photo("frame_0104.jpg", (64, 48), [{"cls": "0", "px": (10, 8, 22, 38), "conf": 0.42},
                                         {"cls": "1", "px": (28, 20, 56, 40), "conf": 0.0}],
            annotation_status="pending")
    b.photo("frame_0105.png", (64, 48), [], annotation_status="pending")
    b.photo("frame_0106.jpg", (48, 64), [{"cls": "2", "px": (8, 30, 30, 52), "conf": 1.0}],
            annotation_status="pending")
    write_json(dumps / "batch-1002.json", envelope(b))


def make_formats(root: Path) -> None:
    """Unusual but valid encodings, in a bare Batch with integer ids: zero findings."""
    folder = root / "formats"
    b = Batch(2001, "Format coverage", folder, "images/", int_ids=True)

    def boxed(name: str, n: int = 2):
        boxes = random_boxes(f"formats/{name}", (64, 48), n)
        return boxes, scene((64, 48), [(a["cls"], a["px"]) for a in boxes], f"formats/{name}")

    boxes, img = boxed("cmyk.jpg")
    b.add("cmyk.jpg", encode(img.convert("CMYK"), "JPEG"), (64, 48), boxes)
    boxes, img = boxed("progressive.jpg")
    b.add("progressive.jpg", encode(img, "JPEG", progressive=True), (64, 48), boxes)
    boxes, img = boxed("gray.jpg", 1)
    b.add("gray.jpg", encode(img.convert("L"), "JPEG"), (64, 48), boxes)

    # 16-bit RGB: Pillow has no such mode, so the samples are built by hand, big-endian.
    boxes, img = boxed("rgb16.png")
    rows = []
    for y in range(48):
        line = bytearray()
        for x in range(64):
            for c, v in enumerate(img.getpixel((x, y))):
                line += struct.pack(">H", v * 256 + (x * 37 + y * 11 + c * 5) % 256)
        rows.append(bytes(line))
    b.add("rgb16.png", png_bytes(64, 48, 16, 2, rows), (64, 48), boxes)

    boxes, img = boxed("palette.png")
    b.add("palette.png", encode(img.quantize(colors=16), "PNG"), (64, 48), boxes)
    boxes, img = boxed("gray-alpha.png", 1)
    la = img.convert("LA")
    la.putalpha(Image.linear_gradient("L").resize((64, 48)))
    b.add("gray-alpha.png", encode(la, "PNG"), (64, 48), boxes)

    # Adam7: Pillow reads interlaced PNGs but cannot write them.
    boxes, img = boxed("interlaced.png")
    raw = img.tobytes()
    rows = [raw[y * 64 * 3:(y + 1) * 64 * 3] for y in range(48)]
    b.add("interlaced.png", png_bytes(64, 48, 8, 2, rows, interlaced=True), (64, 48), boxes)

    # NFC, as the server stores names; the file on disk carries the same UTF-8 bytes.
    name = unicodedata.normalize("NFC", "café-ñ-日本.jpg")
    boxes, img = boxed(name, 1)
    b.add(name, encode(img, "JPEG"), (64, 48), boxes)

    write_json(folder / "formats.json", b.obj())


def make_broken(root: Path) -> dict[str, dict[str, list[str]]]:
    """One envelope dump per rule, each with exactly one problem among quiet images.

    Storage keys are "images/<file>", relative to fixtures/broken/ (the folder holding the dumps,
    the default images root); file names are unique across the folder, so the filename fallback
    also finds them under --images fixtures/broken/images.
    """
    folder = root / "broken"
    expected: dict[str, dict[str, list[str]]] = {}
    numbers = iter(range(3001, 3100))

    def dump(case: str, header: list[str], full: list[str] | None = None,
             kind: str = "object_detection") -> Batch:
        b = Batch(next(numbers), f"Broken: {case}", folder, "images/", kind=kind)
        expected[f"{case}.json"] = {"header": sorted(header),
                                    "full": sorted(header if full is None else full)}
        return b

    def done(b: Batch, case: str) -> None:
        write_json(folder / f"{case}.json", envelope(b))

    # --- boxes
    case = "box-out-of-range"
    b = dump(case, ["box.out-of-range"])
    b.photo(f"{case}-1.jpg", anns=[{"cls": "0", "px": (6, 8, 20, 40)},
                                   {"cls": "1", "yolo": (1.2, 0.5, 0.1, 0.2)}])
    b.photo(f"{case}-2.png", (48, 64), 2)
    done(b, case)

    case = "box-degenerate"
    b = dump(case, ["box.degenerate"])
    b.photo(f"{case}-1.jpg", anns=[{"cls": "0", "yolo": (0.5, 0.5, 0.0, 0.3)},
                                   {"cls": "2", "px": (36, 20, 58, 42)}])
    b.photo(f"{case}-2.jpg", (48, 64), 1)
    done(b, case)

    case = "box-out-of-bounds"
    b = dump(case, ["box.out-of-bounds"])
    # Right edge at 0.95 + 0.1 = 1.05 of 64 px = 67.2 px: 3.2 px past the edge.
    b.photo(f"{case}-1.jpg", anns=[{"cls": "1", "yolo": (0.95, 0.5, 0.2, 0.4)},
                                   {"cls": "0", "px": (6, 6, 18, 36)}])
    # Quiet: boxes flush with the left and the right edge (exact in binary: 0.0 and 1.0).
    b.photo(f"{case}-2.jpg", anns=[{"cls": "1", "yolo": (0.875, 0.5, 0.25, 0.5)},
                                   {"cls": "0", "yolo": (0.125, 0.5, 0.25, 0.5)}])
    done(b, case)

    case = "box-tiny"
    b = dump(case, ["box.tiny"])
    b.photo(f"{case}-1.jpg", anns=[{"cls": "0", "yolo": (0.5, 0.5, 0.01, 0.4)},
                                   {"cls": "1", "px": (6, 20, 26, 40)}])
    # Quiet: small but above the 2 px minimum (3 x 3 px, exact in binary).
    b.photo(f"{case}-2.png", anns=[{"cls": "2", "yolo": (0.5, 0.5, 0.046875, 0.0625)}])
    done(b, case)

    case = "box-duplicate"
    b = dump(case, ["box.duplicate"])
    twin = {"cls": "0", "px": (10, 8, 24, 40)}
    b.photo(f"{case}-1.jpg", anns=[twin, {"cls": "1", "px": (30, 20, 58, 42)}, dict(twin)])
    # Quiet: the same class and box on a different image is not a duplicate.
    b.photo(f"{case}-2.jpg", anns=[dict(twin)])
    done(b, case)

    case = "class-unknown"
    b = dump(case, ["class.unknown"])
    b.photo(f"{case}-1.jpg", anns=[{"cls": "7", "px": (10, 10, 30, 40)},
                                   {"cls": "2", "px": (36, 20, 58, 42)}])
    # Quiet: classes by raw value and by name.
    b.photo(f"{case}-2.jpg", anns=[{"cls": "dog", "px": (8, 24, 28, 44)},
                                   {"cls": "person", "px": (40, 4, 52, 40)}])
    done(b, case)

    case = "confidence-out-of-range"
    b = dump(case, ["confidence.out-of-range"])
    b.photo(f"{case}-1.jpg", anns=[{"cls": "1", "px": (10, 12, 40, 36), "conf": 1.5}])
    # Quiet: the bounds themselves, and no confidence at all.
    b.photo(f"{case}-2.jpg", anns=[{"cls": "0", "px": (6, 6, 18, 40), "conf": 1.0},
                                   {"cls": "0", "px": (24, 6, 36, 40), "conf": 0.0},
                                   {"cls": "2", "px": (42, 26, 60, 44)}])
    done(b, case)

    # --- geometry
    case = "geometry-invalid"
    b = dump(case, ["geometry.invalid"] * 3, kind="instance_segmentation")

    def polygon(flat: list[float], geometry: object) -> dict:
        # The bbox fields are the bounding box of the points (only the in-range ones for the bad
        # polygon with x = 1.3, so that its box stays good and only the geometry is wrong).
        xs = [v for v in flat[0:len(flat) - 1:2] if 0 <= v <= 1]
        ys = [flat[i + 1] for i in range(0, len(flat) - 1, 2) if 0 <= flat[i] <= 1]
        box = (round((min(xs) + max(xs)) / 2, 6), round((min(ys) + max(ys)) / 2, 6),
               round(max(xs) - min(xs), 6), round(max(ys) - min(ys), 6))
        return {"cls": "0", "yolo": box, "geometry": geometry}

    odd = [0.1, 0.1, 0.4, 0.12, 0.38, 0.5, 0.12]
    two_points = [0.5, 0.2, 0.8, 0.7]
    outside = [0.6, 0.2, 1.3, 0.4, 0.7, 0.8]
    b.photo(f"{case}-1.jpg", anns=[polygon(odd, odd), polygon(two_points, two_points),
                                   polygon(outside, outside)])
    good_a = [0.1, 0.15, 0.45, 0.1, 0.4, 0.8, 0.15, 0.7]
    good_b = [[0.55, 0.3], [0.9, 0.35], [0.75, 0.9]]
    flat_b = [v for p in good_b for v in p]
    # The server's geometry is a byte slice: it arrives base64-encoded or as an array of bytes.
    as_base64 = base64.b64encode(json.dumps(good_a, separators=(",", ":")).encode()).decode()
    as_bytes = list(json.dumps(good_b, separators=(",", ":")).encode())
    b.photo(f"{case}-2.png", anns=[polygon(good_a, as_base64), polygon(flat_b, as_bytes)])
    done(b, case)

    # --- image files
    case = "image-missing"
    b = dump(case, ["image.missing"] * 3)
    for_missing = random_boxes("broken/missing", (64, 48), 3)
    b.add("frame-never-uploaded.jpg", None, (64, 48), for_missing[:1])
    # Would reach fixtures/outside.jpg (a real JPEG) if `..` were followed from fixtures/broken/.
    b.add("outside.jpg", None, (64, 48), for_missing[1:2], storage_key="../outside.jpg")
    b.add("hostname", None, (64, 48), for_missing[2:], storage_key="/etc/hostname")
    # Quiet: the key is stale, but exactly one file under the root has this file name.
    b.photo(f"{case}-found-by-name.jpg", anns=1,
            storage_key=f"images/moved/{case}-found-by-name.jpg",
            file_at=f"images/{case}-found-by-name.jpg")
    done(b, case)

    case = "image-corrupt"
    b = dump(case, ["image.corrupt"] * 4)
    # Grainy, so that the cut at 60% lands in the scan data (an interrupted upload), not in the
    # headers: only the missing end of the file gives it away.
    full = encode(noisy(scene((64, 48), [], "broken/truncated.jpg"), "truncated.jpg"), "JPEG",
                  quality=90)
    assert len(full) * 6 // 10 > jpeg_scan_range(full)[0] + 100
    b.add("truncated.jpg", full[:len(full) * 6 // 10], (64, 48), random_boxes("tj", (64, 48), 1))
    full = encode(scene((64, 48), [], "broken/truncated.png"), "PNG")
    b.add("truncated.png", full[:len(full) * 6 // 10], (64, 48), random_boxes("tp", (64, 48), 1))
    b.add("zero-bytes.jpg", b"", (64, 48), random_boxes("zb", (64, 48), 1))
    b.add("notes.png", b"this is not an image\n", (64, 48), random_boxes("np", (64, 48), 1))
    done(b, case)

    case = "image-corrupt-data"
    b = dump(case, [], ["image.corrupt"] * 2)
    # Headers and EOI intact, scan data damaged: only a full decode can tell. Noise makes the scan
    # long enough that the damage sits well inside it.
    boxes = random_boxes("broken/damaged-scan", (64, 48), 1)
    img = noisy(scene((64, 48), [(a["cls"], a["px"]) for a in boxes], "broken/damaged-scan"),
                "damaged-scan.jpg")
    data = bytearray(encode(img, "JPEG", quality=90))
    rng = seeded("damage-jpeg")
    start, end = jpeg_scan_range(bytes(data))
    middle = (start + end) // 2
    # Random bytes but never 0xFF, which would start a marker; the scan keeps its length.
    data[middle - 20:middle + 20] = bytes(rng.randint(0x01, 0xFE) for _ in range(40))
    b.add("damaged-scan.jpg", bytes(data), (64, 48), boxes)
    # One IDAT byte flipped, CRC recomputed: chunk structure sound, zlib stream (Adler-32) not.
    boxes = random_boxes("broken/damaged-idat", (64, 48), 1)
    data = encode(scene((64, 48), [(a["cls"], a["px"]) for a in boxes], "broken/damaged-idat"),
                  "PNG")
    offset, _, idat = next(c for c in png_chunks(data) if c[1] == b"IDAT")
    idat = bytearray(idat)
    idat[len(idat) // 2] ^= 0x10
    try:
        zlib.decompress(bytes(idat))
        raise AssertionError("the flipped IDAT byte left a valid zlib stream")
    except zlib.error:
        pass
    data = data[:offset] + png_chunk(b"IDAT", bytes(idat)) + data[offset + 12 + len(idat):]
    b.add("damaged-idat.png", data, (64, 48), boxes)
    b.photo(f"{case}-ok.jpg", anns=1)
    done(b, case)

    case = "image-dimensions"
    b = dump(case, ["image.dimensions"])
    boxes = random_boxes("broken/dims", (64, 48), 1)
    img = scene((64, 48), [(a["cls"], a["px"]) for a in boxes], "broken/dims")
    # Boxes are normalized, so they stay good whatever the declared size.
    b.add(f"{case}-1.jpg", encode(img, "JPEG"), (100, 100), boxes)
    b.photo(f"{case}-2.jpg", (48, 64), 1)
    b.photo(f"{case}-3.png", (64, 48), 1)
    done(b, case)

    case = "image-orientation"
    b = dump(case, ["image.orientation"])
    # Stored 64x48 with orientation 6 but declared as stored: the annotators saw it 48x64.
    boxes = random_boxes("broken/orient", (64, 48), 1)
    img = scene((64, 48), [(a["cls"], a["px"]) for a in boxes], "broken/orient")
    b.add(f"{case}-1.jpg", encode(img, "JPEG", exif=exif_orientation(6)), (64, 48), boxes)
    # Quiet: orientation 1 declared as stored; orientation 6 declared after rotation.
    b.photo(f"{case}-2.jpg", (64, 48), 1, orientation=1)
    b.photo(f"{case}-3.jpg", (48, 64), 1, orientation=6)
    done(b, case)

    case = "image-extension"
    b = dump(case, ["image.extension"])
    b.photo("really-a-png.jpg", anns=1, fmt="PNG")
    # Quiet: other spellings of the right extension.
    b.photo(f"{case}-ok.jpeg", anns=1)
    b.photo(f"{case}-ok.PNG", anns=1)
    done(b, case)

    case = "image-trailing-data"
    b = dump(case, ["image.trailing-data"])
    boxes = random_boxes("broken/trailing", (64, 48), 1)
    data = encode(scene((64, 48), [(a["cls"], a["px"]) for a in boxes], "broken/trailing"), "JPEG")
    rng = seeded("trailing-junk")
    b.add(f"{case}-1.jpg", data + bytes(rng.randint(0x00, 0xFE) for _ in range(32)), (64, 48),
          boxes)
    b.photo(f"{case}-2.jpg", anns=1)
    b.photo(f"{case}-3.png", anns=1)
    done(b, case)

    def twins(b: Batch, name_a: str, name_b: str, seed: str, split_a, split_b) -> None:
        boxes = random_boxes(seed, (64, 48), 2)
        data = encode(scene((64, 48), [(a["cls"], a["px"]) for a in boxes], seed), "JPEG")
        b.add(name_a, data, (64, 48), boxes, split=split_a)
        b.add(name_b, data, (64, 48), boxes, split=split_b)

    case = "image-duplicate"
    b = dump(case, ["image.duplicate"])
    twins(b, f"{case}-a.jpg", f"{case}-b.jpg", "broken/dup", None, None)
    b.photo(f"{case}-c.jpg", anns=1)
    done(b, case)

    # --- splits
    case = "split-invalid"
    b = dump(case, ["split.invalid"])
    b.photo(f"{case}-1.jpg", anns=1, split="training")
    b.photo(f"{case}-2.jpg", anns=1, split="train", locked=True)
    b.photo(f"{case}-3.jpg", anns=1, split="val")
    done(b, case)

    case = "split-locked-unassigned"
    b = dump(case, ["split.locked-unassigned"])
    b.photo(f"{case}-1.jpg", anns=1, split=None, locked=True)
    b.photo(f"{case}-2.jpg", anns=1, split=None, locked=False)
    b.photo(f"{case}-3.jpg", anns=1, split="test", locked=True)
    done(b, case)

    case = "split-leak"
    b = dump(case, ["image.duplicate", "split.leak"])
    twins(b, f"{case}-train.jpg", f"{case}-val.jpg", "broken/leak", "train", "val")
    b.photo(f"{case}-other.jpg", anns=1, split="test")
    done(b, case)

    # --- added after the rules above, so that their batch numbers stay as they were
    case = "image-loader-refuses"
    b = dump(case, ["image.loader-refuses"] * 2)
    # A decompression bomb: 10^10 pixels declared, a few bytes of data. Declared as its IHDR says,
    # so that only the pixel limit can object: Pillow refuses it before decoding.
    bomb = (b"\x89PNG\r\n\x1a\n"
            + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0))
            + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64, 9)) + png_chunk(b"IEND", b""))
    b.add("bomb.png", bomb, (100000, 100000), [{"cls": "1", "yolo": (0.5, 0.5, 0.2, 0.2)}])
    # Sound pixels, but a comment that inflates past Pillow's MAX_TEXT_CHUNK (1 MiB) before IDAT.
    boxes = random_boxes("broken/text-chunk", (64, 48), 1)
    data = encode(scene((64, 48), [(a["cls"], a["px"]) for a in boxes], "broken/text-chunk"), "PNG")
    offset = next(c[0] for c in png_chunks(data) if c[1] == b"IDAT")
    comment = png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"#" * (2 << 20), 9))
    b.add(f"{case}-text.png", data[:offset] + comment + data[offset:], (64, 48), boxes)
    b.photo(f"{case}-ok.png", anns=1)
    done(b, case)

    case = "image-unsupported"
    b = dump(case, ["image.unsupported"])
    # A 12-bit JPEG, written by libjpeg-turbo 3 (through imagecodecs): valid, but no 8-bit decoder
    # (Pillow's, OpenCV's, this system's libjpeg) opens it.
    boxes = random_boxes("broken/twelve-bit", (64, 48), 1)
    grey = scene((64, 48), [(a["cls"], a["px"]) for a in boxes], "broken/twelve-bit").convert("L")
    twelve = np.asarray(grey).astype(np.uint16) * 16
    b.add(f"{case}-12bit.jpg", imagecodecs.jpeg8_encode(twelve, level=90, bitspersample=12), (64, 48), boxes)
    b.photo(f"{case}-ok.jpg", anns=1)
    done(b, case)

    case = "image-too-large"
    b = dump(case, [], ["image.too-large"])
    # A progressive JPEG of 65500 x 2732 (under the pixel limit) in 146 bytes, without scan data: a full
    # check would hold 1 GB of coefficients, four times the memory budget. A header check passes it.
    frame = struct.pack(">BHHB", 8, 2732, 65500, 3) + b"\x01\x11\x00\x02\x11\x00\x03\x11\x00"

    def segment(code: int, payload: bytes) -> bytes:
        return bytes([0xFF, code]) + struct.pack(">H", len(payload) + 2) + payload
    empty = (b"\xff\xd8" + segment(0xDB, b"\x00" + bytes([1] * 64)) + segment(0xC2, frame)
             + segment(0xC4, b"\x00" + bytes([1] + [0] * 15) + b"\x00")
             + segment(0xDA, b"\x03\x01\x00\x02\x00\x03\x00\x00\x00\x00") + b"\xff\xd9")
    b.add(f"{case}-progressive.jpg", empty, (65500, 2732), [{"cls": "0", "yolo": (0.5, 0.5, 0.2, 0.2)}])
    b.photo(f"{case}-ok.jpg", anns=1)
    done(b, case)

    case = "image-structure"
    b = dump(case, ["image.structure"])
    # Five stray bytes before the quantization tables: libjpeg warns, every pixel decodes.
    boxes = random_boxes("broken/stray", (64, 48), 1)
    data = encode(scene((64, 48), [(a["cls"], a["px"]) for a in boxes], "broken/stray"), "JPEG", quality=90)
    dqt = data.index(b"\xff\xdb")
    b.add(f"{case}-stray-bytes.jpg", data[:dqt] + b"\x00\x11\x22\x33\x44" + data[dqt:], (64, 48), boxes)
    b.photo(f"{case}-ok.jpg", anns=1)
    done(b, case)

    case = "split-overlap"
    b = dump(case, ["image.duplicate", "split.overlap"])
    twins(b, f"{case}-val.jpg", f"{case}-test.jpg", "broken/overlap", "val", "test")
    b.photo(f"{case}-other.jpg", anns=1, split="train")
    done(b, case)

    write_json(folder / "EXPECTED", dict(sorted(expected.items())))
    return expected


def make_bad_dumps(root: Path) -> None:
    """Dumps refused whole (exit 2). Apart from the one flaw, each is a dump that would pass."""
    folder = root / "bad-dumps"
    images = folder  # the images root: storage keys are "images/<file>"
    expected: dict[str, str] = {}

    write_json(folder / "error-body.json",
               {"success": False, "error": {"code": "BATCH_NOT_FOUND",
                                            "message": "batch 42 not found", "details": None}})
    expected["error-body.json"] = "BATCH_NOT_FOUND"

    b = Batch(4001, "Wrong type", images, "images/")
    for i in range(1, 4):
        b.photo(f"wrong-type-{i}.jpg", anns=2)
    b.images[1]["annotations"][0]["x_center"] = "0.5"
    write_json(folder / "wrong-type.json", envelope(b))
    expected["wrong-type.json"] = "$.data.images[1].annotations[0].x_center"

    b = Batch(4002, "Wrong width type", images, "images/")
    b.photo("wrong-width-type-1.jpg", anns=1)
    b.photo("wrong-width-type-2.jpg", anns=1)
    b.images[0]["width"] = "64"
    write_json(folder / "wrong-width-type.json", envelope(b))
    expected["wrong-width-type.json"] = "$.data.images[0].width"

    # Cut off mid-stream, as an interrupted download leaves it.
    b = Batch(4003, "Cut off", images, "images/")
    b.photo("invalid-json-1.jpg", anns=2)
    b.photo("invalid-json-2.jpg", anns=1)
    text = json.dumps(envelope(b), indent=2, ensure_ascii=False) + "\n"
    (folder / "invalid-json.json").write_text(text[:len(text) // 2], encoding="utf-8")
    expected["invalid-json.json"] = "not valid JSON"

    (folder / "empty.json").write_bytes(b"")
    expected["empty.json"] = "empty"

    (folder / "top-level-array.json").write_text("[1, 2, 3]\n", encoding="utf-8")
    expected["top-level-array.json"] = "$"

    b = Batch(4004, "No id", images, "images/")
    b.photo("missing-batch-id-1.jpg", anns=1)
    b.photo("missing-batch-id-2.png", anns=1)
    body = envelope(b)
    del body["data"]["id"]
    write_json(folder / "missing-batch-id.json", body)
    expected["missing-batch-id.json"] = "$.data.id"

    # Pages 1 and 3 of 3: page 2 never made it to disk.
    pages = folder / "pages-incomplete"
    first = [Batch(4011, "Page 1a", images, "images/"), Batch(4012, "Page 1b", images, "images/")]
    first[0].photo("pages-incomplete-1a-1.jpg", anns=1)
    first[1].photo("pages-incomplete-1b-1.jpg", anns=1)
    first[1].photo("pages-incomplete-1b-2.png", anns=2)
    last = [Batch(4015, "Page 3a", images, "images/")]
    last[0].photo("pages-incomplete-3a-1.jpg", anns=1)
    write_json(pages / "page-1.json", list_page(first, 1, 2, 5, 3))
    write_json(pages / "page-3.json", list_page(last, 3, 2, 5, 3))
    expected["pages-incomplete"] = "page 2"

    write_json(folder / "EXPECTED", dict(sorted(expected.items())))


def make_shapes(root: Path) -> None:
    """The other accepted shapes, each good: zero findings."""
    folder = root / "shapes"
    images = folder  # the images root: storage keys are "images/<file>"

    b = Batch(5001, "Bare batch", images, "images/")
    b.photo("bare-1.jpg", anns=2, split="train")
    b.photo("bare-2.png", (48, 64), anns=1, split="val")
    write_json(folder / "bare-batch.json", b.obj())

    b = Batch(5002, "Envelope", images, "images/")
    b.photo("envelope-1.jpg", anns=1)
    b.photo("envelope-2.jpg", (48, 64), anns=3)
    write_json(folder / "envelope.json", envelope(b))

    pages = folder / "pages-complete"
    first = [Batch(5011, "Page 1a", images, "images/"), Batch(5012, "Page 1b", images, "images/")]
    first[0].photo("pages-1a-1.jpg", anns=1)
    first[0].photo("pages-1a-2.png", anns=2)
    first[1].photo("pages-1b-1.jpg", anns=1)
    second = [Batch(5013, "Page 2a", images, "images/")]
    second[0].photo("pages-2a-1.jpg", anns=1)
    second[0].photo("pages-2a-2.jpg", (48, 64), anns=1)
    write_json(pages / "page-1.json", list_page(first, 1, 2, 3, 2))
    write_json(pages / "page-2.json", list_page(second, 2, 2, 3, 2))


def make_outside(root: Path) -> None:
    (root / "outside.jpg").write_bytes(encode(scene((64, 48), [], "outside"), "JPEG"))


# --------------------------------------------------------------------------------------------------
# Runflow and Nimble batch dumps: items (tasks) with statuses instead of annotated images. An image file
# belongs to a succeeded item; yoloset finds it by the output's file name, client_ref, run_id, then id.

RUNFLOW_BATCH = "5f0c2a7e-1b3d-4c8e-9a61-0d2f4b6c8e10"
RUNFLOW_RUNNING = "9a7b3c1d-2e4f-4a6b-8c0d-1e2f3a4b5c6d"
RUNFLOW_FAILED = "c3d4e5f6-0718-4a29-b3c4-d5e6f7a8b9c0"
NIMBLE_DONE = "nb-batch-0001"
NIMBLE_RUNNING = "nb-batch-0002"


def source_image(path: Path, seed: str, fmt: str = "JPEG") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(encode(scene((32, 24), [], seed), fmt))


def runflow_item(number: int, batch: str, status: str | None, **fields) -> dict:
    """A full Runflow item (GET /v1/batches/{id}/items); `fields` override the defaults."""
    item_id = f"rf-item-{number:03d}"
    run_id = f"run-{number:03d}"
    done = status in ("succeeded", "partial_succeeded", "failed", "canceled", "cancelled")
    item = {"id": item_id, "batch_id": batch, "sequence_index": number - 1, "run_id": run_id,
            "client_ref": f"cam-03-{number:04d}", "status_code": status,
            "input": {"image_url": f"https://in.example.com/frames/{number:04d}.jpg", "prompt": "dock"},
            "output": None, "error": None,
            "started_at": None if status in ("queued", None) else f"2025-04-02T10:{number:02d}:00Z",
            "completed_at": f"2025-04-02T10:{number:02d}:30Z" if done else None,
            "run": {"id": run_id, "status_code": status, "model": "render-v2"}}
    item.update(fields)
    return item


def lean(item: dict) -> dict:
    return {k: item[k] for k in ("id", "sequence_index", "client_ref", "run_id", "status_code")}


def runflow_batch(batch_id: str, status: str | None, items: list[dict], **fields) -> dict:
    count = lambda *states: sum(i["status_code"] in states for i in items)  # noqa: E731
    body = {"id": batch_id, "status_code": status, "items_total": len(items),
            "items_succeeded": count("succeeded", "partial_succeeded"), "items_failed": count("failed"),
            "items_cancelled": count("canceled", "cancelled"), "created_at": "2025-04-02T09:58:12Z",
            "started_at": "2025-04-02T10:00:01Z", "completed_at": None, "failure_code": None,
            "failure_message": None, "items": [lean(i) for i in items]}
    body.update(fields)
    return body


def make_runflow(root: Path) -> dict:
    folder = root / "runflow"
    expected: dict = {}

    # paged/: the batch dump (lean handles) and its two items pages (full items); every image found,
    # each by another step of the lookup; one failure, both spellings of cancel.
    paged = folder / "paged"
    items = [
        runflow_item(1, RUNFLOW_BATCH, "succeeded", output="renders/rf-001.png"),
        runflow_item(2, RUNFLOW_BATCH, "succeeded",
                     output={"url": "https://cdn.example.com/out/rf-002.jpg?sig=ab12", "width": 32}),
        runflow_item(3, RUNFLOW_BATCH, "succeeded", output={"score": 0.93}),
        runflow_item(4, RUNFLOW_BATCH, "succeeded", output=None),
        runflow_item(5, RUNFLOW_BATCH, "partial_succeeded", output={"images": [{"path": "nowhere/gone.jpg"}]}),
        runflow_item(6, RUNFLOW_BATCH, "failed",
                     error={"code": "MODEL_TIMEOUT", "message": "render exceeded 120 s"}),
        runflow_item(7, RUNFLOW_BATCH, "canceled"),
        runflow_item(8, RUNFLOW_BATCH, "cancelled", error="cancelled by operator"),
    ]
    source_image(paged / "renders" / "rf-001.png", "runflow/1", "PNG")
    source_image(paged / "cdn" / "rf-002.jpg", "runflow/2")
    source_image(paged / "by-ref" / "cam-03-0003.jpeg", "runflow/3")
    source_image(paged / "by-run" / "run-004.JPG", "runflow/4")
    source_image(paged / "by-id" / "rf-item-005.png", "runflow/5", "PNG")
    write_json(paged / "batch.json", runflow_batch(RUNFLOW_BATCH, "partial_succeeded", items,
                                                   completed_at="2025-04-02T10:09:00Z"))
    write_json(paged / "items-page-1.json", {"items": items[:5]})
    write_json(paged / "items-page-2.json", {"items": items[5:]})
    expected["paged"] = {"exit": 0, "batches": 1, "items": 8, "succeeded": 5, "failed": 1, "cancelled": 2,
                         "running": 0, "images": 5,
                         "rules": ["item.failed", "item.cancelled", "item.cancelled"]}

    # running/: a lean-only batch dump of a batch still running: queued, dispatching and running items,
    # an item whose every field is null, a succeeded item without a file, and one fewer item than
    # items_total says.
    running = folder / "running"
    items = [
        runflow_item(1, RUNFLOW_RUNNING, "succeeded"),
        runflow_item(2, RUNFLOW_RUNNING, "succeeded"),
        runflow_item(3, RUNFLOW_RUNNING, "queued"),
        runflow_item(4, RUNFLOW_RUNNING, "dispatching"),
        runflow_item(5, RUNFLOW_RUNNING, "running"),
    ]
    body = runflow_batch(RUNFLOW_RUNNING, "running", items, items_total=7)
    body["items"].append({k: None for k in ("id", "sequence_index", "client_ref", "run_id", "status_code")})
    body["items"][0]["client_ref"] = "dock-a-0001"
    source_image(running / "dock-a-0001.jpg", "runflow-running/1")
    write_json(running / "batch.json", body)
    expected["running"] = {"exit": 1, "batches": 1, "items": 6, "succeeded": 2, "failed": 0, "cancelled": 0,
                           "running": 3, "images": 1,
                           "rules": ["batch.incomplete", "batch.count-mismatch", "item.image-missing"]}

    # running-later/: a later dump of the same batch, every item finished: the two succeeded before
    # (item 2's image now found), three more succeeded, one failed, one cancelled.
    later = folder / "running-later"
    items = [
        runflow_item(1, RUNFLOW_RUNNING, "succeeded", client_ref="dock-a-0001"),
        runflow_item(2, RUNFLOW_RUNNING, "succeeded"),
        runflow_item(3, RUNFLOW_RUNNING, "succeeded"),
        runflow_item(4, RUNFLOW_RUNNING, "succeeded", output={"url": "https://cdn.example.com/out/rf-run-004.jpg"}),
        runflow_item(5, RUNFLOW_RUNNING, "failed", error={"code": "NSFW_FILTER", "message": "output was filtered"}),
        runflow_item(6, RUNFLOW_RUNNING, "cancelled"),
        runflow_item(7, RUNFLOW_RUNNING, "succeeded"),
    ]
    source_image(later / "dock-a-0001.jpg", "runflow-running/1")
    source_image(later / "cam-03-0002.jpg", "runflow-running/2")
    source_image(later / "run-003.jpg", "runflow-running/3")
    source_image(later / "cdn" / "rf-run-004.jpg", "runflow-running/4")
    source_image(later / "rf-item-007.png", "runflow-running/7", "PNG")
    write_json(later / "batch.json", runflow_batch(RUNFLOW_RUNNING, "partial_succeeded", items,
                                                   completed_at="2025-04-02T11:30:00Z"))
    write_json(later / "items-page-1.json", {"items": items})
    expected["running-later"] = {"exit": 0, "batches": 1, "items": 7, "succeeded": 5, "failed": 1,
                                 "cancelled": 1, "running": 0, "images": 5,
                                 "rules": ["item.failed", "item.cancelled"]}

    # failed/: a batch that failed as a whole before any item ran; nullable fields null.
    failed = folder / "failed"
    write_json(failed / "batch.json", {
        "id": RUNFLOW_FAILED, "status_code": "failed", "items_total": 3, "items_succeeded": 0,
        "items_failed": None, "items_cancelled": None, "created_at": "2025-04-03T08:00:00Z",
        "started_at": None, "completed_at": "2025-04-03T08:00:02Z", "failure_code": "QUOTA_EXCEEDED",
        "failure_message": "monthly render quota exceeded", "items": None})
    expected["failed"] = {"exit": 0, "batches": 1, "items": 0, "succeeded": 0, "failed": 0, "cancelled": 0,
                          "running": 0, "images": 0, "rules": ["batch.failed", "batch.count-mismatch"]}
    write_json(folder / "EXPECTED", expected)

    malformed = folder / "malformed"
    bad: dict[str, str] = {}
    page = [runflow_item(n, RUNFLOW_BATCH, "succeeded") for n in (1, 2, 3)]
    page[1]["sequence_index"] = "1"
    write_json(malformed / "wrong-type-deep.json", {"items": page})
    bad["wrong-type-deep.json"] = '$.items[1].sequence_index: expected an integer, found a string ("1")'
    items = [runflow_item(n, RUNFLOW_BATCH, "succeeded") for n in (1, 2)]
    body = runflow_batch(RUNFLOW_BATCH, "succeeded", items)
    body["items"][1]["status_code"] = {"name": "succeeded"}
    write_json(malformed / "status-object.json", body)
    bad["status-object.json"] = "$.items[1].status_code: expected a string, found an object"
    page = [runflow_item(1, RUNFLOW_BATCH, "succeeded", run={"id": [1, 2]})]
    write_json(malformed / "run-id-array.json", {"items": page})
    bad["run-id-array.json"] = "$.items[0].run.id: expected an id (a string or an integer), found an array"
    write_json(malformed / "EXPECTED", bad)
    return expected


def nimble_task(number: int, batch: str, state: str | None, **fields) -> dict:
    task_id = f"nb-task-{number:03d}"
    done = state in ("success", "completed", "error", "failed")
    task = {"id": task_id, "state": state, "output_url": None,
            "status_url": f"https://api.example.com/v1/tasks/{task_id}",
            "download_url": None, "error": None, "error_type": None,
            "created_at": f"2025-05-06T12:{number:02d}:00Z",
            "modified_at": f"2025-05-06T12:{number:02d}:40Z" if done else None,
            "input": {"url": f"https://shop.example.com/p/{number}"}, "batch_id": batch,
            "status_code": 200 if state in ("success", "completed") else None, "api_type": "web"}
    task.update(fields)
    return task


def make_nimble(root: Path) -> dict:
    folder = root / "nimble"
    expected: dict = {}

    # done/: every task finished; images by download_url, by output_url, and by task id.
    done = folder / "done"
    tasks = [
        nimble_task(1, NIMBLE_DONE, "success",
                    download_url="https://files.example.com/dl/nb-001.jpg?token=x1",
                    output_url="s3://bucket/out/ignored-001.jpg"),
        nimble_task(2, NIMBLE_DONE, "completed", output_url="s3://bucket/out/nb-002.png"),
        nimble_task(3, NIMBLE_DONE, "success"),
        nimble_task(4, NIMBLE_DONE, "error", error="upstream returned 503", error_type="http_error",
                    status_code=503),
        nimble_task(5, NIMBLE_DONE, "failed", error={"message": "page blocked", "code": "BLOCKED"}),
    ]
    source_image(done / "downloads" / "nb-001.jpg", "nimble/1")
    source_image(done / "outputs" / "nb-002.png", "nimble/2", "PNG")
    source_image(done / "nb-task-003.jpg", "nimble/3")
    write_json(done / "batch.json", {
        "status": "completed", "id": NIMBLE_DONE, "completed": True, "completed_count": 5, "progress": 1.0,
        "created_at": "2025-05-06T11:59:00Z", "completed_at": "2025-05-06T12:06:00Z", "tasks": tasks})
    expected["done"] = {"exit": 0, "batches": 1, "items": 5, "succeeded": 3, "failed": 2, "cancelled": 0,
                        "running": 0, "images": 3, "rules": ["item.failed", "item.failed"]}

    # in-progress/: pending, in_progress and processing tasks, a null task, a task of nulls, a succeeded
    # task without a file, and one whose PNG is named .jpg; completed_count and progress disagree.
    running = folder / "in-progress"
    tasks = [
        nimble_task(1, NIMBLE_RUNNING, "pending"),
        nimble_task(2, NIMBLE_RUNNING, "in_progress"),
        nimble_task(3, NIMBLE_RUNNING, "processing"),
        nimble_task(4, NIMBLE_RUNNING, "success", download_url="https://files.example.com/dl/missing-004.jpg"),
        None,
        nimble_task(6, NIMBLE_RUNNING, "success", download_url="https://files.example.com/dl/nb-run-006.jpg"),
        {k: None for k in ("id", "state", "output_url", "status_url", "download_url", "error", "error_type",
                           "created_at", "modified_at", "input", "batch_id", "status_code", "api_type")},
    ]
    source_image(running / "nb-run-006.jpg", "nimble-running/6", "PNG")
    write_json(running / "batch.json", {
        "status": "in_progress", "id": NIMBLE_RUNNING, "completed": False, "completed_count": 3,
        "progress": 0.5, "created_at": "2025-05-07T09:00:00Z", "completed_at": None, "tasks": tasks})
    expected["in-progress"] = {"exit": 1, "batches": 1, "items": 7, "succeeded": 2, "failed": 0,
                               "cancelled": 0, "running": 3, "images": 1,
                               "rules": ["batch.incomplete", "batch.count-mismatch", "item.image-missing",
                                         "image.extension"]}
    # in-progress-later/: a later dump of the same batch, every task finished; the null task is task 5
    # now, and the task of nulls task 7.
    later = folder / "in-progress-later"
    tasks = [
        nimble_task(1, NIMBLE_RUNNING, "success", download_url="https://files.example.com/dl/nb-run-001.jpg"),
        nimble_task(2, NIMBLE_RUNNING, "error", error="timeout after 60 s", error_type="timeout"),
        nimble_task(3, NIMBLE_RUNNING, "completed"),
        nimble_task(4, NIMBLE_RUNNING, "success", download_url="https://files.example.com/dl/missing-004.jpg"),
        nimble_task(5, NIMBLE_RUNNING, "failed", error={"message": "captcha", "code": "BLOCKED"}),
        nimble_task(6, NIMBLE_RUNNING, "success", download_url="https://files.example.com/dl/nb-run-006.jpg"),
        nimble_task(7, NIMBLE_RUNNING, "success"),
    ]
    source_image(later / "nb-run-001.jpg", "nimble-running/1")
    source_image(later / "nb-task-003.jpg", "nimble-running/3")
    source_image(later / "missing-004.jpg", "nimble-running/4")
    source_image(later / "nb-run-006.jpg", "nimble-running/6", "PNG")
    source_image(later / "nb-task-007.jpg", "nimble-running/7")
    write_json(later / "batch.json", {
        "status": "completed", "id": NIMBLE_RUNNING, "completed": True, "completed_count": 7,
        "progress": 1.0, "created_at": "2025-05-07T09:00:00Z", "completed_at": "2025-05-07T10:00:00Z",
        "tasks": tasks})
    expected["in-progress-later"] = {"exit": 0, "batches": 1, "items": 7, "succeeded": 5, "failed": 2,
                                     "cancelled": 0, "running": 0, "images": 5,
                                     "rules": ["item.failed", "item.failed", "image.extension"]}
    write_json(folder / "EXPECTED", expected)

    malformed = folder / "malformed"
    bad: dict[str, str] = {}
    tasks = [nimble_task(n, NIMBLE_DONE, "success") for n in (1, 2, 3)]
    tasks[2]["download_url"] = 404
    write_json(malformed / "wrong-type-deep.json", {"status": "completed", "id": NIMBLE_DONE, "tasks": tasks})
    bad["wrong-type-deep.json"] = "$.tasks[2].download_url: expected a string, found 404"
    write_json(malformed / "tasks-object.json", {"status": "completed", "id": NIMBLE_DONE,
                                                 "tasks": {"0": nimble_task(1, NIMBLE_DONE, "success")}})
    bad["tasks-object.json"] = "$.tasks: expected an array, found an object"
    write_json(malformed / "two-apis.json", {"id": NIMBLE_DONE, "status": "completed", "tasks": [],
                                             "items_total": 0})
    bad["two-apis.json"] = "$: the object has fields of Runflow (items_total) and Nimble (tasks)"
    write_json(malformed / "EXPECTED", bad)
    return expected


def check_sources(root: Path) -> None:
    """Each Runflow/Nimble case's succeeded items find the images its EXPECTED counts, by the lookup
    order the README gives (output file name, client_ref, run_id, id); every image file there belongs
    to exactly one item."""
    for family, status_key in (("runflow", "status_code"), ("nimble", "state")):
        expected = json.loads((root / family / "EXPECTED").read_text(encoding="utf-8"))
        for case, want in expected.items():
            folder = root / family / case
            files = [p for p in folder.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png")]
            by_id: dict = {}
            for dump in sorted(folder.glob("*.json")):  # batch.json sorts first: pages replace its handles
                body = json.loads(dump.read_text(encoding="utf-8"))
                for item in body.get("items") or body.get("tasks") or []:
                    by_id[(item or {}).get("id") or len(by_id)] = item or {}
            found = []
            for item in by_id.values():
                if item.get(status_key) not in ("succeeded", "partial_succeeded", "success", "completed"):
                    continue
                output = item.get("output")
                names = [item.get("download_url"), item.get("output_url"),
                         output if isinstance(output, str) else (output or {}).get("url")]
                names = [n.split("?")[0].rsplit("/", 1)[-1] for n in names if n]
                stems = [item[k] for k in ("client_ref", "run_id", "id") if item.get(k)]
                hits = [[p for p in files if p.name == n] for n in names]
                hits += [[p for p in files if p.stem == s] for s in stems]
                found += next((h for h in hits if len(h) == 1), [])
            assert len(found) == len(set(found)) == want["images"], (family, case, found)
            assert set(files) == set(found), (family, case, set(files) - set(found))


# --------------------------------------------------------------------------------------------------
# The workspace family: one project over several batches, for import, split and update tests.

YARD_SIZE = (48, 32)
YARD_DEVICES = ["dev-yard-cam-01", "dev-yard-cam-02"]
YARD_CLASSES = [("c-yard-person", "person", "0", "#E6194B"),
                ("c-yard-car", "car", "1", "#4363D8"),
                ("c-yard-bicycle", "bicycle", "2", "#3CB44B")]
# Share of each class among the annotations of completed images: skewed on purpose, so that a
# split has a rare class (bicycle) to spread.
YARD_SHARES = {"0": 0.70, "1": 0.25, "2": 0.05}
# Batch number -> (name, created_at, updated_at, tags).
YARD_BATCHES = {
    2001: ("Yard, 7 April", "2025-04-07T06:00:12Z", "2025-04-09T15:42:08Z", ["yard", "week-15"]),
    2002: ("Yard, 8 April", "2025-04-08T06:00:09Z", "2025-04-10T16:27:51Z", ["yard", "week-15"]),
    2003: ("Yard, 21 April", "2025-04-21T06:00:15Z", "2025-04-23T11:05:37Z", ["yard", "week-17"]),
    2004: ("Yard, 22 April", "2025-04-22T06:00:11Z", "2025-04-24T08:51:20Z", ["yard", "week-17"]),
}
YARD_2001_UPDATED = "2025-04-16T09:18:44Z"  # the newer dump of b-2001, in updates/
# Roles in b-2001 and b-2002 (image indexes, from 1); every other image is completed, 1..5 boxes.
YARD_PENDING = {2001: [6, 14, 22, 30, 37], 2002: [5, 13, 21, 29, 36]}
YARD_PRELABELLED = {(2001, 14), (2001, 37), (2002, 21)}  # pending, with model pre-labels
YARD_BACKGROUND = {2001: [10, 33], 2002: [9, 27]}  # completed, nothing to label
YARD_LOCKED_VAL = [3, 12, 25]  # b-2001: split "val", split_locked true
YARD_TRAIN = [8, 19]  # b-2001: split "train", unlocked
# Byte-identical pairs: (index in b-2001, index in b-2002, classes of their boxes).
YARD_TWINS = [(16, 24, ["0", "0", "1"]), (28, 11, ["0", "2"])]
# updates/batch-2001.json: these pending images are completed; this annotation (image, k) is
# redrawn; the first locked val image says "train", unlocked.
YARD_NOW_COMPLETED = [6, 14, 22]
YARD_MOVED = (5, 1)


def yard_project() -> dict:
    return {"id": "p-yard", "name": "Yard counts", "project_type": "object_detection",
            "classes": [{"id": cid, "name": n, "raw_value": raw, "color": colour}
                        for cid, n, raw, colour in YARD_CLASSES]}


def yard_batch(number: int, images: Path, updated: str | None = None) -> Batch:
    """A batch of the yard project; its device is cam-01 for odd batch numbers, else cam-02."""
    name, created, last, tags = YARD_BATCHES[number]
    return Batch(number, name, images, f"yard/b-{number}/", stage="annotating",
                 status="completed", tags=tags, proj=yard_project(),
                 device=YARD_DEVICES[(number - 1) % 2], created=created,
                 updated=updated if updated is not None else last)


def yard_filename(number: int, index: int) -> str:
    """Frame numbers run on across batches, except that the camera behind b-2002 restarted its
    counter: b-2001 and b-2002 both hold a frame_0001.jpg (under different keys)."""
    if number == 2002 and index == 1:
        return "frame_0001.jpg"
    offset = {2001: 0, 2002: 40, 2003: 80, 2004: 100}[number]
    return f"frame_{offset + index:04d}.jpg"


def yard_device(number: int, index: int) -> str:
    """Images alternate devices inside a batch, starting with the batch's own."""
    return YARD_DEVICES[(number - 1 + index - 1) % 2]


def class_targets(total: int, min_rare: int) -> dict[str, int]:
    """How many of `total` annotations get each class, at YARD_SHARES (the rare class at least
    `min_rare`)."""
    rare = max(min_rare, round(total * YARD_SHARES["2"]))
    car = round(total * YARD_SHARES["1"])
    return {"0": total - car - rare, "1": car, "2": rare}


def deal(plan: list[dict], targets: dict[str, int], fixed: dict[str, int], seed: str) -> None:
    """Gives the boxes of every planned image with `deal` set a class, shuffled from a pool that
    holds `targets` less the `fixed` (already classed) annotations."""
    pool = [c for c in sorted(targets) for _ in range(targets[c] - fixed.get(c, 0))]
    seeded("deal", seed).shuffle(pool)
    slots = [box for entry in plan if entry.get("deal") for box in entry["boxes"]]
    assert len(slots) == len(pool), (len(slots), len(pool))
    for box, cls in zip(slots, pool):
        box["cls"] = cls


def render_yard(plan: list[dict], number: int) -> None:
    """Each planned image's JPEG bytes, with rectangles where its boxes are (also the boxes that a
    pending image does not list yet). Optimized Huffman tables: a third smaller at this size."""
    for entry in plan:
        if "data" in entry:
            continue
        drawn = [(box["cls"], box["px"]) for box in entry["boxes"]]
        entry["data"] = encode(scene(YARD_SIZE, drawn, f"workspace/b-{number}/{entry['file']}"),
                               "JPEG", optimize=True)


def add_yard(b: Batch, plan: list[dict], *, write: bool = True) -> None:
    for entry in plan:
        b.add(entry["file"], entry["data"] if write and entry.get("data") is not None else None,
              YARD_SIZE, entry["listed"], split=entry["split"], locked=entry["locked"],
              annotation_status=entry["status"], device=yard_device(b.number, entry["index"]))


def make_segment(root: Path) -> None:
    """A small instance-segmentation batch, clean, for the golden segmentation version: polygons
    (the server's geometry bytes, base64 of a JSON array of points) on six images with preset splits."""
    images = root / "segment" / "images"
    b = Batch(6001, "Dock A polygons", images, f"{ORG}/b-6001/", kind="instance_segmentation",
              tags=["dock-a", "polygons"])

    def polygon(cls: str, points_px: list[tuple[int, int]], size: tuple[int, int]) -> dict:
        flat = [round(v / size[i % 2], 6) for point in points_px for i, v in enumerate(point)]
        xs, ys = flat[0::2], flat[1::2]
        box = (round((min(xs) + max(xs)) / 2, 6), round((min(ys) + max(ys)) / 2, 6),
               round(max(xs) - min(xs), 6), round(max(ys) - min(ys), 6))
        geometry = base64.b64encode(json.dumps(flat, separators=(",", ":")).encode()).decode()
        return {"cls": cls, "yolo": box, "geometry": geometry}

    size = (64, 48)
    b.photo("poly_0001.jpg", size, [polygon("0", [(8, 10), (20, 8), (22, 40), (6, 38)], size),
                                    polygon("1", [(30, 22), (58, 24), (44, 44)], size)],
            split="train", locked=True)
    b.photo("poly_0002.png", size, [polygon("2", [(10, 6), (40, 10), (36, 30), (12, 28), (8, 16)], size)],
            split="train")
    b.photo("poly_0003.jpg", size, [polygon("0", [(4, 4), (16, 4), (16, 44)], size),
                                    polygon("0", [(24, 6), (36, 6), (36, 42), (24, 42)], size),
                                    polygon("1", [(40, 20), (60, 20), (60, 40)], size)],
            split="train", locked=True)
    b.photo("poly_0004.jpg", size, [], split="val")
    b.photo("poly_0005.png", size, [polygon("1", [(6, 30), (30, 26), (28, 46)], size)], split="val")
    b.photo("poly_0006.jpg", size, [polygon("2", [(20, 10), (50, 10), (50, 38), (35, 44), (20, 38)], size)],
            split="test", locked=True)
    write_json(root / "segment" / "dumps" / "batch-6001.json", envelope(b))


def make_workspace(root: Path) -> None:
    """One project over four batches (README.md lists what is where and what validate reports).

    dumps/    b-2001 and b-2002, 40 images each: pending and background images, prior splits in
              b-2001, two byte-identical pairs across the two batches
    later/    b-2003, 20 more completed images, no splits
    updates/  a newer dump of b-2001: pending images completed, a box redrawn, a locked split
              contradicted
    broken/   b-2004: an image file missing, a box out of range
    images/   every image file; storage keys are relative to it
    """
    folder = root / "workspace"
    images = folder / "images"
    counts_rng = seeded("workspace", "box-counts")
    pending_rng = seeded("workspace", "pending")

    def box_count() -> int:
        return counts_rng.choices([1, 2, 3, 4, 5], weights=[20, 30, 25, 15, 10])[0]

    def boxes(number: int, file: str, n: int) -> list[dict]:
        return random_boxes(f"workspace/b-{number}/{file}", YARD_SIZE, n)

    # --- dumps/: plan b-2001 and b-2002, then class their boxes from one pool.
    plans: dict[int, list[dict]] = {}
    twins = {2001: {a: k for k, (a, _, _) in enumerate(YARD_TWINS)},
             2002: {b: k for k, (_, b, _) in enumerate(YARD_TWINS)}}
    twin_boxes = []
    for k, (_, _, classes) in enumerate(YARD_TWINS):
        twin_boxes.append(random_boxes(f"workspace/twin-{k + 1}", YARD_SIZE, len(classes)))
        for box, cls in zip(twin_boxes[-1], classes):
            box["cls"] = cls
    for number in (2001, 2002):
        plan = []
        for index in range(1, 41):
            file = yard_filename(number, index)
            entry = {"index": index, "file": file, "status": "completed", "split": None,
                     "locked": False}
            if index in YARD_PENDING[number]:
                entry["status"] = "pending"
                entry["boxes"] = boxes(number, file, pending_rng.randint(1, 4))
                for box in entry["boxes"]:
                    box["cls"] = pending_rng.choices(["0", "1", "2"], weights=[70, 25, 5])[0]
                entry["listed"] = []
                if (number, index) in YARD_PRELABELLED:
                    entry["listed"] = [dict(box, conf=round(pending_rng.uniform(0.3, 0.9), 2))
                                       for box in entry["boxes"][:2]]
            elif index in YARD_BACKGROUND[number]:
                entry["boxes"] = []
            elif index in twins[number]:
                entry["boxes"] = [dict(box) for box in twin_boxes[twins[number][index]]]
            else:
                entry["boxes"] = boxes(number, file, box_count())
                entry["deal"] = True
            if number == 2001 and index in YARD_LOCKED_VAL:
                entry["split"], entry["locked"] = "val", True
            if number == 2001 and index in YARD_TRAIN:
                entry["split"] = "train"
            plan.append(entry)
        plans[number] = plan
    dealt = sum(len(e["boxes"]) for plan in plans.values() for e in plan if e.get("deal"))
    fixed: dict[str, int] = {}
    for _, _, classes in YARD_TWINS:
        for cls in classes:
            fixed[cls] = fixed.get(cls, 0) + 2
    deal(plans[2001] + plans[2002], class_targets(dealt + sum(fixed.values()), 10), fixed,
         "workspace/dumps")
    for number, plan in plans.items():
        for entry in plan:
            if entry["status"] == "completed":
                entry["listed"] = entry["boxes"]
        render_yard(plan, number)
    # A twin is the same file under another key: the b-2002 member takes the b-2001 bytes.
    for a, b, _ in YARD_TWINS:
        plans[2002][b - 1]["data"] = plans[2001][a - 1]["data"]
    for number, plan in plans.items():
        b = yard_batch(number, images)
        add_yard(b, plan)
        write_json(folder / "dumps" / f"batch-{number}.json", envelope(b))

    # --- updates/: the same b-2001, fetched a week later. Its files are already written.
    plan = [dict(entry) for entry in plans[2001]]
    for index in YARD_NOW_COMPLETED:
        entry = plan[index - 1]
        entry["status"], entry["listed"] = "completed", [
            {"cls": box["cls"], "px": box["px"]} for box in entry["boxes"]]
    index, k = YARD_MOVED
    entry = plan[index - 1]
    x0, y0, x1, y1 = entry["listed"][k - 1]["px"]
    w, h = YARD_SIZE
    dx, dy = (3, 1) if x1 + 3 <= w - 2 and y1 + 1 <= h - 2 else (-3, -1)
    moved = (x0 + dx, y0 + dy, x1 + dx, y1 + dy)
    assert min(moved[:2]) >= 2 and all(box["px"] != moved for box in entry["listed"])
    entry["listed"] = [dict(box) for box in entry["listed"]]
    entry["listed"][k - 1]["px"] = moved
    entry = plan[YARD_LOCKED_VAL[0] - 1]
    entry["split"], entry["locked"] = "train", False
    b = yard_batch(2001, images, updated=YARD_2001_UPDATED)
    add_yard(b, plan, write=False)
    write_json(folder / "updates" / "batch-2001.json", envelope(b))

    # --- later/: b-2003, added after a first split.
    plan = []
    for index in range(1, 21):
        file = yard_filename(2003, index)
        entry = {"index": index, "file": file, "status": "completed", "split": None,
                 "locked": False, "boxes": [] if index == 12 else boxes(2003, file, box_count()),
                 "deal": index != 12}
        plan.append(entry)
    dealt = sum(len(e["boxes"]) for e in plan)
    deal(plan, class_targets(dealt, 2), {}, "workspace/later")
    for entry in plan:
        entry["listed"] = entry["boxes"]
    render_yard(plan, 2003)
    b = yard_batch(2003, images)
    add_yard(b, plan)
    write_json(folder / "later" / "batch-2003.json", envelope(b))

    # --- broken/: b-2004, one image never uploaded, one box with x_center 1.4.
    plan = []
    for index, classes in enumerate([["0", "1"], ["0"], ["0", "1"], ["0", "0", "2"]], start=1):
        file = yard_filename(2004, index)
        entry = {"index": index, "file": file, "status": "completed", "split": None,
                 "locked": False, "boxes": boxes(2004, file, len(classes))}
        for box, cls in zip(entry["boxes"], classes):
            box["cls"] = cls
        entry["listed"] = entry["boxes"]
        plan.append(entry)
    render_yard(plan, 2004)
    plan[1]["data"] = None  # the key names no file, and no other file has this name
    plan[2]["listed"] = [plan[2]["boxes"][0], {"cls": "1", "yolo": (1.4, 0.5, 0.2, 0.3)}]
    b = yard_batch(2004, images)
    add_yard(b, plan)
    write_json(folder / "broken" / "batch-2004.json", envelope(b))

    write_workspace_readme(folder)


def write_workspace_readme(folder: Path) -> None:
    """README.md: what the workspace fixtures hold and what validate reports on them, with the
    counts read back from the dumps just written."""
    def batch(rel: str) -> dict:
        return json.loads((folder / rel).read_text(encoding="utf-8"))["data"]

    def ids(images: list[dict]) -> str:
        return ", ".join(i["id"] for i in images)

    def completed(images: list[dict]) -> list[dict]:
        return [i for i in images if i["annotation_status"] == "completed"]

    def classes(images: list[dict]) -> str:
        anns = [a for i in completed(images) for a in i["annotations"]]
        names = {raw: name for _, name, raw, _ in YARD_CLASSES}
        return f"{len(anns)} = " + ", ".join(
            f"{names[c]} {n} ({100 * n / len(anns):.1f}%)"
            for c in sorted(names) for n in [sum(a["class_value"] == c for a in anns)])

    def size(images: list[dict]) -> str:
        return f"{len(images)} images, {sum(len(i['annotations']) for i in images)} annotations"

    def describe(b: dict) -> str:
        done = completed(b["images"])
        empty = sum(not i["annotations"] for i in done)
        pending = len(b["images"]) - len(done)
        return (f"{b['id']}, {len(b['images'])} images ({b['images'][0]['id']}..), "
                f"{len(done)} completed ({empty} with no boxes), {pending} pending")

    b1, b2 = batch("dumps/batch-2001.json"), batch("dumps/batch-2002.json")
    b3, b4 = batch("later/batch-2003.json"), batch("broken/batch-2004.json")
    u1 = batch("updates/batch-2001.json")
    both = b1["images"] + b2["images"]
    split = [i for i in b1["images"] if i["split"]]
    twins = [(b1["images"][a - 1], b2["images"][b - 1]) for a, b, _ in YARD_TWINS]
    now_done = [u1["images"][i - 1] for i in YARD_NOW_COMPLETED]
    index, k = YARD_MOVED
    old = b1["images"][index - 1]["annotations"][k - 1]
    new = u1["images"][index - 1]["annotations"][k - 1]
    coords = ("x_center", "y_center", "width", "height")
    flipped = u1["images"][YARD_LOCKED_VAL[0] - 1]
    missing, out_of_range = b4["images"][1], b4["images"][2]["annotations"][1]
    prelabelled = [i for i in both if i["annotation_status"] == "pending" and i["annotations"]]
    prelabels = [a for i in prelabelled for a in i["annotations"]]
    lines = [
        "fixtures/workspace: one project over four batches, for workspace import, split and",
        "update tests. Written by scripts/make-fixtures (make_workspace in",
        "scripts/make_fixtures.py): change that, not these files.",
        "",
        'Project p-yard "Yard counts" (object_detection), classes person "0", car "1",'
        ' bicycle "2".',
        "Every batch: stage annotating, status completed, source edge; device_id",
        "dev-yard-cam-01 on odd batch numbers, dev-yard-cam-02 on even ones, and alternating",
        "image by image in a batch.",
        f"Images: {YARD_SIZE[0]}x{YARD_SIZE[1]} JPEGs under images/; storage keys"
        " (yard/b-NNNN/frame_NNNN.jpg) are relative to it.",
        "",
        f"dumps/batch-2001.json    {describe(b1)}",
        "  split val, locked: " + ids([i for i in split if i["split_locked"]])
        + "; train, unlocked: " + ids([i for i in split if not i["split_locked"]])
        + "; every other null",
        f"dumps/batch-2002.json    {describe(b2)}; every split null",
        f"  annotations on completed images: {classes(both)}",
        f"  pending with model pre-labels ({len(prelabels)} annotations): {ids(prelabelled)}",
        "  byte-identical files (both completed, split null: a split must keep each pair"
        " together):",
        *[f"    {a['id']} ({a['storage_key']}) = {b['id']} ({b['storage_key']})" for a, b in twins],
        f"  one file name, two keys: {b1['images'][0]['storage_key']} ({b1['images'][0]['id']}),"
        f" {b2['images'][0]['storage_key']} ({b2['images'][0]['id']})",
        f"later/batch-2003.json    {describe(b3)}; every split null",
        f"  annotations: {classes(b3['images'])}",
        f"updates/batch-2001.json  b-2001 again, updated_at {u1['updated_at']}"
        f" (was {b1['updated_at']}), same images and ids:",
        f"  pending -> completed: {ids(now_done)}"
        f" ({sum(len(i['annotations']) for i in now_done)} annotations)",
        f"  {new['id']} redrawn: " + ", ".join(f"{c} {old[c]} -> {new[c]}"
                                             for c in coords if old[c] != new[c]),
        f"  {flipped['id']} says split {flipped['split']}, split_locked"
        f" {str(flipped['split_locked']).lower()}: it is locked val, and an import must keep it so",
        f"broken/batch-2004.json   {describe(b4)}",
        f"  {missing['id']}: no file at {missing['storage_key']},"
        f" nor any other {missing['filename']}",
        f"  {out_of_range['id']}: x_center {out_of_range['x_center']}",
        "",
        "EXPECTED: yoloset validate fixtures/workspace/DIR --images fixtures/workspace/images",
        "(--check header or full; images and annotations as its summary line counts them)",
        f"  dumps    {size(both)}: 0 errors, 2 warnings (image.duplicate on "
        + " and ".join(b["id"] for _, b in sorted(twins, key=lambda t: t[1]["id"]))
        + ", one per byte-identical pair)",
        f"  later    {size(b3['images'])}: 0 errors, 0 warnings",
        f"  updates  {size(u1['images'])}: 0 errors, 0 warnings",
        f"  broken   {size(b4['images'])}: 2 errors (image.missing on {missing['id']},"
        f" box.out-of-range on {out_of_range['id']}), 0 warnings",
    ]
    (folder / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------------------------------
# Self-checks: catch a fixture that does not say what it claims before a Swift test trips on it.

# Files that are wrong on purpose, or that Pillow can open although they are damaged.
NOT_CLEAN = {"broken/images/truncated.jpg", "broken/images/truncated.png",
             "broken/images/zero-bytes.jpg", "broken/images/notes.png",
             "broken/images/bomb.png", "broken/images/damaged-scan.jpg",
             "broken/images/damaged-idat.png", "broken/images/image-loader-refuses-text.png",
             "broken/images/image-unsupported-12bit.jpg", "broken/images/image-too-large-progressive.jpg"}
SAME_BYTES = [{"broken/images/image-duplicate-a.jpg", "broken/images/image-duplicate-b.jpg"},
              {"broken/images/split-leak-train.jpg", "broken/images/split-leak-val.jpg"},
              {"broken/images/split-overlap-val.jpg", "broken/images/split-overlap-test.jpg"},
              {"workspace/images/yard/b-2001/frame_0016.jpg",
               "workspace/images/yard/b-2002/frame_0064.jpg"},
              {"workspace/images/yard/b-2001/frame_0028.jpg",
               "workspace/images/yard/b-2002/frame_0051.jpg"},
              # A later dump of a batch finds the same file again.
              {"runflow/running/dock-a-0001.jpg", "runflow/running-later/dock-a-0001.jpg"},
              {"nimble/in-progress/nb-run-006.jpg", "nimble/in-progress-later/nb-run-006.jpg"}]


def images_root(root: Path, dump: Path) -> Path:
    """Where a dump's storage keys resolve: the sample, the workspace and segment keep their images beside
    their dump folders; elsewhere keys are relative to the family folder (the parent of a folder of
    list pages)."""
    family = dump.relative_to(root).parts[0]
    if family in ("sample", "workspace", "segment"):
        return root / family / "images"
    return root / family


def self_check(root: Path) -> None:
    files = sorted(p for name in OWNED for p in ([root / name] if (root / name).is_file()
                                                 else (root / name).rglob("*")) if p.is_file())
    rel = {p: p.relative_to(root).as_posix() for p in files}

    # Every image has its own bytes, except the pairs that are duplicates on purpose.
    by_digest: dict[str, set[str]] = {}
    for p in files:
        if p.suffix.lower() in (".jpg", ".jpeg", ".png"):
            by_digest.setdefault(hashlib.sha256(p.read_bytes()).hexdigest(), set()).add(rel[p])
    shared = [names for names in by_digest.values() if len(names) > 1]
    assert sorted(map(sorted, shared)) == sorted(map(sorted, SAME_BYTES)), shared

    # Every storage key resolves directly, except the image.missing cases and the one stale key
    # that only the filename fallback resolves; every clean image decodes at its declared size
    # (after EXIF orientation); no image file is left unreferenced.
    missing, by_name, referenced = [], [], {root / "outside.jpg"}
    for dump in files:
        if dump.suffix != ".json" or dump.name == "EXPECTED":
            continue
        try:
            body = json.loads(dump.read_text(encoding="utf-8"))
            batches = body["data"] if "data" in body else body
            batches = batches if isinstance(batches, list) else [batches]
            images = [image for batch in batches for image in batch["images"]]
        except (ValueError, KeyError, TypeError):
            continue  # bad-dumps that are not even JSON, or have no images
        base = images_root(root, dump)
        for image in images:
            key = image["storage_key"]
            path = base / key
            if key.startswith("/") or ".." in key.split("/") or not path.is_file():
                found = list(base.rglob(image["filename"]))
                if len(found) != 1:
                    missing.append(image["filename"])
                    continue
                by_name.append(image["filename"])
                path = found[0]
            referenced.add(path)
            if rel[path] in NOT_CLEAN or rel[dump].startswith("bad-dumps/"):
                continue
            with Image.open(path) as im:
                im.load()
                size = im.size
                if im.getexif().get(0x0112) in (5, 6, 7, 8):
                    size = size[::-1]
            declared = (image["width"], image["height"])
            wrong_on_purpose = rel[dump] in ("broken/image-dimensions.json",
                                             "broken/image-orientation.json")
            assert size == declared or wrong_on_purpose, (rel[path], size, declared)
    assert sorted(missing) == ["frame-never-uploaded.jpg", "frame_0102.jpg", "hostname",
                               "outside.jpg"], missing
    assert by_name == ["image-missing-found-by-name.jpg"], by_name
    # (The images of the cut-off dump are named only in text that no longer parses.)
    orphans = [rel[p] for p in files if p.suffix != ".json"
               and p.name not in ("EXPECTED", "README.md") and p not in referenced
               and not rel[p].startswith("bad-dumps/images/invalid-json-")
               and not rel[p].startswith(("runflow/", "nimble/"))]
    assert not orphans, orphans

    # Two budgets: the per-rule families, and the workspace family on its own.
    workspace = [p for p in files if rel[p].startswith("workspace/")]
    total = sum(p.stat().st_size for p in files if p not in workspace)
    assert total < 340 * 1024, f"fixtures total {total} bytes (without workspace/)"
    workspace_total = sum(p.stat().st_size for p in workspace)
    assert workspace_total < 300 * 1024, f"workspace/ total {workspace_total} bytes"
    check_workspace(root)
    check_sources(root)
    log(f"{len(files) - len(workspace)} files, {total} bytes; workspace/: {len(workspace)} files, "
        f"{workspace_total} bytes")


def check_workspace(root: Path) -> None:
    """The workspace family says what its README says (the parts tests lean on)."""
    folder = root / "workspace"

    def images_of(rel: str) -> tuple[dict, list[dict]]:
        batch = json.loads((folder / rel).read_text(encoding="utf-8"))["data"]
        assert batch["project"]["id"] == "p-yard" and batch["stage"] == "annotating"
        number = int(batch["id"].removeprefix("b-"))
        assert batch["device_id"] == YARD_DEVICES[(number - 1) % 2]
        for n, image in enumerate(batch["images"], start=1):
            assert image["device_id"] == yard_device(number, n), image["id"]
        return batch, batch["images"]

    w, h = YARD_SIZE
    b1, first = images_of("dumps/batch-2001.json")
    _, second = images_of("dumps/batch-2002.json")
    _, later = images_of("later/batch-2003.json")
    u1, updated = images_of("updates/batch-2001.json")
    _, broken = images_of("broken/batch-2004.json")
    everything = first + second + later + broken
    assert len({i["id"] for i in everything}) == len(everything)
    assert len({i["storage_key"] for i in everything}) == len(everything)
    names = [i["filename"] for i in everything]
    assert [n for n in set(names) if names.count(n) > 1] == ["frame_0001.jpg"], names

    # Good boxes everywhere but the one broken on purpose: inside the image, sides of 4 px or more,
    # no repeats; 0..5 per completed image.
    for image in first + second + later + updated + broken:
        boxes = [(a["class_value"], a["x_center"], a["y_center"], a["width"], a["height"])
                 for a in image["annotations"]]
        assert len(set(boxes)) == len(boxes) and len(boxes) <= 5, image["id"]
        for cls, xc, yc, bw, bh in boxes:
            if image["id"] == "img-2004-03" and xc == 1.4:
                continue
            assert cls in YARD_SHARES and bw * w >= 4 and bh * h >= 4, image["id"]
            assert (xc - bw / 2) * w >= 0 and (xc + bw / 2) * w <= w, image["id"]
            assert (yc - bh / 2) * h >= 0 and (yc + bh / 2) * h <= h, image["id"]

    # dumps/: ~5 pending per batch, a few backgrounds, classes about 70/25/5 with 10+ bicycles in
    # both batches together, splits only on the five images that have one on purpose.
    for images in (first, second):
        assert len(images) == 40
        assert sum(i["annotation_status"] == "pending" for i in images) == 5
        assert sum(i["annotation_status"] == "completed" and not i["annotations"]
                   for i in images) == 2
    done = [a["class_value"] for i in first + second if i["annotation_status"] == "completed"
            for a in i["annotations"]]
    share = {c: done.count(c) / len(done) for c in YARD_SHARES}
    assert abs(share["0"] - 0.70) < 0.02 and abs(share["1"] - 0.25) < 0.02, share
    assert done.count("2") >= 10 and abs(share["2"] - 0.05) < 0.01, share
    for images in (first, second):
        assert sum(a["class_value"] == "2" for i in images if i["annotation_status"] == "completed"
                   for a in i["annotations"]) >= 3
    splits = {i["id"]: (i["split"], i["split_locked"]) for i in first + second + later + broken
              if i["split"] is not None or i["split_locked"]}
    assert splits == {**{f"img-2001-{n:02d}": ("val", True) for n in YARD_LOCKED_VAL},
                      **{f"img-2001-{n:02d}": ("train", False) for n in YARD_TRAIN}}, splits
    for a, b, _ in YARD_TWINS:
        pair = (first[a - 1], second[b - 1])
        assert all(i["annotation_status"] == "completed" and i["split"] is None for i in pair)
        assert pair[0]["annotations"] and [x["class_value"] for x in pair[0]["annotations"]] \
            == [x["class_value"] for x in pair[1]["annotations"]]
    assert len(later) == 20 and all(i["annotation_status"] == "completed" for i in later)
    assert len(broken) == 4

    # updates/: the same images; only the announced changes.
    assert u1["updated_at"] > b1["updated_at"]
    assert [(i["id"], i["storage_key"]) for i in updated] == [(i["id"], i["storage_key"])
                                                              for i in first]
    changed = {}
    for old, new in zip(first, updated):
        diff = sorted(k for k in old if old[k] != new[k])
        if diff:
            changed[old["id"]] = diff
    index, k = YARD_MOVED
    assert changed == {**{f"img-2001-{n:02d}": ["annotation_status", "annotations"]
                          for n in YARD_NOW_COMPLETED},
                       f"img-2001-{index:02d}": ["annotations"],
                       f"img-2001-{YARD_LOCKED_VAL[0]:02d}": ["split", "split_locked"]}, changed
    for n in YARD_NOW_COMPLETED:
        assert updated[n - 1]["annotation_status"] == "completed" and updated[n - 1]["annotations"]
    old, new = first[index - 1]["annotations"], updated[index - 1]["annotations"]
    assert [a["id"] for a in old] == [a["id"] for a in new]
    assert [a for a in old if a not in new] == [old[k - 1]]
    assert {f for f in old[k - 1] if old[k - 1][f] != new[k - 1][f]} <= {"x_center", "y_center"}
    assert updated[YARD_LOCKED_VAL[0] - 1]["split"] == "train"


def main() -> None:
    default = Path(__file__).resolve().parent.parent / "fixtures"
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    root.mkdir(parents=True, exist_ok=True)
    for name in OWNED:
        target = root / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    make_outside(root)
    make_sample(root)
    make_formats(root)
    make_broken(root)
    make_bad_dumps(root)
    make_shapes(root)
    make_workspace(root)
    make_segment(root)
    make_runflow(root)
    make_nimble(root)
    self_check(root)
    log(f"fixtures written under {root}")


if __name__ == "__main__":
    main()
