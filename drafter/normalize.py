"""Line normalisation that keeps the map back to the source.

Normalisation never merges or splits lines, so line *i* of the result is line
*i* of the input: that is the map back to the original line numbers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Download-site artefacts such as ##paidbegin## / ##paidend##, wherever they sit.
_ARTEFACT = re.compile(r"#{2}\s*paid\s*(?:begin|end)\s*#{2}", re.I)
# A table-of-contents entry: text, then a tab or a dot leader, then a page number.
_TOC_ENTRY = re.compile(r"^(?P<text>.*?\S)\s*(?:\t+|[.…·．]{3,}|\s{3,})\s*(?P<page>\d{1,4})\s*$")
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u3000\u00a0]+|[ \t\u3000\u00a0]+(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\u3000\u00a0\u200b\ufeff]+")


@dataclass
class Line:
    no: int          # 1-based line (or paragraph) number in the source
    text: str        # cleaned text, original widths kept
    toc: bool = False  # looks like a table-of-contents entry
    style_level: int | None = None  # heading level hinted by a .docx style / numbering


def remove_artefacts(s: str) -> str:
    return _ARTEFACT.sub("", s)


def clean(s: str) -> str:
    """Remove artefacts, tabs and stray spaces (spaces between CJK characters carry no meaning)."""
    s = remove_artefacts(s)
    s = _SPACE_NEAR_CJK.sub("", s)
    return _SPACES.sub(" ", s).strip()


def normalize_lines(raw_lines: list[str], hints: list[int | None] | None = None) -> list[Line]:
    out = []
    for i, raw in enumerate(raw_lines):
        no_art = remove_artefacts(raw).rstrip("\r\n")
        toc = bool(_TOC_ENTRY.match(no_art)) and ("\t" in no_art or re.search(r"[.…·．]{3,}", no_art) is not None)
        text = clean(no_art)
        if toc:
            text = clean(_TOC_ENTRY.match(no_art).group("text"))
        out.append(Line(i + 1, text, toc, hints[i] if hints else None))
    return out


# Marker variants: full- and half-width parentheses, 、 . ．
CN_NUM = "一二三四五六七八九十"
MARKERS = [
    # (level, regex). Order matters: （一） before 1. so "(1)" is not read as level 3.
    (2, re.compile(rf"^(?P<m>[（(]\s*(?P<n>[{CN_NUM}]{{1,3}})\s*[)）]\s*[、.．]?)")),
    (4, re.compile(r"^(?P<m>[（(]\s*(?P<n>[0-9０-９]{1,2})\s*[)）]\s*[、.．]?)")),
    (1, re.compile(rf"^(?P<m>(?P<n>[{CN_NUM}]{{1,3}})\s*(?:、|[.．](?![0-9])))")),
    # 1. / 1、 / １． but not a decimal such as 1.5万元
    (3, re.compile(r"^(?P<m>(?P<n>[0-9０-９]{1,2})\s*(?:、|[.．](?![0-9０-９])))")),
]


# "一、二季度…", "一、二产业…": a run of ordinals inside a sentence, not a marker.
_ORDINAL_RUN = re.compile(rf"^[{CN_NUM}0-9]+(?:季度|产业?|类|级|批|期|等奖|线|档|号|月)")


def match_marker(text: str):
    """Return (level, marker, number-string, rest) for a line starting with a heading marker."""
    for level, rx in MARKERS:
        m = rx.match(text)
        if m:
            rest = text[m.end():].lstrip()
            if level in (1, 3) and _ORDINAL_RUN.match(rest):
                return None
            return level, m.group("m"), m.group("n"), rest
    return None


def to_ascii_digits(s: str) -> str:
    return s.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
