"""Whole-process time of `drafter check DRAFT` next to `python -c pass` (the interpreter's own
start-up), measured in the same run, interleaved so both see the same machine load. Each example's
draft is checked as .docx (layout included) and as .txt; with --unit too. The median must stay
≤ 0.5 s.

Usage: python bench/check_bench.py [--runs N]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from whole_process import measure, report

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 0.5


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
    try:
        report(measure(cases, a.runs, ROOT), a.runs, LIMIT, script)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
