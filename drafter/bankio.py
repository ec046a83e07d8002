"""Writing a bank as a transaction: the previous bank stays whole until the new one is complete.

The new bank is written into a staging directory inside the target (`.drafter-bank-<pid>-….tmp/new`),
then swapped in with renames: the old `manifest.json`, `templates/` and `phrasebank/` move into
the staging directory's `old/`, the new ones into place, the new manifest last (a directory is a
bank once it has a manifest). On any failure the renames are undone; a run killed during the swap
is undone (or, if the manifest was already in place, finished) by the next run that sees the
staging directory.
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import tempfile
from pathlib import Path

from .errors import OutputError, os_cause
from .output import fsync_dir, link_new, check_name, clean_stale, nearest_dir, probe_dir

STAGE_PREFIX = ".drafter-bank-"
PARTS = ("manifest.json", "templates", "phrasebank")
_OURS = {"templates": ("*.j2",), "phrasebank": ("*.yaml", "index.json", "shingles.bin")}
# Targets that held no bank when checked without --force: the swap there must not replace one
# that another run wrote in the meantime.
_FRESH: set[Path] = set()
MIN_ROOM = 64 * 1024        # room a first bank needs at least (later ones: the size of the last)


def bank_size(out: Path) -> int:
    total = 0
    for part in PARTS:
        p = Path(out) / part
        files = [p] if p.is_file() else (p.rglob("*") if p.is_dir() else [])
        for f in files:
            with contextlib.suppress(OSError):
                total += f.stat().st_size if f.is_file() else 0
    return total


def check_bank_target(out, force: bool) -> None:
    """Before any work: a directory that already holds a bank is only replaced with --force, and
    the target can be written and has room for a bank the size of the last one."""
    out = Path(out)
    check_name(out)
    if out.exists() and not out.is_dir():
        raise OutputError("输出路径是一个文件，模板库应写到目录", file=str(out))
    if out.is_dir():
        recover(out)
    existing = [n for n in PARTS if (out / n).exists()]
    if existing and not force:
        raise OutputError(f"这里已有模板库（{'、'.join(existing)}），重新挖掘会覆盖其中的模板和常用语；"
                          "确认覆盖请加 --force", file=str(out))
    if not existing and not force:
        _FRESH.add(out.absolute())
    # the staging copy sits beside the old bank until the swap: room for both
    probe_dir(out if out.is_dir() else nearest_dir(out), out, need=max(MIN_ROOM, bank_size(out)))


def write_bank(out: Path, manifest: dict, templates: dict, phrases: list[dict],
               extra: dict[str, bytes] | None = None) -> None:
    """The whole bank, as one transaction. `extra`: further files (path in the bank -> bytes),
    such as drafter check's shingle file."""
    from .mining.miner import CATEGORIES_ZH
    from .yamlout import dump as yaml_dump
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        clean_stale(out)
        stage = Path(tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{os.getpid()}-", suffix=".tmp", dir=out))
    except OSError as e:
        raise OutputError(f"无法写出模板库：{os_cause(e)}", file=str(out)) from None
    try:
        new = stage / "new"
        (new / "templates").mkdir(parents=True)
        (new / "phrasebank").mkdir()
        for kid, text in sorted(templates.items()):
            _write(new / "templates" / f"{kid}.j2", text)
        by_cat: dict[str, list] = {}
        for e in phrases:
            by_cat.setdefault(e["category"], []).append(e)
        for cat, entries in sorted(by_cat.items()):
            header = (f"# 常用语库：{CATEGORIES_ZH.get(cat, cat)}（{cat}），{len(entries)} 条，"
                      "由 drafter mine 生成，请勿手改\n")
            _write(new / "phrasebank" / f"{cat}.yaml", header + yaml_dump(entries))
        # what `drafter phrase` needs, precomputed, in a format that loads fast
        index = [{k: e[k] for k in ("text", "category", "support", "count", "kinds", "roles", "slots", "examples")}
                 | ({"variants": e["variants"]} if e.get("variants") else {}) for e in phrases]
        _write(new / "phrasebank" / "index.json",
               json.dumps({"categories": CATEGORIES_ZH, "entries": index}, ensure_ascii=False, separators=(",", ":")))
        for rel, data in sorted((extra or {}).items()):
            with open(new / rel, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        _write(new / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=False) + "\n")
        _keep_foreign(out, new)
        _swap(out, stage, fresh=out.absolute() in _FRESH)
    except BaseException as e:
        _undo(out, stage)
        if isinstance(e, OSError) and e.errno in (errno.EEXIST, errno.ENOTEMPTY):
            raise OutputError("挖掘期间另一个程序在这里写出了模板库，未覆盖；确认覆盖请加 --force", file=str(out)) from None
        if isinstance(e, OSError):
            raise OutputError(f"写出模板库失败：{os_cause(e)}；原有的模板库未改动", file=str(out)) from None
        raise
    shutil.rmtree(stage, ignore_errors=True)


def _write(path: Path, text: str) -> None:
    with open(path, "wb") as f:
        f.write(text.encode("utf-8"))
        f.flush()
        os.fsync(f.fileno())


def _keep_foreign(out: Path, new: Path) -> None:
    """Files in the old bank directories that drafter did not write move on with the new bank."""
    for d, patterns in _OURS.items():
        old = out / d
        if not old.is_dir():
            continue
        for f in old.iterdir():
            if f.is_file() and not any(f.match(p) for p in patterns) and not (new / d / f.name).exists():
                shutil.copy2(f, new / d / f.name)


def _swap(out: Path, stage: Path, fresh: bool = False) -> None:
    """Old bank aside, new bank in. `fresh`: there was no bank, and none may be replaced now:
    directories are renamed onto nothing (a rename onto a non-empty one fails), the manifest is
    linked (fails if one exists)."""
    old, new = stage / "old", stage / "new"
    old.mkdir()
    if not fresh:
        for part in PARTS:                   # manifest first: out stops being a bank at once
            if (out / part).exists():
                os.rename(out / part, old / part)
    for part in ("templates", "phrasebank"):
        if fresh and (out / part).exists() and any((out / part).iterdir()):
            raise FileExistsError(errno.EEXIST, "exists", str(out / part))
        os.rename(new / part, out / part)
    if fresh:                                # manifest last: out is a bank again
        link_new(str(new / "manifest.json"), out / "manifest.json")
    else:
        os.rename(new / "manifest.json", out / "manifest.json")
    fsync_dir(out)


def _undo(out: Path, stage: Path) -> None:
    """Put the old bank back (whatever of the swap had happened) and drop the staging directory."""
    old, new = stage / "old", stage / "new"
    if old.is_dir():                         # the swap had begun
        for part in PARTS:
            if not (new / part).exists() or _same(new / part, out / part):   # the new part is in place
                _remove(out / part)
            if (old / part).exists():
                _remove(out / part)
                os.rename(old / part, out / part)
    shutil.rmtree(stage, ignore_errors=True)


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _remove(p: Path) -> None:
    if p.is_dir() and not p.is_symlink():
        shutil.rmtree(p)
    elif p.exists() or p.is_symlink():
        p.unlink()


def recover_stale(stage: Path) -> None:
    """A staging directory a killed run left: finish its swap if the new manifest is in place,
    else put the old bank back."""
    out = stage.parent
    if (stage / "new" / "manifest.json").exists() or not (out / "manifest.json").exists():
        _undo(out, stage)
    else:                                    # the commit (new manifest in place) happened
        shutil.rmtree(stage, ignore_errors=True)


def recover(out: Path) -> None:
    """Clean up after a killed `drafter mine` in `out` (only staging directories of dead runs)."""
    clean_stale(out)


__all__ = ["check_bank_target", "write_bank", "recover", "bank_size"]
