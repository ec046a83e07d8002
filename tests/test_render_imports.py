"""What `drafter render` costs: the heavy mining libraries stay out of its process, and a batch
does its per-process work once."""
import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT

EXAMPLE = ROOT / "examples" / "bureau-half-year.yaml"
MINING_ONLY = ("jieba", "sklearn", "scipy", "numpy")


def imported_modules(*args) -> set[str]:
    """Every module a real `python -m drafter ...` process imports, from -X importtime."""
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "drafter", *map(str, args)],
                       capture_output=True, text=True, cwd=ROOT, timeout=120, env=dict(os.environ))
    assert r.returncode == 0, r.stderr[-2000:]
    mods = {m.group(1) for m in re.finditer(r"^import time:.*\|\s*(\S+)\s*$", r.stderr, re.M)}
    assert "drafter.render" in mods and "yaml" in mods     # the parse of -X importtime works
    return mods


@pytest.mark.parametrize("fmt", ["docx", "txt"])
def test_render_does_not_import_mining_libraries(tmp_path, fmt):
    mods = imported_modules("render", EXAMPLE, "-o", tmp_path / f"x.{fmt}")
    heavy = sorted(m for m in mods if m.split(".")[0] in MINING_ONLY or m.startswith("drafter.mining"))
    assert not heavy, heavy
    # python-docx is loaded only when a .docx is written.
    assert ("docx" in mods) == (fmt == "docx")


def test_batch_parses_the_default_layout_once(tmp_path, monkeypatch):
    import drafter.layout
    import drafter.writers.docx
    from drafter.render import render_batch
    calls = []
    real = drafter.layout.load_layout

    def counting(*a, **k):
        calls.append(a)
        return real(*a, **k)
    monkeypatch.setattr(drafter.layout, "load_layout", counting)
    monkeypatch.setattr(drafter.writers.docx, "load_layout", counting)
    units = sorted((ROOT / "examples").glob("*.yaml"))
    results = render_batch([str(u) for u in units], str(tmp_path), "docx", False, None, None)
    assert [r["error"] for r in results] == [None] * len(units)
    assert len(list(tmp_path.glob("*.docx"))) == len(units)
    assert len(calls) == 1
