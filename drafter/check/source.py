"""A file under check: its lines (with their numbers), the documents parsed from them, the raw
.docx bytes for the layout rules, and what the report says about itself (years, unit names)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..ingest import read_lines
from ..model import Document
from ..normalize import Line, normalize_lines
from ..structure import build_documents

YEAR = re.compile(r"(?<![0-9０-９])((?:19|20)[0-9]{2})(?=\s*年)")
SPANS = ("上半年", "下半年", "第一季度", "第二季度", "第三季度", "第四季度", "一季度", "二季度", "三季度", "四季度")
# Markdown heading marks and escapes the md writer adds (# title, ## 一、…, \-).
_MD_HEAD = re.compile(r"^#{1,6}\s+")


@dataclass
class Source:
    path: str
    lines: list[Line]
    docs: list[Document]
    docx: bytes | None = None
    unit: object | None = None          # UnitDoc given with --unit
    by_no: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_no = {ln.no: ln for ln in self.lines}

    def text_lines(self):
        """(line number, text) of every non-empty line."""
        return [(ln.no, ln.text) for ln in self.lines if ln.text]

    def doc_of(self, line: int) -> Document | None:
        for d in self.docs:
            if d.start_line <= line <= d.end_line:
                return d
        return self.docs[-1] if self.docs else None


def load(path, unit=None) -> Source:
    """Read a draft or report (.docx, .txt, .md); InputError (exit 2) for what cannot be checked."""
    p = Path(path)
    if not p.exists():
        raise InputError("文件不存在", file=str(p))
    if p.is_dir():
        raise InputError("这是一个目录，请指定要检查的文件", file=str(p))
    raw, hints = read_lines(p)
    docx = p.read_bytes() if hints or p.suffix.lower() == ".docx" else None
    if p.suffix.lower() in (".md", ".markdown"):
        raw = [_MD_HEAD.sub("", ln).replace("\\", "", 1) if ln.startswith(("#", "\\")) else ln for ln in raw]
    if not any(ln.strip() for ln in raw):
        raise InputError("文件为空，没有可检查的文字", file=str(p))
    lines = normalize_lines(raw, hints or None)
    docs = build_documents(lines, str(p))
    if not docs:
        raise InputError("文件中没有找到正文", file=str(p))
    return Source(str(p), lines, docs, docx, unit)


def title_unit(title: str | None) -> str:
    """The unit a title names before its year: 青山县市场监督管理局2024年上半年工作总结 -> 青山县市场监督管理局."""
    if not title:
        return ""
    m = re.search(r"(?:19|20)[0-9]{2}\s*年|[xX]{4}年|关于", title)
    head = title[:m.start()] if m else ""
    return head.strip(" 　“”\"")


def own_years(doc: Document, unit=None) -> set[int]:
    """The years a report is about: those of its title and date, and of --unit (plus the next)."""
    years = {int(y) for y in YEAR.findall(doc.title or "")}
    if years and "政府工作报告" in (doc.title or "") and not any(sp in doc.title for sp in SPANS):
        years.add(min(years) - 1)      # the 2026 report, given early in 2026, reviews 2025
    if doc.signature and doc.signature.date:
        years |= {int(y) for y in YEAR.findall(doc.signature.date)}
    if unit is not None:
        years |= {unit.period.year, unit.period.year + 1}
    return years


def own_span(doc: Document, unit=None) -> str:
    if unit is not None:
        return unit.period.span
    for s in SPANS:
        if s in (doc.title or ""):
            return s
    return ""


def own_names(src: Source, doc: Document) -> list[str]:
    """Names the report gives itself: title, signature, --unit (full and short names)."""
    names = [title_unit(doc.title)]
    if doc.signature:
        names.append(doc.signature.unit)
    u = src.unit
    if u is not None:
        names += [u.unit.name, u.signature_unit]
    return [n for n in names if n]
