#!/usr/bin/env python3
"""Timing side of scripts/bench: the Pillow baseline, timing of external commands, the report.

    bench_pillow.py pillow  --corpus DIR --mode header|full [--threads T] [--runs 3] [--warmup 1]
    bench_pillow.py measure --label NAME --mode MODE --threads T --expect-images N --report FILE
                            [--runs 3] [--warmup 1] -- CMD ARGS...
    bench_pillow.py workspace --bin YOLOSET --corpus DIR --scratch DIR [--import-jobs T]
                              [--runs 3] [--warmup 1] [--keep]
    bench_pillow.py sources --bin YOLOSET --corpus DIR --dumps RUNFLOW-DIR --scratch DIR
                            [--report FILE] [--jobs T] [--runs 3] [--warmup 1] [--keep]
    bench_pillow.py floor   --bin BENCH_FLOOR --corpus DIR --threads T [--head N --tail M]
                            [--runs 3] [--warmup 1]
    bench_pillow.py dataset --bin YOLOSET --corpus DIR --scratch DIR --python ULTRALYTICS-PYTHON
                            [--threads T] [--runs 3] [--warmup 1] [--keep]
    bench_pillow.py scale   --bin YOLOSET --corpus DIR --scratch DIR
    bench_pillow.py clean   --scratch DIR
    bench_pillow.py report  --corpus DIR --results FILE.jsonl --out results.json [--merge]
    (bench_pillow.py decode ...: the child process that `pillow` runs)

`pillow` runs the decode loop in a fresh child process: one warm-up pass, then --runs timed
passes over every image listed in DIR/images.txt, with a ThreadPoolExecutor of --threads threads
(default os.cpu_count()). Peak RSS is the child's max RSS, read with os.wait4, so each mode's
figure is its own. `measure` runs CMD --warmup + --runs times, each in a fresh process, and takes
the best wall time and the largest max RSS (os.wait4 again) of the timed runs; after every run it
checks the exit status and that the JSON report at FILE counts --expect-images images and zero
errors, and fails loudly otherwise. Both print one JSON line to stdout; `report` turns those
lines into the table on stdout and the JSON results file (with --merge, when no validate
figures were measured, it keeps the other sections of an existing results file of the same
corpus and replaces only the workspace and sources figures). Logs go to stderr.

`workspace` times yoloset's workspace commands on the corpus, --warmup + --runs cycles, each in
a fresh workspace under --scratch (created with `yoloset init`, removed afterwards; the
warm-up only warms the page cache, it never lends its workspace to a timed run):
  first import   yoloset -C WS import CORPUS/dumps --images CORPUS/images --json [--jobs T]
                 (checks images_added = the corpus's image count)
  re-import      the same again (checks images_added = 0)
  first split    yoloset -C WS split --mode proportions --train 0.8 --val 0.1 --test 0.1 --json
  second split   the same again (checks images_moved = 0)
  snapshot       yoloset -C WS snapshot --json (a version of every image: hard links, labels, version.json)
Each step's wall time (best of the timed runs) and max RSS (largest, os.wait4) are one JSON
line on stdout. A step that exits non-zero, prints no JSON object, or reports other counts
stops the whole measurement with its command, stderr and output; a missing count key is only
logged. Leftover ws-* workspaces of an interrupted run are removed at the start, and this run's at
the end, unless --keep: then `clean --scratch DIR` removes them (and the rf-* ones of `sources`)
once every timing is done, so that no timing follows a mass deletion (see workspace_cycle).

`sources` times yoloset on the Runflow dumps that `bench_corpus.py runflow` wrote into --dumps
for the corpus's images (their COMPLETE marker is the manifest the outputs are checked against),
--warmup + --runs cycles, each with a fresh workspace rf-N under --scratch:
  validate header  yoloset validate DUMPS --images CORPUS/images --check header --format json
                   --output FILE [--jobs T]   (exit 0 or 1; its summary's items, succeeded,
                   failed, cancelled and batches must be the manifest's, images = succeeded)
  first import     yoloset -C WS import DUMPS --images CORPUS/images --json [--jobs T], after
                   `yoloset init WS`   (images_added = succeeded; its `sources` list, one entry per
                   batch, must sum to the manifest's counts, every batch complete)
  re-import        the same again   (images_added = 0, images_unchanged = succeeded; same sources)
One JSON line per step as for `workspace`, with items/s and images/s (images = succeeded items).
Any other figure stops the whole measurement with the command's output.

`floor` runs the C reader scripts/bench_floor.c (compiled by scripts/bench) --warmup + --runs
times over the files of DIR/images.txt, one process per thread, and prints the best run as a row of
the main table: without --head, each file read whole and its header parsed with libjpeg/libpng (the
floor a header check is held to); with --head N --tail M, only the first N and last M bytes of a
larger file, as yoloset's header check reads it (what is left of yoloset's time beside it is its
own work: dumps, rules, report).

Pillow modes:
  header  Image.open(path), then .size, .format and the EXIF Orientation (0x0112).
          The orientation is read with Image.Image.getexif(im) -- the base-class method --
          rather than im.getexif(): PngImageFile.getexif() calls self.load() when no eXIf chunk
          came before the pixel data, i.e. decodes the whole PNG, which would turn "header" into
          "full" for every PNG. For JPEG the two are the same call (JpegImageFile does not
          override getexif), for PNG the base method reads whatever EXIF Image.open() has seen.
  full    Image.open(path), then .load() (complete decode).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


def log(msg: str) -> None:
    print(f"[bench_pillow] {msg}", file=sys.stderr, flush=True)


def wait_rusage(proc: subprocess.Popen):
    """Wait for proc; return (exit code, max RSS in KiB, CPU seconds) of that one child."""
    _, status, ru = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, ru.ru_maxrss, ru.ru_utime + ru.ru_stime  # ru_maxrss: KiB on Linux


def system_busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy (all cores), from /proc/stat; 0 if absent.

    Used to tell how much of the machine other processes took during a timed run: the
    benchmark is only meaningful on an otherwise idle machine."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return 0.0
    busy = sum(v[:3]) + sum(v[5:8])  # user nice system (idle iowait) irq softirq steal
    return busy / os.sysconf("SC_CLK_TCK")


def others_load(busy0: float, busy1: float, own_cpu: float, wall: float) -> float:
    """Average number of cores that other processes kept busy during a run."""
    if busy1 <= 0 or wall <= 0:
        return 0.0
    return max(0.0, (busy1 - busy0 - own_cpu) / wall)


# --------------------------------------------------------------------------------------------
# decode: the child process


def cmd_decode(args) -> int:
    from concurrent.futures import ThreadPoolExecutor

    import PIL
    from PIL import Image

    root = os.path.join(args.corpus, "images")
    with open(args.list or os.path.join(args.corpus, "images.txt")) as f:
        paths = [os.path.join(root, line.rstrip("\n")) for line in f if line.strip()]

    def header(path: str) -> int:
        with Image.open(path) as im:
            w, h = im.size
            fmt = im.format
            orientation = Image.Image.getexif(im).get(0x0112)
        return (w * h) ^ len(fmt) ^ (orientation or 0)

    def full(path: str) -> int:
        with Image.open(path) as im:
            im.load()
            return im.size[0] * im.size[1]

    fn = header if args.mode == "header" else full
    chunks = [paths[i : i + 32] for i in range(0, len(paths), 32)]
    errors: list = []

    def work(chunk: list) -> int:
        n = 0
        for p in chunk:
            try:
                fn(p)
                n += 1
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(f"{p}: {e!r}")
        return n

    times, cpus, others = [], [], []
    with ThreadPoolExecutor(max_workers=args.threads) as ex:
        for run in range(args.warmup + args.runs):
            b0, c0 = system_busy_seconds(), time.process_time()
            t0 = time.perf_counter()
            done = sum(ex.map(work, chunks))
            dt = time.perf_counter() - t0
            cpu, b1 = time.process_time() - c0, system_busy_seconds()
            other = others_load(b0, b1, cpu, dt)
            if errors or done != len(paths):
                for e in errors[:10]:
                    log(f"error: {e}")
                log(f"Pillow {args.mode}: {len(errors)} errors, {done}/{len(paths)} images")
                return 1
            label = "warm-up" if run < args.warmup else f"run {run - args.warmup + 1}"
            log(f"Pillow {args.mode} {label}: {dt:.3f}s, CPU {cpu:.2f}s, other processes {other:.2f} cores")
            if run >= args.warmup:
                times.append(dt)
                cpus.append(cpu)
                others.append(other)
    print(json.dumps({
        "images": len(paths), "runs": times, "cpu_runs": cpus, "others_runs": others,
        "pillow_version": PIL.__version__,
    }))  # fmt: skip
    return 0


# --------------------------------------------------------------------------------------------
# pillow: run `decode` in a fresh child, attach its max RSS


def cmd_pillow(args) -> int:
    threads = args.threads or os.cpu_count() or 1
    cmd = [
        sys.executable, os.path.abspath(__file__), "decode",
        "--corpus", args.corpus, "--mode", args.mode, "--threads", str(threads),
        "--runs", str(args.runs), "--warmup", str(args.warmup),
    ] + (["--list", args.list] if args.list else [])  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    out = proc.stdout.read()
    proc.stdout.close()
    rc, rss, _ = wait_rusage(proc)
    if rc != 0:
        log(f"Pillow {args.mode} baseline failed (exit {rc})")
        return 1
    child = json.loads(out)
    best = min(range(len(child["runs"])), key=child["runs"].__getitem__)
    seconds = child["runs"][best]
    print(json.dumps({
        "section": args.section, "mode": args.mode, "tool": "Pillow", "version": child["pillow_version"],
        "threads": threads, "images": child["images"], "runs": [round(t, 4) for t in child["runs"]],
        "seconds": round(seconds, 4), "images_per_s": round(child["images"] / seconds, 1),
        "cpu_seconds": round(child["cpu_runs"][best], 3),
        "others_load": round(max(child["others_runs"]), 2),
        "peak_rss_kib": rss,
    }))  # fmt: skip
    return 0


# --------------------------------------------------------------------------------------------
# floor: the C reader of scripts/bench_floor.c


def cmd_floor(args) -> int:
    cmd = [args.bin, os.path.join(args.corpus, "images"), os.path.join(args.corpus, "images.txt"),
           str(args.threads)] + ([str(args.head), str(args.tail)] if args.head else [])  # fmt: skip
    tool = f"C floor, {'head+tail' if args.head else 'whole files'}"
    times, cpus, rsses, others, last = [], [], [], [], None
    for run in range(args.warmup + args.runs):
        b0 = system_busy_seconds()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE)
        out = proc.stdout.read()
        proc.stdout.close()
        rc, rss, cpu = wait_rusage(proc)
        if rc != 0:
            log(f"{tool} failed (exit {rc}): " + " ".join(cmd))
            return 1
        last = json.loads(out)
        dt = last["seconds"]
        other = others_load(b0, system_busy_seconds(), cpu, dt)
        label = "warm-up" if run < args.warmup else f"run {run - args.warmup + 1}"
        log(f"{tool} {label}: {dt:.3f}s, CPU {cpu:.2f}s, {last['bytes_read'] / 2**20:.0f} MiB read, "
            f"other processes {other:.2f} cores")
        if run >= args.warmup:
            times.append(dt)
            cpus.append(cpu)
            rsses.append(rss)
            others.append(other)
    best = min(range(len(times)), key=times.__getitem__)
    print(json.dumps({
        "section": "main", "mode": "header", "tool": tool, "threads": args.threads, "images": last["images"],
        "runs": [round(t, 4) for t in times], "seconds": round(times[best], 4),
        "images_per_s": round(last["images"] / times[best], 1), "cpu_seconds": round(cpus[best], 3),
        "others_load": round(max(others), 2), "peak_rss_kib": max(rsses), "bytes_read": last["bytes_read"],
        **({"head": args.head, "tail": args.tail} if args.head else {}),
    }))  # fmt: skip
    return 0


# --------------------------------------------------------------------------------------------
# measure: an external command (yoloset)


def check_report(path: str, expect_images: int) -> str | None:
    """None when the report is as expected, else what is wrong."""
    try:
        with open(path) as f:
            rep = json.load(f)
    except (OSError, ValueError) as e:
        return f"cannot read JSON report {path}: {e}"
    s = rep.get("summary") if isinstance(rep, dict) else None
    if not isinstance(s, dict):
        return f"report {path} has no summary object"
    problems = []
    if s.get("images") != expect_images:
        problems.append(f"summary.images = {s.get('images')!r}, expected {expect_images}")
    if s.get("errors") != 0:
        problems.append(f"summary.errors = {s.get('errors')!r}, expected 0")
    if problems:
        findings = rep.get("findings") or []
        shown = "\n".join("    " + json.dumps(x)[:300] for x in findings[:10])
        more = f"\n    ... {len(findings) - 10} more findings" if len(findings) > 10 else ""
        return "; ".join(problems) + (f"\n  first findings:\n{shown}{more}" if findings else "")
    return None


def cmd_measure(args) -> int:
    cmd = args.cmd
    if cmd and cmd[0] == "--":
        cmd = cmd[1:]
    if not cmd:
        log("measure: no command given")
        return 2
    times, rsses, cpus, others, summary = [], [], [], [], None
    with tempfile.TemporaryFile(mode="w+b") as errf:
        for run in range(args.warmup + args.runs):
            if os.path.exists(args.report):
                os.unlink(args.report)
            errf.seek(0)
            errf.truncate()
            b0 = system_busy_seconds()
            t0 = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errf)
            rc, rss, cpu = wait_rusage(proc)
            dt = time.perf_counter() - t0
            other = others_load(b0, system_busy_seconds(), cpu, dt)
            label = "warm-up" if run < args.warmup else f"run {run - args.warmup + 1}"
            problem = check_report(args.report, args.expect_images)
            if rc != 0 or problem:
                errf.seek(0)
                tail = errf.read()[-4000:].decode("utf-8", "replace")
                log(f"{args.label} {args.mode} {label}: FAILED (exit {rc})")
                log("command: " + " ".join(cmd))
                if problem:
                    log(problem)
                if tail.strip():
                    log("stderr (tail):\n" + tail)
                return 1
            log(
                f"{args.label} {args.mode} {label}: {dt:.3f}s, CPU {cpu:.2f}s, "
                f"max RSS {rss / 1024:.1f} MiB, other processes {other:.2f} cores"
            )
            if run >= args.warmup:
                times.append(dt)
                rsses.append(rss)
                cpus.append(cpu)
                others.append(other)
            with open(args.report) as f:
                rep = json.load(f)
            summary = rep["summary"]
            if run == 0 and (summary.get("warnings") or rep.get("findings")):
                findings = rep.get("findings") or []
                log(f"{args.label} {args.mode}: {summary.get('warnings')} warnings, "
                    f"{len(findings)} findings on a corpus that should be clean; first ones:")
                for x in findings[:10]:
                    log("    " + json.dumps(x)[:300])
    best = min(range(len(times)), key=times.__getitem__)
    print(json.dumps({
        "section": args.section, "mode": args.mode, "tool": args.label, "threads": args.threads,
        "images": args.expect_images, "runs": [round(t, 4) for t in times],
        "seconds": round(times[best], 4), "images_per_s": round(args.expect_images / times[best], 1),
        "cpu_seconds": round(cpus[best], 3), "others_load": round(max(others), 2),
        "peak_rss_kib": max(rsses), "rss_runs_kib": rsses, "summary": summary,
        **({"dumps": args.dumps} if args.dumps is not None else {}),
    }))  # fmt: skip
    return 0


# --------------------------------------------------------------------------------------------
# workspace: yoloset init / import / split on the corpus

# The targets for the workspace commands.
WORKSPACE_TARGETS = {"import_seconds": 3.0, "split_seconds": 0.5, "snapshot_seconds": 2.0, "peak_rss_mib": 256}
WORKSPACE_STEPS = ("first import", "re-import", "first split", "second split", "snapshot")


class StepFailed(Exception):
    pass


def run_step(cmd: list, what: str, ok: tuple = (0,), keep_stdout: bool = True) -> dict:
    """Runs cmd once in a fresh process: wall seconds, max RSS (KiB), CPU seconds, other
    processes' load, its exit code and its stdout (only its first 2000 bytes unless keep_stdout).
    Raises StepFailed, with the command's stderr, when it exits with a code not in `ok`. stdout
    and stderr go to files, not pipes, so that waiting with os.wait4 cannot deadlock on a full pipe.

    A large stdout is better not kept: the child is started by vfork, and Linux counts the
    parent's peak RSS at the exec into the child's ru_maxrss, so a benchmark that once held
    hundreds of MB of output would report that much for every later command."""
    with tempfile.TemporaryFile() as outf, tempfile.TemporaryFile() as errf:
        b0 = system_busy_seconds()
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=outf, stderr=errf, stdin=subprocess.DEVNULL)
        rc, rss, cpu = wait_rusage(proc)
        dt = time.perf_counter() - t0
        other = others_load(b0, system_busy_seconds(), cpu, dt)
        outf.seek(0)
        errf.seek(0)
        out = outf.read(-1 if keep_stdout else 2000).decode("utf-8", "replace")
        err = errf.read()[-4000:].decode("utf-8", "replace")
    if rc not in ok:
        raise StepFailed(
            f"{what} failed (exit {rc})\n  command: {' '.join(cmd)}"
            + (f"\n  stderr (tail):\n{err}" if err.strip() else "\n  (nothing on stderr)")
            + (f"\n  stdout (head):\n{out[:2000]}" if out.strip() else "")
        )
    return {"seconds": dt, "rss_kib": rss, "cpu": cpu, "others": other, "rc": rc, "stdout": out}


def parse_json_output(out: str, what: str) -> dict:
    """The JSON object a --json command printed: the whole of stdout, or else the text from the
    first line that starts a JSON object that parses to the end (in case something is logged
    before it)."""
    try:
        value = json.loads(out)
    except ValueError:
        value = None
        lines = out.splitlines()
        for i, line in enumerate(lines):
            if line.lstrip().startswith("{"):
                try:
                    value = json.loads("\n".join(lines[i:]))
                    break
                except ValueError:
                    continue
    if not isinstance(value, dict):
        shown = out[:2000] if out.strip() else "(stdout was empty)"
        raise StepFailed(f"{what}: expected a JSON object on stdout (--json), got:\n{shown}")
    return value


def json_field(obj: dict, key: str):
    """obj[key], or the first such key in a nested object (e.g. under "summary"); None if absent."""
    if key in obj:
        return obj[key]
    for v in obj.values():
        if isinstance(v, dict):
            found = json_field(v, key)
            if found is not None:
                return found
    return None


def expect_field(obj: dict, key: str, want: int, what: str) -> None:
    """Fails when obj reports `key` with another value than `want`; only warns when it has no
    such key (the JSON's shape is not settled yet)."""
    got = json_field(obj, key)
    if got is None:
        log(f"{what}: no '{key}' in its JSON output; not checked (keys: {', '.join(sorted(obj))})")
    elif got != want:
        raise StepFailed(f"{what}: {key} = {got!r}, expected {want}\n  output: {json.dumps(obj)[:2000]}")


def unshared_bytes(folder: str) -> tuple[int, int, int]:
    """(files, files with other hard links, bytes on disk of the files with no other link) under
    folder: how much a workspace takes beyond what it shares with the corpus."""
    files = linked = own = 0
    for dirpath, _, names in os.walk(folder):
        for name in names:
            st = os.lstat(os.path.join(dirpath, name))
            files += 1
            if st.st_nlink > 1:
                linked += 1
            else:
                own += st.st_blocks * 512
    return files, linked, own


# The workspaces under --scratch: `workspace` names them ws-N, `sources` rf-N, `store` st-<link>-N
# and dvc-N (a DVC repository).
SCRATCH_PREFIXES = ("ws-", "rf-", "st-", "dvc-", "floor-", "ul-", "sc-")


def open_scratch(scratch: str, prefix: str) -> bool:
    """Makes --scratch ready for workspaces named prefix + N: creates it, or removes the leftovers
    of an interrupted run that have this prefix (the other command's workspaces stay: with --keep
    they are this benchmark's). False, logged, when it holds anything but such workspaces: never
    remove a folder that holds anything else."""
    if os.path.exists(scratch):
        strangers = [e for e in os.listdir(scratch) if not e.startswith(SCRATCH_PREFIXES)]
        if strangers:
            log(f"--scratch {scratch} holds other things than workspaces ({', '.join(strangers[:5])}); "
                "not removing it")
            return False
        for e in os.listdir(scratch):
            if e.startswith(prefix):
                remove_tree(os.path.join(scratch, e))
    os.makedirs(scratch, exist_ok=True)
    return True


def close_scratch(scratch: str, prefixes: tuple = SCRATCH_PREFIXES) -> int:
    """Removes the workspaces with these prefixes, then --scratch itself if that left it empty;
    the number of workspaces removed."""
    if not os.path.isdir(scratch):
        return 0
    gone = [e for e in os.listdir(scratch) if e.startswith(prefixes)]
    for e in gone:
        remove_tree(os.path.join(scratch, e))
    if not os.listdir(scratch):
        os.rmdir(scratch)
    return len(gone)


def cmd_clean(args) -> int:
    """Removes every workspace that `workspace --keep` and `sources --keep` left under --scratch."""
    scratch = os.path.abspath(args.scratch)
    if not os.path.isdir(scratch):
        return 0
    strangers = [e for e in os.listdir(scratch) if not e.startswith(SCRATCH_PREFIXES)]
    if strangers:
        log(f"--scratch {scratch} holds other things than workspaces ({', '.join(strangers[:5])}); "
            "removing only the workspaces")
    t0 = time.monotonic()
    n = close_scratch(scratch)
    log(f"removed {n} workspaces under {scratch} in {time.monotonic() - t0:.1f}s")
    return 0


def workspace_cycle(args, corpus: str, marker: dict, folder: str, label: str, link: str | None = None) -> dict:
    """One fresh workspace (`init --link LINK` when given): init, import, import again, split, split
    again, snapshot. Returns each
    step's measurement (and the output worth keeping). The folder stays until cmd_workspace removes
    every run's folder at the end (with --keep, until `clean` does, after every timing): on ext4 without a journal (these machines), creating files within
    minutes of deleting as many makes the kernel skip each recently freed inode after reading its
    inode table block (ialloc.c recently_deleted), which made a snapshot right after the previous
    run's removal 2-3x slower than one on a quiet file system."""
    n = marker["images"]
    dumps, images = os.path.join(corpus, "dumps"), os.path.join(corpus, "images")
    split = ["split", "--mode", "proportions", "--train", "0.8", "--val", "0.1", "--test", "0.1", "--json"]
    jobs = ["--jobs", str(args.import_jobs)] if args.import_jobs else []
    steps = {
        "first import": ["import", dumps, "--images", images, "--json"] + jobs,
        "re-import": ["import", dumps, "--images", images, "--json"] + jobs,
        "first split": split,
        "second split": split,
        "snapshot": ["snapshot", "--json"],
    }
    if os.path.exists(folder):
        remove_tree(folder)
    try:
        store = ["--link", link] if link else []
        suffix = f" ({link})" if link else ""
        run_step([args.bin, "init", folder, "--name", args.name, "--type", "detect"] + store,
                 f"{label}: yoloset init{suffix}")
        done = {}
        for step in WORKSPACE_STEPS:
            what = f"{label}: yoloset {step}{suffix}"
            r = run_step([args.bin, "-C", folder] + steps[step], what)
            out = parse_json_output(r.pop("stdout"), what)
            if step == "first import":
                expect_field(out, "images_added", n, what)
                r["disk"] = unshared_bytes(folder)
                if link:
                    r["store_disk"] = unshared_bytes(os.path.join(folder, ".yoloset", "objects"))
            elif step == "re-import":
                expect_field(out, "images_added", 0, what)
                if json_field(out, "images_updated") not in (None, 0):
                    log(f"{what}: images_updated = {json_field(out, 'images_updated')!r} on "
                        "the same dumps again (expected 0)")
            elif step == "second split":
                expect_field(out, "images_moved", 0, what)
                if json_field(out, "assigned_count") not in (None, 0):
                    log(f"{what}: assigned_count = {json_field(out, 'assigned_count')!r} right after "
                        "a first split (expected 0)")
            elif step == "snapshot":
                expect_field(out, "images", n, what)
            if step.endswith("split") and json_field(out, "total") not in (None, n):
                log(f"{what}: total = {json_field(out, 'total')!r}, the corpus has {n} images")
            # Kept in results.json without long per-batch lists.
            r["output"] = {k: v for k, v in out.items() if not (isinstance(v, list) and len(v) > 10)}
            log_step(what, r)
            done[step] = r
        return done
    except BaseException:
        remove_tree(folder)
        raise


def remove_tree(folder: str) -> None:
    """Removes a workspace, versions included: their folders are read-only, so make them writable."""
    for parent, dirs, _ in os.walk(folder):
        for d in dirs:
            os.chmod(os.path.join(parent, d), 0o755)
    shutil.rmtree(folder, ignore_errors=True)


def timed_cycles(args, steps: tuple, scratch: str, prefix: str, cycle) -> dict | None:
    """Runs `cycle(folder, label)` for the warm-ups and the timed runs, each in a fresh folder
    `<scratch>/<prefix><run>` (a first import into a used workspace would not be a first); returns
    each step's timed results, or None once a step failed (logged). The folders are removed at the
    end unless --keep."""
    timed: dict = {step: [] for step in steps}
    try:
        for run in range(args.warmup + args.runs):
            label = "warm-up" if run < args.warmup else f"run {run - args.warmup + 1}"
            result = cycle(os.path.join(scratch, f"{prefix}{run}"), label)
            if run >= args.warmup:
                for step in steps:
                    timed[step].append(result[step])
    except StepFailed as e:
        log(str(e))
        return None
    finally:
        if not args.keep:
            close_scratch(scratch, (prefix,))
    return timed


def cmd_workspace(args) -> int:
    corpus = os.path.abspath(args.corpus)
    with open(os.path.join(corpus, "COMPLETE")) as f:
        marker = json.load(f)
    scratch = os.path.abspath(args.scratch)
    # Leftovers of an interrupted run are removed, but never a folder that holds anything else.
    if not open_scratch(scratch, "ws-"):
        return 1
    timed = timed_cycles(args, WORKSPACE_STEPS, scratch, "ws-",
                         lambda folder, label: workspace_cycle(args, corpus, marker, folder, label))
    if timed is None:
        return 1
    n = marker["images"]
    for step in WORKSPACE_STEPS:
        rs = timed[step]
        best = min(range(len(rs)), key=lambda i: rs[i]["seconds"])
        row = {
            "section": "workspace", "mode": step, "tool": "yoloset", "images": n,
            "runs": [round(r["seconds"], 4) for r in rs], "seconds": round(rs[best]["seconds"], 4),
            "images_per_s": round(n / rs[best]["seconds"], 1), "cpu_seconds": round(rs[best]["cpu"], 3),
            "others_load": round(max(r["others"] for r in rs), 2),
            "peak_rss_kib": max(r["rss_kib"] for r in rs), "rss_runs_kib": [r["rss_kib"] for r in rs],
            "output": rs[-1]["output"],
        }  # fmt: skip
        if step == "first import":
            files, linked, own = rs[-1]["disk"]
            row.update(image_bytes=marker["bytes"],
                       image_gib_per_s=round(marker["bytes"] / 2**30 / rs[best]["seconds"], 3),
                       workspace_files=files, workspace_hardlinked_files=linked,
                       workspace_unshared_bytes=own)
        print(json.dumps(row))
    return 0


STORE_LINKS = ("copy", "hardlink")
STORE_STEPS = ("first import", "re-import", "snapshot")
DVC_STEPS = ("dvc add", "dvc add again")
FLOOR_STEPS = ("cp -R + sync",)
STORE_TARGETS = {"dvc_speedup": 10.0, "reimport_seconds": 1.5, "peak_rss_mib": 256}


def dvc_cycle(args, corpus: str, folder: str, label: str) -> dict:
    """`dvc add` of the corpus's images folder in a fresh DVC repository (no git; DVC's default cache
    type, reflink,copy), then again with nothing changed. The repository's images/ is a tree of hard
    links to the corpus files, made before the clock starts: the same inodes, as yoloset reads."""
    if os.path.exists(folder):
        remove_tree(folder)
    os.makedirs(folder)
    try:
        subprocess.run(["cp", "-al", os.path.join(corpus, "images"), os.path.join(folder, "images")], check=True)
        subprocess.run([args.dvc, "init", "--no-scm", "-q"], cwd=folder, check=True)
        subprocess.run([args.dvc, "config", "core.analytics", "false"], cwd=folder, check=True)
        done = {}
        for step in DVC_STEPS:
            what = f"{label}: {step}"
            r = run_step(["sh", "-c", f'cd "{folder}" && exec "{args.dvc}" add -q images'], what)
            r.pop("stdout")
            log_step(what, r)
            done[step] = r
        return done
    except BaseException:
        remove_tree(folder)
        raise


def copy_floor(corpus: str, folder: str, label: str) -> dict:
    """The floor of a first import in copy mode: `cp -R` of the images folder, then `sync -f`, which is
    what the import must at least do (read every byte, write it, make it durable), without hashing or
    checking anything."""
    if os.path.exists(folder):
        remove_tree(folder)
    os.makedirs(folder)
    what = f"{label}: {FLOOR_STEPS[0]}"
    target = os.path.join(folder, "images")
    r = run_step(["sh", "-c", f'cp -R "{os.path.join(corpus, "images")}" "{target}" && exec sync -f "{target}"'], what)
    r.pop("stdout")
    log_step(what, r)
    return {FLOOR_STEPS[0]: r}


def cmd_store(args) -> int:
    corpus = os.path.abspath(args.corpus)
    with open(os.path.join(corpus, "COMPLETE")) as f:
        marker = json.load(f)
    scratch = os.path.abspath(args.scratch)
    n = marker["images"]
    rows = []

    def row(tool: str, mode: str, rs: list, **extra) -> dict:
        best = min(range(len(rs)), key=lambda i: rs[i]["seconds"])
        r = {
            "section": "store", "mode": mode, "tool": tool, "images": n,
            "runs": [round(r["seconds"], 4) for r in rs], "seconds": round(rs[best]["seconds"], 4),
            "images_per_s": round(n / rs[best]["seconds"], 1), "cpu_seconds": round(rs[best]["cpu"], 3),
            "peak_rss_kib": max(r["rss_kib"] for r in rs),
        }  # fmt: skip
        r.update(extra)
        return r

    for link in STORE_LINKS:
        prefix = f"st-{link}-"
        if not open_scratch(scratch, prefix):
            return 1
        timed = timed_cycles(args, STORE_STEPS, scratch, prefix,
                             lambda folder, label, link=link: workspace_cycle(args, corpus, marker, folder, label, link))
        if timed is None:
            return 1
        for step in STORE_STEPS:
            extra = {}
            if step == "first import":
                files, linked, own = timed[step][-1]["store_disk"]
                extra = {"objects": timed[step][-1]["output"].get("objects"), "store_files": files, "store_linked_files": linked,
                         "store_own_bytes": own}
            rows.append(row("yoloset", f"{link} {step}", timed[step], **extra))
    if args.dvc:
        if not open_scratch(scratch, "dvc-"):
            return 1
        # No warm-up: the yoloset runs before it warmed the page cache, and each DVC repository holds
        # two copies of the images (cache and workspace), which the disk may not have room for twice.
        dvc_args = argparse.Namespace(**{**vars(args), "warmup": 0})
        timed = timed_cycles(dvc_args, DVC_STEPS, scratch, "dvc-",
                             lambda folder, label: dvc_cycle(args, corpus, folder, label))
        if timed is None:
            return 1
        for step in DVC_STEPS:
            rows.append(row("DVC", step, timed[step], version=args.dvc_version))
    if not open_scratch(scratch, "floor-"):
        return 1
    timed = timed_cycles(argparse.Namespace(**{**vars(args), "warmup": 0}), FLOOR_STEPS, scratch, "floor-",
                         lambda folder, label: copy_floor(corpus, folder, label))
    if timed is None:
        return 1
    rows.append(row("cp", FLOOR_STEPS[0], timed[FLOOR_STEPS[0]]))
    for r in rows:
        print(json.dumps(r))
    return 0


def store_report(rows: list) -> tuple[list, dict]:
    """The store table (lines) and its entry for results.json."""
    by = {(r["tool"], r["mode"]): r for r in rows}
    t = STORE_TARGETS
    limit_kib = t["peak_rss_mib"] * 1024
    lines = ["", f"store (a fresh workspace per run and mode, all {rows[0]['images']} images; "
             f"best of {len(rows[0]['runs'])})",
             f"{'tool':<8} {'step':<24} {'seconds':>8} {'images/s':>9} {'CPU s':>7} {'peak RSS':>9}"]
    for r in rows:
        lines.append(f"{r['tool']:<8} {r['mode']:<24} {r['seconds']:>8.2f} {r['images_per_s']:>9.0f} "
                     f"{r['cpu_seconds']:>7.2f} {r['peak_rss_kib'] / 1024:>5.0f} MiB")
    met = {}
    copy, hard = by.get(("yoloset", "copy first import")), by.get(("yoloset", "hardlink first import"))
    dvc = by.get(("DVC", "dvc add"))
    if copy and dvc:
        speedup = dvc["seconds"] / copy["seconds"]
        met["copy import >= 10x dvc add"] = speedup >= t["dvc_speedup"]
        lines.append(f"copy-mode first import {speedup:.1f}x faster than dvc add "
                     f"({dvc.get('version', 'DVC')}): target >= {t['dvc_speedup']:g}x")
    floor = by.get(("cp", FLOOR_STEPS[0]))
    if copy and floor:
        lines.append(f"copy-mode first import {copy['seconds']:.2f}s against the I/O floor of copying the same "
                     f"files durably (cp -R + sync) {floor['seconds']:.2f}s ({copy['seconds'] / floor['seconds']:.2f}x)")
    if copy and hard:
        met["copy import no slower than hardlink import"] = copy["seconds"] <= hard["seconds"] * 1.05
        lines.append(f"copy-mode first import {copy['seconds']:.2f}s against hardlink {hard['seconds']:.2f}s "
                     f"({copy['seconds'] / hard['seconds']:.2f}x)")
        if "store_own_bytes" in copy:
            lines.append(f"store after a first import: copy {fmt_bytes(copy['store_own_bytes'])} of its own, "
                         f"hardlink {fmt_bytes(hard.get('store_own_bytes', 0))} "
                         f"({hard.get('store_linked_files', 0)} of {hard.get('store_files', 0)} files linked)")
    for link in STORE_LINKS:
        r = by.get(("yoloset", f"{link} re-import"))
        if r:
            met[f"{link} re-import <= {t['reimport_seconds']:g} s"] = r["seconds"] <= t["reimport_seconds"]
    worst = max(r["peak_rss_kib"] for r in rows if r["tool"] == "yoloset")
    met[f"peak RSS <= {t['peak_rss_mib']} MiB"] = worst <= limit_kib
    lines.append("targets: " + "; ".join(f"{k}: {'met' if v else 'MISSED'}" for k, v in met.items()))
    entry = {"generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "targets": t, "met": met,
             "steps": rows}
    return lines, entry


def workspace_report(rows: list) -> tuple[list, dict]:
    """The workspace table (lines) and its entry for results.json."""
    by_step = {r["mode"]: r for r in rows}
    t = WORKSPACE_TARGETS
    limit_kib = t["peak_rss_mib"] * 1024

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    met = {}
    lines = [
        "",
        f"workspace (yoloset init, import, split on all {rows[0]['images']} images; fresh workspace "
        f"each run; best of {len(rows[0]['runs'])})",
        f"{'step':<13} {'seconds':>8} {'images/s':>9} {'CPU s':>7} {'peak RSS':>9}  target",
    ]
    for step in WORKSPACE_STEPS:
        r = by_step.get(step)
        if r is None:
            continue
        limit = (t["import_seconds"] if "import" in step else
                 t["snapshot_seconds"] if step == "snapshot" else t["split_seconds"])
        met[step] = r["seconds"] <= limit and r["peak_rss_kib"] <= limit_kib
        line = (
            f"{step:<13} {r['seconds']:>8.2f} {r['images_per_s']:>9.0f} {r['cpu_seconds']:>7.2f} "
            f"{r['peak_rss_kib'] / 1024:>5.0f} MiB  <= {limit:g} s: {verdict(r['seconds'] <= limit)}"
        )
        if step == "first import":
            line += (f"; hashed {fmt_bytes(r['image_bytes'])} of images, "
                     f"{r['image_gib_per_s']:.2f} GiB/s")
        out = r.get("output") or {}
        if step.endswith("split"):
            counts = [f"{key} {json_field(out, key + '_count')}"
                      for key in ("assigned", "moved", "train", "val", "test")
                      if json_field(out, key + "_count") is not None]
            line += "; " + ", ".join(counts) if counts else ""
        lines.append(line)
    worst = max(r["peak_rss_kib"] for r in rows)
    lines.append(f"peak RSS <= {t['peak_rss_mib']} MiB: {verdict(worst <= limit_kib)} "
                 f"(largest {worst / 1024:.0f} MiB)")
    imp = by_step.get("first import")
    if imp and "workspace_files" in imp:
        lines.append(
            f"first import left {imp['workspace_files']} files in the workspace, "
            f"{imp['workspace_hardlinked_files']} of them hard links; "
            f"{fmt_bytes(imp['workspace_unshared_bytes'])} not shared with the corpus"
        )
    entry = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "targets": t, "met": met, "peak_rss_met": worst <= limit_kib, "steps": rows,
    }  # fmt: skip
    return lines, entry


# --------------------------------------------------------------------------------------------
# sources: yoloset validate / import on Runflow batch dumps of the corpus's images

SOURCES_STEPS = ("validate header", "first import", "re-import")
# The Runflow dumps' figures (bench_corpus.py runflow's marker) that each row repeats.
SOURCES_COUNTS = ("items", "succeeded", "failed", "cancelled", "batches", "files")


def expect_counts(got: dict, want: dict, what: str, shown) -> None:
    """Fails, with every disagreement and `shown`, when got[key] != want[key] for any key of want
    (a missing key disagrees too: yoloset's Runflow JSON is no draft)."""
    wrong = [f"{k} = {got.get(k)!r}, expected {v!r}" for k, v in want.items() if got.get(k) != v]
    if wrong:
        raise StepFailed(f"{what}: " + "; ".join(wrong) + f"\n  output: {json.dumps(shown)[:2000]}")


def source_totals(out: dict, what: str) -> dict:
    """The sum over import's `sources` list (one entry per Runflow batch), and whether all are
    complete."""
    sources = out.get("sources")
    if not isinstance(sources, list):
        raise StepFailed(f"{what}: no 'sources' list in its JSON output (keys: {', '.join(sorted(out))})")
    totals = {"batches": len(sources), "complete": all(s.get("complete") is True for s in sources)}
    for k in ("items_seen", "succeeded", "failed", "cancelled", "running", "unknown", "images"):
        totals[k] = sum(s.get(k) or 0 for s in sources)
    return totals


def log_step(what: str, r: dict) -> None:
    log(f"{what}: {r['seconds']:.3f}s, CPU {r['cpu']:.2f}s, max RSS {r['rss_kib'] / 1024:.1f} MiB, "
        f"other processes {r['others']:.2f} cores")


def sources_cycle(args, dumps: str, images: str, manifest: dict, folder: str, label: str) -> dict:
    """validate --check header on the Runflow dumps, then a fresh workspace: init, import, import
    again. Each step's measurement, checked against the dumps' manifest. The workspace stays until
    the end, as in workspace_cycle."""
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    want = {k: manifest[k] for k in ("items", "succeeded", "failed", "cancelled", "batches")}
    ok = manifest["succeeded"]
    done = {}

    what = f"{label}: yoloset validate header (Runflow)"
    if os.path.exists(args.report):
        os.unlink(args.report)
    r = run_step([args.bin, "validate", dumps, "--images", images, "--check", "header", "--format", "json",
                  "--output", args.report] + jobs, what, ok=(0, 1))  # 1: findings; 2: it could not run
    r.pop("stdout")
    try:
        with open(args.report) as f:
            rep = json.load(f)
        summary = rep["summary"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise StepFailed(f"{what}: no JSON report with a summary in {args.report}: {e!r}")
    expect_counts(summary, dict(want, images=ok), what, summary)
    if r["rc"] != 0 or summary.get("errors"):
        errors = [x for x in rep.get("findings") or [] if x.get("severity") == "error"]
        log(f"{what}: exit {r['rc']}, {summary.get('errors')} errors on dumps that should have none; "
            "first ones:")
        for x in errors[:10]:
            log("    " + json.dumps(x)[:300])
    r["output"] = {k: v for k, v in summary.items() if not (isinstance(v, list) and len(v) > 10)}
    log_step(what, r)
    done["validate header"] = r

    if os.path.exists(folder):
        remove_tree(folder)
    try:
        run_step([args.bin, "init", folder, "--name", args.name, "--type", "detect"], f"{label}: yoloset init")
        cmd = [args.bin, "-C", folder, "import", dumps, "--images", images, "--json"] + jobs
        for step in ("first import", "re-import"):
            what = f"{label}: yoloset {step} (Runflow)"
            r = run_step(cmd, what)
            out = parse_json_output(r.pop("stdout"), what)
            totals = source_totals(out, what)
            first = step == "first import"
            expect_counts(out, {"images_added": ok if first else 0, "images_updated": 0,
                                "images_unchanged": 0 if first else ok}, what, out)
            expect_counts(totals, {k: manifest[k] for k in ("succeeded", "failed", "cancelled", "batches")}
                          | {"items_seen": manifest["items"], "images": ok, "running": 0, "unknown": 0,
                             "complete": True}, what + " (its sources)", totals)
            if out.get("images_failing"):
                log(f"{what}: images_failing = {out['images_failing']!r} on images that should pass")
            if not first and out.get("changed") is not False:
                log(f"{what}: changed = {out.get('changed')!r} on the same dumps again (expected false)")
            if first:
                r["disk"] = unshared_bytes(folder)
            # Kept in results.json without long per-batch lists; the sources summed up.
            r["output"] = {k: v for k, v in out.items()
                           if k != "sources" and not (isinstance(v, list) and len(v) > 10)}
            r["output"]["sources_total"] = totals
            log_step(what, r)
            done[step] = r
        return done
    except BaseException:
        remove_tree(folder)
        raise


def cmd_sources(args) -> int:
    dumps = os.path.abspath(args.dumps)
    images = os.path.join(os.path.abspath(args.corpus), "images")
    with open(os.path.join(dumps, "COMPLETE")) as f:
        manifest = json.load(f)
    scratch = os.path.abspath(args.scratch)
    if not open_scratch(scratch, "rf-"):
        return 1
    own_report = args.report is None
    if own_report:
        fd, args.report = tempfile.mkstemp(prefix="yoloset-runflow-", suffix=".json")
        os.close(fd)
    try:
        timed = timed_cycles(args, SOURCES_STEPS, scratch, "rf-",
                             lambda folder, label: sources_cycle(args, dumps, images, manifest, folder, label))
    finally:
        if own_report and os.path.exists(args.report):
            os.unlink(args.report)
    if timed is None:
        return 1
    n, ok = manifest["items"], manifest["succeeded"]
    for step in SOURCES_STEPS:
        rs = timed[step]
        best = min(range(len(rs)), key=lambda i: rs[i]["seconds"])
        seconds = rs[best]["seconds"]
        row = {
            "section": "sources", "mode": step, "tool": "yoloset", "source": "runflow",
            **{k: manifest[k] for k in SOURCES_COUNTS}, "images": ok,
            "runs": [round(r["seconds"], 4) for r in rs], "seconds": round(seconds, 4),
            "items_per_s": round(n / seconds, 1), "images_per_s": round(ok / seconds, 1),
            "cpu_seconds": round(rs[best]["cpu"], 3), "others_load": round(max(r["others"] for r in rs), 2),
            "peak_rss_kib": max(r["rss_kib"] for r in rs), "rss_runs_kib": [r["rss_kib"] for r in rs],
            "exit_codes": sorted({r["rc"] for r in rs}), "output": rs[-1]["output"],
        }  # fmt: skip
        if step == "first import":
            files, linked, own = rs[-1]["disk"]
            row.update(image_bytes=manifest["succeeded_bytes"],
                       image_gib_per_s=round(manifest["succeeded_bytes"] / 2**30 / seconds, 3),
                       workspace_files=files, workspace_hardlinked_files=linked,
                       workspace_unshared_bytes=own)
        print(json.dumps(row))
    return 0


def sources_report(rows: list, acusight: dict) -> tuple[list, dict]:
    """The Runflow table (lines) and its entry for results.json. `acusight` maps a step to the
    same step's row on the corpus's Acusight dumps, when it was timed in this run."""
    by_step = {r["mode"]: r for r in rows}
    r0 = rows[0]
    pages = r0["files"] - r0["batches"]
    lines = [
        "",
        f"Runflow sources ({r0['items']} items in {r0['batches']} batch dump{'s' * (r0['batches'] != 1)} and "
        f"{pages} items page{'s' * (pages != 1)}: "
        f"{r0['succeeded']} succeeded, {r0['failed']} failed, {r0['cancelled']} cancelled; fresh workspace "
        f"each run; best of {len(r0['runs'])})",
        f"{'step':<16} {'seconds':>8} {'items/s':>8} {'images/s':>9} {'CPU s':>7} {'peak RSS':>9}",
    ]
    vs = {}
    for step in SOURCES_STEPS:
        r = by_step.get(step)
        if r is None:
            continue
        line = (
            f"{step:<16} {r['seconds']:>8.2f} {r['items_per_s']:>8.0f} {r['images_per_s']:>9.0f} "
            f"{r['cpu_seconds']:>7.2f} {r['peak_rss_kib'] / 1024:>5.0f} MiB"
        )
        if step == "first import":
            line += f"; hashed {fmt_bytes(r['image_bytes'])} of images, {r['image_gib_per_s']:.2f} GiB/s"
        a = acusight.get(step)
        if a:
            vs[step] = {"runflow_seconds": r["seconds"], "acusight_seconds": a["seconds"],
                        "acusight_images": a["images"], "ratio": round(r["seconds"] / a["seconds"], 2)}
            line += f"; Acusight dumps {a['seconds']:.2f} s ({a['images']} images)"
        lines.append(line)
    imp = by_step.get("first import")
    if imp and "workspace_files" in imp:
        lines.append(
            f"first Runflow import left {imp['workspace_files']} files in the workspace, "
            f"{imp['workspace_hardlinked_files']} of them hard links; "
            f"{fmt_bytes(imp['workspace_unshared_bytes'])} not shared with the corpus"
        )
    entry = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "source": "runflow", "dumps": {k: r0[k] for k in SOURCES_COUNTS}, "vs_acusight": vs, "steps": rows,
    }  # fmt: skip
    return lines, entry


# --------------------------------------------------------------------------------------------
# report


def fmt_bytes(n: float) -> str:
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{int(n)} B"


# --------------------------------------------------------------------------------------------
# dataset: yoloset's check of a YOLO dataset against Ultralytics' own (YOLODataset's label cache)

# Run by the Ultralytics virtualenv's python: builds YOLODataset for every split of data.yaml, as
# training does, with the label cache neither read nor written (so each run verifies every image and
# label: verify_image_label in a ThreadPool), and prints the wall time of each run.
ULTRALYTICS_CHECK = r"""
import json, os, sys, time
data_yaml, threads, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.chdir("/")
import ultralytics
import ultralytics.data.dataset as dataset_module
from ultralytics.data.dataset import YOLODataset
from ultralytics.data.utils import check_det_dataset

def no_cache(*args, **kwargs):
    raise FileNotFoundError("the benchmark reads no label cache")

dataset_module.load_dataset_cache_file = no_cache
def keep_cache_in_memory(prefix, path, x, version):
    x["version"] = version  # what the real function adds before it writes

dataset_module.save_dataset_cache_file = keep_cache_in_memory
default_threads = dataset_module.NUM_THREADS
dataset_module.NUM_THREADS = threads
data = check_det_dataset(data_yaml, autodownload=False)
times, images, corrupt = [], 0, 0
for run in range(runs):
    t0 = time.perf_counter()
    images = corrupt = 0
    for split in ("train", "val", "test"):
        if not data.get(split):
            continue
        d = YOLODataset(img_path=data[split], data=data, task="detect", augment=False, prefix=f"{split}: ")
        images += len(d.im_files)
        corrupt += len(d.im_files) - len(d.labels)
    times.append(time.perf_counter() - t0)
print(json.dumps({"version": ultralytics.__version__, "runs": times, "images": images, "corrupt": corrupt,
                  "default_threads": default_threads}))
"""


def cmd_dataset(args) -> int:
    """A version of the whole corpus (init --link hardlink, import, split, snapshot: untimed), then
    `yoloset validate VERSION --check header` and `--check full`, and Ultralytics' dataset check of the
    same folder (YOLODataset per split, verify_image_label on every image and label, --threads threads)."""
    with open(os.path.join(args.corpus, "COMPLETE")) as f:
        n = json.load(f)["images"]
    scratch = os.path.abspath(args.scratch)
    if not open_scratch(scratch, "ul-"):
        return 1
    ws = os.path.join(scratch, "ul-workspace")
    corpus = os.path.abspath(args.corpus)
    dumps, images = os.path.join(corpus, "dumps"), os.path.join(corpus, "images")
    try:
        run_step([args.bin, "init", ws, "--name", "bench", "--type", "detect", "--link", "hardlink"], "dataset: init")
        run_step([args.bin, "-C", ws, "import", dumps, "--images", images, "--json"], "dataset: import", ok=(0, 1))
        run_step([args.bin, "-C", ws, "split", "--mode", "proportions", "--train", "0.8", "--val", "0.1",
                  "--test", "0.1", "--json"], "dataset: split")  # fmt: skip
        out = parse_json_output(run_step([args.bin, "-C", ws, "snapshot", "--json"], "dataset: snapshot")["stdout"],
                                "dataset: snapshot")
        expect_field(out, "images", n, "dataset: snapshot")
        version = os.path.join(ws, "versions", "v1")
        report = os.path.join(scratch, "ul-report.json")
        for mode in ("header", "full"):
            times, cpus, rsses = [], [], []
            for run in range(args.warmup + args.runs):
                r = run_step([args.bin, "validate", version, "--check", mode, "--format", "json", "--output", report,
                              "--jobs", str(args.threads)], f"dataset: yoloset validate --check {mode}", ok=(0, 1))  # fmt: skip
                with open(report) as f:
                    summary = json.load(f)["summary"]
                if summary["images"] != n:
                    raise StepFailed(f"dataset: yoloset checked {summary['images']} images, the version has {n}")
                label = "warm-up" if run < args.warmup else f"run {run - args.warmup + 1}"
                log(f"dataset: yoloset --check {mode} {label}: {r['seconds']:.3f}s, CPU {r['cpu']:.2f}s, "
                    f"{summary['errors']} errors")
                if run >= args.warmup:
                    times.append(r["seconds"])
                    cpus.append(r["cpu"])
                    rsses.append(r["rss_kib"])
            best = min(range(len(times)), key=times.__getitem__)
            print(json.dumps({
                "section": "dataset", "mode": mode, "tool": "yoloset", "threads": args.threads, "images": n,
                "runs": [round(t, 4) for t in times], "seconds": round(times[best], 4),
                "images_per_s": round(n / times[best], 1), "cpu_seconds": round(cpus[best], 3),
                "peak_rss_kib": max(rsses),
            }), flush=True)  # fmt: skip
        runs = args.warmup + args.runs
        r = run_step([args.python, "-c", ULTRALYTICS_CHECK, os.path.join(version, "data.yaml"), str(args.threads),
                      str(runs)], "dataset: Ultralytics' dataset check")  # fmt: skip
        child = json.loads(r["stdout"].strip().splitlines()[-1])
        if child["images"] != n or child["corrupt"]:
            raise StepFailed(f"dataset: Ultralytics listed {child['images']} images ({child['corrupt']} corrupt), "
                             f"the version has {n}")
        timed = child["runs"][args.warmup:]
        for i, t in enumerate(child["runs"]):
            log(f"dataset: Ultralytics {child['version']} {'warm-up' if i < args.warmup else f'run {i - args.warmup + 1}'}: {t:.3f}s")
        best = min(timed)
        print(json.dumps({
            "section": "dataset", "mode": "header", "tool": "Ultralytics", "version": child["version"],
            "threads": args.threads, "default_threads": child["default_threads"], "images": n,
            "runs": [round(t, 4) for t in timed], "seconds": round(best, 4), "images_per_s": round(n / best, 1),
            "cpu_seconds": round(r["cpu"] / runs, 3), "peak_rss_kib": r["rss_kib"],
        }), flush=True)  # fmt: skip
        return 0
    except StepFailed as e:
        log(str(e))
        return 1
    finally:
        if not args.keep:
            close_scratch(scratch, ("ul-",))


SCALE_COMMANDS = ("validate", "import", "re-import", "split", "snapshot", "status", "images --json", "versions",
                  "diff", "verify", "validate runflow", "import runflow")  # fmt: skip
# Commands whose memory per item the scale report prints (issue 14: Runflow validation of 100,000 items
# in less than half the memory per item it took before).
SCALE_PER_ITEM = ("validate runflow", "import runflow")


def cmd_scale(args) -> int:
    """Every command once on the corpus (a `bench_corpus.py scale` corpus), in one fresh workspace:
    validate the dumps (header), import, import again, split, snapshot, status, images --json, versions,
    then a second split (forced, other ratios) and snapshot, diff v1 v2 and verify v2. A row per command:
    wall time, time per image, peak RSS."""
    with open(os.path.join(args.corpus, "COMPLETE")) as f:
        n = json.load(f)["images"]
    scratch = os.path.abspath(args.scratch)
    if not open_scratch(scratch, "sc-"):
        return 1
    corpus = os.path.abspath(args.corpus)
    dumps, images = os.path.join(corpus, "dumps"), os.path.join(corpus, "images")
    ws = os.path.join(scratch, f"sc-{n}")
    report = os.path.join(scratch, f"sc-{n}-report.json")
    y = args.bin

    def row(command: str, cmd: list, ok: tuple = (0,), keep_stdout: bool = False) -> dict:
        # Only the outputs that are checked are kept (see run_step: `images --json` of a million
        # images would otherwise count in every later command's peak RSS).
        r = run_step(cmd, f"scale {n}: {command}", ok=ok, keep_stdout=keep_stdout)
        log(f"scale {n}: {command}: {r['seconds']:.2f}s ({r['seconds'] / n * 1e6:.1f} us/image), "
            f"peak RSS {r['rss_kib'] / 1024:.0f} MiB")
        print(json.dumps({
            "section": "scale", "images": n, "command": command, "seconds": round(r["seconds"], 4),
            "us_per_image": round(r["seconds"] / n * 1e6, 2), "cpu_seconds": round(r["cpu"], 3),
            "peak_rss_kib": r["rss_kib"],
        }), flush=True)  # fmt: skip
        return r

    try:
        row("validate", [y, "validate", dumps, "--images", images, "--check", "header", "--format", "json",
                         "--output", report], ok=(0, 1))  # fmt: skip
        with open(report) as f:
            checked = json.load(f)["summary"]["images"]
        if checked != n:
            raise StepFailed(f"scale {n}: validate checked {checked} images")
        run_step([y, "init", ws, "--name", "bench", "--type", "detect"], f"scale {n}: init")
        out = parse_json_output(row("import", [y, "-C", ws, "import", dumps, "--images", images, "--json"],
                                    keep_stdout=True)["stdout"], "import")  # fmt: skip
        expect_field(out, "images_added", n, f"scale {n}: import")
        out = parse_json_output(row("re-import", [y, "-C", ws, "import", dumps, "--images", images, "--json"],
                                    keep_stdout=True)["stdout"], "re-import")  # fmt: skip
        expect_field(out, "images_added", 0, f"scale {n}: re-import")
        ratios = ["--mode", "proportions", "--train", "0.8", "--val", "0.1", "--test", "0.1", "--json"]
        row("split", [y, "-C", ws, "split"] + ratios)
        out = parse_json_output(row("snapshot", [y, "-C", ws, "snapshot", "--json"], keep_stdout=True)["stdout"],
                                "snapshot")
        expect_field(out, "images", n, f"scale {n}: snapshot")
        row("status", [y, "-C", ws, "status", "--json"])
        row("images --json", [y, "-C", ws, "images", "--json"])
        row("versions", [y, "-C", ws, "versions", "--json"])
        run_step([y, "-C", ws, "split", "--force-reassignment", "--mode", "proportions", "--train", "0.7", "--val",
                  "0.2", "--test", "0.1", "--json"], f"scale {n}: second split")  # fmt: skip
        run_step([y, "-C", ws, "snapshot", "--json"], f"scale {n}: second snapshot")
        row("diff", [y, "-C", ws, "diff", "v1", "v2", "--json"])
        row("verify", [y, "-C", ws, "verify", "v2", "--json"])
        if args.runflow:
            runflow_steps(args, n, images, scratch, row)
        return 0
    except StepFailed as e:
        log(str(e))
        return 1
    finally:
        if not args.keep:
            close_scratch(scratch, ("sc-",))


def runflow_steps(args, n: int, images: str, scratch: str, row) -> None:
    """The scale corpus's Runflow dumps (bench_corpus.py runflow, one item per image): validate them
    (header), then import them into a workspace of their own; the counts checked against the dumps'."""
    y, dumps = args.bin, os.path.abspath(args.runflow)
    with open(os.path.join(dumps, "COMPLETE")) as f:
        manifest = json.load(f)
    if manifest["items"] != n:
        raise StepFailed(f"scale {n}: {dumps} holds {manifest['items']} items, not {n}")
    report = os.path.join(scratch, f"sc-{n}-runflow-report.json")
    row("validate runflow", [y, "validate", dumps, "--images", images, "--check", "header", "--format", "json",
                             "--output", report], ok=(0, 1))  # fmt: skip
    with open(report) as f:
        summary = json.load(f)["summary"]
    expect_counts(summary, {"items": n, "images": manifest["succeeded"], "batches": manifest["batches"]},
                  f"scale {n}: validate runflow", summary)  # fmt: skip
    ws = os.path.join(scratch, f"sc-{n}-runflow")
    run_step([y, "init", ws, "--name", "bench", "--type", "detect"], f"scale {n}: init (runflow)")
    out = parse_json_output(row("import runflow", [y, "-C", ws, "import", dumps, "--images", images,
                                                   "--json"], keep_stdout=True)["stdout"], "import runflow")  # fmt: skip
    expect_field(out, "images_added", manifest["succeeded"], f"scale {n}: import runflow")


def scale_report(rows: list) -> tuple[list, dict]:
    """Time per image and peak RSS of every command at every size, against issue 14's targets: at the
    largest size, time per image within 1.3x of the smallest's, and peak RSS <= 512 MiB."""
    if not rows:
        return [], {}
    sizes = sorted({r["images"] for r in rows})
    by = {(r["command"], r["images"]): r for r in rows}
    lines = ["", "scale (64x48 images; time per image in microseconds, peak RSS in MiB):"]
    lines.append(f"  {'command':<16}" + "".join(f" {f'{n:,} images':>22}" for n in sizes) + "  verdict")
    verdicts = {}
    for command in SCALE_COMMANDS:
        cells, present = [], [n for n in sizes if (command, n) in by]
        for n in sizes:
            r = by.get((command, n))
            cells.append(f" {r['us_per_image']:>9.1f} us {r['peak_rss_kib'] / 1024:>6.0f} MiB" if r else f" {'-':>22}")
        verdict = ""
        if len(present) > 1:
            small, large = by[(command, present[0])], by[(command, present[-1])]
            growth = large["us_per_image"] / small["us_per_image"] if small["us_per_image"] else 0
            rss_ok = large["peak_rss_kib"] <= 512 * 1024
            verdicts[command] = {"growth": round(growth, 2), "peak_rss_kib": large["peak_rss_kib"],
                                 "met": growth <= 1.3 and rss_ok}  # fmt: skip
            verdict = (f"  {growth:.2f}x per image {present[0]:,}->{present[-1]:,} (<= 1.3x), RSS "
                       f"{'ok' if rss_ok else 'OVER 512 MiB'}: {'met' if verdicts[command]['met'] else 'MISSED'}")
        lines.append(f"  {command:<16}" + "".join(cells) + verdict)
    for command in SCALE_PER_ITEM:
        present = [n for n in sizes if (command, n) in by]
        if len(present) > 1:
            small, large = by[(command, present[0])], by[(command, present[-1])]
            per_item = (large["peak_rss_kib"] - small["peak_rss_kib"]) * 1024 / (present[-1] - present[0])
            verdicts.setdefault(command, {})["bytes_per_item"] = round(per_item)
            lines.append(f"  {command}: {per_item:,.0f} bytes of peak RSS per item "
                         f"({present[0]:,} -> {present[-1]:,} items)")
    return lines, {"rows": rows, "verdicts": verdicts}


def dataset_report(rows: list) -> tuple[list, dict]:
    """Lines and figures of the `dataset` section."""
    if not rows:
        return [], {}
    lines = ["", "a version of the whole corpus (YOLO dataset), yoloset validate against Ultralytics' own dataset "
             "check (YOLODataset per split: verify_image_label on every image and label, no label cache):"]  # fmt: skip
    for r in rows:
        extra = f" (Ultralytics {r['version']}; its default here: {r['default_threads']})" if r["tool"] == "Ultralytics" else ""
        lines.append(f"  {r['tool']:<11} {r['mode']:<6} {r['threads']} threads {r['seconds']:>7.2f}s "
                     f"{r['images_per_s']:>8.0f} images/s  peak RSS {r['peak_rss_kib'] / 1024:.0f} MiB{extra}")
    by = {(r["tool"], r["mode"]): r for r in rows}
    figures = {"rows": rows}
    u = by.get(("Ultralytics", "header"))
    for mode in ("header", "full"):
        y = by.get(("yoloset", mode))
        if u and y:
            ratio = u["seconds"] / y["seconds"]
            figures[f"{mode}_speedup_over_ultralytics"] = round(ratio, 2)
            target = f" (target >= 25x): {'met' if ratio >= 25 else 'MISSED'}" if mode == "header" else ""
            pace = f"{ratio:.1f}x faster" if ratio >= 1 else f"{1 / ratio:.1f}x slower"
            lines.append(f"  --check {mode} {pace} than Ultralytics' dataset check{target}")
    return lines, figures


def cmd_report(args) -> int:
    with open(os.path.join(args.corpus, "COMPLETE")) as f:
        corpus = json.load(f)
    with open(args.results) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    main = [r for r in rows if r["section"] == "main"]
    scaling = [r for r in rows if r["section"] == "scaling"]
    workspace = [r for r in rows if r["section"] == "workspace"]
    sources = [r for r in rows if r["section"] == "sources"]
    store = [r for r in rows if r["section"] == "store"]
    dataset = [r for r in rows if r["section"] == "dataset"]
    scale = [r for r in rows if r["section"] == "scale"]
    order = {"header": 0, "full": 1}
    tools = {"yoloset": 0, "Pillow": 1, "C floor, whole files": 2, "C floor, head+tail": 3}
    main.sort(key=lambda r: (order.get(r["mode"], 9), tools.get(r["tool"], 9)))

    lines = [
        f"corpus: {corpus['images']} images ({corpus['jpeg']} JPEG, {corpus['png']} PNG), "
        f"{fmt_bytes(corpus['bytes'])}, {corpus['dumps']} dumps, "
        f"{corpus['annotations']} annotations",
    ]
    if main:
        lines.append(f"{'mode':<8} {'tool':<21} {'threads':>7} {'seconds':>8} {'images/s':>9} {'CPU s':>7}  peak RSS")
    for r in main:
        lines.append(
            f"{r['mode']:<8} {r['tool']:<21} {r['threads']:>7} {r['seconds']:>8.2f} "
            f"{r['images_per_s']:>9.0f} {r['cpu_seconds']:>7.2f}  {r['peak_rss_kib'] / 1024:.0f} MiB"
        )
    speedups = {}
    for mode in ("header", "full"):
        y = next((r for r in main if r["mode"] == mode and r["tool"] == "yoloset"), None)
        p = next((r for r in main if r["mode"] == mode and r["tool"] == "Pillow"), None)
        if y and p:
            speedups[mode] = round(p["seconds"] / y["seconds"], 2)
    for mode in ("full", "header"):
        if mode in speedups:
            lines.append(f"{mode}-mode speed-up over Pillow: {speedups[mode]:.1f}x")
    floors = {}
    y = next((r for r in main if r["mode"] == "header" and r["tool"] == "yoloset"), None)
    for r in main:
        if y and r["tool"].startswith("C floor"):
            floors[r["tool"]] = round(r["seconds"] / y["seconds"], 3)
    if "C floor, whole files" in floors:
        share = floors["C floor, whole files"]
        lines.append(f"header mode at {share * 100:.0f}% of the floor (C reader, every file read whole, one process "
                     f"per core; target >= 60%): {'met' if share >= 0.6 else 'MISSED'}")
    if "C floor, head+tail" in floors:
        lines.append(f"header mode at {floors['C floor, head+tail'] * 100:.0f}% of a C reader reading what yoloset "
                     "reads (head and tail; no dumps, rules or report)")
    busy = [r for r in rows if r.get("others_load", 0) > 0.2]
    if busy:
        worst = max(r["others_load"] for r in busy)
        lines.append(
            f"note: other processes kept up to {worst:.1f} of {os.cpu_count()} cores busy during "
            f"{len(busy)} of the measurements; wall times are noisy (see runs in the JSON)"
        )
    per_format = [r for r in rows if r["section"] in ("jpeg-only", "png-only")]
    if per_format:
        lines.append("")
        lines.append("by format (the first images of one format only)")
        lines.append(f"{'format':<10} {'mode':<8} {'images':>7} {'yoloset/s':>10} {'Pillow/s':>9}  speed-up")
        for section in ("jpeg-only", "png-only"):
            for mode in ("header", "full"):
                y = next((r for r in per_format if r["section"] == section and r["mode"] == mode and r["tool"] == "yoloset"), None)
                p = next((r for r in per_format if r["section"] == section and r["mode"] == mode and r["tool"] == "Pillow"), None)
                if y and p:
                    speedups[f"{section}/{mode}"] = round(p["seconds"] / y["seconds"], 2)
                    lines.append(
                        f"{section:<10} {mode:<8} {y['images']:>7} {y['images_per_s']:>10.0f} "
                        f"{p['images_per_s']:>9.0f}  {p['seconds'] / y['seconds']:.2f}x"
                    )
    if scaling:
        scaling.sort(key=lambda r: r["images"])
        lines.append("")
        lines.append("scaling (yoloset --check header): peak RSS as the input grows")
        lines.append(f"{'images':>8} {'dumps':>6} {'seconds':>8} {'images/s':>9}  peak RSS")
        for r in scaling:
            lines.append(
                f"{r['images']:>8} {r.get('dumps', ''):>6} {r['seconds']:>8.2f} "
                f"{r['images_per_s']:>9.0f}  {r['peak_rss_kib'] / 1024:.0f} MiB"
            )
        if len(scaling) >= 2 and scaling[0]["peak_rss_kib"]:
            ratio = scaling[-1]["peak_rss_kib"] / scaling[0]["peak_rss_kib"]
            lines.append(
                f"peak RSS x{ratio:.2f} for x{scaling[-1]['images'] / scaling[0]['images']:.0f} "
                "the images"
            )
    workspace_entry = None
    if workspace:
        more, workspace_entry = workspace_report(workspace)
        lines += more
    sources_entry = None
    if sources:
        # The same steps on the Acusight dumps of the same images, when this run timed them.
        acusight = {r["mode"]: r for r in workspace if r["mode"] in SOURCES_STEPS}
        header = next((r for r in main if r["mode"] == "header" and r["tool"] == "yoloset"), None)
        if header:
            acusight["validate header"] = header
        more, sources_entry = sources_report(sources, acusight)
        lines += more
    store_entry = None
    if store:
        more, store_entry = store_report(store)
        lines += more
    more, dataset_entry = dataset_report(dataset)
    lines += more
    more, scale_entry = scale_report(scale)
    lines += more
    print("\n".join(lines))

    result = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpu_count": os.cpu_count(), "uname": " ".join(os.uname())},
        "corpus": corpus,
        "results": main,
        "speedup_over_pillow": speedups,
        "share_of_floor": floors,
    }
    if scaling:
        result["scaling"] = scaling
    if per_format:
        result["by_format"] = per_format
    if args.merge and not main and (workspace_entry is not None or sources_entry is not None
                                    or store_entry is not None or scale_entry):
        # Only the workspace (and the Runflow sources) were timed: keep the validate figures of an
        # earlier run on the same corpus, and replace the workspace (and sources) figures.
        try:
            with open(args.out) as f:
                previous = json.load(f)
        except (OSError, ValueError):
            previous = None
        if isinstance(previous, dict) and previous.get("corpus") == corpus:
            result = previous
        else:
            log(f"no earlier results for this corpus in {args.out}; writing this run's figures alone")
    if workspace_entry is not None:
        result["workspace"] = workspace_entry
    if sources_entry is not None:
        result["sources"] = sources_entry
    if store_entry is not None:
        result["store"] = store_entry
    if dataset_entry:
        result["dataset"] = dataset_entry
    if scale_entry:
        result["scale"] = scale_entry
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    os.replace(tmp, args.out)
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd_name", required=True)
    for name in ("decode", "pillow"):
        s = sub.add_parser(name)
        s.add_argument("--corpus", required=True)
        s.add_argument("--mode", choices=("header", "full"), required=True)
        s.add_argument("--threads", type=int, default=0 if name == "pillow" else 1)
        s.add_argument("--runs", type=int, default=3)
        s.add_argument("--warmup", type=int, default=1)
        s.add_argument("--list", default=None, help="image list (default: CORPUS/images.txt)")
        s.add_argument("--section", default="main")
    m = sub.add_parser("measure")
    m.add_argument("--label", required=True)
    m.add_argument("--mode", required=True)
    m.add_argument("--section", default="main")
    m.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    m.add_argument("--expect-images", type=int, required=True)
    m.add_argument("--report", required=True)
    m.add_argument("--dumps", type=int, default=None)
    m.add_argument("--runs", type=int, default=3)
    m.add_argument("--warmup", type=int, default=1)
    m.add_argument("cmd", nargs=argparse.REMAINDER)
    r = sub.add_parser("report")
    r.add_argument("--corpus", required=True)
    r.add_argument("--results", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--merge", action="store_true",
                   help="without validate figures, keep the other sections of an existing --out")
    w = sub.add_parser("workspace")
    w.add_argument("--bin", required=True, help="the yoloset binary")
    w.add_argument("--corpus", required=True)
    w.add_argument("--scratch", required=True,
                   help="folder for the workspaces (same file system as the corpus); removed")
    w.add_argument("--name", default="bench", help="workspace name given to `yoloset init`")
    w.add_argument("--import-jobs", type=int, default=None, help="--jobs for `yoloset import`")
    w.add_argument("--runs", type=int, default=3)
    w.add_argument("--warmup", type=int, default=1)
    w.add_argument("--keep", action="store_true",
                   help="leave the workspaces under --scratch (for `clean` to remove at the very end)")
    so = sub.add_parser("sources")
    so.add_argument("--bin", required=True, help="the yoloset binary")
    so.add_argument("--corpus", required=True, help="the corpus whose images/ the dumps name")
    so.add_argument("--dumps", required=True, help="Runflow dumps written by bench_corpus.py runflow")
    so.add_argument("--scratch", required=True,
                    help="folder for the workspaces (same file system as the corpus)")
    so.add_argument("--report", default=None, help="validate's JSON report (default: a temporary file)")
    so.add_argument("--name", default="bench", help="workspace name given to `yoloset init`")
    so.add_argument("--jobs", type=int, default=None, help="--jobs for `yoloset validate` and `import`")
    so.add_argument("--runs", type=int, default=3)
    so.add_argument("--warmup", type=int, default=1)
    so.add_argument("--keep", action="store_true",
                    help="leave the workspaces under --scratch (for `clean` to remove at the very end)")
    st = sub.add_parser("store")
    st.add_argument("--bin", required=True, help="the yoloset binary")
    st.add_argument("--corpus", required=True)
    st.add_argument("--scratch", required=True)
    st.add_argument("--dvc", default=None, help="the dvc executable (omit to skip DVC)")
    st.add_argument("--dvc-version", default="DVC")
    st.add_argument("--name", default="bench", help="workspace name given to `yoloset init`")
    st.add_argument("--import-jobs", type=int, default=None, help="--jobs for `yoloset import`")
    st.add_argument("--runs", type=int, default=3)
    st.add_argument("--warmup", type=int, default=1)
    st.add_argument("--keep", action="store_true", help="leave the workspaces for `clean`")
    fl = sub.add_parser("floor")
    fl.add_argument("--bin", required=True, help="bench_floor, compiled from scripts/bench_floor.c")
    fl.add_argument("--corpus", required=True)
    fl.add_argument("--threads", type=int, default=os.cpu_count() or 1, help="processes")
    fl.add_argument("--head", type=int, default=0, help="bytes read from the start of a larger file (0: whole)")
    fl.add_argument("--tail", type=int, default=0, help="bytes read from its end, with --head")
    fl.add_argument("--runs", type=int, default=3)
    fl.add_argument("--warmup", type=int, default=1)
    ds = sub.add_parser("dataset")
    ds.add_argument("--bin", required=True, help="the yoloset binary")
    ds.add_argument("--corpus", required=True)
    ds.add_argument("--scratch", required=True)
    ds.add_argument("--python", required=True, help="python of the Ultralytics virtualenv")
    ds.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ds.add_argument("--runs", type=int, default=3)
    ds.add_argument("--warmup", type=int, default=1)
    ds.add_argument("--keep", action="store_true", help="leave the workspace for `clean`")
    sca = sub.add_parser("scale")
    sca.add_argument("--bin", required=True, help="the yoloset binary")
    sca.add_argument("--corpus", required=True, help="a corpus written by bench_corpus.py scale")
    sca.add_argument("--scratch", required=True)
    sca.add_argument("--runflow", help="the corpus's Runflow dumps (bench_corpus.py runflow): also time them")
    sca.add_argument("--keep", action="store_true", help="leave the workspace for `clean`")
    c = sub.add_parser("clean")
    c.add_argument("--scratch", required=True)
    args = p.parse_args()
    if getattr(args, "runs", 1) < 1:
        p.error("--runs must be at least 1")
    return {
        "decode": cmd_decode, "pillow": cmd_pillow, "measure": cmd_measure, "report": cmd_report,
        "workspace": cmd_workspace, "sources": cmd_sources, "store": cmd_store, "floor": cmd_floor,
        "dataset": cmd_dataset, "scale": cmd_scale, "clean": cmd_clean,
    }[args.cmd_name](args)  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
