"""The short forms `drafter draft` accepts and suggests: a figure on one line, an item with its
figures, a plan as 小标题：内容, a period as 2024年上半年; the unit's 自称 from its name, the
superior from the kind's documents, level-1 headings adapted to the period; phrase insertion.

Everything here is pure text in, plain data out; the schema checks happen in draft.py.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any, Callable

from .lookup import SLOT, slot_label

from .vocab import WIDE_DIGITS as _WIDE_CHARS  # noqa: E402  (same length: positions carry over)
_NUM = r"[-+]?\d+(?:\.\d+)?"
_PREV = r"(?:上年同期|上年|去年同期|去年|同期)"
_TARGET = r"(?:全年目标|年度目标|目标)"
# 名称 数值单位 [上年 数值] [目标 数值]; the name may be left out, and may not end in a digit
# (so "12个" is 12 个, not a figure named 1).
_FIGURE = re.compile(
    rf"(?:(?P<name>\S*[^\s\d.+\-])\s*)?(?P<value>{_NUM})\s*(?P<unit>[^\s\d.+\-;；][^\s\d;；]*?)"
    rf"(?:\s*{_PREV}\s*(?P<previous>{_NUM}))?(?:\s*{_TARGET}\s*(?P<target>{_NUM}))?")
_SEP = re.compile(r"\s*[;；]\s*")


def wide_to_ascii(text: str) -> str:
    return text.translate(_WIDE_CHARS)


def _number(s: str) -> int | float:
    return float(s) if "." in s else int(s)


def parse_figure(text: str) -> dict | None:
    """`抽检批次 926批 上年980 目标1800` → {name, value, unit, previous, target}; None if not one."""
    m = _FIGURE.fullmatch(wide_to_ascii(text).strip())
    if not m:
        return None
    fig: dict[str, Any] = {"name": m["name"], "value": _number(m["value"]), "unit": m["unit"]}
    for k in ("previous", "target"):
        if m[k] is not None:
            fig[k] = _number(m[k])
    return {k: v for k, v in fig.items() if v is not None}


def parse_figures(text: str) -> list[dict] | None:
    """Figures separated by ；, or None if any part is not a figure."""
    figs = [parse_figure(p) for p in _SEP.split(text.strip())]
    return None if not figs or None in figs else figs


def figure_line(fig: dict) -> str:
    """The one-line form of a figure, which parse_figure reads back to the same values."""
    out = (f"{fig['name']} " if fig.get("name") else "") + f"{fig.get('value', '')}{fig.get('unit', '')}"
    if fig.get("previous") is not None:
        out += f" 上年{fig['previous']}"
    if fig.get("target") is not None:
        out += f" 目标{fig['target']}"
    return out


def split_item(line: str) -> tuple[str, list[dict]]:
    """`完成食品抽检 抽检批次 926批 上年980` → (完成食品抽检, [figure]). The figures start at the
    earliest space after which the rest reads as figures; without one the whole line is text."""
    norm = wide_to_ascii(line)
    for m in re.finditer(r"\s+", norm):
        text = line[:m.start()].strip()
        if not text:
            continue
        figs = parse_figures(norm[m.end():])
        if figs:
            return text, figs
    return line.strip(), []


def item_line(item: dict) -> str:
    figs = item.get("figures") or []
    text = item.get("text") or ""
    return f"{text} {'；'.join(figure_line(f) for f in figs)}" if figs else text


def split_plan(line: str) -> tuple[str | None, str | None]:
    """`小标题：内容` → (title, text); a leading ： means no title; no ： at all is a title alone."""
    line = line.strip()
    m = re.match(r"([^：:]*)[：:](.*)$", line, re.S)
    if not m:
        return line or None, None
    return (m[1].strip() or None), (m[2].strip() or None)


def plan_line(plan: dict) -> str:
    title, text = plan.get("title"), plan.get("text")
    if title and text:
        return f"{title}：{text}"
    return title or (f"：{text}" if text else "")


def parse_period(text: str, spans: tuple[str, ...], year: int | None) -> tuple[str | None, str | None]:
    """`2024年上半年`, `2024 上半年`, `2024 1`, `上半年`, `2024年`（全年） → (year text, span)."""
    t = wide_to_ascii(text).strip()
    m = re.fullmatch(r"(\d+)?\s*(?:年度|年)?\s*(.*?)\s*", t)
    y, rest = m[1], m[2]
    if rest.isdigit() and 1 <= int(rest) <= len(spans):
        rest = spans[int(rest) - 1]
    if not rest:
        rest = "全年" if y else ""
    span = rest if rest in spans else ("全年" if rest in ("年度", "整年") else None)
    if rest and span is None:
        return y or (str(year) if year else None), rest        # the caller refuses the span
    return y or (str(year) if year else None), span


# ---------------------------------------------------------------------------------------------
# Suggestions from the unit's name and the kind's documents.

# What an organisation calls itself, by how its name ends (longest first).
_SELF = (("街道办事处", "我街道"), ("街道党工委", "我街道"), ("管理委员会", "我委"), ("管委会", "我委"),
         ("委员会", "我委"), ("办公室", "我办"), ("中心", "我中心"), ("街道", "我街道"), ("局", "我局"),
         ("镇", "我镇"), ("乡", "我乡"), ("委", "我委"), ("办", "我办"), ("厅", "我厅"), ("院", "我院"),
         ("所", "我所"), ("站", "我站"), ("队", "我队"), ("会", "我会"), ("处", "我处"), ("馆", "我馆"),
         ("校", "我校"), ("公司", "我公司"))
_AREA_TAIL = re.compile(r"(街道|镇|乡|区|县|市)(?:人民政府|政府)$")


def self_name(name: str | None) -> str | None:
    """The unit's own 自称: 局 → 我局, 白云镇人民政府 → 我镇, 街道办事处 → 我街道, 委员会 → 我委."""
    if not name:
        return None
    m = _AREA_TAIL.search(name)
    if m:
        return "我" + m[1]
    return next((short for tail, short in _SELF if name.endswith(tail)), None)


def scope_name(short: str | None) -> str:
    """我镇 → 全镇: how the unit names all of itself, for hints."""
    return "全" + short[1:] if short and short.startswith("我") and len(short) > 1 else "全体"


_LEAD = re.compile(r"在([^，。；、在的]{1,12}(?:[、和][^，。；在的]{1,12}){0,3}?)的?(?:正确|坚强|有力|统一)?领导下")
_LEVEL = re.compile(r"[省市县区]")      # the first one in a name is the unit's own level: 青山县市场监督管理局 → 县


def suggest_superior(entries: list[dict], kind: str | None, unit_name: str | None) -> str | None:
    """The superior that the kind's documents name most in 在……领导下, preferring the unit's own
    level (a county bureau: 县委、县政府); masked or place-named wordings are skipped."""
    seen: Counter = Counter()
    for e in entries:
        if "superior" not in (e.get("slots") or []) or kind not in (e.get("kinds") or []):
            continue
        for ex in e.get("examples") or []:
            for m in _LEAD.finditer(ex.get("text", "")):
                cand = re.sub(r"(?:正确|坚强|有力|统一)$", "", re.sub(r"^[xX]+", "", m[1]))
                if re.match(r"(?:[省市县区镇乡][委政党]|街道)", cand) and not re.search(r"[xXD]|同志", cand):
                    seen[cand] += 1
    level = _LEVEL.search(unit_name or "")
    ranked = sorted(seen.items(), key=lambda kv: (not (level and kv[0].startswith(level[0])), -kv[1], kv[0]))
    if ranked:
        return ranked[0][0]
    return f"{level[0]}委、{level[0]}政府" if level else None


def adapt_heading(text: str, role: str, year: int, span: str) -> str:
    """A mined heading worded for this period: 上半年 ↔ 下半年, {year} the report's year (the
    next one for the plans of a whole year)."""
    label = f"{year}年" if span == "全年" else f"{year}年{span}"
    if role == "plans":
        nxt = "下半年" if span == "上半年" else f"{year + 1}年"
        text = re.sub(r"\{year\}年(?:上|下)半年|\{year\}年|(?:上|下)半年|明年", nxt, text)
        return text.replace("{year}", str(year + (span == "全年")))
    text = re.sub(r"\{year\}年(?:上|下)半年|\{year\}年", label, text)
    text = re.sub(r"(?:上|下)半年", span if span != "全年" else label, text)
    return text.replace("{year}", str(year))


# ---------------------------------------------------------------------------------------------
# Phrases picked into an answer.

def phrase_display(entry: dict, known: dict[str, str]) -> str:
    """A phrase with known slots filled and the others shown as 【内容】."""
    return SLOT.sub(lambda m: known.get(m.group(1)) or f"【{slot_label(entry, m.group(1))}】", entry["text"])


def fill_phrase(entry: dict, known: dict[str, str], ask: Callable[[str, str], str]) -> str:
    """A phrase as plain text: known slots filled, the others asked via `ask(slot, label)`.

    A slot left empty is dropped, never left as Jinja: the answers are data, not templates.
    """
    values: dict[str, str] = {}
    for m in SLOT.finditer(entry["text"]):
        slot = m.group(1)
        if slot not in known and slot not in values:
            values[slot] = ask(slot, slot_label(entry, slot))
    return SLOT.sub(lambda m: known.get(m.group(1)) or values.get(m.group(1), ""), entry["text"])


def expand_picks(text: str, phrases: list[dict], known: dict[str, str], ask: Callable[[str, str], str]) -> str:
    """Replace each `#N` (N a listed phrase) in a typed answer with that phrase."""
    def repl(m: re.Match) -> str:
        n = int(m.group(1))
        return fill_phrase(phrases[n - 1], known, ask) if 1 <= n <= len(phrases) else m.group(0)
    return re.sub(r"[#＃](\d+)", repl, text)
