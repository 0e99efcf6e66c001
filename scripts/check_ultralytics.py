"""Load a yoloset version through Ultralytics' own dataset code and compare it with version.json.

usage: python check_ultralytics.py VERSION_DIR

check_det_dataset() reads data.yaml (resolving paths as a training run would), then a YOLODataset is
built per split, which verifies every image and label (verify_image_label). Prints per-split counts and
exits 1 when an image or label is corrupt, or a count differs from version.json; 2 on bad usage.
"""
import json
import os
import sys
from pathlib import Path


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
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


if __name__ == "__main__":
    sys.exit(main())
