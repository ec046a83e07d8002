"""Slot masking: variable parts of a sentence become typed slots before anything is compared.

The idea of Drain3's masking step, for Chinese reports. Two families:
- masked: what a publisher blanked out (x, xx, XX, xxxx年, x-x月, xx.xx%, and
  single capital letters standing for a censored word: D建, A同志);
- real: figures with units, percentages and dates.
`mask()` returns the text with each slot replaced by `<TYPE>` plus the slots found.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Units that follow a figure. Longest first so 个百分点 wins over 个.
UNITS = sorted("""万元 亿元 千元 元 万户 户次 户 万人 人次 余人 人 名 个百分点 百分点 个 家 次 件 项 所 座 辆 套 条 场
期 篇 亩 万亩 公里 千米 米 平方米 万平方米 平方公里 立方米 万立方米 吨 万吨 千瓦 万千瓦 兆瓦 天 小时 岁 批 台 张 份 册
处 栋 间 盏 株 棵 头 只 公顷 倍 %""".split(), key=len, reverse=True)
_UNIT = "|".join(map(re.escape, UNITS))
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_X = r"(?<![A-Za-z])[xX]+(?:[.．][xX]+)?(?![A-Za-z])"

_PATTERNS: list[tuple[str, re.Pattern]] = [
    # masked
    ("MDATE", re.compile(r"(?<![A-Za-z])[xX]{2,4}年(?:[xX]{1,2}月(?:[xX]{1,2}日)?)?")),
    ("MPERIOD", re.compile(rf"(?<![A-Za-z])[xX]{{1,2}}\s*[-—–至~]\s*[xX]{{1,2}}\s*月(?:份)?")),
    ("MPCT", re.compile(rf"{_X}\s*%")),
    # an x-run is a figure when a unit or a non-Chinese character follows it; else a name
    ("MNUM", re.compile(rf"{_X}\s*(?:余|多)?(?:{_UNIT})|{_X}(?![\u4e00-\u9fff])")),
    # real
    ("DATE", re.compile(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日")),
    ("PERIOD", re.compile(r"\d{1,2}\s*[-—–至~]\s*\d{1,2}月(?:份)?|\d{1,2}月(?:份|底|初|中旬|上旬|下旬)?")),
    ("YEAR", re.compile(r"(?:19|20)\d{2}(?=年)")),
    ("PCT", re.compile(rf"{_NUM}\s*(?:%|个百分点|百分点)")),
    ("NUM", re.compile(rf"{_NUM}\s*(?:余|多)?(?:{_UNIT})?|[一二三四五六七八九十百千万两]+(?:万|千|百)?(?:{_UNIT})(?=[，。、；]|$)")),
]
# A run of X standing for a name (XX县, XX街道) once figures are taken.
_MNAME = re.compile(r"(?<![A-Za-z])[xX]{2,}(?![A-Za-z])|(?<![A-Za-z])[xX](?=[\u4e00-\u9fff])")
# A single capital letter between Chinese characters stands for a censored word (D建, A同志);
# 'C级', 'A类' are grades, not censorship.
_MWORD = re.compile(r"(?<![A-Za-z0-9])[A-Z](?![A-Za-z0-9])(?=[\u4e00-\u9fff])(?![级类型档等])"
                    r"|(?<=[\u4e00-\u9fff])[A-Z](?![A-Za-z0-9])(?![级类型档等])")

# What the patterns above need: every masked one an x, every real one but NUM a digit, MWORD a capital
# (and find_slots checks the characters each one spells out: 年, 月, %).
_ANY_DIGIT = re.compile(r"\d")
_ANY_CAPITAL = re.compile(r"[A-Z]")


@dataclass(frozen=True)
class Slot:
    type: str
    text: str
    start: int
    end: int

    @property
    def masked(self) -> bool:
        return self.type.startswith("M")


def find_slots(text: str) -> list[Slot]:
    taken = [False] * len(text)
    slots: list[Slot] = []

    def claim(kind: str, rx: re.Pattern) -> None:
        for m in rx.finditer(text):
            s, e = m.span()
            if e <= s or any(taken[s:e]):
                continue
            for k in range(s, e):
                taken[k] = True
            slots.append(Slot(kind, m.group(), s, e))

    # skip the patterns that cannot match: most text has no x, many clauses no digit, 年, 月 or %
    xs, digits = "x" in text or "X" in text, _ANY_DIGIT.search(text) is not None
    year, month, pct = "年" in text, "月" in text, "%" in text
    may = {"MDATE": xs and year, "MPERIOD": xs and month, "MPCT": xs and pct, "MNUM": xs,
           "DATE": digits and month, "PERIOD": digits and month, "YEAR": digits and year,
           "PCT": digits and (pct or "百分点" in text), "NUM": True}
    for kind, rx in _PATTERNS:
        if may[kind]:
            claim(kind, rx)
    if xs:
        claim("MNAME", _MNAME)
    if _ANY_CAPITAL.search(text):
        claim("MWORD", _MWORD)
    slots.sort(key=lambda sl: sl.start)
    return slots


def mask(text: str) -> tuple[str, list[Slot]]:
    slots = find_slots(text)
    out, pos = [], 0
    for sl in slots:
        out.append(text[pos:sl.start])
        out.append(f"<{sl.type}>")
        pos = sl.end
    out.append(text[pos:])
    return "".join(out), slots


def has_masked_placeholder(text: str) -> bool:
    """True if `text` still carries a publisher's mask (xx, XX, xxxx年, x-x月 …)."""
    return any(sl.masked and sl.type != "MWORD" for sl in find_slots(text))
