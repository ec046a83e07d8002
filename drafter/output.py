"""Writing output files: never clobber without --force, never leave a half-written file."""
from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from .errors import OutputError


def check_writable(path: Path, force: bool = False) -> None:
    """Raise OutputError if `path` may not be written; writes nothing (validates a batch first)."""
    path = Path(path)
    if path.is_dir():
        raise OutputError("输出路径是一个已存在的目录，请指定文件名", file=str(path))
    if path.exists() and not force:
        raise OutputError("文件已存在，未覆盖；如需覆盖请加 --force", file=str(path))
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(f"上级路径“{parent}”是文件而不是目录", file=str(path))
            break


def atomic_write(path: Path, data: bytes, force: bool = False) -> None:
    """Write `data` to `path` via a temp file in the same directory and os.replace."""
    path = Path(path)
    check_writable(path, force)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"无法创建目录：{e.strerror}", file=str(path))
    try:
        # Same directory: os.replace is atomic only within one filesystem.
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise OutputError(f"无法写入：{e.strerror}", file=str(path))
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _mode(path))  # mkstemp makes 0600; a report should get normal permissions
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise OutputError(f"写入失败：{e.strerror or e}", file=str(path)) from e
        raise


def _mode(path: Path) -> int:
    """Keep an overwritten file's mode; new files get 0666 minus the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


__all__ = ["atomic_write", "check_writable"]
