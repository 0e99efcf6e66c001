#!/usr/bin/env python3
"""Regenerates fixtures/verdicts/: one image per row of the C shim's message table (rules.c), plus the
hostile files of the bounded-cost checks, as a YOLO dataset and as an Acusight dump of the same files.

Run it through scripts/make-fixtures, which pins Pillow and imagecodecs: the bytes depend on the
encoders, and the fixtures must come out byte-identical on every run.

  images/train/<row>.<ext>   the file for a row of the table, named by the row's id
  images/train/hostile-*     files made to cost memory or time (each must stay within its budget)
  images/val/                two clean images (Ultralytics needs a val split)
  labels/                    an empty label file per image: every image is a background
  data.yaml                  the dataset
  verdicts.json              the same files as an Acusight dump (storage keys relative to this folder)
  EXPECTED                   per file: the table row a full check decides or notes, and the image rules
                             `yoloset validate` reports for it, as a dataset and as a dump, per check level

Two rows have no file here: png.chunk-cap and png.opencv-chunk need a chunk of 8 MB, so the tests write
those files themselves; read-error needs a file that shrinks while it is read.
"""
from __future__ import annotations

import io
import json
import shutil
import struct
import sys
import zlib
from pathlib import Path

import imagecodecs
import numpy as np
from PIL import Image

from make_fixtures import encode, noisy, png_chunk, png_chunks, scene, seeded, write_json

WIDTH, HEIGHT = 64, 48


def log(message: str) -> None:
    print(f"make_verdict_fixtures: {message}", file=sys.stderr)


# --------------------------------------------------------------------------------------------------
# JPEG surgery


def segments(data: bytes) -> list[tuple[int, int, int]]:
    """(offset, marker, segment length with its marker) of each header segment, up to the first SOS."""
    out, pos = [], 2
    while True:
        assert data[pos] == 0xFF, "walked off the JPEG marker chain"
        marker = data[pos + 1]
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        out.append((pos, marker, 2 + length))
        if marker == 0xDA:
            return out
        pos += 2 + length


def segment(data: bytes, marker: int) -> tuple[int, int]:
    offset, _, length = next(s for s in segments(data) if s[1] == marker)
    return offset, length


def scan_data(data: bytes, sos_offset: int) -> tuple[int, int]:
    """Start and end of the entropy-coded data after the SOS at `sos_offset`: up to the next marker."""
    (length,) = struct.unpack(">H", data[sos_offset + 2:sos_offset + 4])
    start = end = sos_offset + 2 + length
    while not (data[end] == 0xFF and data[end + 1] not in (0x00,) and not 0xD0 <= data[end + 1] <= 0xD7):
        end += 1
    return start, end


def photo(seed: str, grain: bool = True) -> Image.Image:
    img = scene((WIDTH, HEIGHT), [], f"verdicts/{seed}")
    return noisy(img, f"verdicts/{seed}") if grain else img


def baseline(seed: str, **options) -> bytes:
    return encode(photo(seed), "JPEG", quality=90, **options)


class Bits:
    """An entropy-coded segment written bit by bit, with 0xFF bytes stuffed and 1-bits as padding."""

    def __init__(self) -> None:
        self.out, self.acc, self.count = bytearray(), 0, 0

    def put(self, value: int, length: int) -> None:
        for i in range(length - 1, -1, -1):
            self.acc = self.acc << 1 | (value >> i) & 1
            self.count += 1
            if self.count == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0x00)
                self.acc, self.count = 0, 0

    def bytes(self) -> bytes:
        if self.count:
            self.put((1 << (8 - self.count)) - 1, 8 - self.count)
        return bytes(self.out)


def marker(code: int, payload: bytes) -> bytes:
    return bytes([0xFF, code]) + struct.pack(">H", len(payload) + 2) + payload


def dht(table_class: int, index: int, lengths: dict[int, list[int]]) -> bytes:
    """A DHT segment: `lengths` maps a code length to the symbols of that length."""
    counts = bytes(len(lengths.get(n, [])) for n in range(1, 17))
    symbols = bytes(s for n in range(1, 17) for s in lengths.get(n, []))
    return marker(0xC4, bytes([table_class << 4 | index]) + counts + symbols)


def progressive_gray(side: int, ac_scans: int) -> bytes:
    """A valid progressive greyscale JPEG of side x side pixels, every coefficient zero: a DC scan, then
    `ac_scans` AC scans of one coefficient each (first, then successive-approximation refinements), every
    scan a handful of end-of-band runs of 32767 blocks."""
    blocks = (side // 8) ** 2
    # DC: one symbol, difference category 0, code "0". AC: the end-of-band runs EOB0 to EOB14, EOB14
    # (runs of 16384 to 32767 blocks) the shortest; with one symbol per length n, its code is n-1 ones
    # and a zero.
    eobs = [14, 10, 3] + [n for n in range(15) if n not in (14, 10, 3)]
    header = (b"\xff\xd8" + marker(0xDB, b"\x00" + bytes([1] * 64))
              + marker(0xC2, struct.pack(">BHHB", 8, side, side, 1) + b"\x01\x11\x00")
              + dht(0, 0, {1: [0x00]}) + dht(1, 0, {n + 1: [eob << 4] for n, eob in enumerate(eobs)}))
    dc = Bits()
    for _ in range(blocks):
        dc.put(0, 1)
    out = header + marker(0xDA, b"\x01\x01\x00\x00\x00\x00") + dc.bytes()
    scans = [(k, al) for k in range(1, 64) for al in range(13, -1, -1)][:ac_scans]
    for k, al in scans:
        ah = 0 if al == 13 else al + 1
        bits, left = Bits(), blocks
        while left:
            run = min(left, 32767)
            size = run.bit_length() - 1
            length = eobs.index(size) + 1
            bits.put((1 << length) - 2, length)
            bits.put(run - (1 << size), size)
            left -= run
        out += marker(0xDA, bytes([1, 1, 0x00, k, k, ah << 4 | al])) + bits.bytes()
    return out + b"\xff\xd9"


def make_jpegs(put) -> None:
    clean = baseline("clean")

    # Oddities before the first scan: the pixels decode completely.
    offset, _ = segment(clean, 0xDB)
    put("jpeg.header-stray-bytes.jpg", clean[:offset] + b"\x00\x11\x22\x33\x44" + clean[offset:],
        row="jpeg.header-stray-bytes", rules=["image.structure"])
    offset, _ = segment(clean, 0xE0)
    assert clean[offset + 4:offset + 9] == b"JFIF\x00"
    jfif = bytearray(clean)
    jfif[offset + 9] = 2
    put("jpeg.header-jfif-version.jpg", bytes(jfif), row="jpeg.header-jfif-version", rules=["image.structure"])
    # libjpeg looks at the Adobe segment only when there is no JFIF one.
    offset, length = segment(clean, 0xE0)
    adobe = marker(0xEE, b"Adobe" + struct.pack(">HHHB", 100, 0, 0, 5))
    put("jpeg.header-adobe-transform.jpg", clean[:offset] + adobe + clean[offset + length:],
        row="jpeg.header-adobe-transform", rules=["image.structure"])
    exif = bytearray(b"MM\x00\x2a\x00\x00\x00\x08\x00\x05")  # an IFD of 5 entries, and then the block ends
    offset, length = segment(clean, 0xE0)
    put("exif-malformed.jpg", clean[:offset + length] + marker(0xE1, b"Exif\x00\x00" + bytes(exif))
        + clean[offset + length:], row=None, rules=["image.structure"])

    # Damage inside the scans.
    sos, _ = segment(clean, 0xDA)
    start, end = scan_data(clean, sos)
    assert end == len(clean) - 2
    cut = start + (end - start) * 6 // 10
    put("jpeg.truncated.jpg", clean[:cut], row="jpeg.truncated", header=["image.corrupt"], full=["image.corrupt"])
    put("jpeg.scan-ends-early.jpg", clean[:cut] + b"\xff\xd9", row="jpeg.scan-ends-early",
        full=["image.corrupt"])
    middle = (start + end) // 2
    # Stuffed 0xFF bytes: a run of 1-bits, which is no code of any Huffman table.
    put("jpeg.scan-bad-code.jpg", clean[:middle] + b"\xff\x00" * 8 + clean[middle + 16:],
        row="jpeg.scan-bad-code", full=["image.corrupt"])
    restarts = baseline("restarts", restart_marker_blocks=2)
    rst = restarts.index(b"\xff\xd3", segment(restarts, 0xDA)[0])
    put("jpeg.scan-restart.jpg", restarts[:rst] + b"\xff\xd6" + restarts[rst + 2:], row="jpeg.scan-restart",
        full=["image.corrupt"])
    rng = seeded("verdicts/trailing")
    put("jpeg.scan-trailing-bytes.jpg", clean[:-2] + bytes(rng.randint(1, 0xFE) for _ in range(16)) + clean[-2:],
        row="jpeg.scan-trailing-bytes", full=["image.corrupt"])
    progressive = encode(photo("progressive"), "JPEG", quality=90, progressive=True)
    first, _ = segment(progressive, 0xDA)
    _, after = scan_data(progressive, first)
    put("jpeg.scan-parameters.jpg", progressive[:after] + progressive[first:after] + progressive[after:],
        row="jpeg.scan-parameters", full=["image.corrupt"])

    # Valid kinds of JPEG that 8-bit libjpeg cannot decode, written by real encoders (libjpeg-turbo 3,
    # CharLS through imagecodecs).
    gray = np.asarray(photo("kinds").convert("L"))
    twelve = (gray.astype(np.uint16) * 16 + 7)
    put("jpeg.unsupported-precision.jpg", imagecodecs.jpeg8_encode(twelve, level=90, bitspersample=12),
        row="jpeg.unsupported-precision", rules=["image.unsupported"])
    put("jpeg.unsupported-process.jpg", imagecodecs.jpeg8_encode(gray, lossless=True),
        row="jpeg.unsupported-process", rules=["image.unsupported"])
    put("jpeg.unsupported-jpeg-ls.jpg", imagecodecs.jpegls_encode(gray), row="jpeg.unsupported-jpeg-ls",
        rules=["image.unsupported"])
    # Hierarchical: a DHP segment (the frame parameters of the whole image) ahead of the frames.
    offset, _ = segment(clean, 0xC0)
    sof = clean[offset + 4:offset + 4 + struct.unpack(">H", clean[offset + 2:offset + 4])[0] - 2]
    put("jpeg.unsupported-hierarchical.jpg", clean[:offset] + marker(0xDE, sof) + clean[offset:offset + 1]
        + b"\xc5" + clean[offset + 2:], row="jpeg.unsupported-hierarchical", rules=["image.unsupported"])
    wide = bytearray(clean)
    wide[offset + 7:offset + 9] = struct.pack(">H", 65535)
    put("jpeg.unsupported-dimensions.jpg", bytes(wide), row="jpeg.unsupported-dimensions",
        rules=["image.unsupported"], size=(65535, HEIGHT))

    # Budgets. A progressive JPEG declaring 65500 x 2732 (under the pixel limit) with no scan data: a
    # full check would hold 1 GB of coefficients. The same frame as a baseline JPEG decodes an MCU row
    # at a time and is damage at its first block.
    def empty(sof_marker: int) -> bytes:
        frame = struct.pack(">BHHB", 8, 2732, 65500, 3) + b"\x01\x11\x00\x02\x11\x00\x03\x11\x00"
        return (b"\xff\xd8" + marker(0xDB, b"\x00" + bytes([1] * 64)) + marker(sof_marker, frame)
                + dht(0, 0, {1: [0x00]}) + dht(1, 0, {1: [0x00]})
                + marker(0xDA, b"\x03\x01\x00\x02\x00\x03\x00" + (b"\x00\x00\x00" if sof_marker == 0xC2
                                                                     else b"\x00\x3f\x00"))
                + b"\xff\xd9")
    put("jpeg.memory-budget.jpg", empty(0xC2), row="jpeg.memory-budget", full=["image.too-large"],
        size=(65500, 2732))
    put("hostile-baseline-no-scan-data.jpg", empty(0xC0), row="jpeg.scan-ends-early", full=["image.corrupt"],
        size=(65500, 2732))
    put("jpeg.scan-budget.jpg", progressive_gray(4096, 600), row="jpeg.scan-budget", full=["image.too-large"],
        size=(4096, 4096))
    put("legit-progressive-many-scans.jpg", progressive_gray(256, 882), row=None, size=(256, 256))

    # Any other error: a quantization table numbered 5 (there are four).
    offset, _ = segment(clean, 0xDB)
    bogus = bytearray(clean)
    bogus[offset + 4] = 0x05
    put("jpeg.other-error.jpg", bytes(bogus), row="jpeg.other-error", rules=["image.corrupt"])


# --------------------------------------------------------------------------------------------------
# PNG surgery


def png(chunks: list[tuple[bytes, bytes]]) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"".join(png_chunk(kind, data) for kind, data in chunks)


def raw_rows(img: Image.Image) -> bytes:
    channels = len(img.getbands())
    data = img.tobytes()
    line = img.width * channels
    return b"".join(b"\x00" + data[y * line:(y + 1) * line] for y in range(img.height))


def ihdr(width: int, height: int, depth: int, color: int) -> tuple[bytes, bytes]:
    return b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, 0)


def make_pngs(put) -> None:
    rgb = photo("png-rgb", grain=False)
    gray = rgb.convert("L")
    rows = zlib.compress(raw_rows(rgb), 9)
    gray_rows = zlib.compress(raw_rows(gray), 9)
    header = ihdr(WIDTH, HEIGHT, 8, 2)
    gray_header = ihdr(WIDTH, HEIGHT, 8, 0)
    end = (b"IEND", b"")

    def with_bad_crc(kind: bytes, data: bytes) -> bytes:
        good = png_chunk(kind, data)
        return good[:-4] + struct.pack(">I", (zlib.crc32(kind + data) ^ 0x5A5A5A5A) & 0xFFFFFFFF)

    # Refused by Pillow although libpng decodes every pixel.
    put("png.ancillary-crc.png", b"\x89PNG\r\n\x1a\n" + png_chunk(*header) + with_bad_crc(b"tEXt", b"Comment\x00hello")
        + png_chunk(b"IDAT", rows) + png_chunk(*end), row="png.ancillary-crc", rules=["image.loader-refuses"])
    put("png.text-chunk-limit.png", png([header, (b"zTXt", b"Comment\x00\x00" + zlib.compress(b"a" * (1 << 20 | 1), 9)),
                                         (b"IDAT", rows), end]),
        row="png.text-chunk-limit", rules=["image.loader-refuses"])
    exactly = zlib.compress(b"a" * (1 << 20), 9)
    put("png.text-memory-limit.png", png([header] + [(b"zTXt", b"Part%02d\x00\x00" % i + exactly) for i in range(65)]
                                          + [(b"IDAT", rows), end]),
        row="png.text-memory-limit", rules=["image.loader-refuses"])
    put("png.icc-limit.png", png([header, (b"iCCP", b"Big profile\x00\x00" + zlib.compress(bytes(1 << 20 | 1), 9)),
                                  (b"IDAT", rows), end]),
        row="png.icc-limit", rules=["image.loader-refuses", "image.structure"])
    put("png.pillow-chunk.png", png([header, (b"gAMA", b"\x00\x01"), (b"IDAT", rows), end]),
        row="png.pillow-chunk", rules=["image.loader-refuses", "image.structure"])
    # The same limits only bind before the first IDAT: after it, Pillow's open() and verify() pass.
    put("text-after-image-data.png", png([header, (b"IDAT", rows),
                                          (b"zTXt", b"Comment\x00\x00" + zlib.compress(b"a" * (1 << 20 | 1), 9)), end]),
        row=None)

    # Oddities: libpng warns, the pixels decode completely, Pillow and OpenCV load the file.
    put("png.trns-range.png", png([gray_header, (b"tRNS", struct.pack(">H", 300)), (b"IDAT", gray_rows), end]),
        row="png.trns-range", rules=["image.structure"])
    put("png.ancillary.png", png([header, (b"gAMA", struct.pack(">I", 0)), (b"IDAT", rows), end]),
        row="png.ancillary", rules=["image.structure"])
    put("png.suggested-palette.png", png([gray_header, (b"PLTE", bytes(range(48))), (b"IDAT", gray_rows), end]),
        row="png.suggested-palette", rules=["image.structure"])
    put("png.zlib-padding.png", png([header, (b"IDAT", rows + b"\x00\x00\x00\x00"), end]),
        row="png.zlib-padding", full=["image.structure"])
    put("png.zlib-overlong.png", png([header, (b"IDAT", zlib.compress(raw_rows(rgb) + bytes(4 * (3 * WIDTH + 1)), 9)),
                                      end]),
        row="png.zlib-overlong", full=["image.structure"])
    # libpng lets an IDAT straight after the complete stream pass; after another chunk it warns.
    put("png.extra-idat.png", png([header, (b"IDAT", rows), (b"tIME", struct.pack(">HBBBBB", 2026, 11, 1, 0, 0, 0)),
                                   (b"IDAT", zlib.compress(b"\x00" * 64)), end]),
        row="png.extra-idat", full=["image.structure"])

    # Damage.
    palette = Image.frombytes("P", (WIDTH, HEIGHT), bytes((x // 8) % 6 for y in range(HEIGHT) for x in range(WIDTH)))
    put("png.palette-index.png", png([ihdr(WIDTH, HEIGHT, 8, 3), (b"PLTE", bytes([0, 0, 0, 255, 255, 255])),
                                      (b"IDAT", zlib.compress(raw_rows(palette), 9)), end]),
        row="png.palette-index", full=["image.corrupt"])
    whole = png([header, (b"IDAT", rows), end])
    put("png.truncated.png", whole[:len(whole) * 6 // 10], row="png.truncated", rules=["image.corrupt"])
    offset, _, idat = next(c for c in png_chunks(whole) if c[1] == b"IDAT")
    flipped = bytearray(idat)
    flipped[len(flipped) // 2] ^= 0x10
    put("png.critical.png", png([header, (b"IDAT", bytes(flipped)), end]), row="png.critical", full=["image.corrupt"])

    # Budget: one row of a 12,000,000-pixel-wide 16-bit RGBA image is 96 MB, and a check holds three;
    # 120 million pixels are under every pixel limit.
    put("png.memory-budget.png", png([ihdr(12_000_000, 10, 16, 6), (b"IDAT", zlib.compress(b"\x00" * 64)), end]),
        row="png.memory-budget", full=["image.too-large"], size=(12_000_000, 10))
    # Hostile: a tEXt chunk declaring 2 GiB in a file of 57 bytes; compressed text inflating to 10 MB each.
    put("hostile-text-length.png", b"\x89PNG\r\n\x1a\n" + png_chunk(*header) + struct.pack(">I", 0x7FFFFFF0)
        + b"tEXt" + b"Comment\x00", row="png.truncated", rules=["image.corrupt"])
    bomb = zlib.compress(bytes(10 << 20), 9)
    put("hostile-text-bombs.png", png([header] + [(b"zTXt", b"Bomb%02d\x00\x00" % i + bomb) for i in range(5)]
                                       + [(b"IDAT", rows), end]),
        row="png.text-chunk-limit", rules=["image.loader-refuses"])


def main() -> None:
    default = Path(__file__).resolve().parent.parent / "fixtures"
    root = (Path(sys.argv[1]) if len(sys.argv) > 1 else default) / "verdicts"
    if root.exists():
        shutil.rmtree(root)
    expected: dict[str, dict] = {}
    images: list[dict] = []

    def put(name: str, data: bytes, *, row: str | None, rules: list[str] | None = None,
            header: list[str] | None = None, full: list[str] | None = None,
            size: tuple[int, int] = (WIDTH, HEIGHT)) -> None:
        """Writes one training image; `rules` apply at both check levels, `header`/`full` at one."""
        path = root / "images" / "train" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        label = root / "labels" / "train" / (name.rsplit(".", 1)[0] + ".txt")
        label.parent.mkdir(parents=True, exist_ok=True)
        label.write_bytes(b"")
        levels = {"header": sorted((rules or []) + (header or [])), "full": sorted((rules or []) + (full or []))}
        expected[name] = {"row": row, **levels}
        images.append({"id": f"img-{len(images) + 1:02d}", "filename": name, "storage_key": f"images/train/{name}",
                       "width": size[0], "height": size[1]})

    make_jpegs(put)
    make_pngs(put)
    for name, fmt in (("clean.jpg", "JPEG"), ("clean.png", "PNG")):
        path = root / "images" / "val" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(encode(photo(f"val/{name}"), fmt))
        (root / "labels" / "val").mkdir(parents=True, exist_ok=True)
        (root / "labels" / "val" / (name.rsplit(".", 1)[0] + ".txt")).write_bytes(b"")
    (root / "data.yaml").write_text(
        "# One image per row of the C shim's message table; see scripts/make_verdict_fixtures.py.\n"
        "path: .\ntrain: images/train\nval: images/val\nnames:\n  0: object\n")
    batch = {"id": "b-9001", "name": "Verdicts", "organization_id": "org-1", "project_id": "p-verdicts",
             "project": {"id": "p-verdicts", "name": "Verdicts", "project_type": "object_detection",
                         "classes": [{"name": "object", "raw_value": "0", "color": "#ff0000"}]},
             "device_id": "cam-1", "source": "edge", "stage": "dataset", "status": "completed", "tags": [],
             "created_at": "2026-11-01T00:00:00Z", "updated_at": "2026-11-01T00:00:00Z",
             "images": [{**image, "batch_id": "b-9001", "annotation_status": "completed", "split": "train",
                         "split_locked": False, "device_id": "cam-1", "annotations": []} for image in images]}
    write_json(root / "verdicts.json", {"success": True, "data": batch})
    write_json(root / "EXPECTED", dict(sorted(expected.items())))
    log(f"{len(expected)} files written under {root}")


if __name__ == "__main__":
    main()
