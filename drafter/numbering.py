"""Chinese ordinal numbering: 一、 （一） 1. （1） markers and 一是…二是… run-ins."""
from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_VALUES = {c: i for i, c in enumerate(_DIGITS)} | {"〇": 0, "两": 2}


def cn_to_int(s: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23; None if `s` is not a Chinese numeral below 100."""
    if not s:
        return None
    if "十" in s:
        tens, _, ones = s.partition("十")
        if "十" in ones:
            return None
        t = _VALUES.get(tens, None) if tens else 1
        o = _VALUES.get(ones, None) if ones else 0
        if t is None or o is None:
            return None
        return t * 10 + o
    if len(s) == 1 and s in _VALUES:
        return _VALUES[s]
    return None
