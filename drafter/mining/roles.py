"""Section roles: what a level-1 section does in a report (overview, work done, highlights,
problems, plans), read from the genre's cue words in its heading, and the skeleton of a kind
as the typical ordered sequence of roles."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

ROLES = ("overview", "work", "highlights", "problems", "plans")
ROLE_NAMES = {"overview": "总体情况", "work": "工作开展情况", "highlights": "特色亮点",
              "problems": "存在的问题", "plans": "下一步工作打算"}

_YEAR = re.compile(r"(?:19|20)\d{2}|[xX]{4}")
# Order matters: "存在问题及下一步工作打算" is about problems first.
_CUES = [
    ("problems", re.compile(r"问题|不足|短板|困难|差距|薄弱")),
    ("plans", re.compile(r"计划|打算|安排|思路|下一步|下步|下半年|明年|工作重点|重点工作任务|举措|展望|方向|目标任务")),
    ("highlights", re.compile(r"亮点|特色|创新|经验|典型")),
    ("overview", re.compile(r"基本情况|综述|概况|总体情况|总体评价|基本概况")),
    ("work", re.compile(r"回顾|总结|成效|成绩|完成情况|开展情况|工作情况|主要工作|履职|做法|进展|落实情况")),
]


def heading_role(text: str, after_problems: bool = False) -> str:
    """The role of a level-1 heading. Topic headings (一、坚定不移抓保护) are work done,
    unless they follow a problems or plans section, where they carry on the plans."""
    t = _YEAR.sub("Y", text)
    for role, rx in _CUES:
        if rx.search(t):
            if role == "plans" and re.search(r"^(?:Y年)?上半年", t):
                continue  # "上半年工作回顾/安排" looks back
            return role
    return "plans" if after_problems else "work"


def document_roles(doc) -> list[tuple[str, object]]:
    """(role, heading) for each level-1 heading of a document, in order."""
    out = []
    seen_late = False
    for h in doc.headings:
        if h.level != 1 or len(h.text) > 24:
            continue  # a long "heading" is an enumerated sentence, not a section title
        role = heading_role(h.text, seen_late)
        if role in ("problems", "plans"):
            seen_late = True
        if h.part and role == "work":
            seen_late = False
        out.append((role, h))
    return out


def role_sequence(doc) -> list[str]:
    seq: list[str] = []
    for role, _ in document_roles(doc):
        if not seq or seq[-1] != role:
            seq.append(role)
    return seq


def heading_form(text: str) -> str:
    """A heading with its years as slots, for counting variants: '2024年工作计划' → '{year}年工作计划'."""
    return _YEAR.sub("{year}", text)


def skeleton(docs, min_share: float, optional_below: float, top: int | None = 8) -> list[dict]:
    """Typical ordered roles of a set of documents, with how often each occurs and its heading variants."""
    n = len(docs)
    present = Counter()
    positions = defaultdict(list)
    variants: dict[str, Counter] = defaultdict(Counter)
    for d in docs:
        seq = role_sequence(d)
        for i, r in enumerate(dict.fromkeys(seq)):
            present[r] += 1
            positions[r].append(seq.index(r) / max(1, len(seq) - 1) if len(seq) > 1 else 0.0)
        for role, h in document_roles(d):
            variants[role][heading_form(h.text)] += 1
    order = {"overview": 0, "work": 1, "highlights": 2, "problems": 3, "plans": 4}
    roles = [r for r in present if present[r] / n >= min_share]
    roles.sort(key=lambda r: (sorted(positions[r])[len(positions[r]) // 2], order[r]))
    out = []
    for r in roles:
        vs = sorted(variants[r].items(), key=lambda kv: (-kv[1], kv[0]))
        out.append({"role": r, "name": ROLE_NAMES[r], "count": present[r],
                    "share": round(present[r] / n, 3), "optional": present[r] / n < optional_below,
                    "headings": [{"text": t, "count": c} for t, c in vs[:top]]})
    return out
