"""Whole-process timing shared by the command benches: each case is a command line, timed next to
`python -c pass` (the interpreter's own start-up) in the same run, interleaved so all see the same
machine load, and reported as medians with their ratio to that baseline."""
from __future__ import annotations

import statistics
import subprocess
import time
import unicodedata
from pathlib import Path

BASELINE = "python -c pass"


def width(s: str) -> int:
    """Terminal columns: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def timed(cmd, cwd: Path, ok=(0,)) -> float:
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
    took = time.perf_counter() - t
    if r.returncode not in ok:
        raise SystemExit(f"{' '.join(map(str, cmd))} 退出码 {r.returncode}：{r.stderr.decode()[-500:]}")
    return took


def measure(cases: dict[str, list], runs: int, cwd: Path) -> dict[str, list[float]]:
    """Times of each case (BASELINE among them), after one warm-up run of each (page cache, .pyc)."""
    times: dict[str, list[float]] = {k: [] for k in cases}
    for cmd in cases.values():
        timed(cmd, cwd)
    for _ in range(runs):
        for k, cmd in cases.items():
            times[k].append(timed(cmd, cwd))
    return times


def report(times: dict[str, list[float]], runs: int, limit: float, script: str | None) -> None:
    """Medians, each against the baseline, and the slowest drafter case against `limit` (seconds)."""
    base = statistics.median(times[BASELINE])
    print(f"median of {runs} runs, whole process" + ("" if script else " (no drafter script on PATH)"))
    w = max(map(width, times))
    for k, ts in times.items():
        m = statistics.median(ts)
        extra = "" if k == BASELINE else f"   +{(m - base) * 1000:4.0f} ms   ×{m / base:.1f}"
        print(f"{k}{' ' * (w - width(k))} : {m * 1000:6.1f} ms{extra}")
    worst = max(statistics.median(ts) for k, ts in times.items() if k != BASELINE)
    label = "slowest drafter median"
    print(f"{label}{' ' * (w - width(label))} : {worst * 1000:6.1f} ms "
          f"({'ok' if worst <= limit else 'OVER'}, limit {limit * 1000:.0f} ms)")
