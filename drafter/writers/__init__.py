"""Writers: render a Document as txt, md or docx and write it atomically.

python-docx is imported only when a docx is rendered (drafter.writers.docx imports it lazily).
"""
from __future__ import annotations

from pathlib import Path

from ..errors import OutputError
from ..model import Document
from ..output import atomic_write, check_writable
from .markdown import render_md
from .text import render_txt

FORMATS = ("txt", "md", "docx")


def format_for(path: Path) -> str:
    """The format implied by a file name's suffix (.txt, .md/.markdown, .docx)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    fmt = {"markdown": "md", "text": "txt"}.get(suffix, suffix)
    if fmt not in FORMATS:
        raise OutputError(f"无法从扩展名判断输出格式，支持 {'、'.join(FORMATS)}", file=str(path))
    return fmt


def render(doc: Document, fmt: str, layout=None, reference=None) -> bytes:
    """The bytes of `doc` in `fmt`; text formats are UTF-8."""
    if fmt == "txt":
        return render_txt(doc).encode("utf-8")
    if fmt == "md":
        return render_md(doc).encode("utf-8")
    if fmt == "docx":
        from .docx import render_docx
        return render_docx(doc, layout, reference)
    raise OutputError(f"不支持的输出格式“{fmt}”，支持 {'、'.join(FORMATS)}")


def write(doc: Document, path: Path, fmt: str | None = None, layout=None,
          force: bool = False, reference=None) -> None:
    """Render then atomically write; refuses to overwrite unless `force` (checked before rendering)."""
    path = Path(path)
    fmt = fmt or format_for(path)
    check_writable(path, force)
    atomic_write(path, render(doc, fmt, layout, reference), force=force)


__all__ = ["FORMATS", "format_for", "render", "render_txt", "render_md", "write"]
