"""Stale and foreign text: last year's year or period left in, another unit's name.

The years a report is about come from its title, its date and --unit; an earlier year is
normal in a comparison (同比, 较上年, 2023年以来, 截至…), so only a bare one is reported.
"""
from __future__ import annotations

import re

from ..model import Heading
from .findings import ERROR, NOTE, Finding
from .source import SPANS, YEAR, own_names, own_span, own_years, title_unit

# Words that make an earlier year a comparison or a history, not a leftover.
_COMPARE = re.compile(r"同比|上年|去年|上一年|同期|相比|比(?:上|去)?[0-9０-９]|较|以来|从|由|截至|截止|累计|连续|历年|"
                      r"自[0-9０-９]|起|期间|先后|分别|曾|相继|以前|之前|前后|至今|[0-9０-９]{4}\s*年\s*[—\-－至到~～]|"
                      r"[—\-－至到~～]\s*[0-9０-９]{4}\s*年|基础上|基数|底数")
# a year inside a name: 获评“2023年度…”, 《2023年…方案》
_NAMED = re.compile(r"[“《「【][^”》」】]*$")
_CLAUSE = re.compile(r"[^，。；！？;!?]+")
_OPENING = re.compile(r"现将.{0,30}?(?:总结|报告|汇报)如下|(?:工作|情况)(?:总结|汇报|报告)如下")


def _clauses(text: str):
    for m in _CLAUSE.finditer(text):
        yield m.start(), m.group()


def stale_years(src, ctx):
    """A year before the report's own, outside a comparison."""
    for doc in src.docs:
        years = own_years(doc, src.unit) or _opening_year(src, doc)
        if not years:
            continue
        first = min(years)
        # a heading's own words (an inline body after it reads as body text)
        head_len = {b.line: len(b.marker) + len(b.text) for b in doc.blocks if isinstance(b, Heading)}
        sig = {doc.signature.line} if doc.signature else set()
        for no, text in src.text_lines():
            if not (doc.start_line <= no <= doc.end_line) or no == doc.start_line and doc.title or no in sig:
                continue
            opening = bool(_OPENING.search(text))
            for at, clause in _clauses(text):
                for m in YEAR.finditer(clause):
                    heading = at + m.start() < head_len.get(no, 0)
                    y = int(m.group(1))
                    # "2023年以来，" opening a paragraph is the period it reports on, not a history
                    since = at == 0 and re.fullmatch(r"\s*[0-9]{4}\s*年(?:度|上半年|下半年)?以来\s*", clause)
                    if y >= first or y in years or _NAMED.search(clause[:m.start()]) or \
                            _COMPARE.search(clause) and not since:
                        continue
                    # a year inside a clause names an event (2025年中国网络文明大会); one that opens
                    # the clause sets its time: 2023年，我局… is last year's text left in
                    leads = not clause[:m.start()].strip(" 在于（(")
                    frame = leads and re.match(r"\s*年(?:度)?(?:上半年|下半年|，|,|以来|全年)", clause[m.end():])
                    dated = re.match(r"\s*年\s*[0-9０-９]{1,2}\s*月", clause[m.end():])   # 2022年6月开工: a fact
                    if not (heading or opening or leads and not dated):
                        continue
                    yield Finding(no, ERROR if heading or opening or frame else NOTE, "stale.year",
                                  f"“{clause.strip()[:30]}”中的{y}年不是本报告的年度（{'、'.join(map(str, sorted(years)))}年）",
                                  f"如为沿用旧材料，改为{first}年；如是比较，写明“同比”“较{y}年”")


def _opening_year(src, doc) -> set[int]:
    """A report without a title or date: the year of its 现将2024年…总结如下, else the year its
    first paragraph opens with (2024年，…)."""
    lines = [t for no, t in src.text_lines() if doc.start_line <= no <= doc.end_line]
    for text in lines[:5]:
        m = _OPENING.search(text)
        if m and YEAR.search(m.group()):
            return {int(y) for y in YEAR.findall(m.group())}
    for text in lines:
        if len(text) > 30:
            m = re.match(r"\s*((?:19|20)[0-9]{2})\s*年(?:度|上半年|下半年|以来|，|,)", text)
            return {int(m.group(1))} if m else set()
    return set()


def stale_period(src, ctx):
    """The opening's period (现将上半年工作总结如下) against the report's own."""
    for doc in src.docs:
        span = own_span(doc, src.unit)
        if not span:
            continue
        for no, text in src.text_lines():
            if not (doc.start_line < no <= doc.end_line):
                continue
            m = _OPENING.search(text)
            if not m:
                continue
            said = [s for s in SPANS if s in m.group()]
            if "全年" in m.group() or "年度" in m.group():
                said.append("全年")
            if said and span not in said and not (span == "上半年" and "一季度" in said):
                yield Finding(no, ERROR, "stale.period", f"“{m.group()}”所说的时段与本报告（{span}）不符",
                              f"改为“{span}”")


def _same_unit(a: str, b: str) -> bool:
    """One unit, also abbreviated: 县市场监管局 is 青山县市场监督管理局 (its characters in order)."""
    a, b = _core(a), _core(b)
    if not (a and b):
        return False
    short, long = sorted((a, b), key=len)
    if short in long:
        return True
    rest = iter(long)
    return len(short) >= 4 and short[-1] == long[-1] and all(ch in rest for ch in short)


def _core(name: str) -> str:
    return re.sub(r"(人民政府|办事处|委员会)$", "", name.strip())


def title_vs_signature(src, ctx):
    """The unit in the title, the signature and --unit name one unit."""
    for doc in src.docs:
        named = []
        tu = title_unit(doc.title)
        if tu:
            named.append((doc.start_line, "标题", tu))
        if doc.signature and doc.signature.unit:
            named.append((doc.signature.line, "落款", doc.signature.unit))
        if src.unit is not None:
            named.append((0, "单位资料（--unit）", src.unit.unit.name))
        for i in range(1, len(named)):
            for j in range(i):
                (la, wa, a), (lb, wb, b) = named[j], named[i]
                if not _same_unit(a, b) and not _masked(a) and not _masked(b):
                    yield Finding(max(la, lb), ERROR, "foreign.unit",
                                  f"{wb}的单位“{b}”与{wa}的单位“{a}”不一致", "统一为本单位的名称")


def _masked(name: str) -> bool:
    return bool(re.search(r"[xX]{2}", name))


def foreign_units(src, ctx):
    """Names of units the bank knows from other documents (their titles and signatures)."""
    known = ctx.bank_units()
    if not known:
        return
    for doc in src.docs:
        mine = own_names(src, doc)
        for no, text in src.text_lines():
            if not (doc.start_line <= no <= doc.end_line):
                continue
            for name, title in known:
                if name in text and not any(_same_unit(name, m) for m in mine):
                    yield Finding(no, NOTE, "foreign.unit",
                                  f"出现其他单位的名称“{name}”（见语料《{title}》），疑似沿用他人材料",
                                  "核对是否应为本单位")


RULES = [stale_years, stale_period, title_vs_signature, foreign_units]
