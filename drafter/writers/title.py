"""Breaking a long title into lines at word boundaries (GB/T 9704 7.3.1).

"回行时，要做到词意完整，排列对称，长短适宜" and the lines form a 梯形 or 菱形. The title of a work
report is unit + period + topic + genre (青山县市场监督管理局 / 2024年上半年 / 政务公开 / 工作总结);
the parts are found by rule from the title string, without a dictionary (render stays light):
the period and the genre words stay whole, a unit name breaks only after its own levels
(县、镇、街道…) and organs (局、委员会、办事处…).
"""
from __future__ import annotations

import itertools
import re
import unicodedata

# Genre words that end a title part, longest first so 政府工作报告 wins over 工作报告.
_GENRES = sorted((
    "政府工作报告", "工作情况报告", "工作总结", "工作计划", "工作要点", "工作报告", "工作安排", "工作打算", "工作思路",
    "工作情况", "情况汇报", "情况报告", "述职报告", "总结", "计划", "要点", "报告", "汇报",
), key=len, reverse=True)
# A period: 2024年, 2024年上半年, 2024年度, 2024年第一季度, 2024—2025年 …
_PERIOD = re.compile(r"[0-9０-９]{4}(?:[—–-][0-9０-９]{4})?年(?:度|上半年|下半年|全年|第?[一二三四1-4]季度|[0-9]{1,2}月份?)?"
                     r"|上半年|下半年")
_CONNECTORS = "及和暨与并"
_PREFIXES = ("关于",)
# After these a unit name may break: administrative levels, then organs. A level counts only
# after a name of at least two characters (市 in 市场监督管理局 is not a level).
_LEVELS = ("自治区", "自治州", "自治县", "街道", "省", "市", "县", "区", "旗", "州", "盟", "镇", "乡", "村", "社区")
_ORGANS = ("人民政府", "委员会", "管委会", "办事处", "办公室", "政府", "局", "厅", "委", "办", "处", "中心", "所", "站")
# Words that end in a level character without being a level: 城乡 in 住房和城乡建设局.
_NOT_LEVELS = ("城乡", "城市", "都市", "超市", "城区", "地区", "园区", "景区", "小区", "街区", "山区", "库区", "老区")

# Break costs, in title characters of imbalance they are worth: lower is a better place.
_COST_PART = 0      # between the unit and the period, before a connector (及2025年工作计划)
_COST_TOPIC = 3     # between a topic and its genre (政务公开 / 工作总结)
_COST_PERIOD = 6    # between a period and what it dates (2024年 / 工作总结)
_COST_LEVEL = 4     # inside a unit name, after a level (青山县 / 石桥镇人民政府)
_COST_ORGAN = 6     # inside a unit name, between organs (人民政府 / 办公室)
_COST_BOUND = 8     # between a level and its organ (石桥镇 / 人民政府)
_COST_LINE = 10     # each line: fewer lines read better, but not at the price of a 沙漏


def width(s: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in s)


def _unit_breaks(name: str) -> dict[int, int]:
    """Offsets inside a unit name after which a line may break, with their costs."""
    out: dict[int, int] = {}
    i = 0
    start = 0  # start of the current name part: a level needs two characters of name before it
    while i < len(name):
        for words, cost in ((_LEVELS, _COST_LEVEL), (_ORGANS, _COST_ORGAN)):
            w = next((w for w in words if name.startswith(w, i)), None)
            if w is None:
                continue
            end = i + len(w)
            if cost == _COST_LEVEL and (i - start < 2 or any(name.startswith(n, end - len(n)) for n in _NOT_LEVELS)
                                        or (end < len(name) and name[end] in "级域内外")):
                continue
            if cost == _COST_ORGAN and (i - start < 2 and w in ("局", "厅", "委", "办", "处", "所", "站")):
                continue
            if end < len(name):
                if cost == _COST_LEVEL and any(name.startswith(o, end) for o in _ORGANS[:6]):
                    cost = _COST_BOUND
                out[end] = min(out.get(end, cost), cost)
            start = i = end
            break
        else:
            i += 1
    return out


def _tokens(title: str) -> tuple[list[str], list[int]]:
    """The title as pieces that stay whole, and the cost of a break after each piece."""
    pieces: list[str] = []
    costs: list[int] = []
    m = _PERIOD.search(title)
    genre_at = next((title.rfind(g) for g in _GENRES if title.endswith(g)), -1)
    unit_end = m.start() if m else (genre_at if genre_at > 0 else len(title))
    while title[:unit_end].endswith(_PREFIXES):  # 关于 belongs to what follows
        unit_end -= len(next(p for p in _PREFIXES if title[:unit_end].endswith(p)))
    unit = title[:unit_end]
    if unit:
        cuts = _unit_breaks(unit)
        edges = [0] + sorted(cuts) + [len(unit)]
        for a, b in zip(edges, edges[1:]):
            pieces.append(unit[a:b])
            costs.append(cuts.get(b, _COST_PART))
    rest = title[unit_end:]
    n_unit = len(pieces)
    # The rest: periods, genre words, connectors (kept with what follows), topics between them.
    pattern = re.compile("(" + _PERIOD.pattern + "|" + "|".join(map(re.escape, _GENRES)) + ")")
    pending = ""
    for part in (p for p in pattern.split(rest) if p):
        if part in _CONNECTORS:
            pending += part
            continue
        if part[0] in _CONNECTORS and not _PERIOD.fullmatch(part) and part not in _GENRES:
            pending, part = pending + part[0], part[1:]
        if pieces and len(costs) > n_unit:  # the break before this piece
            before = pieces[-1]
            bare = before.lstrip(_CONNECTORS)
            costs[-1] = (_COST_PART if pending else _COST_BOUND if bare in _PREFIXES
                         else _COST_PERIOD if _PERIOD.fullmatch(bare)
                         else _COST_BOUND if bare in _GENRES and part in _GENRES else _COST_TOPIC)
        pieces.append(pending + part)
        costs.append(_COST_PART)
        pending = ""
    if pending:
        pieces[-1:] = [pieces[-1] + pending] if pieces else [pending]
    return pieces, costs


def _shape_cost(widths: list[float]) -> float:
    """How far lines are from a 梯形 (monotone) or 菱形 (rising then falling) of balanced lines."""
    n = len(widths)
    cost = max(widths) - min(widths)
    if n >= 3:
        peak = widths.index(max(widths))
        rising = all(a <= b for a, b in zip(widths[:peak], widths[1:peak + 1]))
        falling = all(a >= b for a, b in zip(widths[peak:], widths[peak + 1:]))
        if not (rising and falling):  # 沙漏 or zigzag: what 7.3.1 rules out
            cost += 20
    return cost


def break_title(title: str, max_width: float) -> list[str]:
    """Lines of `title`, each at most `max_width` wide (in title characters) where possible."""
    title = title.strip()
    if width(title) <= max_width or not title:
        return [title]
    pieces, costs = _tokens(title)
    n = len(pieces)
    best: tuple | None = None
    fit_at = None
    for k in range(1, n):
        if fit_at is not None and k > fit_at + 1:
            break  # one line more than the fewest that fit may give a better shape, not two
        for cuts in itertools.combinations(range(1, n), k):
            edges = (0,) + cuts + (n,)
            lines = ["".join(pieces[a:b]) for a, b in zip(edges, edges[1:])]
            widths = [width(x) for x in lines]
            over = sum(max(0.0, w - max_width) for w in widths)
            score = (over, _COST_LINE * k + sum(costs[c - 1] for c in cuts) + _shape_cost(widths))
            if best is None or score < best[0]:
                best = (score, lines)
        if fit_at is None and best is not None and best[0][0] == 0:
            fit_at = k
    lines = best[1] if best else [title]
    if max(width(x) for x in lines) > max_width:  # one piece wider than a line: cut it evenly
        return _cut_evenly(title, max_width)
    return lines


def _cut_evenly(title: str, max_width: float) -> list[str]:
    n = int(-(-width(title) // max_width))
    size = -(-len(title) // n)
    return [title[i:i + size] for i in range(0, len(title), size)]


__all__ = ["break_title", "width"]
