#!/usr/bin/env python3
"""kill -9 at random moments of `yoloset import`, `snapshot` and `gc`; after each, `fsck` must pass.

    kill_trials.py --bin YOLOSET --corpus DIR --scratch DIR [--trials 20] [--seed 0] [--link copy]

For each command, --trials times: a fresh workspace (see below), the command started and sent SIGKILL
after a delay drawn uniformly from [0, 1.2 x its uninterrupted time] (so some runs finish), then:
  - `yoloset fsck --json` exits 0 (no object whose bytes differ from its name, none missing that a
    catalog row or a version names);
  - every visible version passes `yoloset verify`;
  - `yoloset gc --json` then leaves no unreferenced object (`fsck` again: unreferenced_objects 0), and
    after a killed import whose catalog commit never happened, gc frees every object it stored;
  - the command, run again, completes.
Then --trials times `gc` and `snapshot` started together: the new version verifies and fsck passes
(gc never removes an object the new version uses).

Workspaces: `import` trials start from an empty workspace; `snapshot` trials from a workspace that
imported and split the corpus and made v1; `gc` trials from that workspace plus --garbage valid objects
nothing refers to. The kill delays are drawn against each command's time in those same conditions.
Prints one line per trial and a summary; exits 1 if any trial failed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

from bench_pillow import remove_tree  # a workspace's folders are read-only: one remover for both scripts


def log(msg: str) -> None:
    print(f"[kill-trials] {msg}", file=sys.stderr, flush=True)


class Trials:
    def __init__(self, args):
        self.args = args
        self.bin = args.bin
        self.dumps = os.path.join(args.corpus, "dumps")
        self.images = os.path.join(args.corpus, "images")
        self.scratch = os.path.abspath(args.scratch)
        self.failures: list[str] = []
        self.rng = random.Random(args.seed)

    def yoloset(self, ws: str, *argv: str, ok=(0,)) -> subprocess.CompletedProcess:
        r = subprocess.run([self.bin, "-C", ws, *argv], capture_output=True, text=True)
        if r.returncode not in ok:
            raise RuntimeError(f"yoloset {' '.join(argv)} exited {r.returncode}: {r.stderr.strip()[:500]}")
        return r

    def json(self, ws: str, *argv: str, ok=(0,)) -> dict:
        return json.loads(self.yoloset(ws, *argv, "--json", ok=ok).stdout)

    def fresh(self, name: str) -> str:
        ws = os.path.join(self.scratch, name)
        remove_tree(ws)
        subprocess.run([self.bin, "init", ws, "--name", "kill", "--link", self.args.link], check=True,
                       capture_output=True)
        return ws

    def clone(self, base: str, name: str) -> str:
        """A copy of a workspace: the catalog copied; objects and versions hard-linked (gc only unlinks
        names, a snapshot only adds a folder; nothing writes an object or a version's file)."""
        ws = os.path.join(self.scratch, name)
        remove_tree(ws)
        os.makedirs(ws)
        shutil.copy2(os.path.join(base, "yoloset.yaml"), ws)
        state = os.path.join(ws, ".yoloset")
        os.makedirs(os.path.join(state, "tmp"))
        subprocess.run(["cp", "-al", os.path.join(base, ".yoloset", "objects"), os.path.join(state, "objects")],
                       check=True)
        for name_ in os.listdir(os.path.join(base, ".yoloset")):
            if name_.startswith("catalog.sqlite"):
                shutil.copy2(os.path.join(base, ".yoloset", name_), state)
        if os.path.isdir(os.path.join(base, "versions")):
            subprocess.run(["cp", "-al", os.path.join(base, "versions"), os.path.join(ws, "versions")], check=True)
        return ws

    def timed(self, ws: str, *argv: str) -> float:
        t0 = time.perf_counter()
        self.yoloset(ws, *argv)
        return time.perf_counter() - t0

    def kill_after(self, ws: str, delay: float, *argv: str) -> int | None:
        """Runs the command, SIGKILLs it after `delay` seconds; its exit status if it finished first."""
        p = subprocess.Popen([self.bin, "-C", ws, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            return p.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGKILL)
            p.wait()
            return None

    def check(self, ws: str, label: str) -> dict:
        """fsck passes and every visible version verifies; then gc leaves nothing unreferenced."""
        r = self.yoloset(ws, "fsck", "--json", ok=(0, 1))
        report = json.loads(r.stdout)
        if r.returncode != 0:
            self.failures.append(f"{label}: fsck: {report['problems'][:3]}")
        versions = os.path.join(ws, "versions")
        for v in sorted(os.listdir(versions)) if os.path.isdir(versions) else []:
            if v.startswith("v"):
                out = self.yoloset(ws, "verify", v, ok=(0, 1))
                if out.returncode != 0:
                    self.failures.append(f"{label}: verify {v}: {out.stdout.strip()[:300]}")
        gc = self.json(ws, "gc")
        after = json.loads(self.yoloset(ws, "fsck", "--json", ok=(0, 1)).stdout)
        if after["unreferenced_objects"] != 0 or not after["clean"]:
            self.failures.append(f"{label}: after gc: {after['unreferenced_objects']} unreferenced, "
                                 f"clean {after['clean']}")
        return {"fsck": report, "gc": gc}

    def images_total(self, ws: str) -> int:
        return self.json(ws, "status")["images"]["total"]

    def run(self) -> int:
        a = self.args
        os.makedirs(self.scratch, exist_ok=True)
        n = json.load(open(os.path.join(a.corpus, "COMPLETE")))["images"]
        imp = ("import", self.dumps, "--images", self.images)
        split = ("split", "--mode", "proportions", "--train", "0.8", "--val", "0.1", "--test", "0.1")

        # The uninterrupted times (each in the conditions of its trials), and the bases they copy.
        base = self.fresh("base")
        self.yoloset(base, *imp)  # warms the page cache: the trials' imports read warm files too
        probe = self.fresh("import-probe")
        t_import = self.timed(probe, *imp)
        remove_tree(probe)
        self.yoloset(base, *split)
        self.yoloset(base, "snapshot")  # v1: the snapshot trials make v2, the gc trials must keep v1's objects
        probe = self.clone(base, "snapshot-probe")
        t_snapshot = self.timed(probe, "snapshot")
        remove_tree(probe)
        probe = self.clone(base, "gc-probe")
        add_garbage(probe, a.garbage, self.rng)
        t_gc = self.timed(probe, "gc")
        remove_tree(probe)
        log(f"{n} images, {a.garbage} unreferenced objects for gc; uninterrupted: import {t_import:.2f}s, "
            f"snapshot {t_snapshot:.2f}s, gc {t_gc:.2f}s (store.link {a.link})")

        summary = {}
        # import
        committed = 0
        for i in range(a.trials):
            ws = self.fresh(f"import-{i}")
            delay = self.rng.uniform(0, 1.2 * t_import)
            rc = self.kill_after(ws, delay, *imp)
            total = self.images_total(ws)
            objects_before = self.json(ws, "fsck", ok=(0, 1))["objects"]
            result = self.check(ws, f"import trial {i + 1} (kill at {delay:.2f}s)")
            if total not in (0, n):
                self.failures.append(f"import trial {i + 1}: {total} images in the catalog, not 0 or {n}")
            if total == 0 and result["gc"]["objects_kept"] != 0:
                self.failures.append(f"import trial {i + 1}: gc kept {result['gc']['objects_kept']} objects of a "
                                     "killed import")
            committed += total == n
            self.yoloset(ws, *imp)
            if self.images_total(ws) != n:
                self.failures.append(f"import trial {i + 1}: the import again did not complete")
            print(f"import   trial {i + 1:>2}: kill at {delay:5.2f}s -> "
                  f"{'finished' if rc is not None else 'killed'}, catalog {total} images, "
                  f"{objects_before} objects, gc freed {result['gc']['objects_removed']}, fsck "
                  f"{'clean' if result['fsck']['clean'] else 'PROBLEMS'}", flush=True)
            remove_tree(ws)
        summary["import"] = f"{a.trials} trials, {committed} committed before the kill, {a.trials - committed} not"

        # snapshot (base already has v1: each trial makes v2)
        made = 0
        for i in range(a.trials):
            ws = self.clone(base, f"snapshot-{i}")
            delay = self.rng.uniform(0, 1.2 * t_snapshot)
            rc = self.kill_after(ws, delay, "snapshot")
            visible = [v for v in os.listdir(os.path.join(ws, "versions")) if not v.startswith(".")]
            result = self.check(ws, f"snapshot trial {i + 1} (kill at {delay:.2f}s)")
            if sorted(visible) not in (["v1"], ["v1", "v2"]):
                self.failures.append(f"snapshot trial {i + 1}: versions {visible}")
            made += "v2" in visible
            after = self.json(ws, "snapshot")
            if after.get("version") != len(visible) + 1:
                self.failures.append(f"snapshot trial {i + 1}: the next snapshot made {after.get('version')}")
            print(f"snapshot trial {i + 1:>2}: kill at {delay:5.2f}s -> "
                  f"{'finished' if rc is not None else 'killed'}, versions {sorted(visible)}, fsck "
                  f"{'clean' if result['fsck']['clean'] else 'PROBLEMS'}", flush=True)
            remove_tree(ws)
        summary["snapshot"] = f"{a.trials} trials, {made} made v2 before the kill"

        # gc
        for i in range(a.trials):
            ws = self.clone(base, f"gc-{i}")
            add_garbage(ws, a.garbage, self.rng)
            delay = self.rng.uniform(0, 1.2 * t_gc)
            rc = self.kill_after(ws, delay, "gc")
            left = self.json(ws, "fsck", ok=(0, 1))["unreferenced_objects"]
            result = self.check(ws, f"gc trial {i + 1} (kill at {delay:.2f}s)")
            print(f"gc       trial {i + 1:>2}: kill at {delay:5.2f}s -> "
                  f"{'finished' if rc is not None else 'killed'}, {left} unreferenced left, fsck "
                  f"{'clean' if result['fsck']['clean'] else 'PROBLEMS'}", flush=True)
            remove_tree(ws)
        summary["gc"] = f"{a.trials} trials"

        # gc beside snapshot
        for i in range(a.trials):
            ws = self.clone(base, f"race-{i}")
            add_garbage(ws, a.garbage, self.rng)
            first, second = (["gc"], ["snapshot"]) if i % 2 == 0 else (["snapshot"], ["gc"])
            p1 = subprocess.Popen([self.bin, "-C", ws, *first], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(self.rng.uniform(0, 0.05))
            p2 = subprocess.Popen([self.bin, "-C", ws, *second], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            codes = (p1.wait(), p2.wait())
            if codes != (0, 0):
                self.failures.append(f"gc beside snapshot trial {i + 1}: exit codes {codes}")
            verify = self.yoloset(ws, "verify", "v2", ok=(0, 1, 2))
            fsck = self.yoloset(ws, "fsck", ok=(0, 1))
            if verify.returncode != 0 or fsck.returncode != 0:
                self.failures.append(f"gc beside snapshot trial {i + 1}: verify v2 {verify.returncode}, "
                                     f"fsck {fsck.returncode}: {fsck.stdout.strip()[-300:]}")
            print(f"gc beside snapshot trial {i + 1:>2} ({first[0]} first): verify v2 exit {verify.returncode}, "
                  f"fsck exit {fsck.returncode}", flush=True)
            remove_tree(ws)
        summary["gc beside snapshot"] = f"{a.trials} trials"

        for key, text in summary.items():
            print(f"{key}: {text}")
        for f in self.failures:
            print(f"FAILED: {f}")
        print(f"kill-trials: {'passed' if not self.failures else f'{len(self.failures)} failures'}: "
              f"fsck clean after every kill -9")
        remove_tree(os.path.join(self.scratch, "base"))
        return 0 if not self.failures else 1


def add_garbage(ws: str, count: int, rng: random.Random) -> None:
    """Puts `count` valid objects that nothing refers to into the store (as a killed import, or an image
    re-imported with new bytes, leaves them): random bytes of 1-8 KiB under their SHA-256, mode 0444."""
    objects = os.path.join(ws, ".yoloset", "objects")
    for _ in range(count):
        data = rng.randbytes(rng.randint(1024, 8192))
        digest = hashlib.sha256(data).hexdigest()
        folder = os.path.join(objects, digest[:2])
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, digest[2:])
        with open(path, "xb") as f:
            f.write(data)
        os.chmod(path, 0o444)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin", required=True)
    p.add_argument("--corpus", required=True)
    p.add_argument("--scratch", required=True)
    p.add_argument("--trials", type=int, default=20)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--garbage", type=int, default=3000, help="unreferenced objects each gc trial starts with")
    p.add_argument("--link", default="copy", choices=("auto", "copy", "hardlink", "reflink"))
    return Trials(p.parse_args()).run()


if __name__ == "__main__":
    sys.exit(main())
