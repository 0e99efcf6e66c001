#!/usr/bin/env python3
"""Timing side of scripts/bench: the Pillow baseline, timing of external commands, the report.

    bench_pillow.py pillow  --corpus DIR --mode header|full [--threads T] [--runs 3] [--warmup 1]
    bench_pillow.py measure --label NAME --mode MODE --threads T --expect-images N --report FILE
                            [--runs 3] [--warmup 1] -- CMD ARGS...
    bench_pillow.py report  --corpus DIR --results FILE.jsonl --out results.json
    (bench_pillow.py decode ...: the child process that `pillow` runs)

`pillow` runs the decode loop in a fresh child process: one warm-up pass, then --runs timed
passes over every image listed in DIR/images.txt, with a ThreadPoolExecutor of --threads threads
(default os.cpu_count()). Peak RSS is the child's max RSS, read with os.wait4, so each mode's
figure is its own. `measure` runs CMD --warmup + --runs times, each in a fresh process, and takes
the best wall time and the largest max RSS (os.wait4 again) of the timed runs; after every run it
checks the exit status and that the JSON report at FILE counts --expect-images images and zero
errors, and fails loudly otherwise. Both print one JSON line to stdout; `report` turns those
lines into the table on stdout and the JSON results file. Logs go to stderr.

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
# report


def fmt_bytes(n: float) -> str:
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{int(n)} B"


def cmd_report(args) -> int:
    with open(os.path.join(args.corpus, "COMPLETE")) as f:
        corpus = json.load(f)
    with open(args.results) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    main = [r for r in rows if r["section"] == "main"]
    scaling = [r for r in rows if r["section"] == "scaling"]
    order = {"header": 0, "full": 1}
    tools = {"yoloset": 0, "Pillow": 1}
    main.sort(key=lambda r: (order.get(r["mode"], 9), tools.get(r["tool"], 9)))

    lines = [
        f"corpus: {corpus['images']} images ({corpus['jpeg']} JPEG, {corpus['png']} PNG), "
        f"{fmt_bytes(corpus['bytes'])}, {corpus['dumps']} dumps, "
        f"{corpus['annotations']} annotations",
        f"{'mode':<8} {'tool':<8} {'threads':>7} {'seconds':>8} {'images/s':>9} {'CPU s':>7}  peak RSS",
    ]
    for r in main:
        lines.append(
            f"{r['mode']:<8} {r['tool']:<8} {r['threads']:>7} {r['seconds']:>8.2f} "
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
    print("\n".join(lines))

    result = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpu_count": os.cpu_count(), "uname": " ".join(os.uname())},
        "corpus": corpus,
        "results": main,
        "speedup_over_pillow": speedups,
    }
    if scaling:
        result["scaling"] = scaling
    if per_format:
        result["by_format"] = per_format
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
    args = p.parse_args()
    if getattr(args, "runs", 1) < 1:
        p.error("--runs must be at least 1")
    return {"decode": cmd_decode, "pillow": cmd_pillow, "measure": cmd_measure, "report": cmd_report}[
        args.cmd_name
    ](args)


if __name__ == "__main__":
    sys.exit(main())
