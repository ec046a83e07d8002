import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT.parent / "shared" / "gold"
if not GOLD.is_dir():  # a clone without shared/ beside it
    GOLD = ROOT / "tests" / "data" / "gold"


def run_cli(*args, input=None, env=None, cwd=None, timeout=600):
    """Run the real console entry point as a user would (a separate process)."""
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "drafter", *map(str, args)], input=input,
                          capture_output=True, text=True, env=e, cwd=cwd or ROOT, timeout=timeout)


@pytest.fixture
def cli():
    return run_cli
