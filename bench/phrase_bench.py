"""Whole-process time of `drafter phrase QUERY` next to `python -c pass` (the interpreter's own
start-up), measured in the same run, interleaved so both see the same machine load. The phrase
median must stay ≤ 0.3 s.

Usage: python bench/phrase_bench.py [--runs N] [QUERY...]
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from whole_process import measure, report

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 0.3
QUERIES = ["领导", "存在问题", "现将上半年工作总结如下"]


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
    report(measure(cases, a.runs, ROOT), a.runs, LIMIT, script)


if __name__ == "__main__":
    main()
