"""Figures against their wording: growth rates, target shares, rates in percentage points, sums,
and with --unit every figure of the YAML as the YAML says. The arithmetic is drafter/figures.py's."""
from __future__ import annotations

import re
from decimal import Decimal

from .. import figures as fg
from ..masking import UNITS
from .findings import ERROR, Finding

_NUM = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"
_UNIT = "|".join(map(re.escape, [u for u in UNITS if u != "%"]))


def _amount(n: str, u: str) -> str:
    """A figure and its optional unit, as named groups n and u."""
    return rf"(?<![0-9.])(?P<{n}>{_NUM})(?![0-9]|\.[0-9])\s*(?P<{u}>{_UNIT}|%)?"


_UP = "增长|增加|提高|提升|上升|扩大|增"
_DOWN = "下降|减少|降低|回落|缩小|下滑|减"
_SENTENCE = re.compile(r"[^。；！？;!?]+")

# 由1200户增加到1500户，增长25%   /   从85%提高到90%，提高5个百分点
_FROM_TO = re.compile(
    r"(?:由|从)(?:上年的?|去年的?)?" + _amount("a", "ua") + r"[^，。；0-9]{0,8}?(?:到|至)" +
    _amount("b", "ub") + rf"[，,、]?\s*(?:同比|比上年|较上年)?(?P<dir>{_UP}|{_DOWN})了?\s*(?:幅度为|幅度达)?"
    rf"(?P<c>{_NUM})(?![0-9]|\.[0-9])\s*(?P<uc>%|个百分点)")
# 3862户，上年同期为3410户，同比增长13.3%
_WITH_PREV = re.compile(
    _amount("b", "ub") + r"[，,（(]\s*(?:上年同期|去年同期|上年)(?:为|是)?" +
    _amount("a", "ua") + rf"[）)]?[，,]?\s*(?:同比)?(?P<dir>{_UP}|{_DOWN})了?\s*(?P<c>{_NUM})(?![0-9]|\.[0-9])\s*(?P<uc>%|个百分点)")
_TARGET_SHARE = re.compile(rf"完成(?:全年|年度)(?:目标|任务|计划)(?:任务)?的\s*(?P<p>{_NUM})\s*%")
_TARGET = re.compile(r"(?:全年|年度)(?:目标|任务|计划)(?:任务)?(?:为|是|定为|确定为)?\s*" + _amount("t", "ut"))
_RATE_PCT = re.compile(
    r"(?:率|比重|占比|比例|满意度|覆盖面)[^，。；0-9]{0,8}?" + rf"(?P<v>{_NUM})\s*%[，,]?\s*(?:同比|比上年|较上年|较去年)?"
    rf"(?P<dir>{_UP}|{_DOWN})了?\s*(?P<c>{_NUM})\s*%")
_TOTAL = re.compile(r"(?:共|合计|总计|累计|总共)[^，。；0-9]{0,12}?" + _amount("t", "ut") +
                    r"[^。；]{0,4}?其中(?P<parts>[^。；]+)")
_PART = re.compile(_amount("n", "u"))


def _dec(s: str) -> Decimal:
    return Decimal(s.replace(",", ""))


def _scale(unit: str | None) -> tuple[str, Decimal]:
    """Base unit and factor: 万元 -> (元, 10000); 亿元 -> (元, 10^8)."""
    unit = unit or ""
    if len(unit) > 1 and unit[0] in "万亿" and unit not in ("万", "亿"):
        return unit[1:], Decimal(10000 if unit[0] == "万" else 100000000)
    return unit, Decimal(1)


def _value(num: str, unit: str | None) -> tuple[str, Decimal]:
    base, k = _scale(unit)
    return base, _dec(num) * k


def _close(stated: Decimal, exact: Decimal) -> bool:
    """The stated figure is the exact one rounded (or cut) to the decimals written."""
    places = -stated.as_tuple().exponent if stated.as_tuple().exponent < 0 else 0
    unit = Decimal(1).scaleb(-places)
    return abs(exact - stated) <= unit / 2 or Decimal(0) <= exact - stated < unit


def _sentences(src):
    for no, text in src.text_lines():
        for m in _SENTENCE.finditer(text):
            yield no, m.group()


def growth(src, ctx):
    """同比增长X% against the two values beside it (由A到B, or B and 上年同期A)."""
    for no, s in _sentences(src):
        for rx in (_FROM_TO, _WITH_PREV):
            for m in rx.finditer(s):
                yield from _growth_match(no, m)


def _growth_match(no, m):
    ua, a = _value(m["a"], m["ua"] or m["ub"])
    ub, b = _value(m["b"], m["ub"] or m["ua"])
    if ua != ub or a == 0:
        return
    c = _dec(m["c"])
    down = m["dir"] and re.fullmatch(_DOWN, m["dir"])
    stated = -c if down else c
    if m["uc"] == "个百分点" or (ua == "%" and m["uc"] == "%"):
        if ua != "%":
            return
        exact = b - a
        unit_word = "个百分点"
    else:
        exact = (b - a) * 100 / a
        unit_word = "%"
    if (stated > 0) != (exact > 0) and exact != 0 or not _close(abs(stated), abs(exact)):
        right = fg.point_change(b, a) if unit_word == "个百分点" else fg.percent_change(b, a)
        word = "提高" if unit_word == "个百分点" and right > 0 else "降低" if unit_word == "个百分点" else \
            "增长" if right > 0 else "下降"
        yield Finding(no, ERROR, "figures.growth",
                      f"“{m.group()[:40]}”：按{m['a']}{m['ua'] or ''}与{m['b']}{m['ub'] or ''}计算应为{word}"
                      f"{abs(right)}{unit_word}，与所写不符", f"改为“{word}{abs(right)}{unit_word}”")


def target_share(src, ctx):
    """完成全年目标的X% against the value and the target stated in the same paragraph."""
    for no, text in src.text_lines():
        targets = list(_TARGET.finditer(text))
        if not targets:
            continue
        for m in _TARGET_SHARE.finditer(text):
            t = max((t for t in targets if t.start() < m.start()), key=lambda t: t.start(), default=targets[0])
            ut, tv = _value(t["t"], t["ut"])
            if tv <= 0:
                continue
            # the value: the last figure in the target's unit before the share, other than the target
            before = [v for v in _PART.finditer(text[:m.start()])
                      if not (t.start("t") <= v.start() < t.end()) and _value(v["n"], v["u"] or t["ut"])[0] == ut
                      and (v["u"] or "") != "%"]
            if not before:
                continue
            v = before[-1]
            _, vv = _value(v["n"], v["u"] or t["ut"])
            exact = vv * 100 / tv
            if not _close(_dec(m["p"]), exact):
                right = fg.percent_of(vv, tv)
                yield Finding(no, ERROR, "figures.target",
                              f"“{m.group()}”：{v.group().strip()}占目标{t['t']}{t['ut'] or ''}的{right}%，与所写不符",
                              f"改为“完成全年目标的{right}%”")


def rate_points(src, ctx):
    """A rate's change is in 个百分点: 覆盖率95%，同比提高3% is ambiguous."""
    for no, s in _sentences(src):
        for m in _RATE_PCT.finditer(s):
            yield Finding(no, ERROR, "figures.rate",
                          f"“{m.group()[:40]}”：比率的增减应以“个百分点”表述",
                          f"改为“{m['dir']}{m['c']}个百分点”（如指相对增幅，请写明）")


def sums(src, ctx):
    """共X…其中A、B、C: the parts in the total's unit cannot add up to more than the total."""
    for no, s in _sentences(src):
        for m in _TOTAL.finditer(s):
            ut, total = _value(m["t"], m["ut"])
            if not m["ut"] or ut == "%":
                continue
            found = [p for p in _PART.finditer(m["parts"]) if p["u"]]
            # listed parts are separated (A、B、C); 耕地9.51亩基本农田7.7亩 nests one in the other
            if any(not re.search(r"[、，,；;]", m["parts"][a.end():b.start()]) for a, b in zip(found, found[1:])):
                continue
            same = [v for u, v in (_value(p["n"], p["u"]) for p in found) if u == ut]
            if len(same) >= 2 and sum(same) > total:
                yield Finding(no, ERROR, "figures.sum",
                              f"“{m.group()[:40]}…”：各分项之和{_plain(sum(same), m['ut'])}{m['ut']}大于总数"
                              f"{m['t']}{m['ut']}", "核对总数和各分项")


def _plain(v: Decimal, unit: str) -> str:
    _, k = _scale(unit)
    return format((v / k).normalize(), 'f')


def unit_figures(src, ctx):
    """--unit: every figure of the YAML appears as the YAML says, with its derived wording."""
    u = src.unit
    if u is None:
        return
    from ..fill import clean_text
    lines = src.text_lines()
    for si, sec in enumerate(u.sections):
        for ii, item in enumerate(sec.items):
            head = re.split(r"\{\d+\}", clean_text(item.text))[0].rstrip("。；;，,、 ")   # the words before {1}
            where = next((no for no, t in lines if head[:12] and head[:12] in t), 0)
            text = next((t for no, t in lines if no == where), "")
            for fi, f in enumerate(item.figures):
                label = f"sections[{si}].items[{ii}].figures[{fi}]（{f.name or head[:12]}）"
                amount = fg.format_amount(f.value, f.unit)
                wants = [amount]
                if f.previous is not None:
                    wants.append(fg.yoy_phrase(f.value, f.previous, f.unit))
                if f.target is not None:
                    wants.append(fg.target_phrase(f.value, f.target, f.unit).split("，")[0])
                hay = text if where else "".join(t for _, t in lines)
                missing = [w for w in wants if w not in hay]
                if missing:
                    yield Finding(where, ERROR, "figures.unit",
                                  f"单位资料 {label} 应写作“{'，'.join(wants)}”，文中{'没有' if where else '找不到该项'}"
                                  f"“{'”“'.join(missing)}”", "按单位资料改正数字，或改正单位资料")


RULES = [growth, target_share, rate_points, sums, unit_figures]
