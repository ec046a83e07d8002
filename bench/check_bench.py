"""Whole-process time of `drafter check DRAFT` next to `python -c pass` (the interpreter's own
start-up), measured in the same run, interleaved so both see the same machine load. Each example's
draft is checked as .docx (layout included) and as .txt; with --unit too. The median must stay
≤ 0.5 s.

Usage: python bench/check_bench.py [--runs N]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 0.5


def width(s: str) -> int:
    """Terminal columns: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def timed(cmd, ok=(0,)) -> float:
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    took = time.perf_counter() - t
    if r.returncode not in ok:
        raise SystemExit(f"{' '.join(map(str, cmd))} 退出码 {r.returncode}：{r.stderr.decode()[-500:]}")
    return took


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    a = ap.parse_args()
    py = sys.executable
    tmp = Path(tempfile.mkdtemp(prefix="check_bench."))
    example = ROOT / "examples" / "bureau-half-year.yaml"
    drafts = {}
    for fmt in ("docx", "txt"):
        drafts[fmt] = tmp / f"draft.{fmt}"
        subprocess.run([py, "-m", "drafter", "render", str(example), "-o", str(drafts[fmt]), "--force"],
                       check=True, capture_output=True, cwd=ROOT)
    cases = {"python -c pass": [py, "-c", "pass"]}
    cases["python -m drafter check draft.docx"] = [py, "-m", "drafter", "check", str(drafts["docx"])]
    cases["python -m drafter check draft.txt"] = [py, "-m", "drafter", "check", str(drafts["txt"])]
    cases["python -m drafter check draft.docx --unit …"] = [py, "-m", "drafter", "check", str(drafts["docx"]),
                                                          "--unit", str(example)]
    cases["python -m drafter check draft.docx --json"] = [py, "-m", "drafter", "check", str(drafts["docx"]), "--json"]
    script = shutil.which("drafter")
    if script:
        cases["drafter check draft.docx"] = [script, "check", str(drafts["docx"])]
    times: dict[str, list[float]] = {k: [] for k in cases}
    for cmd in cases.values():        # warm the page cache and .pyc files
        timed(cmd)
    for _ in range(a.runs):
        for k, cmd in cases.items():
            times[k].append(timed(cmd))
    shutil.rmtree(tmp, ignore_errors=True)
    base = statistics.median(times["python -c pass"])
    print(f"median of {a.runs} runs, whole process" + ("" if script else " (no drafter script on PATH)"))
    w = max(map(width, cases))
    for k, ts in times.items():
        m = statistics.median(ts)
        extra = "" if k == "python -c pass" else f"   +{(m - base) * 1000:4.0f} ms   ×{m / base:.1f}"
        print(f"{k}{' ' * (w - width(k))} : {m * 1000:6.1f} ms{extra}")
    worst = max(statistics.median(ts) for k, ts in times.items() if k != "python -c pass")
    label = "slowest drafter median"
    print(f"{label}{' ' * (w - width(label))} : {worst * 1000:6.1f} ms "
          f"({'ok' if worst <= LIMIT else 'OVER'}, limit {LIMIT * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
