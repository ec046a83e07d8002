"""Reading figures back out of report text: the inverse of `figures.describe`.

An item sentence is cut into clauses at top-level commas. A clause that ends in a number with
a unit is an amount ("完成地区生产总值28.6亿元"); the clauses after it may state its change
("同比增长6.3%", "比上年增加2个", "与上年持平") and its progress ("完成全年目标的45%"), from which
the previous value and the target are recovered: the shortest number for which
`figures.describe` words the figure exactly as the text does. A masked amount ("xx万元")
is a figure with an empty value, never a number. An amount inside the sentence (not in the
figures that end it) becomes a `{k}` reference in the text, taken only when the draft would
word it exactly as written, so that rendering puts the same words back where they stood.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .figures import COUNT_UNITS, RATE_UNITS, _pct, format_amount, target_phrase, to_decimal, yoy_phrase
from .masking import UNITS

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_MASK = r"(?<![A-Za-z])[xXｘＸ]+(?:[.．][xXｘＸ]+)?(?![A-Za-z])"
# Units a figure may carry: the masking's list, a few compounds, or any short word that is not
# a calendar or rank word (a year or an ordinal is not an amount).
_KNOWN = sorted(set(UNITS) | set(COUNT_UNITS) | {"家次", "万人次", "余人次", "余户", "余家", "余个", "余万元",
                                                 "余亿元", "余元", "余项", "多人", "多户", "多万元", "％", "万亿元", "万公里",
                                                 "万千瓦", "亿千瓦", "万亩", "亿斤", "万家", "万辆", "美元", "亿美元",
                                                 "万美元", "起", "种", "类", "车次", "艘", "宗", "笔", "例", "支", "穴", "幢",
                                                 "万个", "万张", "万套", "万件", "万名", "万次", "万株", "万头", "万只", "场次",
                                                 "批次", "架次", "班次", "台次", "件次", "车次", "课时"},
                key=len, reverse=True)
_UNIT_RX = "|".join(map(re.escape, _KNOWN))
_NOT_UNIT = set("年月日号时分秒季届楼层级位代第")
# "5个以上", "1200亩左右": the qualifier stays with the unit, so the draft says it as written
_AMOUNT = re.compile(rf"(?P<num>{_NUM}|{_MASK})\s*(?P<unit>(?:(?:余|多)?(?:{_UNIT_RX})|[\u4e00-\u9fff]{{1,2}})(?:以上|左右)?)$")
_YOY_PCT = re.compile(rf"^(?:同比|比上年同期|较上年同期|比去年同期|较去年同期|比上年|较上年|比去年|较去年)?"
                      rf"(?P<dir>增长|增加|上升|下降|减少|提高|降低)(?P<num>{_NUM}|{_MASK})\s*(?P<u>%|％|个百分点)$")
_YOY_DIFF = re.compile(rf"^(?:比上年|较上年|比去年|较去年|同比)(?P<dir>增加|减少|新增)(?P<num>{_NUM})(?P<u>[\u4e00-\u9fff]{{1,3}})$")
_YOY_SAME = re.compile(r"^(?:与上年持平|与去年持平|同比持平)$")
_YOY_ZERO = re.compile(r"^实现零的突破$")
_TGT_PCT = re.compile(rf"^(?:完成|占|达到)(?:全年|年度)?(?:目标任务|目标|计划|任务)的(?P<num>{_NUM}|{_MASK})\s*[%％]$")
_TGT_MET = re.compile(r"^(?:完成全年目标任务|达到全年目标)$")
_TGT_PTS = re.compile(rf"^(?P<dir>高于|距)全年目标(?:还差)?(?P<num>{_NUM})个百分点$")
_OVER = re.compile(r"^超额完成(?:全年)?(?:目标)?任务$")


@dataclass
class Fig:
    value: object          # int | float | None (masked or left to fill)
    unit: str
    name: str = ""
    previous: object = None
    target: object = None
    words: str = ""        # the clauses it was read from, joined by "，"
    masked: bool = False

    def to_data(self) -> dict:
        d = {"name": self.name or None, "value": self.value, "unit": self.unit,
             "previous": self.previous, "target": self.target}
        return {k: v for k, v in d.items() if v is not None or k == "value"}


def _number(s: str):
    s = s.replace(",", "")
    return float(s) if "." in s else int(s)


def _masked(s: str) -> bool:
    return bool(re.fullmatch(_MASK, s))


def split_clauses(text: str) -> list[tuple[str, str]]:
    """(clause, separator after it) at commas and semicolons outside quotes and brackets, and at a
    、 that closes an amount (理论学习22次、专题研讨9次)."""
    out, cur, depth = [], [], 0
    for k, ch in enumerate(text):
        if ch == "," and cur and cur[-1].isdigit() and text[k + 1:k + 2].isdigit():
            cur.append(ch)      # 1,200: a thousands separator
            continue
        if ch in "“（(《「【":
            depth += 1
        elif ch in "”）)》」】" and depth:
            depth -= 1
        if depth == 0 and (ch in "，,；;" or (ch == "、" and amount("".join(cur)))):
            out.append(("".join(cur), ch))
            cur = []
        else:
            cur.append(ch)
    out.append(("".join(cur), ""))
    return [c for c in out if c[0]]


def _join(parts: list[tuple[str, str]]) -> str:
    return "".join(c + sep for c, sep in parts[:-1]) + parts[-1][0] if parts else ""


def _ranged(before: str) -> bool:
    """The words before a number make it the end of a range, a date or an ordinal (3-5个, 3至5个, 第21批),
    not one amount."""
    return before[-1].isdigit() or before[-1] in ".．-—~～/第" or (before[-1] in "至到" and before[-2:-1].isdigit())


def amount(clause: str):
    """(prefix, value, unit, masked) when the clause ends in an amount, else None."""
    m = _AMOUNT.search(clause)
    if not m:
        return None
    unit = m.group("unit")
    bare = re.sub(r"(?:以上|左右)$", "", unit)
    if bare != unit and bare not in _KNOWN:
        return None
    if unit[-1] in _NOT_UNIT or (unit not in _KNOWN and unit[0] in _NOT_UNIT):
        return None
    prefix = clause[:m.start()]
    if prefix and _ranged(prefix):
        return None      # a range or a date, not one amount
    num = m.group("num")
    if _masked(num):
        return prefix, None, unit, True
    value = _number(num)
    if unit in COUNT_UNITS and isinstance(value, float) and not value.is_integer():
        return None      # "34.2件" is a misread (34.2万件): a count is whole
    return prefix, value, ("%" if unit == "％" else unit), False


def _shortest(candidates, ok):
    for c in candidates:
        if ok(c):
            return c
    return None


def _approx(x: Decimal, integer: bool) -> list:
    """Numbers near x, roundest first (1100 before 1100.3): what a person would have typed."""
    out = []
    places = [d for d in (-3, -2, -1) if Decimal(10) ** -d * 10 <= abs(x)] + [0]
    if not integer:
        places += [1, 2, 3, 4]
    for d in places:
        step = Decimal(1).scaleb(-d)
        q = x.quantize(step) if d >= 0 else (x / step).quantize(Decimal(1)) * step
        for c in (q, q + step, q - step):
            v = int(c) if d <= 0 else float(c)
            if v not in out:
                out.append(v)
    return out


def recover_previous(value, unit: str, clause: str):
    """The previous value that makes `yoy_phrase` say what `clause` says; (previous, exact)."""
    v = to_decimal(value)
    if _YOY_SAME.match(clause):
        return value, True
    if _YOY_ZERO.match(clause):
        return 0, True
    m = _YOY_DIFF.match(clause)
    if m:
        d = to_decimal(_number(m.group("num")))
        p = v - d if m.group("dir") != "减少" else v + d
        p = int(p) if p == p.to_integral_value() else float(p)
        return p, yoy_phrase(value, p, unit) == clause
    m = _YOY_PCT.match(clause)
    if not m or _masked(m.group("num")):
        return None, False
    g = to_decimal(_number(m.group("num")))
    down = m.group("dir") in ("下降", "减少", "降低")
    points = m.group("u") == "个百分点" or unit in RATE_UNITS
    if points:
        p = v + g if down else v - g
        p = int(p) if p == p.to_integral_value() else float(p)
        return p, yoy_phrase(value, p, unit) == clause
    rate = (-g if down else g)
    if rate <= -100:
        return None, False
    want = f"同比{'下降' if down else '增长'}{_pct(g)}%" if g else "与上年持平"
    base = v * 100 / (100 + rate)
    cands = _approx(base, unit in COUNT_UNITS)
    cands = [c for c in cands if c > 0]
    p = _shortest(cands, lambda c: yoy_phrase(value, c, unit) == want)
    if p is None:
        return (cands[0] if cands else None), False
    return p, want == clause


def recover_target(value, unit: str, clause: str):
    """The target that makes `target_phrase` say what `clause` says; (target, exact)."""
    v = to_decimal(value)
    if _TGT_MET.match(clause):
        return value, True
    m = _TGT_PTS.match(clause)
    if m:
        d = to_decimal(_number(m.group("num")))
        t = v - d if m.group("dir") == "高于" else v + d
        t = int(t) if t == t.to_integral_value() else float(t)
        return (t, target_phrase(value, t, unit) == clause) if t > 0 else (None, False)
    m = _TGT_PCT.match(clause)
    if not m or _masked(m.group("num")):
        return None, False
    pct = to_decimal(_number(m.group("num")))
    if pct <= 0 or v <= 0:
        return None, False
    want = f"完成全年目标的{_pct(pct)}%" + ("，超额完成任务" if pct > 100 else "")
    cands = [c for c in _approx(v * 100 / pct, unit in COUNT_UNITS) if c > 0]
    t = _shortest(cands, lambda c: target_phrase(value, c, unit).split("，")[0] == want.split("，")[0])
    if t is None:
        return (cands[0] if cands else None), False
    return t, True


@dataclass
class Piece:
    """An item read from a sentence: its text ({k} where an amount stood) and its figures."""
    text: str
    figures: list[Fig] = field(default_factory=list)
    leftover: list[str] = field(default_factory=list)   # masked change words with no value to hold them


def _figure_run(clauses: list[str], i: int):
    """The figure starting at clause i: (Fig, prefix, next index), or None."""
    a = amount(clauses[i])
    if a is None:
        return None
    prefix, value, unit, masked = a
    fig = Fig(value, unit, masked=masked)
    words = [clauses[i]]
    j = i + 1
    leftover = []
    if j < len(clauses) and (_YOY_PCT.match(clauses[j]) or _YOY_DIFF.match(clauses[j])
                             or _YOY_SAME.match(clauses[j]) or _YOY_ZERO.match(clauses[j])):
        if value is not None:
            fig.previous, _ = recover_previous(value, unit, clauses[j])
        if fig.previous is None:
            leftover.append(clauses[j])
        words.append(clauses[j])
        j += 1
    if j < len(clauses) and (_TGT_PCT.match(clauses[j]) or _TGT_MET.match(clauses[j]) or _TGT_PTS.match(clauses[j])):
        if value is not None:
            fig.target, _ = recover_target(value, unit, clauses[j])
        if fig.target is None:
            leftover.append(clauses[j])
        words.append(clauses[j])
        j += 1
        if j < len(clauses) and _OVER.match(clauses[j]):
            words.append(clauses[j])
            j += 1
    fig.words = "，".join(words)
    for key in ("previous", "target"):
        if not _sane(getattr(fig, key), unit, key):
            setattr(fig, key, None)
            leftover.append(words[1] if key == "previous" or len(words) < 3 else words[2])
    return fig, prefix, j, leftover


def _sane(x, unit: str, key: str) -> bool:
    """What the unit schema accepts (counts whole and non-negative, amounts non-negative, targets > 0)."""
    if x is None:
        return True
    if unit in COUNT_UNITS and (x < 0 or (isinstance(x, float) and not x.is_integer())):
        return False
    if unit not in RATE_UNITS and x < 0:
        return False
    return not (key == "target" and x <= 0)


# An amount inside running text: a known unit only (a CJK word after a number mid-clause is too
# often not a unit), with its qualifiers.
_INLINE = re.compile(rf"(?P<num>{_NUM}|{_MASK})(?P<unit>(?:余|多)?(?:{_UNIT_RX})(?:以上|左右)?)")
REF = re.compile(r"\{(\d{1,2})\}")          # {k}: where the k-th figure of the entry stands


def _exact(fig: Fig, written: str) -> bool:
    """The draft says the amount as the text wrote it (no 1,200 → 1200, no 12.50 → 12.5)."""
    return fig.masked or format_amount(fig.value, fig.unit) == written


def _inline(text: str, figs: list[Fig]) -> tuple[str, bool]:
    """Amounts inside `text` become {k} references to figures appended to `figs`; also whether
    the text ends in one (its change and progress may follow in the next clauses)."""
    out, pos, at_end = [], 0, False
    for m in _INLINE.finditer(text):
        if m.start() < pos:
            continue
        before, after = text[:m.start()], text[m.end():m.end() + 1]
        if before and (_ranged(before) or re.match(r"[A-Za-z]", before[-1])):
            continue
        if after and (after in ".．%％" or re.match(r"[A-Za-z]", after)):
            continue
        a = amount(m.group(0))
        if a is None or a[0]:
            continue
        fig = Fig(a[1], a[2], masked=a[3], words=m.group(0))
        if not _exact(fig, m.group(0)):
            continue
        name = re.split(r"[，,；;：:。、（）()“”]", text[pos:m.start()])[-1] or \
            re.split(r"[，,；;：:。、（）()“”{]", text[m.end():])[0]
        fig.name = name.strip()[-30:]
        figs.append(fig)
        out += [text[pos:m.start()], "{%d}" % len(figs)]
        pos = m.end()
        at_end = m.end() == len(text)
    return "".join(out) + text[pos:], at_end


def _follow(fig: Fig, clause: str) -> bool:
    """Fold a change or progress clause after an inline figure when the draft words it exactly."""
    if fig.value is None:
        return False
    if fig.previous is None and fig.target is None and (_YOY_PCT.match(clause) or _YOY_DIFF.match(clause)
                                                         or _YOY_SAME.match(clause) or _YOY_ZERO.match(clause)):
        p, exact = recover_previous(fig.value, fig.unit, clause)
        if p is not None and exact and _sane(p, fig.unit, "previous"):
            fig.previous = p
            fig.words += "，" + clause
            return True
    if fig.target is None and (_TGT_PCT.match(clause) or _TGT_MET.match(clause) or _TGT_PTS.match(clause)):
        t, _ = recover_target(fig.value, fig.unit, clause)
        if t is not None and _sane(t, fig.unit, "target") and target_phrase(fig.value, t, fig.unit) == clause:
            fig.target = t
            fig.words += "，" + clause
            return True
    return False


def inline_text(text: str) -> tuple[str, list[Fig]]:
    """Running text with each amount as a {k} reference to a figure (plans, long items): the
    draft puts the figure's words back where they stood."""
    figs: list[Fig] = []
    parts = split_clauses(text)
    out: list[tuple[str, str]] = []
    last: Fig | None = None
    for k, (clause, sep) in enumerate(parts):
        prev_sep = parts[k - 1][1] if k else ""
        if last is not None and prev_sep == "，" and _follow(last, clause):
            out[-1] = (out[-1][0], sep)
            continue
        n = len(figs)
        t, at_end = _inline(clause, figs)
        last = figs[-1] if at_end and len(figs) > n else None
        out.append((t, sep))
    return _join(out), figs


def read_item(sentence: str, split: bool = False, tail: bool = True) -> list[Piece]:
    """One item sentence: the figure runs that end it stay figures after the text, as a draft
    writes them (name + amount, change, progress); every other amount in it becomes a {k}
    reference where it stands. With `tail` False (a plan's text) every amount is a reference.
    `split` is accepted for callers reading prose; a sentence is always one item."""
    parts = split_clauses(sentence)
    clauses = [c for c, _ in parts]
    runs = []          # (start, end, fig, prefix, leftover)
    i = 0
    while i < len(clauses) and tail:
        r = _figure_run(clauses, i)
        if r:
            runs.append((i, r[2], r[0], r[1], r[3]))
            i = r[2]
        else:
            i += 1
    # tail: the figure runs that end the sentence back to back
    tail_from = len(clauses)
    for start, end, *_ in reversed(runs):
        if end == tail_from:
            tail_from = start
        else:
            break
    tail_runs = [r for r in runs if r[0] >= tail_from]
    # a figure whose words before it hold amounts (从481家增加到1076家) is read where it stands
    named = [k for k, r in enumerate(tail_runs) if (k or tail_from) and inline_text(r[3])[1]]
    if named:
        tail_runs = tail_runs[named[-1] + 1:]
        tail_from = tail_runs[0][0] if tail_runs else len(clauses)
    # "12个" alone, with nothing before it to attach to, is text
    if tail_runs and tail_from == 0 and not tail_runs[0][3] and not tail_runs[0][2].masked:
        tail_runs, tail_from = [], len(clauses)
    text, figs = inline_text(_join(parts[:tail_from]))
    piece = Piece(text, figs)
    for k, (start, end, fig, prefix, leftover) in enumerate(tail_runs):
        if k == 0 and not piece.text:
            pt, pf = inline_text(prefix)
            if pf:      # an amount in the words before the figure: they are its text, not its name
                piece.text, piece.figures = pt, pf
            else:
                piece.text = prefix
        else:
            fig.name = prefix
        piece.figures.append(fig)
        piece.leftover += leftover
    return [piece] if piece.text or piece.figures else []
