"""Render benchmark, all measured in the same run:

(a) whole-process time of one `drafter render example -o x.docx --force` (median of --runs),
    next to `python -c pass` (the interpreter's own start-up, the floor);
(b) a batch of --batch unit YAMLs (copies of the examples, each with its own unit name) rendered
    by ONE `drafter render dir/*.yaml -o outdir` process: total and per document;
(c) the imports that dominate one render (`python -X importtime`, top 5 cumulative), for
    information.

Usage: python bench/render_bench.py [--runs K] [--batch N] [--format docx|md|txt]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "bureau-half-year.yaml"
TARGET = 0.6   # seconds for one render, whole process


# As a user's Python runs: an installed package has .pyc files, and a source checkout gets them on
# first run, unless PYTHONDONTWRITEBYTECODE is set (then every run recompiles drafter's ~25
# modules, about 75 ms). The warm-up run below writes them.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=ENV)
    return time.perf_counter() - t


def make_batch(folder: Path, n: int) -> list[Path]:
    """n valid unit files: the examples in turn, each with a distinct unit name and file name."""
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    files = []
    for i in range(n):
        src = examples[i % len(examples)]
        text = src.read_text("utf-8")
        # "  name: 青山县…局" -> "  name: 青山县…局第7分局": a different draft each time.
        text = re.sub(r"^(  name: .+)$", rf"\g<1>第{i + 1}分局", text, count=1, flags=re.M)
        p = folder / f"{i + 1:03d}-{src.stem}.yaml"
        p.write_text(text, "utf-8")
        files.append(p)
    return files


def top_imports(cmd, k: int = 5) -> list[tuple[float, str]]:
    """The k top-level imports with the largest cumulative time, in ms (nested ones are inside)."""
    r = subprocess.run([sys.executable, "-X", "importtime", *cmd[1:]], capture_output=True, text=True, cwd=ROOT,
                       env=ENV)
    rows = []
    for ln in r.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| ( *)(\S+)", ln)
        if m and not m.group(3):     # top level only: nested imports are already counted in their parent
            rows.append((int(m.group(2)) / 1000, m.group(4)))
    return sorted(rows, reverse=True)[:k]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--format", default="docx", choices=["docx", "md", "txt"])
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="render-bench-"))
    try:
        one = [sys.executable, "-m", "drafter", "render", str(EXAMPLE), "-o", str(tmp / f"x.{a.format}"), "--force"]
        base, render = [], []
        timed(one)      # warm the page cache and write .pyc files; not counted
        for _ in range(a.runs):
            base.append(timed([sys.executable, "-c", "pass"]))
            render.append(timed(one))
        b, r = statistics.median(base), statistics.median(render)

        src, out = tmp / "units", tmp / "out"
        src.mkdir()
        files = make_batch(src, a.batch)
        batch = [sys.executable, "-m", "drafter", "render", *map(str, files), "-o", str(out), "--format", a.format]
        total = timed(batch)
        written = len(list(out.glob(f"*.{a.format}")))
        if written != len(files):
            sys.exit(f"batch wrote {written} of {len(files)} drafts")
        imports = top_imports(one)
    finally:
        shutil.rmtree(tmp)

    print(f"one render ({a.format}), whole process, median of {a.runs} runs")
    print(f"  python -c pass          : {b:.3f} s")
    print(f"  drafter render          : {r:.3f} s   (target ≤ {TARGET} s: {'ok' if r <= TARGET else 'OVER'})")
    print(f"  render minus start-up   : {r - b:.3f} s")
    print(f"batch of {a.batch} in one process ({a.format})")
    print(f"  total                   : {total:.2f} s")
    print(f"  per document            : {total / a.batch * 1000:.1f} ms")
    print(f"  per document, amortised : {(total - r) / max(a.batch - 1, 1) * 1000:.1f} ms "
          f"(beyond the first document's whole-process cost)")
    print("top imports of one render (cumulative, -X importtime, one run)")
    for ms, name in imports:
        print(f"  {ms:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
