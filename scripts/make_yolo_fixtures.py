#!/usr/bin/env python3
"""Regenerates fixtures/yolo/: handmade Ultralytics YOLO datasets for `yoloset validate DATASET`.

Run it through scripts/make-fixtures (Pillow pinned, so the image bytes are the same on every run).
It reuses make_fixtures.py's image helpers and owns only fixtures/yolo/.

  clean/        train as a folder, val as a .txt image list (`./` lines), names as a list; one
                background image (empty label file): 0 errors, 0 warnings, 1 info
  broken/       one problem per file, the ones Ultralytics rejects or warns about (wrong column
                count, class id >= nc, coordinate 1.2, non-integer class, duplicate rows, missing
                label file) and the ones it lets through (a JPEG cut in the middle of its scan with
                its end marker kept, the same bytes under two names in train and val, ...);
                EXPECTED (JSON) lists every finding as [rule, file, line] per check level
  bad-config/   data.yaml without val, names numbered 0 and 2: dataset.config findings
  not-a-mapping.yaml  a data.yaml that is a list: the run cannot start (exit 2)
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_fixtures import encode, jpeg_scan_range, log, noisy, scene  # noqa: E402

from PIL import Image  # noqa: E402

SIZE = (64, 48)


def image_bytes(name: str, fmt: str = "JPEG", size: tuple[int, int] = SIZE, grain: bool = False) -> bytes:
    img = scene(size, [("0", (8, 8, 30, 40))] if size == SIZE else [], f"yolo/{name}")
    if grain:
        img = noisy(img, f"yolo/{name}")
    return encode(img, fmt, quality=90) if fmt == "JPEG" else encode(img, fmt)


class Dataset:
    """Writes images and label files under one dataset folder and records the expected findings."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.expected: dict[str, list[list]] = {"header": [], "full": []}

    def image(self, split: str, name: str, data: bytes, label: str | bytes | None) -> None:
        path = self.folder / "images" / split / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if label is not None:
            self.label(split, name.rsplit(".", 1)[0] + ".txt", label)

    def label(self, split: str, name: str, text: str | bytes) -> None:
        path = self.folder / "labels" / split / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode())

    def expect(self, rule: str, file: str, line: int | None = None, full_only: bool = False) -> None:
        for level in (["full"] if full_only else ["header", "full"]):
            self.expected[level].append([rule, file, line])


GOOD = "0 0.30 0.50 0.34 0.67\n"


def make_clean(root: Path) -> dict:
    d = Dataset(root / "clean")
    d.folder.mkdir(parents=True)
    (d.folder / "data.yaml").write_text(
        "# A plain Ultralytics dataset: train is a folder, val an image list.\n"
        "train: images/train\nval: val.txt\nnames: [person, car, dog]\n", encoding="utf-8")
    for n in range(1, 4):
        d.image("train", f"frame_{n:02d}.jpg", image_bytes(f"clean/train/{n}"),
                GOOD + f"1 0.7{n} 0.40 0.20 0.30\n")
    d.image("train", "frame_04.png", image_bytes("clean/train/4", "PNG"), "2 0.5 0.5 0.25 0.25\n")
    d.image("val", "frame_05.jpg", image_bytes("clean/val/5"), "1 0.5 0.5 0.2 0.2\n")
    d.image("val", "frame_06.jpg", image_bytes("clean/val/6"), "")
    (d.folder / "val.txt").write_text("./images/val/frame_05.jpg\n./images/val/frame_06.jpg\n", encoding="utf-8")
    d.expect("label.empty", "labels/val/frame_06.txt")
    return d.expected


def make_broken(root: Path) -> dict:
    d = Dataset(root / "broken")
    d.folder.mkdir(parents=True)
    (d.folder / "data.yaml").write_text(
        "path: .\ntrain: images/train\nval: images/val\ntest: images/test\nnc: 3\n"
        "names:\n  0: person\n  1: car\n  2: dog\n"
        "download: https://example.com/broken.zip\n", encoding="utf-8")
    d.expect("dataset.split-missing", "data.yaml", 4)
    d.expect("dataset.download", "data.yaml", 10)

    def case(name: str, label: str | bytes | None, *, split: str = "train", data: bytes | None = None,
             ext: str = "jpg") -> None:
        d.image(split, f"{name}.{ext}", data if data is not None else image_bytes(f"broken/{name}"), label)

    # Rejected (or warned about) by Ultralytics' verify_image_label.
    case("columns", GOOD + "1 0.5 0.5 0.2\n")
    d.expect("label.columns", "labels/train/columns.txt", 2)
    case("class-out-of-range", "3 0.5 0.5 0.2 0.2\n")
    d.expect("label.class-out-of-range", "labels/train/class-out-of-range.txt", 1)
    case("coordinate", "1 1.2 0.5 0.1 0.1\n")
    d.expect("label.out-of-range", "labels/train/coordinate.txt", 1)
    case("class-not-integer", "1.5 0.5 0.5 0.2 0.2\na 0.3 0.3 0.2 0.2\n")
    d.expect("label.class-invalid", "labels/train/class-not-integer.txt", 1)
    d.expect("label.class-invalid", "labels/train/class-not-integer.txt", 2)
    case("duplicate", GOOD + "1 0.7 0.4 0.2 0.3\n" + GOOD)
    d.expect("label.duplicate", "labels/train/duplicate.txt", 3)
    case("missing-label", None)
    d.expect("label.missing", "images/train/missing-label.jpg")
    case("mixed", GOOD + "1 0.6 0.2 0.9 0.2 0.8 0.7\n")
    d.expect("label.mixed-tasks", "labels/train/mixed.txt", 2)
    case("latin1", b"0 0.5 0.5 0.2 0.2 # caf\xe9\n")
    d.expect("label.not-a-number", "labels/train/latin1.txt", 1)
    d.expect("label.encoding", "labels/train/latin1.txt", 1)
    case("tiny", "0 0.5 0.5 0.5 0.5\n", data=image_bytes("broken/tiny", "PNG", (8, 8)), ext="png")
    d.expect("image.loader-refuses", "images/train/tiny.png")
    # A JPEG cut off at 60%, no end marker: Ultralytics "restores" it, writing into the dataset.
    full = image_bytes("broken/cut-off", grain=True)
    case("cut-off", GOOD, data=full[:len(full) * 6 // 10])
    d.expect("image.corrupt", "images/train/cut-off.jpg")

    # Let through by Ultralytics.
    full = image_bytes("broken/truncated-middle", grain=True)
    start, end = jpeg_scan_range(full)
    middle = (start + end) // 2
    # The scan stops halfway and the end-of-image marker follows: the file ends as a JPEG should,
    # so only decoding every coefficient (--check full, the default for datasets) finds it.
    case("truncated-middle", GOOD, data=full[:middle] + b"\xff\xd9")
    d.expect("image.corrupt", "images/train/truncated-middle.jpg", full_only=True)
    leak = image_bytes("broken/leak", grain=True)
    case("leak-train", GOOD, data=leak)
    case("leak-val", GOOD, data=leak, split="val")
    d.expect("split.leak", "images/val/leak-val.jpg")
    case("degenerate", "0 0.5 0.5 0 0.2\n")
    d.expect("label.degenerate", "labels/train/degenerate.txt", 1)
    case("out-of-bounds", "0 0.95 0.5 0.3 0.2\n")
    d.expect("label.out-of-bounds", "labels/train/out-of-bounds.txt", 1)
    case("not-a-number", "0 0.5 nan 0.2 0.2\n")
    d.expect("label.not-a-number", "labels/train/not-a-number.txt", 1)
    case("whitespace", "0 0.3 0.5 0.3 0.6\r\n\r\n1 0.7 0.4 0.2 0.3\r\n")
    d.expect("label.whitespace", "labels/train/whitespace.txt", 2)
    d.expect("label.whitespace", "labels/train/whitespace.txt", 1)
    case("background", "")
    d.expect("label.empty", "labels/train/background.txt")
    # The only polygon file among box files: Ultralytics would train on boxes and drop it.
    case("polygon", "1 0.6 0.2 0.9 0.2 0.8 0.7\n", split="val")
    d.expect("label.mixed-tasks", "labels/val/polygon.txt", 1)
    img = scene(SIZE, [], "yolo/broken/bitmap")
    case("bitmap", GOOD, data=encode(img, "BMP"), ext="bmp")
    d.expect("image.unsupported", "images/train/bitmap.bmp")
    case("really-a-png", GOOD, data=image_bytes("broken/really-a-png", "PNG"))
    d.expect("image.extension", "images/train/really-a-png.jpg")
    d.label("train", "orphan.txt", GOOD)
    d.expect("label.orphan", "labels/train/orphan.txt")
    case("good", GOOD, split="val")
    for level in d.expected.values():
        level.sort(key=lambda f: (f[0], f[1], f[2] or 0))
    return d.expected


def make_bad_config(root: Path) -> dict:
    d = Dataset(root / "bad-config")
    d.folder.mkdir(parents=True)
    (d.folder / "data.yaml").write_text(
        "train: images/train\nnames:\n  0: person\n  2: car\n", encoding="utf-8")
    d.expect("dataset.config", "data.yaml")
    d.expect("dataset.config", "data.yaml", 2)
    d.image("train", "frame.jpg", image_bytes("bad-config/frame"), GOOD)
    (root / "not-a-mapping.yaml").write_text("- train\n- val\n", encoding="utf-8")
    return d.expected


def main() -> None:
    default = Path(__file__).resolve().parent.parent / "fixtures"
    root = (Path(sys.argv[1]) if len(sys.argv) > 1 else default) / "yolo"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    expected = {"clean": make_clean(root), "broken": make_broken(root), "bad-config": make_bad_config(root)}
    (root / "EXPECTED").write_text(json.dumps(expected, indent=2) + "\n", encoding="utf-8")
    # Every JPEG and PNG that is not damaged on purpose opens in Pillow at the size it was made.
    damaged = {"cut-off.jpg", "truncated-middle.jpg"}
    for path in sorted(root.rglob("*")):
        if path.suffix in (".jpg", ".png", ".bmp") and path.name not in damaged:
            with Image.open(path) as im:
                im.load()
    total = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    assert total < 100 * 1024, f"fixtures/yolo total {total} bytes"
    log(f"yolo: {sum(1 for p in root.rglob('*') if p.is_file())} files, {total} bytes")


if __name__ == "__main__":
    main()
