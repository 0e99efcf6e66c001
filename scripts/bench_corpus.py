#!/usr/bin/env python3
"""Synthetic Acusight corpus for scripts/bench.

    bench_corpus.py generate --out DIR --images N [--workers 2] [--per-dump 200] [--seed 0]
    bench_corpus.py subset   --corpus DIR --images M --out DIR2
    bench_corpus.py scale    --out DIR --images N [--per-dump 1000] [--workers 2] [--seed 0]
    bench_corpus.py runflow  --corpus DIR --out DIR2 [--per-batch 1000] [--per-page 200] [--seed 0]

`generate` writes N images (alternating JPEG/PNG, and in pairs 640x480/1280x720, so every
combination is a quarter of the corpus) under DIR/images/<storage_key>, Acusight envelope dumps
of --per-dump images each under DIR/dumps/batch-XXXX.json, the list of storage keys in
DIR/images.txt (for the Pillow baseline), and finally DIR/COMPLETE (JSON: parameters, counts,
bytes). A DIR whose COMPLETE marker matches the requested parameters is reused as it is; any
other DIR is wiped and regenerated.

`scale --out DIR --images N [--per-dump 1000] [--workers 2]` writes N small images (64x48,
alternating JPEG and PNG, about 1 KB each) and their dumps, a dump (and its images folder) at a
time in each worker, so memory stays flat for a million images (scripts/bench --scale). Each image
is a seeded colour field with one to three filled rectangles, which are its annotations; every
file differs (its index is drawn into its pixels). DIR/COMPLETE is written last and reused as
`generate`'s is.

`subset` copies the first dumps holding the first M images into DIR2 (same images folder).
`format-subset --format jpeg|png --images M --out DIR2` writes dumps holding only the first M images of
one format, and DIR2/images.txt listing them (for the Pillow baseline).

`runflow` writes Runflow batch dumps (GET /v1/batches/{id}) for every image of the corpus, in the
order of its Acusight dumps: one batch per --per-batch images, DIR2/batch-XXX.json with the lean
item handles, and its items pages (GET /v1/batches/{id}/items) DIR2/batch-XXX-items-YYY.json of
--per-page full items each. Ids (batch, item, run) are UUIDs from a seeded RNG. round(2%) of the
items, at seeded random positions, failed (with an error object) and round(1%) were cancelled
(spelt "canceled" and "cancelled" in turn); the rest succeeded, and their output names the
image in one of two forms, in turn over the corpus's format/size combinations: the storage key
as a path relative to the images folder, or {"url": "https://cdn.example.com/out/<file>?sig=.."}
(found by file name anywhere under the images folder). Failed and cancelled items have an image
file too, but no output: yoloset imports none of them. DIR2/COMPLETE (JSON: parameters, counts)
is written last; a DIR2 whose marker matches the corpus and parameters is reused as it is, any
other DIR2 that holds only such dumps is wiped and regenerated. The marker's JSON is printed to
stdout: items, succeeded, failed, cancelled, batches, files (dump files), succeeded_bytes (the
succeeded items' image bytes).

Images: a smooth low-frequency background, random filled "clutter" shapes, the annotated
objects (2..6 per image, ~4 on average, one of 5 classes, boxes fully inside the image and at
least 24 px / 3% of the side), then mid-frequency texture plus mild per-pixel grain. JPEG is
Pillow quality 90 with a small EXIF block (Orientation = 1). PNG is RGB 8-bit written by a
small NumPy encoder (per-row Sub/Up/Average/Paeth filters, deflate by ISA-L level 1 -- the
`isal` package -- or zlib level 1 with Z_RLE when isal is missing, 64 KiB IDAT chunks):
Pillow's own PNG encoder spends 100+ ms on a 1280x720 photo-like image even at
compress_level=1, which would blow the generation time budget; decoders see an ordinary,
valid, photo-sized PNG either way. Every image is seeded from (seed, index), so the
corpus is reproducible and every file differs.

Progress goes to stderr; `generate` and `runflow` print their COMPLETE marker's JSON to stdout.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import shutil
import struct
import sys
import time
import uuid
import zlib

GENERATOR_VERSION = 5
MARKER = "COMPLETE"

CLASSES = [
    ("person", "#e6194b"),
    ("forklift", "#3cb44b"),
    ("pallet", "#ffe119"),
    ("helmet", "#4363d8"),
    ("vest", "#f58231"),
]
# Base fill colours per class (objects are drawn with these, jittered).
CLASS_RGB = [(200, 60, 70), (60, 170, 70), (190, 160, 60), (60, 90, 200), (240, 130, 50)]
SIZES = [(640, 480), (1280, 720)]


def log(msg: str) -> None:
    print(f"[bench_corpus] {msg}", file=sys.stderr, flush=True)


def det_uuid(rng) -> str:
    return str(uuid.UUID(bytes=rng.bytes(16), version=4))


def iso(ts: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


# --------------------------------------------------------------------------------------------
# Worker side

try:  # ISA-L deflate: level 1 is ~3x faster than zlib level 1 here, at zlib-level-6 sizes.
    from isal import isal_zlib

    PNG_DEFLATE = "isal level 1"

    def _deflate(raw: bytes) -> bytes:
        return isal_zlib.compress(raw, 1)

except ImportError:  # plain zlib: slower, and a little larger files
    PNG_DEFLATE = "zlib level 1, Z_RLE"

    def _deflate(raw: bytes) -> bytes:
        comp = zlib.compressobj(1, zlib.DEFLATED, 15, 8, zlib.Z_RLE)
        return comp.compress(raw) + comp.flush()


_W: dict = {}


def _worker_init(seed: int) -> None:
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng([seed, 0xC0FFEE])
    ph, pw = 1100, 1700

    def upscaled(gh: int, gw: int, sigma: float) -> "np.ndarray":
        low = rng.normal(0.0, sigma, size=(gh, gw, 3)).astype(np.float32)
        chans = [Image.fromarray(low[:, :, k], "F").resize((pw, ph), Image.BICUBIC) for k in range(3)]
        return np.stack([np.asarray(c, dtype=np.float32) for c in chans], axis=2)

    # Smooth backgrounds (random crop + per-channel tone curve per image): a few very
    # low-frequency colour fields, like walls, floors and sky under uneven light.
    _W["backgrounds"] = [
        Image.fromarray(
            np.clip(128.0 + upscaled(int(rng.integers(3, 6)), int(rng.integers(4, 8)), 45.0), 0, 255)
            .astype(np.uint8),
            "RGB",
        )
        for _ in range(6)
    ]
    # Texture pool (random crop added to every image): mid-frequency blotches (+-~10) plus
    # grain (sigma 2), centred on 128 so ImageChops.add(img, crop, 1.0, -128) adds it.
    tex = upscaled(ph // 6 + 1, pw // 6 + 1, 7.0)
    tex += rng.normal(0.0, 2.0, size=(ph, pw, 3)).astype(np.float32)
    _W["pool"] = Image.fromarray(np.clip(tex + 128.0, 0, 255).astype(np.uint8), "RGB")
    exif = Image.Exif()
    exif[0x010F] = "Acusight"  # Make
    exif[0x0110] = "AC-EDGE-2"  # Model
    exif[0x0112] = 1  # Orientation: normal
    _W["exif"] = exif.tobytes()
    _W["seed"] = seed


def _png_bytes(arr, rng) -> bytes:
    """RGB uint8 HxWx3 array -> PNG bytes with a per-row mix of filters 1..4."""
    import numpy as np

    h, w, ch = arr.shape
    x = arr.reshape(h, w * ch)
    ftype = rng.choice(np.array([1, 2, 3, 4], dtype=np.uint8), size=h, p=[0.35, 0.3, 0.1, 0.25])
    ftype[0] = 1  # first row: Sub (Up/Avg/Paeth would need the missing previous row)
    out = np.empty((h, w * ch + 1), np.uint8)
    out[:, 0] = ftype
    o = out[:, 1:]
    r = np.flatnonzero(ftype == 1)  # Sub
    xs = x[r]
    t = xs.copy()
    t[:, ch:] -= xs[:, :-ch]
    o[r] = t
    r = np.flatnonzero(ftype == 2)  # Up
    o[r] = x[r] - x[r - 1]
    r = np.flatnonzero(ftype == 3)  # Average
    xs = x[r].astype(np.int16)
    up = x[r - 1].astype(np.int16)
    left = np.zeros_like(xs)
    left[:, ch:] = xs[:, :-ch]
    o[r] = (xs - ((left + up) >> 1)).astype(np.uint8)
    r = np.flatnonzero(ftype == 4)  # Paeth
    xs = x[r].astype(np.int16)
    b = x[r - 1].astype(np.int16)
    a = np.zeros_like(xs)
    a[:, ch:] = xs[:, :-ch]
    c = np.zeros_like(xs)
    c[:, ch:] = b[:, :-ch]
    pa = np.abs(b - c)
    pb = np.abs(a - c)
    pc = np.abs(a + b - 2 * c)
    pred = np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, c))
    o[r] = (xs - pred).astype(np.uint8)

    data = _deflate(out.tobytes())

    def chunk(tag: bytes, payload: bytes) -> bytes:
        return (
            struct.pack(">I", len(payload))
            + tag
            + payload
            + struct.pack(">I", zlib.crc32(payload, zlib.crc32(tag)))
        )

    parts = [b"\x89PNG\r\n\x1a\n", chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))]
    # pHYs 72 dpi, like most exported PNGs.
    parts.append(chunk(b"pHYs", struct.pack(">IIB", 2835, 2835, 1)))
    for i in range(0, len(data), 65536):
        parts.append(chunk(b"IDAT", data[i : i + 65536]))
    parts.append(chunk(b"IEND", b""))
    return b"".join(parts)


def _make_image(i: int, batch_id: str, out_images: str, per_dump: int, device_id: str) -> dict:
    import io

    import numpy as np
    from PIL import Image, ImageChops, ImageDraw

    rng = np.random.default_rng([_W["seed"], i])
    is_png = i % 2 == 1
    w, h = SIZES[(i // 2) % 2]
    ext = "png" if is_png else "jpg"

    # Smooth background: a random crop of one of the worker's colour fields, through a random
    # per-channel linear tone curve.
    bgs = _W["backgrounds"]
    bg = bgs[int(rng.integers(0, len(bgs)))]
    ox, oy = int(rng.integers(0, bg.width - w)), int(rng.integers(0, bg.height - h))
    lut = []
    for _ in range(3):
        gain, shift = float(rng.uniform(0.5, 1.1)), float(rng.uniform(-60, 60))
        lut += [min(255, max(0, int((v - 128) * gain + 128 + shift))) for v in range(256)]
    img = bg.crop((ox, oy, ox + w, oy + h)).point(lut)
    d = ImageDraw.Draw(img)

    def colour(around=None, spread=40):
        if around is None:
            return tuple(int(v) for v in rng.integers(0, 256, 3))
        return tuple(int(v) for v in np.clip(np.array(around) + rng.normal(0, spread, 3), 0, 255))

    # Background clutter.
    for _ in range(int(rng.integers(6, 15))):
        x0, y0 = float(rng.uniform(-w * 0.1, w)), float(rng.uniform(-h * 0.1, h))
        bw, bh = float(rng.uniform(15, w / 3)), float(rng.uniform(15, h / 3))
        kind = int(rng.integers(0, 4))
        fill = colour()
        if kind == 0:
            d.ellipse([x0, y0, x0 + bw, y0 + bh], fill=fill)
        elif kind == 1:
            d.rectangle([x0, y0, x0 + bw, y0 + bh], fill=fill)
        elif kind == 2:
            pts = [(x0 + float(rng.uniform(0, bw)), y0 + float(rng.uniform(0, bh))) for _ in range(5)]
            d.polygon(pts, fill=fill)
        else:
            d.line([(x0, y0), (x0 + bw, y0 + bh)], fill=fill, width=int(rng.integers(2, 9)))

    # Annotated objects: 2..6 per image (mean 4), boxes strictly inside the frame.
    image_id = det_uuid(rng)
    annotations = []
    n_obj = int(rng.integers(2, 7))
    min_w, min_h = max(24, int(0.03 * w)), max(24, int(0.03 * h))
    for z in range(n_obj):
        cls = int(rng.integers(0, len(CLASSES)))
        bw = int(rng.integers(min_w, int(0.35 * w)))
        bh = int(rng.integers(min_h, int(0.45 * h)))
        x0 = int(rng.integers(1, w - bw - 1))
        y0 = int(rng.integers(1, h - bh - 1))
        x1, y1 = x0 + bw, y0 + bh
        fill = colour(CLASS_RGB[cls], 25)
        if cls in (0, 3):
            d.ellipse([x0, y0, x1 - 1, y1 - 1], fill=fill, outline=colour(), width=2)
        else:
            d.rectangle([x0, y0, x1 - 1, y1 - 1], fill=fill, outline=colour(), width=2)
        # Some inner detail so objects have edges of their own.
        ix, iy = x0 + bw // 4, y0 + bh // 4
        d.rectangle([ix, iy, ix + max(2, bw // 3), iy + max(2, bh // 5)], fill=colour())
        ann = {
            "id": det_uuid(rng),
            "image_id": image_id,
            "class_value": str(cls),
            "type": "bbox",
            "x_center": round((x0 + x1) / 2 / w, 6),
            "y_center": round((y0 + y1) / 2 / h, 6),
            "width": round(bw / w, 6),
            "height": round(bh / h, 6),
            "geometry": None,
            "source": "manual",
            "model_name": None,
            "model_version": None,
            "z_order": z,
        }
        if rng.random() < 0.25:
            ann.update(
                source="model",
                confidence=round(float(rng.uniform(0.5, 0.99)), 4),
                model_name="yolov8n-site",
                model_version="1.4.2",
            )
        annotations.append(ann)

    # Texture + grain: a random crop of the worker's pool.
    pool = _W["pool"]
    ox, oy = int(rng.integers(0, pool.width - w)), int(rng.integers(0, pool.height - h))
    img = ImageChops.add(img, pool.crop((ox, oy, ox + w, oy + h)), 1.0, -128)

    if is_png:
        data = _png_bytes(np.asarray(img), rng)
    else:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=90, exif=_W["exif"])
        data = buf.getvalue()

    batch_no = i // per_dump
    key = f"org-acme/batch-{batch_no:04d}/{image_id}.{ext}"
    path = os.path.join(out_images, key)
    with open(path, "wb") as f:
        f.write(data)
    return {
        "index": i,
        "bytes": len(data),
        "crc": zlib.crc32(data),
        "png": is_png,
        "image": {
            "id": image_id,
            "batch_id": batch_id,
            "filename": f"cam03_{1700000000 + i * 7}_{i:06d}.{ext}",
            "storage_key": key,
            "width": w,
            "height": h,
            "annotation_status": "completed",
            "split": None,
            "split_locked": False,
            "device_id": device_id,
            "annotations": annotations,
        },
    }


def _work(args) -> list:
    indices, batch_ids, out_images, per_dump, device_id = args
    return [
        _make_image(i, batch_ids[i // per_dump], out_images, per_dump, device_id) for i in indices
    ]


# --------------------------------------------------------------------------------------------
# Parent side


def _params(args) -> dict:
    return {
        "generator_version": GENERATOR_VERSION,
        "images": args.images,
        "per_dump": args.per_dump,
        "seed": args.seed,
        "png_deflate": PNG_DEFLATE,
    }


def read_marker(out: str):
    try:
        with open(os.path.join(out, MARKER)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def reuse_or_clear(out: str, want: dict) -> bool:
    """True (its marker printed) when `out` holds a complete corpus made with `want`; else removes
    whatever is there and returns False."""
    marker = read_marker(out)
    if marker is not None and all(marker.get(k) == v for k, v in want.items()):
        log(f"reusing complete corpus {out}")
        print(json.dumps(marker))
        return True
    if os.path.exists(out):
        log(f"removing incomplete or stale corpus {out}")
        shutil.rmtree(out)
    return False


def generate(args) -> int:
    import numpy as np

    out = os.path.abspath(args.out)
    want = _params(args)
    if reuse_or_clear(out, want):
        return 0

    n, per = args.images, args.per_dump
    n_dumps = (n + per - 1) // per
    rng = np.random.default_rng([args.seed, 0xBA7C4])
    org_id, project_id = det_uuid(rng), det_uuid(rng)
    device_id = "edge-cam-03"
    classes = [
        {"id": det_uuid(rng), "name": name, "raw_value": str(k), "color": color}
        for k, (name, color) in enumerate(CLASSES)
    ]
    batch_ids = [det_uuid(rng) for _ in range(n_dumps)]
    images_dir = os.path.join(out, "images")
    dumps_dir = os.path.join(out, "dumps")
    os.makedirs(dumps_dir)
    for b in range(n_dumps):
        os.makedirs(os.path.join(images_dir, "org-acme", f"batch-{b:04d}"))

    chunk = 25
    jobs = [
        (list(range(s, min(n, s + chunk))), batch_ids, images_dir, per, device_id)
        for s in range(0, n, chunk)
    ]
    log(f"generating {n} images in {n_dumps} dumps with {args.workers} workers into {out}")
    t0 = time.monotonic()
    results: list = [None] * n
    done, next_report = 0, 0.1
    ctx = mp.get_context("fork")
    with ctx.Pool(args.workers, initializer=_worker_init, initargs=(args.seed,)) as pool:
        for part in pool.imap_unordered(_work, jobs):
            for r in part:
                results[r["index"]] = r
            done += len(part)
            if done >= next_report * n or done == n:
                el = time.monotonic() - t0
                log(f"  {done}/{n} images, {el:.0f}s elapsed, ~{el / done * (n - done):.0f}s to go")
                while next_report * n <= done:
                    next_report += 0.1

    seen = {}
    for r in results:
        k = (r["bytes"], r["crc"])
        if k in seen:
            raise SystemExit(f"images {seen[k]} and {r['index']} are byte-identical; generator bug")
        seen[k] = r["index"]

    base_ts = 1735689600  # 2025-01-01
    for b in range(n_dumps):
        imgs = [r["image"] for r in results[b * per : (b + 1) * per]]
        batch = {
            "id": batch_ids[b],
            "name": f"bench batch {b:04d}",
            "organization_id": org_id,
            "project_id": project_id,
            "project": {
                "id": project_id,
                "name": "Warehouse safety (bench)",
                "project_type": "object_detection",
                "classes": classes,
            },
            "device_id": device_id,
            "source": "upload",
            "stage": "annotating",
            "status": "ready",
            "tags": ["bench", "synthetic"],
            "created_at": iso(base_ts + b * 3600),
            "updated_at": iso(base_ts + b * 3600 + 1800),
            "images": imgs,
        }
        with open(os.path.join(dumps_dir, f"batch-{b:04d}.json"), "w") as f:
            json.dump({"success": True, "data": batch, "meta": {}}, f, separators=(",", ":"))
    with open(os.path.join(out, "images.txt"), "w") as f:
        for r in results:
            f.write(r["image"]["storage_key"] + "\n")

    seconds = time.monotonic() - t0
    n_png = sum(1 for r in results if r["png"])
    marker = dict(
        want,
        dumps=n_dumps,
        jpeg=n - n_png,
        png=n_png,
        annotations=sum(len(r["image"]["annotations"]) for r in results),
        bytes=sum(r["bytes"] for r in results),
        jpeg_bytes=sum(r["bytes"] for r in results if not r["png"]),
        png_bytes=sum(r["bytes"] for r in results if r["png"]),
        generation_seconds=round(seconds, 1),
    )
    tmp = os.path.join(out, MARKER + ".tmp")
    with open(tmp, "w") as f:
        json.dump(marker, f, indent=1)
    os.replace(tmp, os.path.join(out, MARKER))  # the marker is written last
    log(
        f"corpus done in {seconds:.1f}s: {n} images, {marker['bytes'] / 2**30:.2f} GiB "
        f"(JPEG {marker['jpeg_bytes'] / 2**20:.0f} MiB, PNG {marker['png_bytes'] / 2**20:.0f} MiB)"
    )
    print(json.dumps(marker))
    return 0


def _scale_dump(job) -> dict:
    """One dump of the `scale` corpus and its images; returns its counts."""
    import io

    import numpy as np
    from PIL import Image, ImageDraw

    b, first, count, out, seed, batch_id, project, device_id = job
    rng = np.random.default_rng([seed, 0x5CA1E, b])
    folder = os.path.join(out, "images", "org-acme", f"batch-{b:05d}")
    os.makedirs(folder, exist_ok=True)
    images, total, annotations = [], 0, 0
    for i in range(first, first + count):
        w, h = 64, 48
        img = Image.new("RGB", (w, h), tuple(int(v) for v in rng.integers(0, 256, 3)))
        d = ImageDraw.Draw(img)
        # The index in the first row's pixels: no two files are the same.
        for k in range(4):
            d.point((k, 0), fill=((i >> (8 * k)) & 0xFF, 0, 0))
        anns = []
        for z in range(int(rng.integers(1, 4))):
            bw, bh = int(rng.integers(8, 32)), int(rng.integers(8, 24))
            x0, y0 = int(rng.integers(1, w - bw)), int(rng.integers(1, h - bh))
            d.rectangle((x0, y0, x0 + bw - 1, y0 + bh - 1), fill=tuple(int(v) for v in rng.integers(0, 256, 3)))
            anns.append({
                "id": f"ann-{i:07d}-{z}", "image_id": f"img-{i:07d}", "class_value": str(int(rng.integers(0, 5))),
                "type": "bbox", "x_center": round((x0 + bw / 2) / w, 6), "y_center": round((y0 + bh / 2) / h, 6),
                "width": round(bw / w, 6), "height": round(bh / h, 6), "confidence": None, "geometry": None,
                "source": "manual", "model_name": None, "model_version": None, "z_order": z,
            })  # fmt: skip
        buf = io.BytesIO()
        ext = "png" if i % 2 else "jpg"
        if ext == "png":
            img.save(buf, "PNG", compress_level=1)
        else:
            img.save(buf, "JPEG", quality=85)
        data = buf.getvalue()
        name = f"frame_{i:07d}.{ext}"
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
        total += len(data)
        annotations += len(anns)
        images.append({
            "id": f"img-{i:07d}", "batch_id": batch_id, "filename": name,
            "storage_key": f"org-acme/batch-{b:05d}/{name}", "width": w, "height": h,
            "annotation_status": "completed", "split": None, "split_locked": False, "device_id": device_id,
            "annotations": anns,
        })  # fmt: skip
    batch = {
        "id": batch_id, "name": f"scale batch {b:05d}", "organization_id": project["organization_id"],
        "project_id": project["id"], "project": project["project"], "device_id": device_id, "source": "upload",
        "stage": "annotating", "status": "ready", "tags": ["bench", "scale"],
        "created_at": iso(1735689600 + b * 60), "updated_at": iso(1735689600 + b * 60 + 30), "images": images,
    }  # fmt: skip
    with open(os.path.join(out, "dumps", f"batch-{b:05d}.json"), "w") as f:
        json.dump({"success": True, "data": batch, "meta": {}}, f, separators=(",", ":"))
    return {"images": count, "bytes": total, "annotations": annotations, "png": sum(1 for i in range(first, first + count) if i % 2)}


def scale(args) -> int:
    import numpy as np

    out = os.path.abspath(args.out)
    want = {"generator_version": GENERATOR_VERSION, "kind": "scale", "images": args.images, "per_dump": args.per_dump,
            "seed": args.seed}  # fmt: skip
    if reuse_or_clear(out, want):
        return 0
    os.makedirs(os.path.join(out, "dumps"))
    rng = np.random.default_rng([args.seed, 0xBA7C4])
    org_id, project_id = det_uuid(rng), det_uuid(rng)
    classes = [
        {"id": det_uuid(rng), "name": name, "raw_value": str(k), "color": color}
        for k, (name, color) in enumerate(CLASSES)
    ]
    project = {
        "organization_id": org_id, "id": project_id,
        "project": {"id": project_id, "name": "Warehouse safety (scale)", "project_type": "object_detection",
                    "classes": classes},
    }  # fmt: skip
    n, per = args.images, args.per_dump
    jobs = [
        (b, b * per, min(per, n - b * per), out, args.seed, det_uuid(rng), project, "edge-cam-03")
        for b in range((n + per - 1) // per)
    ]
    log(f"generating {n} images of 64x48 in {len(jobs)} dumps with {args.workers} workers into {out}")
    t0 = time.monotonic()
    totals = {"images": 0, "bytes": 0, "annotations": 0, "png": 0}
    next_report = 0.1
    with mp.get_context("fork").Pool(args.workers) as pool:
        for part in pool.imap_unordered(_scale_dump, jobs):
            for k in totals:
                totals[k] += part[k]
            if totals["images"] >= next_report * n:
                el = time.monotonic() - t0
                log(f"  {totals['images']}/{n} images, {el:.0f}s elapsed")
                while next_report * n <= totals["images"]:
                    next_report += 0.1
    marker = dict(want, dumps=len(jobs), jpeg=totals["images"] - totals["png"], png=totals["png"],
                  annotations=totals["annotations"], bytes=totals["bytes"],
                  generation_seconds=round(time.monotonic() - t0, 1))  # fmt: skip
    tmp = os.path.join(out, MARKER + ".tmp")
    with open(tmp, "w") as f:
        json.dump(marker, f, indent=1)
    os.replace(tmp, os.path.join(out, MARKER))
    log(f"scale corpus done in {marker['generation_seconds']}s: {n} images, {marker['bytes'] / 2**20:.0f} MiB")
    print(json.dumps(marker))
    return 0


def open_corpus(path: str):
    """A generated corpus's absolute path and marker; exits when the corpus is incomplete."""
    corpus = os.path.abspath(path)
    marker = read_marker(corpus)
    if marker is None:
        raise SystemExit(f"{corpus} is not a complete corpus")
    return corpus, marker


def subset(args) -> int:
    corpus, marker = open_corpus(args.corpus)
    per = marker["per_dump"]
    n_dumps = min(marker["dumps"], max(1, (args.images + per - 1) // per))
    out = os.path.abspath(args.out)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    images = 0
    for b in range(n_dumps):
        name = f"batch-{b:04d}.json"
        shutil.copyfile(os.path.join(corpus, "dumps", name), os.path.join(out, name))
        images += min(per, marker["images"] - b * per)
    print(json.dumps({"dumps": n_dumps, "images": images}))
    return 0


def format_subset(args) -> int:
    """The first M images of one format, as dumps of their own plus an image list for Pillow."""
    corpus, marker = open_corpus(args.corpus)
    suffix = ".jpg" if args.format == "jpeg" else ".png"
    out = os.path.abspath(args.out)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "dumps"))
    kept, dumps, paths = 0, 0, []
    for b in range(marker["dumps"]):
        if kept >= args.images:
            break
        with open(os.path.join(corpus, "dumps", f"batch-{b:04d}.json")) as f:
            envelope = json.load(f)
        images = [i for i in envelope["data"]["images"] if i["storage_key"].endswith(suffix)]
        images = images[: args.images - kept]
        if not images:
            continue
        envelope["data"]["images"] = images
        with open(os.path.join(out, "dumps", f"batch-{b:04d}.json"), "w") as f:
            json.dump(envelope, f)
        kept += len(images)
        dumps += 1
        paths += [i["storage_key"] for i in images]
    with open(os.path.join(out, "images.txt"), "w") as f:
        f.write("".join(p + "\n" for p in paths))
    print(json.dumps({"dumps": dumps, "images": kept}))
    return 0


RUNFLOW_VERSION = 1
RUNFLOW_FAILED, RUNFLOW_CANCELLED = 0.02, 0.01  # shares of the items
# What of the corpus's marker the Runflow dumps depend on: the same images under the same keys.
CORPUS_IDENTITY = ("generator_version", "images", "per_dump", "seed", "bytes")


def runflow(args) -> int:
    import numpy as np

    corpus, cmarker = open_corpus(args.corpus)
    out = os.path.abspath(args.out)
    want = {
        "runflow_version": RUNFLOW_VERSION,
        "corpus": {k: cmarker.get(k) for k in CORPUS_IDENTITY},
        "per_batch": args.per_batch,
        "per_page": args.per_page,
        "seed": args.seed,
    }
    marker = read_marker(out)
    if marker is not None and all(marker.get(k) == v for k, v in want.items()):
        log(f"reusing complete Runflow dumps {out}")
        print(json.dumps(marker))
        return 0
    if os.path.exists(out):
        # Only ever a folder of our own making: batch dumps, their pages and the marker.
        def ours(e: str) -> bool:
            return (e.startswith("batch-") and e.endswith(".json")) or e in (MARKER, MARKER + ".tmp")

        strangers = sorted(e for e in os.listdir(out) if not ours(e))
        if strangers:
            raise SystemExit(f"{out} holds other things than Runflow dumps ({', '.join(strangers[:5])}); "
                             "not removing it")
        log(f"removing incomplete or stale Runflow dumps {out}")
        shutil.rmtree(out)
    os.makedirs(out)

    t0 = time.monotonic()
    # The corpus's images in the order of its dumps, as `subset` and `format-subset` read them.
    # (`generate` names them batch-XXXX.json, `scale` batch-XXXXX.json: sorted by name either way.)
    images = []
    for name in sorted(e for e in os.listdir(os.path.join(corpus, "dumps")) if e.endswith(".json")):
        with open(os.path.join(corpus, "dumps", name)) as f:
            images += json.load(f)["data"]["images"]
    n = len(images)
    if n != cmarker["images"]:
        raise SystemExit(f"{corpus}: its dumps list {n} images, its marker {cmarker['images']}")

    rng = np.random.default_rng([args.seed, 0x52F10])
    n_failed, n_cancelled = round(n * RUNFLOW_FAILED), round(n * RUNFLOW_CANCELLED)
    picked = rng.permutation(n)
    failed = {int(i) for i in picked[:n_failed]}
    cancelled = sorted(int(i) for i in picked[n_failed : n_failed + n_cancelled])
    cancel_spelling = {i: ("canceled", "cancelled")[k % 2] for k, i in enumerate(cancelled)}

    per, page = args.per_batch, args.per_page
    n_batches = (n + per - 1) // per
    digits = max(3, len(str(n_batches - 1)))  # so that file names sort as the batches go
    base_ts = 1743587892  # 2025-04-02T09:58:12Z
    files, succeeded_bytes = 0, 0
    for b in range(n_batches):
        batch_id = det_uuid(rng)
        start = base_ts + b * 7200
        items = []
        for i in range(b * per, min(n, (b + 1) * per)):
            image = images[i]
            item_id, run_id = det_uuid(rng), det_uuid(rng)
            key = image["storage_key"]
            name = key.rsplit("/", 1)[-1]
            if i in failed:
                status, output = "failed", None
                error = {"code": "MODEL_TIMEOUT", "message": "render exceeded 120 s"}
            elif i in cancel_spelling:
                status, output = cancel_spelling[i], None
                error = {"code": "CANCELLED", "message": "cancelled by operator"}
            else:
                status, error = "succeeded", None
                # In turn over the four format/size combinations (i % 4): path, URL, URL, path.
                if (i + i // 2) % 2 == 0:
                    output = key
                else:
                    output = {"url": f"https://cdn.example.com/out/{name}?sig={rng.bytes(4).hex()}",
                              "width": image["width"], "height": image["height"]}
                succeeded_bytes += os.path.getsize(os.path.join(corpus, "images", key))
            t = start + 60 + (i - b * per) * 2
            items.append({
                "id": item_id, "batch_id": batch_id, "sequence_index": i - b * per, "run_id": run_id,
                "client_ref": os.path.splitext(image["filename"])[0], "status_code": status,
                "input": {"image_url": f"https://in.example.com/frames/{image['filename']}", "prompt": "dock"},
                "output": output, "error": error,
                "started_at": iso(t), "completed_at": iso(t + 1),
                "run": {"id": run_id, "status_code": status, "model": "render-v2"},
            })  # fmt: skip
        count = lambda *states: sum(x["status_code"] in states for x in items)  # noqa: E731
        handle = ("id", "sequence_index", "client_ref", "run_id", "status_code")
        lean = [{k: x[k] for k in handle} for x in items]
        batch = {
            "id": batch_id,
            "status_code": "succeeded" if count("succeeded") == len(items) else "partial_succeeded",
            "items_total": len(items), "items_succeeded": count("succeeded"), "items_failed": count("failed"),
            "items_cancelled": count("canceled", "cancelled"),
            "created_at": iso(start - 109), "started_at": iso(start), "completed_at": iso(t + 30),
            "failure_code": None, "failure_message": None, "items": lean,
        }  # fmt: skip
        with open(os.path.join(out, f"batch-{b:0{digits}d}.json"), "w") as f:
            json.dump(batch, f, separators=(",", ":"))
        for p in range(0, len(items), page):
            with open(os.path.join(out, f"batch-{b:0{digits}d}-items-{p // page:03d}.json"), "w") as f:
                json.dump({"items": items[p : p + page]}, f, separators=(",", ":"))
            files += 1
        files += 1

    marker = dict(
        want,
        items=n,
        succeeded=n - n_failed - n_cancelled,
        failed=n_failed,
        cancelled=n_cancelled,
        batches=n_batches,
        files=files,
        succeeded_bytes=succeeded_bytes,
        generation_seconds=round(time.monotonic() - t0, 1),
    )
    tmp = os.path.join(out, MARKER + ".tmp")
    with open(tmp, "w") as f:
        json.dump(marker, f, indent=1)
    os.replace(tmp, os.path.join(out, MARKER))  # the marker is written last
    log(f"Runflow dumps done in {marker['generation_seconds']}s: {n} items ({marker['succeeded']} succeeded, "
        f"{n_failed} failed, {n_cancelled} cancelled) in {n_batches} batches, {files} files")
    print(json.dumps(marker))
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--out", required=True)
    g.add_argument("--images", type=int, default=20000)
    g.add_argument("--workers", type=int, default=2)
    g.add_argument("--per-dump", type=int, default=200)
    g.add_argument("--seed", type=int, default=0)
    sc = sub.add_parser("scale")
    sc.add_argument("--out", required=True)
    sc.add_argument("--images", type=int, required=True)
    sc.add_argument("--per-dump", type=int, default=1000)
    sc.add_argument("--workers", type=int, default=2)
    sc.add_argument("--seed", type=int, default=0)
    s = sub.add_parser("subset")
    s.add_argument("--corpus", required=True)
    s.add_argument("--images", type=int, required=True)
    s.add_argument("--out", required=True)
    fs = sub.add_parser("format-subset")
    fs.add_argument("--corpus", required=True)
    fs.add_argument("--format", choices=("jpeg", "png"), required=True)
    fs.add_argument("--images", type=int, required=True)
    fs.add_argument("--out", required=True)
    r = sub.add_parser("runflow")
    r.add_argument("--corpus", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--per-batch", type=int, default=1000)
    r.add_argument("--per-page", type=int, default=200)
    r.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    if args.cmd == "format-subset":
        return format_subset(args)
    if args.cmd == "runflow":
        if args.per_batch < 1 or args.per_page < 1:
            p.error("--per-batch and --per-page must be positive")
        return runflow(args)
    if args.cmd == "scale":
        if args.images < 1 or args.per_dump < 1 or args.workers < 1:
            p.error("--images, --per-dump and --workers must be positive")
        return scale(args)
    if args.cmd == "generate":
        if args.images < 1 or args.per_dump < 1 or args.workers < 1:
            p.error("--images, --per-dump and --workers must be positive")
        return generate(args)
    return subset(args)


if __name__ == "__main__":
    sys.exit(main())
