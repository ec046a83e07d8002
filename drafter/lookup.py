"""Phrase lookup: load the bank's phrase index, filter it, rank entries against a query.

Pure functions over `phrasebank/index.json` (written by `drafter mine`). This module is on the
path of `drafter phrase`, which must start fast: standard library only, nothing precomputed;
a search splits the text of entries sharing a character with the query around their slots
(a few milliseconds for the shipped bank).

Ranking, best first: relevance, then support (documents), then shorter text, then text.
Relevance comes in tiers, so that support decides among equally good matches:
  1.0        the entry is the query (punctuation and slots aside)
  0.9        the query occurs in the entry
  0.6–0.85   the entry's literal parts occur, in order, in the query (the query fills the
             entry's slots, or contains the whole entry); more of the query covered is better
  ≤ 0.55     fuzzy: the query's character bigrams and characters found in the entry, blended
             with bigram Dice so closer entries win (存在问题 → 存在的问题)
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BankError, DrafterError

from .vocab import FRAME_SLOTS as _FRAME_SLOTS, SLOT, SLOT_LABELS  # noqa: E402
# Whitespace and punctuation do not matter for matching (、；， inside entries, a stray space in a query).
_NOISE = re.compile(r"[\W_]+")

EXACT, CONTAINS, IN_QUERY_MIN, IN_QUERY_MAX, FUZZY_MAX = 1.0, 0.9, 0.6, 0.85, 0.55
# A fuzzy hit must share at least this share of the query's bigrams (below it, results are noise).
FUZZY_MIN_BIGRAMS = 0.5
# An entry found inside the query must cover at least this share of the query.
IN_QUERY_MIN_COVER = 0.5
# A fragment of a longer hit with at least this share of its support ranks just below the tier.
FRAGMENT_SUPPORT, FRAGMENT_STEP = 0.4, 0.01



def slot_label(entry: dict, slot: str) -> str:
    """What a slot stands for, with what it held in one of the entry's examples:
    加强{{ content }}建设 → 内容（如“党风廉政”）."""
    label = SLOT_LABELS.get(slot, slot)
    pieces = SLOT.split(entry.get("text", ""))
    if slot not in pieces[1::2]:
        return label
    rx = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>[^，。；：、]{{1,12}}?)" if p not in pieces[1:i:2]
                 else f"(?P={p})" for i, p in enumerate(pieces))
    for x in entry.get("examples") or ():
        m = re.search(rx, x.get("text", "")) if isinstance(x, dict) else None
        if m and m[slot]:
            return f"{label}（如“{m[slot]}”）"
    return label


def normalize(s: str) -> str:
    """Full-width to half-width, lower case, no whitespace or punctuation."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", s).lower())


def literal_parts(text: str) -> list[str]:
    """The normalized text between slots, empty parts dropped: 在{{ superior }}的正确领导下 → [在, 的正确领导下]."""
    return [p for p in (normalize(x) for x in SLOT.split(text)[::2]) if p]


@dataclass(frozen=True)
class Index:
    path: Path
    categories: dict[str, str]
    entries: list[dict]


def index_path(bank=None) -> Path:
    from .bank import bank_dir
    return bank_dir(bank) / "phrasebank" / "index.json"


def load_index(bank=None) -> Index:
    """Read and check index.json; any problem is a BankError naming the file (and the entry)."""
    path = index_path(bank)
    if not path.is_file():
        raise BankError("缺少常用语索引 index.json，请用 drafter mine 重新生成模板库", file=str(path))
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise BankError("常用语索引不是 UTF-8 编码，请用 drafter mine 重新生成", file=str(path))
    except json.JSONDecodeError as e:
        raise BankError(f"常用语索引不是有效的 JSON（第{e.colno}列附近），请用 drafter mine 重新生成",
                        file=str(path), line=e.lineno)
    except OSError as e:
        from .errors import os_cause
        raise BankError(f"常用语索引无法读取（{os_cause(e)}），请用 drafter mine 重新生成", file=str(path))
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise BankError("常用语索引格式不对：缺少 entries 列表，请用 drafter mine 重新生成", file=str(path))
    cats = data.get("categories") or {}
    if not isinstance(cats, dict):
        raise BankError("常用语索引格式不对：categories 应为 {类别: 中文名}", file=str(path), field="categories")
    for i, e in enumerate(data["entries"]):
        if not (isinstance(e, dict) and isinstance(e.get("text"), str) and isinstance(e.get("category"), str)
                and isinstance(e.get("support"), int)):
            raise BankError("常用语格式不对：应含 text、category（文字）和 support（整数）", file=str(path),
                            field=f"entries[{i}]")
    entries = data["entries"] + frame_entries(path.parent.parent / "manifest.json")
    if len(entries) > len(data["entries"]):
        cats.setdefault(FRAME, FRAME_NAME)
    # A category used by entries but missing from the names still shows (under its id).
    for e in entries:
        cats.setdefault(e["category"], e["category"])
    return Index(path, {str(k): str(v) for k, v in cats.items()}, entries)


# The kinds' frame sentences (manifest.json) are phrases too: lead-ins and transitions, found by
# what they do as well as by their words (存在问题 → 在肯定成绩的同时…主要表现在：).
FRAME, FRAME_NAME = "frame", "框架句"
_DOES = {"problems": ("存在问题", "问题", "不足", "差距", "短板", "困难", "过渡"),
         "plans": ("下一步", "下步", "打算", "计划", "安排", "思路", "下半年", "明年", "工作重点", "引出"),
         "work": ("工作回顾", "回顾", "成绩", "主要工作", "工作情况", "引出"),
         "opening": ("开头", "开篇", "引言", "总体情况"), "closing": ("结尾", "结束语", "号召", "展望"),
         "thanks": ("感谢", "致谢")}
_POSITION_ROLE = {"opening": "opening", "work_lead": "work", "work_end": "work", "plans_lead": "plans",
                  "closing": "closing"}


def frame_entries(manifest: Path) -> list[dict]:
    """Phrase entries for the frame sentences of the bank's kinds (none if the manifest is unusable)."""
    try:
        kinds = json.loads(manifest.read_bytes().decode("utf-8")).get("kinds") or []
    except (OSError, ValueError, AttributeError):
        return []
    out: dict[str, dict] = {}
    for k in kinds if isinstance(kinds, list) else []:
        for f in (k.get("frame") or []) if isinstance(k, dict) else []:
            if not (isinstance(f, dict) and isinstance(f.get("text"), str) and isinstance(f.get("support"), int)):
                continue
            text = re.sub(r"\{\{\s*([\w.]+)\s*\}\}", lambda m: "{{ " + _FRAME_SLOTS.get(m[1], "content") + " }}",
                          f["text"])
            role = "problems" if f.get("problem") else _POSITION_ROLE.get(f.get("position"), "work")
            e = out.setdefault(text, {
                "text": text, "category": FRAME, "support": 0, "count": 0, "kinds": [], "roles": [role],
                "slots": sorted(set(SLOT.findall(text))), "position": f.get("position"),
                "does": [*_DOES.get(role, ()), *(_DOES["thanks"] if f.get("thanks") else ())],
                "examples": [{"text": SLOT.sub(lambda m: "〔" + SLOT_LABELS.get(m[1], m[1]) + "〕", text),
                              "title": t} for t in (f.get("sources") or [])[:2] if isinstance(t, str)]})
            e["support"] = max(e["support"], f["support"])
            e["count"] += f["support"]
            if k.get("id") not in e["kinds"]:
                e["kinds"].append(k.get("id"))
    return list(out.values())


def resolve_category(category: str, index: Index) -> str:
    """A category given by id or Chinese name → its id; a clear error with a suggestion otherwise."""
    for cid, name in index.categories.items():
        if category in (cid, name):
            return cid
    import difflib
    names = list(index.categories) + list(index.categories.values())
    near = difflib.get_close_matches(category, names, n=1, cutoff=0.4)
    if not near:  # 问题 → 问题表述: a part of a Chinese name is a likelier slip than a misspelling
        near = [n for n in index.categories.values() if category and category in n][:1]
    hint = f"，是否应为“{near[0]}”？" if near else "。"
    listing = "、".join(f"{cid}（{name}）" for cid, name in index.categories.items())
    raise DrafterError(f"未知的常用语类别“{category}”{hint}可用类别：{listing}")


def filter_entries(entries, category: str | None = None, kind: str | None = None) -> list[dict]:
    return [e for e in entries
            if (category is None or e["category"] == category) and (kind is None or kind in (e.get("kinds") or ()))]


def category_sizes(index: Index, kind: str | None = None) -> list[tuple[str, str, int]]:
    """(id, Chinese name, number of entries) for every category, in the index's order."""
    counts = dict.fromkeys(index.categories, 0)
    for e in filter_entries(index.entries, kind=kind):
        counts[e["category"]] += 1
    return [(cid, index.categories[cid], n) for cid, n in counts.items()]


def _bigrams(parts: list[str]) -> set[str]:
    # Bigrams never span a slot: the text on either side of one is not adjacent in a sentence.
    return {p[i:i + 2] for p in parts for i in range(len(p) - 1)}


def _in_order(parts: list[str], q: str) -> bool:
    pos = 0
    for p in parts:
        k = q.find(p, pos)
        if k < 0:
            return False
        pos = k + len(p)
    return True


def relevance(q: str, parts: list[str], qgrams: set[str] | None = None, framed_both_ends: bool = False) -> float:
    """How well one text (its literal parts) matches the normalized query q, 0 for no match.

    framed_both_ends: the text begins and ends with literal text, not with a slot."""
    if not parts or not q:
        return 0.0
    if len(parts) == 1 and parts[0] == q:
        return EXACT
    if any(q in p for p in parts):
        return CONTAINS
    lit = sum(map(len, parts))
    if lit <= len(q) and _in_order(parts, q):
        cover = lit / len(q)
        # The query fills the slots of a template framed by text at both ends (在…领导下): a match
        # however long the filling; otherwise the entry must cover a fair share of the query.
        framed = framed_both_ends and q.startswith(parts[0]) and q.endswith(parts[-1])
        if framed or cover >= IN_QUERY_MIN_COVER:
            return IN_QUERY_MIN + (IN_QUERY_MAX - IN_QUERY_MIN) * cover
    if len(q) < 3:  # a two-character query has one bigram: fuzzy matching would be a guess
        return 0.0
    qgrams = qgrams if qgrams is not None else _bigrams([q])
    tgrams = _bigrams(parts)
    shared = len(qgrams & tgrams)
    cover = shared / len(qgrams)
    if cover < FUZZY_MIN_BIGRAMS:
        return 0.0
    joined = "".join(parts)
    chars = sum(1 for c in set(q) if c in joined) / len(set(q))
    dice = 2 * shared / (len(qgrams) + len(tgrams))
    return FUZZY_MAX * (0.4 * cover + 0.2 * chars + 0.4 * dice)


def _framed(text: str) -> bool:
    """Has slots, and literal text before the first and after the last."""
    pieces = SLOT.split(text)  # literal, slot name, literal, …, literal
    return len(pieces) > 1 and bool(normalize(pieces[0])) and bool(normalize(pieces[-1]))


@dataclass(frozen=True)
class Hit:
    entry: dict
    score: float | None  # None when listing without a query


def search(entries, query: str) -> list[Hit]:
    """Every entry matching the query, best first (see the module docstring for the order)."""
    q = normalize(query)
    qgrams = _bigrams([q])
    qchars = set(q)
    hits = []
    for e in entries:
        texts = [e["text"], *(e.get("variants") or ())]
        if not any(c in t.lower() for t in (*texts, *(e.get("does") or ())) for c in qchars):
            continue  # cheap reject: no character in common
        score = max(relevance(q, literal_parts(t), qgrams, _framed(t)) for t in texts)
        if score < CONTAINS and len(q) > 1 and any(q in d or (len(d) > 1 and d in q) for d in map(normalize, e.get("does") or ())):
            score = CONTAINS            # a lead-in found by what it does
        if score > 0:
            hits.append(Hit(e, round(score, 4)))
    hits = _demote_fragments(hits)
    hits.sort(key=lambda h: (-h.score, -h.entry["support"], len(h.entry["text"]), h.entry["text"]))
    return hits


def _demote_fragments(hits: list[Hit]) -> list[Hit]:
    """A phrase wholly inside a longer hit of the same tier and similar support (正确领导 inside
    在…的正确领导下) is a fragment of it: it goes just below the tier, so the whole formula leads."""
    tiers: dict[float, list[tuple[list[str], int]]] = {}
    for h in hits:
        tiers.setdefault(h.score, []).append((literal_parts(h.entry["text"]), h.entry["support"]))
    joined = {score: "\0".join(p for parts, _ in group for p in parts) for score, group in tiers.items()}
    out = []
    for h in hits:
        text = normalize(h.entry["text"])
        need = FRAGMENT_SUPPORT * h.entry["support"]
        whole = (not SLOT.search(h.entry["text"]) and text and joined[h.score].count(text) > 1
                 and any(sup >= need and any(text in p and text != p for p in parts)
                         for parts, sup in tiers[h.score]))
        out.append(Hit(h.entry, round(h.score - FRAGMENT_STEP, 4)) if whole else h)
    return out


def by_support(entries) -> list[Hit]:
    return [Hit(e, None) for e in sorted(entries, key=lambda e: (-e["support"], len(e["text"]), e["text"]))]


def pick_example(entry: dict, query: str | None = None) -> tuple[dict, str] | None:
    """An example to show and the text to centre it on: the first example that shows the query,
    else the first that shows the entry's longest literal part, else the first example."""
    examples = [x for x in entry.get("examples") or () if isinstance(x, dict) and isinstance(x.get("text"), str)]
    longest = max(SLOT.split(entry["text"])[::2], key=len).strip()
    for needle in ((query or "").strip(), longest):
        for x in examples if needle else ():
            if needle in x["text"]:
                return x, needle
    return (examples[0], longest) if examples else None


def snippet(text: str, anchor: str | None, width: int = 56) -> str:
    """At most `width` characters of text, centred on anchor when it occurs; cuts marked with …."""
    text = " ".join(text.split())
    cut = text.endswith("…")  # the miner already shortened this example
    text = text.rstrip("…")
    if len(text) <= width:
        return text + ("…" if cut else "")
    k = text.find(anchor) if anchor else -1
    start = 0 if k < 0 else max(0, min(k - (width - len(anchor)) // 2, len(text) - width))
    end = start + width
    return ("…" if start > 0 else "") + text[start:end] + ("…" if cut or end < len(text) else "")


def shorten(text: str, width: int = 28) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


@dataclass
class Lookup:
    """What `drafter phrase` found: the hits to show, and what they were filtered by."""
    index: Index
    query: str | None
    category: str | None
    kind: tuple[str, str] | None
    hits: list[Hit] = field(default_factory=list)
    total: int = 0

    def to_json(self) -> list[dict]:
        out = []
        for h in self.hits:
            d = dict(h.entry)
            d["category_name"] = self.index.categories.get(d["category"], d["category"])
            if h.score is not None:
                d["score"] = h.score
            out.append(d)
        return out


def lookup(query: str | None = None, *, category: str | None = None, kind: str | None = None,
           limit: int = 10, bank=None) -> Lookup:
    """The facade: `lookup("领导").hits` are the best entries; no query ranks by support alone.

    `limit` 0 means no limit. `category` and `kind` take an id or a Chinese name.
    """
    index = load_index(bank)
    cid = resolve_category(category, index) if category is not None else None
    kid = None
    if kind is not None:
        from .bank import resolve_kind
        kid = resolve_kind(kind, bank, field=None)
    if query is not None and not normalize(query):
        raise DrafterError(f"关键词“{query}”中没有可查找的文字")
    entries = filter_entries(index.entries, cid, kid[0] if kid else None)
    hits = search(entries, query) if query is not None else by_support(entries)
    return Lookup(index, query, cid, kid, hits[:limit] if limit else hits, len(hits))
