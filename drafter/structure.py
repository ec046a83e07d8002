"""From normalised lines to Documents: split compilations, find titles, outlines and signatures.

Every rule here is about the genre (how Chinese work reports and their
compilations are laid out), never about a particular file.
"""
from __future__ import annotations

import re

from .model import Document, Heading, Paragraph, Signature
from .normalize import Line, match_marker, to_ascii_digits
from .numbering import cn_to_int
from .runon import split_lines, split_one_line_signature

# Words that make a short standalone line a report title.
_GENRE = re.compile(r"(总结|计划|报告|安排|思路|要点|汇报|打算|规划|方案|情况|述职)")
# A compilation's own header: "…汇编（17篇）", "…选编", "…合集".
_COMPILATION = re.compile(r"(汇编|选编|合集|文集|[（(]\s*\d+\s*篇\s*[)）])")
_TOC_WORD = re.compile(r"^目\s*录$")
_END_PUNCT = "。；;！!？?，,：:"
_SENTENCE_PUNCT = re.compile(r"[。；;！!？?，,：:]")
# Dates of a signature block: 2023年6月29日, 2023年6月, 二〇二三年六月二十九日, 2023-06-29.
_DATE = re.compile(
    r"^(?:\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"
    r"|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?"
    r"|\d{4}[-./]\d{1,2}[-./]\d{1,2})$")
# Unmarked headings end in one of these nouns (上半年工作回顾, 下半年工作安排, 重点工作完成情况).
_SECTION_NOUN = re.compile(r"(回顾|计划|安排|重点|打算|思路|情况|成效|做法|问题|不足|措施|目标|任务|举措|展望|体会|经验)$")
# Promotional trailers of download sites: "【某某素材库】——…".
_PROMO = re.compile(r"^【[^】]{1,20}】")
_DASH = re.compile(r"^(?P<m>[—－\-]{2})\s*(?P<t>\S.*)$")

# A dateline under a speech's title: ——2026年1月26日在…人民代表大会…会议上.
_DATELINE = re.compile(r"^[—－\-]{1,2}\s*(?:\d{4}\s*年\s*\d{1,2}\s*月|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月)")
# What follows a report's body and is not part of its outline: a glossary, notes, annexes.
_ANNEX = re.compile(r"^(?:名词解释|名词注释|名词术语|注释|注解|附注|附件\s*[0-9０-９一二三四五六七八九十]*|附表|附录|"
                    r"附[:：]|注[:：]|说明[:：])")

MAX_TITLE = 60
MAX_UNMARKED_HEADING = 25


def _no_end_punct(text: str) -> bool:
    return bool(text) and text[-1] not in _END_PUNCT


def is_title_line(text: str) -> bool:
    return (4 <= len(text) <= MAX_TITLE and _no_end_punct(text) and "。" not in text
            and match_marker(text) is None and not _DATE.match(text)
            and _GENRE.search(text) is not None and not _DASH.match(text))


def _front_matter_end(lines: list[Line]) -> int:
    """Index of the first line after a compilation header and its table of contents."""
    i, n = 0, len(lines)
    seen_header = False
    while i < n:
        ln = lines[i]
        t = ln.text
        if not t:
            i += 1
        elif ln.toc or _TOC_WORD.match(t):
            seen_header = True
            i += 1
        elif not seen_header and _COMPILATION.search(t) and len(t) <= 80:
            seen_header = True
            i += 1
        else:
            break
    return i if seen_header else 0


def _trailer_start(lines: list[Line], start: int) -> int:
    """Index where a download site's promotional trailer begins (len(lines) if none)."""
    nonblank = [i for i in range(start, len(lines)) if lines[i].text]
    for k, i in enumerate(nonblank):
        if len(nonblank) - k > 10:
            continue
        if _PROMO.match(lines[i].text):
            return i
    return len(lines)


def split_documents(lines: list[Line]) -> list[tuple[int, int, bool]]:
    """Return (first index, last index, has_title) for every document, by index into lines."""
    begin = _front_matter_end(lines)
    end = _trailer_start(lines, begin)
    starts: list[tuple[int, bool]] = []
    seen_l1_in_doc = False
    prev_nonblank_punct = True
    blank_run = 0
    for i in range(begin, end):
        ln = lines[i]
        t = ln.text
        if not t:
            blank_run += 1
            continue
        after_gap = blank_run > 0 or i == begin
        gap = blank_run
        blank_run = 0
        if ln.toc:
            continue
        nxt = _next_nonblank(lines, i + 1, end)
        first = not starts
        # A document needs a body: a title-like line right after a bare title belongs to it.
        bare_title_before = bool(starts) and starts[-1][1] and \
            _next_nonblank(lines, starts[-1][0] + 1, end) == i
        if after_gap and is_title_line(t) and not _is_part_heading_here(lines, i, end) \
                and not bare_title_before \
                and not (nxt is not None and _DATE.match(lines[nxt].text)):
            starts.append((i, True))
            seen_l1_in_doc = False
        elif first:
            # A file without a compilation header whose first line is not title-like.
            starts.append((i, False))
            seen_l1_in_doc = False
        else:
            mk = match_marker(t)
            if mk and mk[0] == 1 and cn_to_int(mk[2]) == 1 and gap >= 2 \
                    and seen_l1_in_doc and prev_nonblank_punct:
                # A big gap, then a 一、 series restarting: a new document with no title line.
                starts.append((i, False))
                seen_l1_in_doc = False
        mk = match_marker(t)
        if mk and mk[0] == 1:
            seen_l1_in_doc = True
        prev_nonblank_punct = t[-1] in "。！!？?…”"
    docs = []
    for k, (s, titled) in enumerate(starts):
        stop = starts[k + 1][0] if k + 1 < len(starts) else end
        last = stop - 1
        while last > s and not lines[last].text:
            last -= 1
        docs.append((s, last, titled))
    return docs


def _next_nonblank(lines: list[Line], i: int, end: int) -> int | None:
    while i < end and not lines[i].text:
        i += 1
    return i if i < end else None


def _is_part_heading_here(lines: list[Line], i: int, end: int) -> bool:
    """A short 'X半年工作安排' line glued to a following 一、 is a part heading, not a title."""
    t = lines[i].text
    if i + 1 >= end or not lines[i + 1].text:
        return False
    mk = match_marker(lines[i + 1].text)
    return bool(mk and mk[0] == 1 and _SECTION_NOUN.search(t) and len(t) <= 20
                and not re.search(r"(总结|报告)$", t))


def _cut_heading(rest: str) -> tuple[str, str]:
    """Heading text up to the first 。 or ： and the body after it (body keeps the cut mark)."""
    m = re.search(r"[。：]", rest)
    if m:
        head, body = rest[:m.start()], rest[m.start():]
    else:
        head, body = rest, ""
    head = head.rstrip("；;，,、.。：: ")
    if body and not body[1:].strip():
        body = ""
    return head, body


def _find_signature(lines: list[Line], s: int, e: int) -> tuple[Signature | None, int]:
    """A signature block closes the document: issuing unit, then date. Returns (sig, new end)."""
    one = split_one_line_signature(lines[e].text) if e > s else None
    if one:
        return Signature(one[0], one[1], lines[e].no), e - 1
    if e <= s or not _DATE.match(lines[e].text):
        return None, e
    date = lines[e].text
    j = e - 1
    while j > s and not lines[j].text:
        j -= 1
    unit_line = lines[j].text if j > s else ""
    if (unit_line and len(unit_line) <= 30 and not _SENTENCE_PUNCT.search(unit_line)
            and match_marker(unit_line) is None):
        return Signature(unit_line, date, lines[j].no), j - 1
    return Signature("", date, lines[e].no), e - 1


def parse_outline(lines: list[Line], s: int, e: int) -> list:
    """Blocks (headings and paragraphs) of lines[s..e]."""
    blocks: list = []
    body = [i for i in range(s, e + 1) if lines[i].text and not lines[i].toc]
    annex = _annex_start(lines, body)
    last_num: dict[int, int] = {}      # level -> last number seen under the current parent
    l1_active = False                  # inside a numbered 一、 section of the current part
    for k, i in enumerate(body):
        ln = lines[i]
        t = ln.text
        nxt = lines[body[k + 1]].text if k + 1 < len(body) else ""
        if k >= annex:
            blocks.append(Paragraph(ln.no, t))
            continue
        mk = match_marker(t)
        if mk:
            level, marker, num, rest = mk
            n = cn_to_int(num) if level in (1, 2) else int(to_ascii_digits(num))
            prev = last_num.get(level)
            if n is not None and n != 1 and prev is not None and not (prev < n <= prev + 2):
                # Out of sequence: "5、6月份…" and the like are sentences, not headings.
                blocks.append(Paragraph(ln.no, t))
                continue
            head, rest_body = _cut_heading(rest)
            if not head:
                blocks.append(Paragraph(ln.no, t))
                continue
            last_num[level] = n if n is not None else 0
            for deeper in [lv for lv in last_num if lv > level]:
                del last_num[deeper]
            if level == 1:
                l1_active = True
            blocks.append(Heading(ln.no, level, marker, head, bool(rest_body), rest_body))
            continue
        dm = _DASH.match(t)
        if dm and _DATELINE.match(t):
            blocks.append(Paragraph(ln.no, t))
            continue
        if dm and len(t) <= 40 and "。" not in t[:-1]:
            head, rest_body = _cut_heading(dm.group("t"))
            level = 2 if l1_active else 1
            blocks.append(Heading(ln.no, level, dm.group("m"), head, bool(rest_body), rest_body))
            continue
        if ln.style_level and _no_end_punct(t) and len(t) <= MAX_TITLE:
            # A .docx heading style without a typed marker (Word's own numbering is absent).
            blocks.append(Heading(ln.no, ln.style_level, "", t.rstrip("：:")))
            continue
        if _is_unmarked_heading(t, nxt):
            nmk = match_marker(nxt)
            level = max(1, nmk[0] - 1) if nmk else 1
            part = level == 1
            if part:
                l1_active = False
                last_num.clear()
            blocks.append(Heading(ln.no, level, "", t, False, "", part))
            continue
        blocks.append(Paragraph(ln.no, t))
    return blocks


def _annex_start(lines: list[Line], body: list[int]) -> int:
    """Position in `body` where a glossary, notes or annexes begin after the report's body
    (len(body) if none): a short line that names one, past the body's first half, with a
    heading of the body before it."""
    seen_heading = False
    for k, i in enumerate(body):
        t = lines[i].text
        if match_marker(t) and match_marker(t)[0] == 1:
            seen_heading = True
        if seen_heading and k >= 3 and _ANNEX.match(t) and len(t) <= 40 \
                and not t.endswith(("。", "；")):
            return k
    return len(body)


# A part heading that opens with a quoted period name: “十四五”时期工作回顾.
_QUOTED_PART = re.compile(r"^“[^”]{1,8}”[^“”]{0,12}(?:回顾|计划|安排|重点|打算|思路|目标|任务|成就|工作)$")
# 2026年重点工作, 下半年主要工作: a period and the work it names.
_PERIOD_WORK = re.compile(r"^(?:(?:19|20)\d{2}年|上半年|下半年|今年|明年)[^，。]{0,8}(?:重点|主要)工作(?:任务|安排)?$")


def _is_unmarked_heading(t: str, nxt: str) -> bool:
    if not (2 <= len(t) <= MAX_UNMARKED_HEADING) or _SENTENCE_PUNCT.search(t) or _DATE.match(t):
        return False
    if _QUOTED_PART.match(t) or _PERIOD_WORK.match(t):
        return True
    if not _no_end_punct(t) or t.startswith(("“", "《", "【", "（", "(")):
        return False
    if match_marker(nxt):
        return True
    return bool(_SECTION_NOUN.search(t))


# A web archive's metadata block above a copied page: 来源: …, 标题: …, 原文链接: …, then a
# separator line (==========, ==== 正文 ====).
_META = re.compile(r"^(?:来源|标题|题目|发布时间|发布日期|时间|日期|栏目|原文链接|原始URL|链接|网址|作者|发布机构|索引号|文号|分类)\s*[:：]")
_SEPARATOR = re.compile(r"^[=＝\-—]{3,}.*[=＝\-—]{3,}$|^[=＝]{5,}$")


def _strip_metadata(lines: list[Line]) -> list[Line]:
    """Blank a leading metadata block and its separator; its 标题 becomes the first line when
    the page itself starts without a title."""
    k = 0
    while k < len(lines) and (_META.match(lines[k].text) or not lines[k].text):
        k += 1
    meta = [i for i in range(k) if lines[i].text]
    if len(meta) < 2 or k >= len(lines) or not _SEPARATOR.match(lines[k].text):
        return lines
    out = [Line(ln.no, "", False, ln.style_level) for ln in lines[:k + 1]] + lines[k + 1:]
    first = next((ln.text for ln in lines[k + 1:] if ln.text), "")
    title = next((re.sub(r"^\S+?\s*[:：]\s*", "", lines[i].text) for i in meta
                  if re.match(r"^(?:标题|题目)\s*[:：]", lines[i].text)), "")
    if title and not is_title_line(first):
        i = next(i for i in meta if re.match(r"^(?:标题|题目)", lines[i].text))
        out[i] = Line(lines[i].no, title)
    return out


def build_documents(lines: list[Line], file: str = "") -> list[Document]:
    lines = split_lines(_strip_metadata(lines))
    docs = []
    for s, e, titled in split_documents(lines):
        title = lines[s].text if titled else None
        sig, body_end = _find_signature(lines, s, e)
        body_start = s + 1 if titled else s
        blocks = parse_outline(lines, body_start, body_end)
        docs.append(Document(file=file, title=title, start_line=lines[s].no, end_line=lines[e].no,
                             blocks=blocks, signature=sig))
    return docs
