"""What `drafter extract` reads from a report's words alone: its period and date, the unit's short
name, run-in lists (一是…二是…), sentences, and an opening sentence's own predicate without the
formulae (time lead, guiding ideology, leadership) the template writes itself."""
from __future__ import annotations

import datetime as dt
import re

from .vocab import SELF_REFERENCE

_ORDINAL = "一二三四五六七八九十"
_RUNIN = re.compile(rf"(?:^|(?<=[；;。]))([{_ORDINAL}]{{1,3}})是")
_SENT_END = re.compile(r"(?<=[。！？!?])(?![”’」）)])")
_SHORT = SELF_REFERENCE
_LEAD = re.compile(r"^(?:(?:\d{4}年|今年|去年)?(?:上半年|下半年|全年|以来|度)?(?:以来)?|一年来|半年来|近年来)，")
_IDEOLOGY = re.compile(r"^[^，。]{0,8}(?:坚持以|以|深入贯彻|全面贯彻|认真贯彻|深入学习)[^，。]*(?:思想|精神|讲话|指示|部署)[^，。]*，")
_LEADERSHIP = re.compile(r"在(?P<sup>[^，。；]{2,40}?)的?(?:正确|坚强|有力|亲切|大力|关心)?(?:领导|指导|支持)[^，。]{0,12}?下，")
_SUBJECT = re.compile(r"^(?:我们|我(?:街道|镇|乡|局|委|办|区|县|市|中心)|全(?:镇|乡|街道|区|县|市|局)上下)，?")
_TAIL = re.compile(r"现将[^。]{0,40}?如下[：:。]?$")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_CN_DATE = re.compile(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月(?:([一二三四五六七八九十]{1,3})日)?")


def _period(title: str, text: str):
    from .unit import Period
    m = re.search(r"(20\d{2}|19\d{2})\s*年", title or "")
    if m:
        year = int(m.group(1))
    else:
        years = re.findall(r"(20\d{2})年", text)
        year = int(max(sorted(set(years)), key=years.count)) if years else dt.date.today().year
    spans = re.findall(r"上半年|下半年", title or "")
    return Period(year, spans[0] if spans else "全年"), bool(m)


def _date(sig, period) -> tuple[dt.date, bool]:
    if sig and sig.date:
        m = _DATE.search(sig.date)
        if m:
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
        else:
            from .numbering import cn_to_int
            c = _CN_DATE.search(sig.date)
            digits = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0}
            if c:
                y = int("".join(str(digits[ch]) for ch in c.group(1)))
                mo, d = cn_to_int(c.group(2)) or 1, cn_to_int(c.group(3) or "一") or 1
            else:
                y = None
        if y:
            try:
                return dt.date(y, mo, d), True
            except ValueError:
                pass
    return (dt.date(period.year, 6, 30) if period.span == "上半年" else dt.date(period.year, 12, 31)), False


_OWN_SHORT = (("街道", "我街道"), ("办事处", "我街道"), ("镇人民政府", "我镇"), ("镇", "我镇"), ("乡", "我乡"),
              ("局", "我局"), ("委员会", "我委"), ("委", "我委"), ("中心", "我中心"))


def _short_name(text: str, name: str) -> str:
    found = _SHORT.findall(text)
    own = next((short for tail, short in _OWN_SHORT if name.endswith(tail)), None)
    if own and (own[1:] in found or own == "我局"):
        return own      # a 局 writing 我区 means its district: the report's subject is the bureau
    if found:
        return "我" + max(dict.fromkeys(found), key=found.count)
    if own:
        return own
    from .fill import place_of
    place = place_of(name) if name else ""
    if place and place[-1] in "省市县区镇乡旗州":     # 北京市人民政府 → 我市
        return "我" + place[-1]
    return "我单位"


def _name_hint(d, text: str) -> str:
    """A unit name from the text alone, before the template is read (for the short name)."""
    m = re.search(r"我代表([^，。、]{2,30}?)(?:，|向)", text)
    return m.group(1) if m else ""


def split_runin(text: str) -> list[str] | None:
    """'一是A；二是B。' → ['A', 'B'] when the ordinals run 一, 二, 三…; None otherwise."""
    from .numbering import cn_to_int
    ms = [m for m in _RUNIN.finditer(text)]
    seq, want = [], 1
    for m in ms:
        if cn_to_int(m.group(1)) == want:
            seq.append(m)
            want += 1
    if not seq or seq[0].start() != 0 or len(seq) < 2:
        return None
    out = []
    for k, m in enumerate(seq):
        end = seq[k + 1].start() if k + 1 < len(seq) else len(text)
        out.append(text[m.end():end].rstrip("；;。 "))
    return [o for o in out if o]


def sentences(text: str) -> list[str]:
    return [s.rstrip("。！？!? ") for s in _SENT_END.split(text) if s.strip("。！？!? ")]


def _strip_formula(s: str) -> tuple[str, str | None]:
    """The unit's own predicate of an opening sentence, and the superior named in it."""
    sup = None
    for _ in range(6):
        before = s
        m = _LEADERSHIP.match(s) or _LEADERSHIP.match(re.sub(r"^[^，。]{0,10}?(?=在)", "", s))
        if m and m.start() <= 10:
            sup = sup or m.group("sup")
            s = s[s.index(m.group(0)) + len(m.group(0)):]
        s = _LEAD.sub("", s)
        s = _IDEOLOGY.sub("", s)
        s = _SUBJECT.sub("", s)
        if s == before:
            break
    return _TAIL.sub("", s).rstrip("，。： "), sup
