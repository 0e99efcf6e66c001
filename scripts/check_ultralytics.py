"""Load a yoloset version through Ultralytics' own dataset code and compare it with version.json; or
compare yoloset's verdict on every image of a YOLO dataset with Ultralytics' own.

usage: python check_ultralytics.py VERSION_DIR
       python check_ultralytics.py --verdicts DATASET YOLOSET

VERSION_DIR: check_det_dataset() reads data.yaml (resolving paths as a training run would), then a
YOLODataset is built per split, which verifies every image and label (verify_image_label). Prints
per-split counts and exits 1 when an image or label is corrupt, or a count differs from version.json.

--verdicts: runs `YOLOSET validate DATASET --check full --format json`, lists every image of every split as
Ultralytics does (get_img_files, img2label_paths) and runs Ultralytics' verify_image_label on each, the
check that decides which images a training run keeps (nothing is written into the dataset: the JPEG it
would re-save is saved to a scratch file). Prints each image Ultralytics drops that yoloset passes (there
must be none) and each image yoloset rejects that Ultralytics keeps, with yoloset's reason; those are
allowed only for damage (image.corrupt), for an image OpenCV, Ultralytics' training loader, cannot
decode, and for one yoloset did not check to the end because it is over a budget (image.too-large).
Exits 1 when either list holds an image it should not.

Exit 2 on bad usage.
"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--verdicts":
        return verdicts(Path(sys.argv[2]), sys.argv[3])
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[3], file=sys.stderr)
        print(__doc__.strip().splitlines()[4], file=sys.stderr)
        return 2
    folder = Path(sys.argv[1]).resolve()
    manifest_path = folder / "version.json"
    if not manifest_path.is_file():
        print(f"check-ultralytics: {manifest_path} not found: not a yoloset version", file=sys.stderr)
        return 2
    manifest = json.loads(manifest_path.read_text())
    task = manifest.get("task", "detect")
    summary = manifest.get("summary", {}).get("splits", {})

    # Run from elsewhere, to prove data.yaml does not depend on the working directory.
    os.chdir("/")
    import ultralytics
    import ultralytics.data.dataset as dataset_module
    import torch
    from ultralytics.data.dataset import YOLODataset
    from ultralytics.data.utils import check_det_dataset

    # A version is immutable: keep Ultralytics from writing its label cache (labels/<split>.cache) into
    # it. Root passes the folders' read-only bits, so the write is switched off here.
    def keep_cache_in_memory(prefix, path, x, version):
        x["version"] = version  # what the real function adds before it writes

    dataset_module.save_dataset_cache_file = keep_cache_in_memory

    data = check_det_dataset(str(folder / "data.yaml"), autodownload=False)
    print(f"ultralytics {ultralytics.__version__}, torch {torch.__version__}: check_det_dataset passed "
          f"(nc={data['nc']}, names={list(data['names'].values())})")
    failures = []
    for split in ("train", "val", "test"):
        expected = summary.get(split, {})
        if not data.get(split):
            if expected.get("images", 0):
                failures.append(f"{split}: version.json has {expected['images']} images, data.yaml has no {split}")
            continue
        files = sorted(p for p in Path(data[split]).iterdir() if p.is_file())
        if not files:
            print(f"{split}: 0 images (empty; training needs train and val images)")
            if expected.get("images", 0):
                failures.append(f"{split}: no images, version.json says {expected['images']}")
            continue
        dataset = YOLODataset(img_path=data[split], data=data, task=task, augment=False, prefix=f"{split}: ")
        loaded = len(dataset.labels)
        instances = sum(len(label["cls"]) for label in dataset.labels)
        corrupt = len(files) - loaded
        print(f"{split}: {len(files)} images, {loaded} loaded, {corrupt} corrupt, {instances} labels "
              f"(version.json: {expected.get('images', 0)} images, {expected.get('annotations', 0)} labels)")
        if corrupt:
            failures.append(f"{split}: {corrupt} corrupt images or labels")
        if loaded != expected.get("images", 0):
            failures.append(f"{split}: {loaded} images loaded, version.json says {expected.get('images', 0)}")
        if instances != expected.get("annotations", 0):
            failures.append(f"{split}: {instances} labels loaded, version.json says {expected.get('annotations', 0)}")
    for failure in failures:
        print(f"check-ultralytics: FAILED: {failure}", file=sys.stderr)
    print("check-ultralytics: " + ("FAILED" if failures else "passed: 0 corrupt images, every count matches"))
    return 1 if failures else 0


# Image rules whose errors mean yoloset would not let the image into training (split and duplicate
# rules are about the dataset, not the image).
IMAGE_RULES = {"image.missing", "image.corrupt", "image.unsupported", "image.too-large", "image.loader-refuses"}


def verdicts(dataset: Path, yoloset: str) -> int:
    dataset = dataset.resolve()
    data_yaml = dataset / "data.yaml" if dataset.is_dir() else dataset
    run = subprocess.run([yoloset, "validate", str(data_yaml), "--check", "full", "--format", "json",
                          "--fail-on", "never"], capture_output=True, text=True)
    if run.returncode != 0:
        print(f"check-ultralytics: yoloset validate exited {run.returncode}: {run.stderr.strip()}", file=sys.stderr)
        return 2
    report = json.loads(run.stdout)
    rejected: dict[str, list[str]] = {}
    for finding in report["findings"]:
        image = finding.get("image_file")
        if image and finding["severity"] == "error" and (finding["rule"] in IMAGE_RULES
                                                          or finding["rule"].startswith("label.")):
            rejected.setdefault(os.path.realpath(image), []).append(f"{finding['rule']}: {finding['message']}")

    os.chdir(data_yaml.parent)
    import cv2
    import ultralytics
    import ultralytics.data.utils as data_utils
    from ultralytics.data.base import BaseDataset
    from ultralytics.data.utils import check_det_dataset, img2label_paths, verify_image_label

    # check_image re-saves a JPEG without an end marker in place; save it to a scratch file instead, so
    # the save can still fail (and Ultralytics drop the image) but the dataset is never written.
    if hasattr(data_utils, "_replace_image"):
        def scratch_replace(im_file, write):
            with tempfile.TemporaryDirectory() as folder:
                write(os.path.join(folder, "resaved" + Path(im_file).suffix))
        data_utils._replace_image = scratch_replace
    data = check_det_dataset(str(data_yaml), autodownload=False)
    lister = object.__new__(BaseDataset)
    lister.prefix, lister.fraction = "", 1.0
    images: list[tuple[str, str]] = []
    for split in ("train", "val", "test"):
        if data.get(split):
            for im_file in BaseDataset.get_img_files(lister, data[split]):
                images.append((split, im_file))

    missed, extra = [], []
    counts = {"kept": 0, "dropped": 0, "passed": 0, "rejected": 0, "damage": 0, "undecodable": 0, "budget": 0}
    seen = set()
    for split, im_file in images:
        key = os.path.realpath(im_file)
        if key in seen:
            continue
        seen.add(key)
        label = img2label_paths([im_file])[0]
        result = verify_image_label((im_file, label, "", False, len(data["names"]), 0, 0, False))
        dropped = result[0] is None
        reasons = rejected.get(key, [])
        counts["dropped" if dropped else "kept"] += 1
        counts["rejected" if reasons else "passed"] += 1
        if dropped and not reasons:
            missed.append(f"  {im_file}: {result[-1]}")
        elif reasons and not dropped:
            damage = any(r.startswith("image.corrupt:") for r in reasons)
            budget = any(r.startswith("image.too-large:") for r in reasons)
            undecodable = cv2.imread(im_file, cv2.IMREAD_COLOR) is None
            if damage:
                counts["damage"] += 1
                why = "damage"
            elif undecodable:
                counts["undecodable"] += 1
                why = "OpenCV, Ultralytics' training loader, cannot decode it"
            elif budget:
                counts["budget"] += 1
                why = "not checked to the end: over yoloset's pixel, memory or scan budget"
            else:
                why = "NOT ALLOWED: neither damage, nor undecodable, nor over a budget"
            extra.append((why.startswith("NOT"), f"  {im_file} ({why}): " + "; ".join(reasons)))

    print(f"ultralytics {ultralytics.__version__}: verify_image_label on {len(seen)} images of {data_yaml}: "
          f"{counts['kept']} kept, {counts['dropped']} dropped; yoloset (--check full): {counts['passed']} passed, "
          f"{counts['rejected']} rejected")
    print(f"dropped by Ultralytics, passed by yoloset: {len(missed)}")
    for line in missed:
        print(line)
    print(f"rejected by yoloset, kept by Ultralytics: {len(extra)} (damage {counts['damage']}, undecodable by "
          f"OpenCV {counts['undecodable']}, over a budget {counts['budget']}, other {sum(1 for bad, _ in extra if bad)})")
    for _, line in extra:
        print(line)
    failed = bool(missed) or any(bad for bad, _ in extra)
    print("check-ultralytics: " + ("FAILED" if failed else "passed: every image Ultralytics drops, yoloset rejects"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
