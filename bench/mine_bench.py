"""How fast `drafter mine` is, as whole processes, against baselines measured in the same run.

    python bench/mine_bench.py                  # ratio to jieba-only segmentation (≤ 1.0 required)
    python bench/mine_bench.py --scale 50       # also: 50× corpus time vs 1×, peak memory, --jobs 2

The baseline is a process that only segments the same text with jieba (bench/jieba_baseline.py);
drafter mine segments through rjieba where it imports (the same words, a fraction of the time).
Runs are interleaved (baseline, mine, baseline, mine, …) so that load from other work on the
machine hits both alike; medians are reported. Peak memory is the largest sum of the proportional
set sizes (PSS: a page shared by forked workers counts once) of the mining process and its
workers, sampled from /proc (Linux) every 100 ms, every 500 ms after the first 3 s.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Bytecode as an installed copy has it: with PYTHONDONTWRITEBYTECODE set, every run would
# recompile drafter's modules, which an installed drafter never does.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _memory(pid: int) -> int:
    """Proportional set size of one process: pages shared after fork count once in the sum."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        key = "Pss:"
    except OSError:
        text = Path(f"/proc/{pid}/status").read_text()
        key = "VmRSS:"
    return int(next(ln.split()[1] for ln in text.splitlines() if ln.startswith(key))) * 1024


def _tree_memory(pid: int) -> int:
    """Memory of a process and all its descendants (0 once it is gone)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            total += _memory(p)
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run(cmd) -> tuple[float, int]:
    """Wall time and peak resident memory (whole process tree) of one command."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=ENV)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_memory(proc.pid))
        # reading smaps_rollup walks page tables: sample often only while runs are short, so
        # the sampling does not take a core from a long parallel run
        time.sleep(0.1 if time.perf_counter() - t < 3 else 0.5)
    elapsed = time.perf_counter() - t
    if proc.returncode:
        sys.exit(f"failed ({proc.returncode}): {' '.join(map(str, cmd))}")
    return elapsed, peak


def corpus_copy(tmp: Path, times: int) -> Path:
    out = tmp / f"corpus_x{times}"
    out.mkdir()
    for f in sorted((ROOT / "corpus").glob("*.txt")):
        for k in range(times):
            shutil.copy(f, out / f"{k:03d}_{f.name}")
    return out


def mine_cmd(corpus: Path, out: Path, jobs: int | None = None) -> list:
    """`drafter mine` as a user runs it; `jobs=None` keeps the default (2 on a multi-core machine)."""
    cmd = [sys.executable, "-m", "drafter", "mine", str(corpus), "-o", str(out), "--force"]
    return cmd + ["--jobs", str(jobs)] if jobs else cmd


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="runs of each command at 1× (median)")
    ap.add_argument("--scale", type=int, default=0, help="also mine an N× replicated corpus")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    try:
        one = corpus_copy(tmp, 1)
        base, mine, peaks = [], [], []
        for _ in range(a.runs):
            base.append(run([sys.executable, "bench/jieba_baseline.py", str(one)])[0])
            t, p = run(mine_cmd(one, tmp / "bank"))
            mine.append(t)
            peaks.append(p)
        b, m = statistics.median(base), statistics.median(mine)
        print(f"corpus ×1 ({len(list(one.iterdir()))} files), median of {a.runs} interleaved runs")
        print(f"  jieba segmentation only   : {b:6.2f} s")
        print(f"  drafter mine (defaults)   : {m:6.2f} s   peak {max(peaks) / 2**20:6.0f} MB")
        print(f"  ratio mine / jieba        : {m / b:6.2f}   (required ≤ 1.0)")
        if a.scale:
            big = corpus_copy(tmp, a.scale)
            t1, p1 = run(mine_cmd(big, tmp / "bank1", 1))
            t2, p2 = run(mine_cmd(big, tmp / "bank2", 2))
            tb, _ = run([sys.executable, "bench/jieba_baseline.py", str(big)])
            same = all((tmp / "bank1" / f.relative_to(tmp / "bank2")).read_bytes() == f.read_bytes()
                       for f in (tmp / "bank2").rglob("*") if f.is_file())
            print(f"corpus ×{a.scale}, one run each")
            print(f"  jieba segmentation only   : {tb:6.2f} s")
            print(f"  drafter mine --jobs 1     : {t1:6.2f} s   peak {p1 / 2**20:6.0f} MB")
            print(f"  drafter mine --jobs 2     : {t2:6.2f} s   peak {p2 / 2**20:6.0f} MB   (the default;"
                  " peak required ≤ 1024 MB)")
            print(f"  ×{a.scale} / ×1 time (defaults): {t2 / m:5.1f}×   (required ≤ {a.scale * 1.1:.0f}×)")
            # --jobs 1 is not one process: its second process parses, clusters and mines the
            # frames and shingles beside the segmentation, so this is not a one-core baseline
            print(f"  --jobs 1 / --jobs 2 time  : {t1 / t2:5.2f}×   (both use two processes)")
            print(f"  --jobs 1 and 2 identical  : {'yes' if same else 'NO'}")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
