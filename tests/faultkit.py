"""Helpers for the fault tests: the tree snapshot, tmpfs mounts (full or read-only disks), the
real entry point run in this process, and the check every error message must pass."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

_EXC_NAME = re.compile(r"\b\w*(?:Error|Exception|Warning)\b|BadZipFile|Traceback|Errno|errno")
_ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}")     # three English words in a row
_QUOTED = re.compile(r"'[^']*'")      # option names and values as typed, e.g. '--format' 'docx'
_TMP = re.compile(r"/tmp/\S*?(?=[”：，）]|$)")


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else b"<dir>") for p in root.rglob("*")}


_MOUNTS: list[Path] = []


def mount_tmpfs(d: Path, opts: str) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(d)], capture_output=True, text=True)
    if r.returncode:
        pytest.skip(f"mounting a tmpfs is not permitted here ({r.stderr.strip() or r.returncode})")
    _MOUNTS.append(d)
    return d


def remount_ro(d: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(d)], check=True)


@pytest.fixture(autouse=True)
def _unmount():
    yield
    while _MOUNTS:
        subprocess.run(["umount", "-l", str(_MOUNTS.pop())], capture_output=True)


def run_in(cwd: Path, *args, input: str | None = None, stdin_closed: bool = False) -> tuple[int, str, str]:
    """The real entry point in this process, as `drafter ARGS` in `cwd` (exit code, stdout, stderr)."""
    from click.testing import CliRunner
    from drafter.cli import main
    old = os.getcwd()
    with CliRunner().isolation(input=input, env={"COLUMNS": "100"}) as (out, err, _):
        os.chdir(cwd)
        saved = sys.stdin
        if stdin_closed:
            sys.stdin = None
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        finally:
            sys.stdin = saved
            os.chdir(old)
        return code, out.getvalue().decode("utf-8", "replace"), err.getvalue().decode("utf-8", "replace")


def assert_clean_error(err: str, names: str | None, fragment: str, prefix=("错误：", "用法错误：")) -> str:
    assert "Traceback" not in err and "内部错误" not in err, err
    lines = [ln for ln in err.splitlines() if ln.startswith(prefix)]
    assert len(lines) == 1, err
    line = lines[0]
    if names:
        assert names in line, line
    assert fragment in line, line
    bare = _TMP.sub("", _QUOTED.sub("", line.replace(names or "\0", "")))
    assert not _EXC_NAME.search(bare), line
    assert not _ENGLISH.search(bare), line
    return line
