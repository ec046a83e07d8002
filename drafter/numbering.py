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


def int_to_cn(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 99 → 九十九; ValueError outside 1..99."""
    # bool is an int subclass; True must not silently become 一.
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 99:
        raise ValueError(f"序号超出范围（1至99）：{n!r}")
    tens, ones = divmod(n, 10)
    # Official style writes 十一, not 一十一, for 10..19.
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def marker(level: int, n: int) -> str:
    """Heading marker: level 1 一、  2 （一）  3 1.  4 （1） (full-width parentheses)."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"序号无效：{n!r}")
    if level == 1:
        return f"{int_to_cn(n)}、"
    if level == 2:
        return f"（{int_to_cn(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"标题层级无效（应为1至4）：{level!r}")


def ordinal_word(n: int) -> str:
    """1 → 一是, 2 → 二是: the lead-in of each item in a run-in list."""
    return int_to_cn(n) + "是"


# Clause-ending punctuation an item may carry; runin() supplies its own separators.
_ITEM_END = "。；，、：.;,:"


def runin(items: list[str]) -> str:
    """'一是…；二是…；三是…。' from items (their own end punctuation dropped).

    One item is a plain sentence (no 一是); blank items are skipped; no items -> ''.
    """
    parts = [s for s in (i.strip().rstrip(_ITEM_END + " \t\r\n\u3000") for i in items) if s]
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0] + "。"
    return "；".join(ordinal_word(k) + p for k, p in enumerate(parts, 1)) + "。"
