"""Whole-process time of `drafter phrase QUERY` next to `python -c pass` (the interpreter's own
start-up), measured in the same run, interleaved so both see the same machine load. The phrase
median must stay ≤ 0.3 s.

Usage: python bench/phrase_bench.py [--runs N] [QUERY...]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["领导", "存在问题", "现将上半年工作总结如下"]


def width(s: str) -> int:
    """Terminal columns: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def timed(cmd) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("queries", nargs="*", default=QUERIES)
    a = ap.parse_args()
    py = sys.executable
    cases = {"python -c pass": [py, "-c", "pass"]}
    for q in a.queries:
        cases[f"python -m drafter phrase {q}"] = [py, "-m", "drafter", "phrase", q]
    cases[f"python -m drafter phrase {a.queries[0]} --json"] = [py, "-m", "drafter", "phrase", a.queries[0], "--json"]
    script = shutil.which("drafter")  # the installed console script, if there is one
    if script:
        cases[f"drafter phrase {a.queries[0]}"] = [script, "phrase", a.queries[0]]
    times: dict[str, list[float]] = {k: [] for k in cases}
    for k, cmd in cases.items():  # warm the page cache and .pyc files
        timed(cmd)
    for _ in range(a.runs):
        for k, cmd in cases.items():
            times[k].append(timed(cmd))
    base = statistics.median(times["python -c pass"])
    print(f"median of {a.runs} runs, whole process" + ("" if script else " (no drafter script on PATH)"))
    w = max(map(width, cases))
    for k, ts in times.items():
        m = statistics.median(ts)
        extra = "" if k == "python -c pass" else f"   +{(m - base) * 1000:4.0f} ms   ×{m / base:.1f}"
        print(f"{k}{' ' * (w - width(k))} : {m * 1000:6.1f} ms{extra}")
    worst = max(statistics.median(ts) for k, ts in times.items() if k != "python -c pass")
    label = "slowest drafter median"
    print(f"{label}{' ' * (w - width(label))} : {worst * 1000:6.1f} ms ({'ok' if worst <= 0.3 else 'OVER'}, limit 300 ms)")


if __name__ == "__main__":
    main()
