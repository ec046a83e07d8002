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


def run_in_process(*args, input=None, env=None):
    """The console entry point in this process (click's CliRunner isolation: stdin, stdout,
    stderr and environment swapped), for tests that need no real terminal or process boundary.
    Returns an object with returncode, stdout and stderr like subprocess.run."""
    from click.testing import CliRunner
    from drafter.cli import main
    runner = CliRunner()
    code = 0
    with runner.isolation(input=input, env=env) as (out, err, _):
        old = sys.argv
        sys.argv = ["drafter", *map(str, args)]
        try:
            main()
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        finally:
            sys.argv = old
        stdout, stderr = out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8")
    return subprocess.CompletedProcess(args, code, stdout, stderr)
