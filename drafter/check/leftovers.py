"""Leftovers of a template or a masked sample: xx, XX, x-x月, ××, {{ }}, 〔slot〕, D建, empty brackets."""
from __future__ import annotations

import re

from ..masking import find_slots
from .findings import ERROR, NOTE, Finding

_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\{|\}\}|\{%|%\}")
# 〔上级机关〕: a slot label drafter or a sample left unfilled; 〔2024〕 is a document number's year.
_SLOT_LABEL = re.compile(r"〔(?![0-9０-９]{4}〕)[^〔〕]{0,12}〕")
# ×× and ＸＸ blank out a name; one × is a multiplication or a name (“数据要素×”行动)
_TIMES = re.compile(r"[×╳]{2,}|[Ｘ]{2,}")
# x/X beside + is a formula's open end (1+X, 1+1+X), not a mask
_FORMULA_X = re.compile(r"[+＋]\s*[xX]|[xX]\s*[+＋]")
_SOMEBODY = re.compile(r"某某|[＿_]{3,}|□{2,}|○{3,}")
_EMPTY = re.compile(r"（\s*）|\(\s*\)|【\s*】|\[\s*\]|《\s*》|“\s*”|〈\s*〉|「\s*」")
_CENSOR_HINT = {"D": "党", "Z": "政", "G": "国"}
# what follows the censored character in the words it is blanked out of (党建, 党的, 政府, 国家 …)
_CENSOR_NEXT = {"D": "建的员委组风史性支中工纪政课务群内代章总", "Z": "府治策务法协", "G": "家务有际内企"}


def placeholders(src, ctx):
    """Masked figures, dates and names (xx, XX, xxxx年, x-x月, xx.xx%, ××): one finding a line."""
    for no, text in src.text_lines():
        found = [sl.text for sl in find_slots(text) if sl.masked and sl.type != "MWORD"
                 and not _FORMULA_X.search(text[max(0, sl.start - 1): sl.end + 1])]
        found += [m.group() for m in _TIMES.finditer(text)]
        if found:
            yield Finding(no, ERROR, "leftover.placeholder", f"遗留的占位符{_listed(found)}",
                          "填入实际的数字、日期或名称")
        blanks = [m.group() for m in _SOMEBODY.finditer(text)]
        if blanks:
            yield Finding(no, NOTE, "leftover.placeholder", f"疑似未填写的空白{_listed(blanks)}", "填入实际内容")


def _listed(items: list[str], most: int = 6) -> str:
    shown = "、".join(f"“{t}”" for t in items[:most])
    return shown + (f"等{len(items)}处" if len(items) > most else "")


def template_syntax(src, ctx):
    """Jinja syntax a template left behind."""
    for no, text in src.text_lines():
        for m in _TEMPLATE.finditer(text):
            yield Finding(no, ERROR, "leftover.template", f"遗留的模板代码“{m.group()[:30]}”", "删除或填入实际内容")


def slot_labels(src, ctx):
    """〔上级机关〕 and the like: a phrase's slot that was never filled."""
    for no, text in src.text_lines():
        for m in _SLOT_LABEL.finditer(text):
            yield Finding(no, ERROR, "leftover.slot", f"未填写的空位“{m.group()}”", "换成实际内容")


def censor_letters(src, ctx):
    """A single capital standing for a censored word in a downloaded sample: D建, D的二十大."""
    for no, text in src.text_lines():
        found = [sl for sl in find_slots(text) if sl.type == "MWORD" and _censor_like(text, sl.start)]
        if not found:
            continue
        letters = sorted({sl.text for sl in found})
        hints = "，".join(f"“{c}”多为“{_CENSOR_HINT[c]}”" for c in letters if c in _CENSOR_HINT)
        shown = _listed(list(dict.fromkeys(text[sl.start: sl.start + 3] for sl in found)))
        yield Finding(no, ERROR, "leftover.censor", f"疑似屏蔽字母{shown}",
                      (hints + "，请核对原文") if hints else "换成原来的文字")


def empty_brackets(src, ctx):
    for no, text in src.text_lines():
        for m in _EMPTY.finditer(text):
            yield Finding(no, ERROR, "leftover.empty", f"空的括号或引号“{m.group()}”", "补上内容或删去")


def _censor_like(text: str, at: int) -> bool:
    """A capital standing for a blanked-out character: D建 D的 D员 (党), Z府 (政), G家 (国), or a
    leader's name before 同志/书记. Other capitals beside Chinese text are terms (5G-A, B地块, S基金)."""
    letter = text[at]
    after = text[at + 1: at + 4]
    before = text[at - 1] if at else ""
    if before and (before.isascii() and before.isalnum() or before in "-－+＋."):
        return False
    if letter in _CENSOR_NEXT and after[:1] and after[0] in _CENSOR_NEXT[letter]:
        return True
    return bool(re.match(r"(?:同志|书记|总书记|主席)", after))


RULES = [placeholders, template_syntax, slot_labels, censor_letters, empty_brackets]
