"""The one data model that flows from parsing to writing.

A parsed report and a filled draft are the same thing: a `Document` made of
`Block`s (headings and paragraphs) plus an optional signature. Line numbers
point back into the source text (1-based); drafts built from a template carry
line 0.
"""
from __future__ import annotations

from dataclasses import dataclass, field, asdict
from typing import Optional


@dataclass
class Heading:
    line: int
    level: int          # 1 = 一、  2 = （一）  3 = 1.  4 = （1）
    marker: str         # as written in the source ("一、", "(二)", "" for unmarked)
    text: str           # without marker, cut at the first 。 or ：
    inline: bool = False  # body text follows on the same line
    body: str = ""       # the rest of the line after the heading text (inline body)
    part: bool = False   # unmarked part heading above a restarting 一、 series

    def to_json(self) -> dict:
        return {"line": self.line, "level": self.level, "marker": self.marker,
                "text": self.text, "inline": self.inline}


@dataclass
class Paragraph:
    line: int
    text: str


@dataclass
class Signature:
    unit: str
    date: str
    line: int = 0

    def to_json(self) -> dict:
        return {"unit": self.unit, "date": self.date}


@dataclass
class Document:
    file: str = ""
    title: Optional[str] = None
    start_line: int = 0
    end_line: int = 0
    kind: str = ""
    blocks: list = field(default_factory=list)   # Heading | Paragraph, in order
    signature: Optional[Signature] = None

    @property
    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def sections(self, level: int = 1) -> list[tuple[Heading, list]]:
        """Top-level sections: each heading of `level` with the blocks under it."""
        out: list[tuple[Heading, list]] = []
        for b in self.blocks:
            if isinstance(b, Heading) and b.level <= level:
                out.append((b, []))
            elif out:
                out[-1][1].append(b)
        return out

    def text_lines(self) -> list[str]:
        """The document as plain lines (title, blocks, signature)."""
        lines = [self.title] if self.title else []
        for b in self.blocks:
            if isinstance(b, Heading):
                head = b.marker + b.text
                if b.inline and b.body:
                    head += b.body
                lines.append(head)
            else:
                lines.append(b.text)
        if self.signature:
            lines += [self.signature.unit, self.signature.date]
        return lines

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "title": self.title,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "kind": self.kind,
            "signature": self.signature.to_json() if self.signature else None,
            "headings": [h.to_json() for h in self.headings],
        }


__all__ = ["Heading", "Paragraph", "Signature", "Document", "asdict"]
