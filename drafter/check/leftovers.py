"""Leftovers of a template or a masked sample: xx, XX, x-x月, ××, {{ }}, 〔slot〕, D建, empty brackets."""
from __future__ import annotations

import re

from ..masking import find_slots
from .findings import ERROR, NOTE, Finding

_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\{|\}\}|\{%|%\}")
# 〔上级机关〕: a slot label drafter or a sample left unfilled; 〔2024〕 is a document number's year.
_SLOT_LABEL = re.compile(r"〔(?![0-9０-９]{4}〕)[^〔〕]{0,12}〕")
_TIMES = re.compile(r"[×╳]{1,}|[Ｘ]{2,}")
_SOMEBODY = re.compile(r"某某|[＿_]{3,}|□{2,}|○{3,}")
_EMPTY = re.compile(r"（\s*）|\(\s*\)|【\s*】|\[\s*\]|《\s*》|“\s*”|〈\s*〉|「\s*」")
_CENSOR_HINT = {"D": "党", "Z": "政", "G": "国"}


def placeholders(src, ctx):
    """Masked figures, dates and names (xx, XX, xxxx年, x-x月, xx.xx%, ××)."""
    for no, text in src.text_lines():
        for sl in find_slots(text):
            if sl.masked and sl.type != "MWORD":
                yield Finding(no, ERROR, "leftover.placeholder", f"遗留的占位符“{sl.text}”",
                              "填入实际的数字、日期或名称")
        for m in _TIMES.finditer(text):
            yield Finding(no, ERROR, "leftover.placeholder", f"遗留的占位符“{m.group()}”", "填入实际内容")
        for m in _SOMEBODY.finditer(text):
            yield Finding(no, NOTE, "leftover.placeholder", f"疑似未填写的空白“{m.group()}”", "填入实际内容")


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
        for sl in find_slots(text):
            if sl.type == "MWORD":
                hint = _CENSOR_HINT.get(sl.text)
                fix = f"“{sl.text}”多为“{hint}”，请核对原文" if hint else "换成原来的文字"
                yield Finding(no, ERROR, "leftover.censor", f"疑似屏蔽字母“{sl.text}”（{_context(text, sl.start)}）", fix)


def empty_brackets(src, ctx):
    for no, text in src.text_lines():
        for m in _EMPTY.finditer(text):
            yield Finding(no, ERROR, "leftover.empty", f"空的括号或引号“{m.group()}”", "补上内容或删去")


def _context(text: str, at: int, width: int = 6) -> str:
    return text[max(0, at - width): at + width]


RULES = [placeholders, template_syntax, slot_labels, censor_letters, empty_brackets]
