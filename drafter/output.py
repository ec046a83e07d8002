"""Writing output files: what -o means, never clobber without --force (also when two commands
run at once), never leave a half-written file.

Every write goes to a temporary file in the target directory, named `.drafter-tmp-<pid>-….tmp`
so that a later run recognises it, and is then given its final name: with `os.replace` under
--force, else with `os.link`, which fails if the name exists (no check-then-replace race). A
temp file left by a killed process is removed by the next write into that directory.
"""
from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from pathlib import Path

from .errors import OutputError, os_cause

FORMATS = ("docx", "md", "txt")          # draft formats; the first is the default
_ALIASES = {"markdown": "md", "text": "txt"}
TMP_PREFIX = ".drafter-tmp-"
_TMP_RX = re.compile(r"^\.drafter-(?:tmp|bank)-(\d+)-.*\.tmp$")
_EXT_RX = re.compile(r"^\.[A-Za-z][A-Za-z0-9]{0,5}$")    # what reads as a file extension
_STALE_AFTER = 24 * 3600                 # a temp file this old is stale even if its pid lives again


def plan_output(out: str | os.PathLike | None, fmt: str | None, *, stem: str, default_dir: Path,
                many: bool = False, formats: tuple[str, ...] = FORMATS) -> tuple[Path, str]:
    """The file a command writes, and its format: the one rule for every command's `-o`.

    `-o` is a file when it ends in one of `formats`' extensions, else a directory (the file is
    `<stem>.<format>` in it). Refused: an extension that disagrees with --format, an extension
    that is not one of `formats` (`总结.doc`, unless it is an existing directory or ends in /),
    and a file name for several inputs.
    """
    if fmt is not None:
        fmt = _ALIASES.get(fmt.lower(), fmt.lower())
        if fmt not in formats:
            raise OutputError(f"不支持的输出格式“{fmt}”，支持 {'、'.join(formats)}")
    if out is None or str(out) == "":
        folder = Path(default_dir)
    else:
        raw = str(out)
        p = Path(raw)
        check_name(p)
        ext = p.suffix.lower().lstrip(".")
        ext = _ALIASES.get(ext, ext)
        as_dir = raw.endswith(("/", os.sep)) or p.is_dir()
        if ext in formats and not as_dir:
            if many:
                raise OutputError("有多个输入时 -o 应为目录", file=raw)
            if fmt and fmt != ext:
                raise OutputError(f"扩展名“{p.suffix}”与 --format {fmt} 不一致，请改扩展名或去掉 --format", file=raw)
            return p, ext
        if not as_dir and p.stem and _EXT_RX.match(p.suffix):
            known = "、".join(f".{f}" for f in formats)
            old = "（旧版 .doc 格式不支持，请用 .docx）" if ext == "doc" else ""
            raise OutputError(f"无法识别的扩展名“{p.suffix}”，输出文件应以 {known} 结尾{old}；"
                              "如果要写到这个目录，请在末尾加 /", file=raw)
        folder = p
    fmt = fmt or formats[0]
    return folder / f"{stem}.{fmt}", fmt


def check_writable(path: Path, force: bool = False, need: int = 0) -> None:
    """Raise OutputError if `path` may not or cannot be written; leaves nothing behind.

    Tried for real (a probe file is created and removed in the directory that would receive it),
    because permission bits say nothing to root and nothing about a read-only or full disk.
    `need`: bytes that must be free there.
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError("输出路径是一个已存在的目录，请指定文件名", file=str(path))
    if path.exists() and not force:
        raise OutputError("文件已存在，未覆盖；如需覆盖请加 --force", file=str(path))
    check_name(path)
    parent = nearest_dir(path)
    probe_dir(parent, path, need)


def check_name(path: Path) -> None:
    """Every component of `path` within the file system's name length."""
    for part in Path(path).parts:
        if len(os.fsencode(part)) > 255:
            raise OutputError("文件名过长（单个文件名最多 255 字节，约 85 个汉字），请改短", file=str(path))


def nearest_dir(path: Path) -> Path:
    """The closest existing ancestor of `path`, which must be a directory (it will receive the file
    or the directories leading to it)."""
    for parent in Path(path).absolute().parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(f"上级路径“{parent}”是文件而不是目录", file=str(path))
            return parent
    return Path("/")


def probe_dir(folder: Path, path: Path, need: int = 0) -> None:
    """Create and remove a temp file in `folder`; check `need` bytes are free there."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=folder)
        os.close(fd)
        os.unlink(tmp)
    except OSError as e:
        raise OutputError(f"无法在“{folder}”中写入：{os_cause(e)}", file=str(path)) from None
    free = free_bytes(folder)
    if free is not None and free < max(need, 1):
        raise OutputError(f"磁盘空间不足（“{folder}”所在磁盘剩余 {_size(free)}，"
                          f"至少需要 {_size(max(need, 1))}）", file=str(path))


def free_bytes(folder: Path) -> int | None:
    try:
        st = os.statvfs(folder)
    except (OSError, AttributeError):
        return None
    return st.f_bavail * st.f_frsize


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{max(1, n // 1024)} KB" if n >= 1024 else f"{n} 字节"


def clean_stale(folder: Path) -> None:
    """Remove temp files (and bank staging directories) a killed drafter left in `folder`."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        m = _TMP_RX.match(name)
        if not m or int(m.group(1)) == os.getpid():
            continue
        p = Path(folder) / name
        with contextlib.suppress(OSError):
            if _alive(int(m.group(1))) and time.time() - p.lstat().st_mtime < _STALE_AFTER:
                continue
            if name.startswith(".drafter-bank-"):
                from .bankio import recover_stale
                recover_stale(p)
            elif p.is_file() or p.is_symlink():
                p.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True          # exists, owned by someone else
    return True


def atomic_write(path: Path, data: bytes, force: bool = False) -> None:
    """Write `data` to `path` whole or not at all; without `force` an existing `path` (even one
    another process created a moment ago) is never replaced."""
    path = Path(path)
    check_writable(path, force)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"无法创建目录：{os_cause(e)}", file=str(path)) from None
    clean_stale(path.parent)
    try:
        # Same directory: a rename or link is atomic only within one file system.
        fd, tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise OutputError(f"无法写入：{os_cause(e)}", file=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _mode(path))  # mkstemp makes 0600; a report should get normal permissions
        if force:
            os.replace(tmp, path)
        else:
            link_new(tmp, path)
        fsync_dir(path.parent)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, FileExistsError):
            raise OutputError("文件已存在（刚被另一个程序写出），未覆盖；如需覆盖请加 --force", file=str(path)) from None
        if isinstance(e, OSError):
            raise OutputError(f"写入失败：{os_cause(e)}", file=str(path)) from None
        raise


def link_new(tmp: str, path: Path) -> None:
    """Give `tmp` the name `path` only if no file has it (FileExistsError otherwise)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        # no hard links here (some network or FAT drives): claim the name exclusively, then
        # replace the empty claim with the whole file
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def fsync_dir(folder: Path) -> None:
    """Make the new name durable too (a power cut after the write keeps the file)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _mode(path: Path) -> int:
    """Keep an overwritten file's mode; new files get 0666 minus the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


__all__ = ["FORMATS", "atomic_write", "check_writable", "plan_output", "clean_stale", "probe_dir",
           "nearest_dir", "free_bytes"]
