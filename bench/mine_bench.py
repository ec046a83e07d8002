"""Whole-process time of `drafter mine` next to a process that only segments the same text with
jieba (the baseline), measured in the same run; the ratio is what counts (≤ 2.0 required).

Usage: python bench/mine_bench.py [--replicate N] [--jobs N] [--runs K]
"""
from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--replicate", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    corpus = tmp / "corpus"
    corpus.mkdir()
    for f in sorted((ROOT / "corpus").glob("*.txt")):
        for k in range(a.replicate):
            shutil.copy(f, corpus / f"{k:03d}_{f.name}")
    base, mine = [], []
    for _ in range(a.runs):
        base.append(timed([sys.executable, "bench/jieba_baseline.py", str(corpus)]))
        mine.append(timed([sys.executable, "-m", "drafter", "mine", str(corpus), "-o", str(tmp / "bank"),
                           "--jobs", str(a.jobs)]))
    b, m = statistics.median(base), statistics.median(mine)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"corpus ×{a.replicate}, jobs {a.jobs}, median of {a.runs} runs")
    print(f"jieba segmentation only : {b:.2f} s")
    print(f"drafter mine            : {m:.2f} s")
    print(f"ratio                   : {m / b:.2f}")
    print(f"peak child memory       : {peak:.0f} MB")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
