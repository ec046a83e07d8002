"""Numbering: gaps and repeats in 一、（一）1.（1）, level jumps, 一是 without 二是.

The outline is the parser's (drafter/structure.py); a repeated marker, which the parser reads as
a sentence, is recognised here from the paragraph's own marker.
"""
from __future__ import annotations

import re

from ..model import Heading, Paragraph
from ..normalize import match_marker, to_ascii_digits
from ..numbering import cn_to_int, marker as marker_of
from .findings import ERROR, NOTE, Finding

_LEVEL_ZH = {1: "一级（一、）", 2: "二级（（一））", 3: "三级（1.）", 4: "四级（（1））"}
# 一是…二是…: an ordinal and 是, not 统一是 / 唯一是 / 第一是 / 之一是; the whole numeral
# (二十一是, not its tail 十一是).
_ORDINAL = re.compile(r"(?<![统唯单同划万第之专逐如若既其另整归一二三四五六七八九十])([一二三四五六七八九十]{1,3})是(?![非否])")


def _number(level: int, raw: str) -> int | None:
    return cn_to_int(raw) if level in (1, 2) else int(to_ascii_digits(raw))


def _marker_number(h: Heading) -> int | None:
    mk = match_marker(h.marker + h.text)
    if not mk or mk[0] != h.level:
        return None
    return _number(mk[0], mk[2])


def outline_numbers(src, ctx):
    """Each series 一、二、三… runs on by one; a level is not skipped (一、 then 1.)."""
    for doc in src.docs:
        last: dict[int, int] = {}
        levels_open: set[int] = set()
        for b in doc.blocks:
            if isinstance(b, Heading):
                if b.part:
                    last.clear()
                    levels_open.clear()
                    continue
                n = _marker_number(b)
                if n is None:
                    continue
                lv = b.level
                prev = last.get(lv)
                if prev is None and n != 1:
                    yield Finding(b.line, ERROR, "numbering.gap", f"序号“{b.marker}”前缺少“{marker_of(lv, 1)}”起头",
                                  "从“" + marker_of(lv, 1) + "”开始依次编号")
                elif prev is not None and n != prev + 1:
                    what = "重复" if n == prev else "跳号" if n > prev else "倒序"
                    yield Finding(b.line, ERROR, "numbering.gap",
                                  f"序号{what}：“{marker_of(lv, prev)}”之后是“{b.marker.strip()}”",
                                  f"改为“{marker_of(lv, prev + 1)}”并顺延后面的序号")
                parent = max([l for l in levels_open if l < lv], default=0)
                if prev is None and parent != lv - 1:
                    yield Finding(b.line, NOTE, "numbering.level",
                                  f"层级跳跃：{_LEVEL_ZH.get(parent, '正文')}之下直接用{_LEVEL_ZH[lv]}标题",
                                  "按“一、（一）1.（1）”逐级使用")
                last[lv] = n
                for deeper in [l for l in last if l > lv]:
                    del last[deeper]
                levels_open = {l for l in levels_open if l < lv} | {lv}
            elif isinstance(b, Paragraph):
                mk = match_marker(b.text)
                if not mk:
                    continue
                lv, mark, raw, rest = mk
                n = _number(lv, raw)
                if n is not None and n >= 2 and last.get(lv) == n and _heading_like(rest):
                    yield Finding(b.line, ERROR, "numbering.gap", f"序号重复：“{mark.strip()}”已用过",
                                  f"改为“{marker_of(lv, n + 1)}”并顺延后面的序号")


def _heading_like(rest: str) -> bool:
    head = re.split(r"[。：:]", rest, maxsplit=1)[0]
    return 2 <= len(head) <= 30


def ordinal_runs(src, ctx):
    """一是…二是…三是: no 一是 alone, no gap, no repeat; a run may go on into the next paragraph."""
    for doc in src.docs:
        run: list[tuple[int, int]] = []      # (number, line) of the current run
        for b in doc.blocks:
            if isinstance(b, Heading):
                yield from _close(run)
                run = []
                text = b.body or ""
                line = b.line
            else:
                text, line = b.text, b.line
            for m in _ORDINAL.finditer(text):
                n = cn_to_int(m.group(1))
                if n is None:
                    continue
                if n == 1:
                    yield from _close(run)
                    run = [(1, line)]
                elif run:
                    prev = run[-1][0]
                    if n != prev + 1:
                        what = "重复" if n == prev else "跳号" if n > prev else "倒序"
                        yield Finding(line, ERROR, "numbering.ordinal",
                                      f"“{m.group()}”{what}：前一项是“{_cn(prev)}是”",
                                      f"改为“{_cn(prev + 1)}是”")
                    run.append((n, line))
        yield from _close(run)


def _cn(n: int) -> str:
    from ..numbering import int_to_cn
    return int_to_cn(n)


def _close(run):
    if len(run) == 1:
        yield Finding(run[0][1], ERROR, "numbering.ordinal", "有“一是”而没有“二是”",
                      "补上后面的各项，或去掉“一是”写成一句")


# （二） inside running text: a heading whose line break was lost
_INLINE = re.compile(r"[（(]([一二三四五六七八九十]{1,3})[)）]")
LONG_PARAGRAPH = 1500


def inline_numbers(src, ctx):
    """Headings run into one paragraph (a site that lost the line breaks): their series too."""
    for no, text in src.text_lines():
        prev = None
        for m in _INLINE.finditer(text):
            n = cn_to_int(m.group(1))
            if n is None:
                continue
            # a smaller number starts the next section's series (its （一） may be glued to
            # the section heading); a repeat or a skip is the slip
            if prev is not None and (n == prev or n > prev + 1):
                what = "重复" if n == prev else "跳号"
                yield Finding(no, NOTE, "numbering.gap",
                              f"段中的序号{what}：“{marker_of(2, prev)}”之后是“{m.group().strip()}”",
                              f"改为“{marker_of(2, prev + 1)}”")
            prev = n


def long_paragraphs(src, ctx):
    """A paragraph of thousands of characters: the report lost its paragraph breaks."""
    for no, text in src.text_lines():
        if len(text) > LONG_PARAGRAPH:
            heads = sum(1 for m in _INLINE.finditer(text) if m.start() > 0)
            yield Finding(no, NOTE, "numbering.paragraph",
                          f"这一段长{len(text)}字" + (f"，其中夹有{heads}个“（一）”式标题" if heads else ""),
                          "按标题和层次分段，每个标题单独成行")


def title_and_signature(src, ctx):
    """A report has a title; a 总结 or 计划 closes with its unit and date (a 政府工作报告 has none)."""
    for doc in src.docs:
        if not doc.title:
            yield Finding(doc.start_line, NOTE, "numbering.title", "这篇文档没有标题",
                          "在正文前加标题：单位名称＋时段＋文种，如“××局2024年上半年工作总结”")
        elif not doc.signature and "政府工作报告" not in doc.title and \
                re.search(r"总结|计划|思路|打算|安排|要点|汇报|述职", doc.title):
            yield Finding(doc.end_line, NOTE, "numbering.signature", "文末没有落款（单位名称和成文日期）",
                          "在正文后空一行写单位名称，下一行写成文日期")


RULES = [outline_numbers, ordinal_runs, inline_numbers, long_paragraphs, title_and_signature]
