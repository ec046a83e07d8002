"""Markdown writer: `# title`, headings `##`..`#####` with their markers kept."""
from __future__ import annotations

import re

from ..model import Document, Heading
from .text import heading_line

# Line starts that Markdown would read as a list, quote, heading, rule or setext underline.
_BLOCK_START = re.compile(r"^(?:[#>+*=`~|-]|\d+[.)])")


def _escape(line: str) -> str:
    m = _BLOCK_START.match(line)
    return line[: m.end() - 1] + "\\" + line[m.end() - 1:] if m else line


def render_md(doc: Document) -> str:
    # One block per Markdown paragraph: consecutive lines would otherwise be joined.
    parts: list[str] = []
    if doc.title:
        parts.append("# " + doc.title.replace("\n", " "))
    for b in doc.blocks:
        if isinstance(b, Heading):
            parts.append("#" * (min(max(b.level, 1), 4) + 1) + " " + heading_line(b))
        else:
            parts.append(_escape(b.text))
    if doc.signature:
        parts += [_escape(doc.signature.unit), _escape(doc.signature.date)]
    return "\n\n".join(parts) + "\n"
