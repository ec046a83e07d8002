"""Plain-text writer: title, blank line, one line per block, blank line, signature."""
from __future__ import annotations

from ..model import Document, Heading


def heading_line(h: Heading) -> str:
    """Marker + text, plus the inline body (which starts with its cut punctuation)."""
    return h.marker + h.text + (h.body if h.inline else "")


def block_line(b) -> str:
    return heading_line(b) if isinstance(b, Heading) else b.text


def render_txt(doc: Document) -> str:
    lines: list[str] = []
    if doc.title:
        lines += [doc.title, ""]
    lines += [block_line(b) for b in doc.blocks]
    if doc.signature:
        lines += ["", doc.signature.unit, doc.signature.date]
    return "\n".join(lines) + "\n"
