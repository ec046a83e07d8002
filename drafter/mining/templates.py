"""One Jinja template per kind, assembled from the kind's mined skeleton and phrases.

The frame (title line, opening paragraph, numbered sections, signature) is a rule of the
genre; every heading and stock wording in it is a mined entry of this kind, quoted with
its support in a comment. Templates use only variables the unit YAML defines (see
drafter/unit.py `to_context`) and the helpers drafter/fill.py provides (cn, runin).
"""
from __future__ import annotations

import re
from collections import Counter

from .roles import ROLE_NAMES

_YEAR_SLOT = re.compile(r"\{year\}年")
_HEAD_PERIOD = re.compile(r"^(\{year\}年)?(?:上半年|下半年|全年)")


def _support(e: dict, kind_id: str) -> int:
    """Documents of the kind holding the entry; with no kind, of the whole corpus."""
    return e["kind_support"].get(kind_id, 0) if kind_id else e["support"]


def _best(phrases: list[dict], kind_id: str, category: str, pattern: str, min_support: int = 2):
    """The entry of `category` matching `pattern` best supported within the kind (or overall)."""
    rx = re.compile(pattern)
    hits = [e for e in phrases
            if e["category"] == category and rx.search(e["text"]) and _support(e, kind_id) >= min_support]
    return max(hits, key=lambda e: (_support(e, kind_id), e["support"], e["text"]), default=None)


def _fullest(phrases: list[dict], kind_id: str, categories: tuple[str, ...], pattern: str):
    """Of a formula's forms (在…领导下, 在…正确领导下, 在…的坚强领导下), the most specific one
    still used by at least half as many documents as the best supported form: the general
    form wins on support only because it counts every variant together."""
    rx = re.compile(pattern)
    hits = [e for e in phrases if e["category"] in categories and rx.search(e["text"])
            and _support(e, kind_id) >= 2]
    if not hits:
        return None
    top = max(_support(e, kind_id) for e in hits)
    return max((e for e in hits if _support(e, kind_id) * 2 >= top),
               key=lambda e: (len(e["text"]), _support(e, kind_id), e["support"], e["text"]))


_PERIOD_WORDS = re.compile(r"^(?:\{\{ (?:year|date|period) \}\}年?|\d{4}年|上半年|下半年|全年|今年|年度|本年)+")


def _filler_rest(entry: dict) -> str:
    """What follows the period in a formula's gap: '2023年上半年工作总结' → '工作总结'."""
    rest = Counter(r for r in (_PERIOD_WORDS.sub("", f) for f in entry.get("fillers", [])) if r.startswith("工作"))
    return sorted(rest.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if rest else ""


def _heading_for(role: dict, global_variants: dict) -> tuple[str, int]:
    """The most frequent heading variant of a role (within the kind if one recurs, else across
    the corpus), its years turned into period variables; the role's name only as a last resort."""
    ok = [h for h in role["headings"] if h["count"] >= 2 and len(h["text"]) <= 16]
    ok = ok or sorted((h for h in global_variants.get(role["role"], []) if h["count"] >= 2 and len(h["text"]) <= 16),
                      key=lambda h: ("{year}" in h["text"], -h["count"], h["text"]))
    head = ok[0] if ok else {"text": ROLE_NAMES[role["role"]], "count": 0}
    text = head["text"]
    # The period a heading names is the unit's: 上半年工作回顾 reads 全年工作回顾 for a whole year,
    # 下半年工作计划 reads 2025年工作计划 after one.
    plans = role["role"] == "plans"
    text = _HEAD_PERIOD.sub(lambda m: ("{{ period.next_label }}" if plans else "{{ period.label }}") if m.group(1)
                            else "{{ period.next_label }}" if plans else "{{ period.span }}", text, count=1)
    text = _YEAR_SLOT.sub("{{ period.next_year }}年" if plans else "{{ period.year }}年", text)
    text = text.replace("{year}", "{{ period.year }}")
    return text, head["count"]


def _comment(text: str) -> str:
    return "{# " + text.replace("#}", "# }") + " #}"


_PROBLEM_INTRO = r"^在\{\{ content \}\}(成绩)?的同时$"

# The Jinja body of each section role: what the unit YAML gives for it, numbered in sequence.
_BODIES = {
    "work": ["{%- for s in sections %}", "（{{ cn(loop.index) }}）{{ s.title }}",
             "{%- if s.summary %}", "{{ s.summary }}", "{%- endif %}",
             "{{ runin(s.sentences) }}", "{%- endfor %}"],
    "highlights": ["{{ runin(highlights) }}"],
    "problems": ["{{ runin(problems) }}"],
    "plans": ["{%- for p in plans if p.title %}", "（{{ cn(loop.index) }}）{{ p.title }}",
              "{%- if p.text %}", "{{ p.text }}", "{%- endif %}", "{%- endfor %}",
              "{%- if plans | rejectattr('title') | list %}",
              "{{ runin(plans | rejectattr('title') | map(attribute='text') | list) }}", "{%- endif %}"],
}
_VARIABLE = {"work": "sections", "highlights": "highlights", "problems": "problems", "plans": "plans"}


def _section(role_id: str, heading: str) -> list[str]:
    """A level-1 section that appears only when the unit filled it in, under the unit's own
    heading for it if it chose one (drafter draft offers the mined variants)."""
    return ["{%- if " + _VARIABLE[role_id] + " %}", "{%- set n.i = n.i + 1 %}",
            "{{ cn(n.i) }}、{% if headings." + role_id + " %}{{ headings." + role_id + " }}{% else %}" + heading
            + "{% endif %}", *_BODIES[role_id], "{%- endif %}"]


def title_pattern(genre_form: str) -> str:
    """'Y年上半年工作总结' → '{{ period.label }}工作总结'; later years are the next year."""
    t = re.sub(r"^Y年(?:上半年|下半年|全年)?", "{{ period.label }}", genre_form, count=1)
    if not t.startswith("{{"):
        t = "{{ period.label }}" + t.replace("上半年", "").replace("下半年", "")
    return t.replace("Y年", "{{ period.next_year }}年")


def build_template(kind: dict, phrases: list[dict], subheadings: list[tuple[str, int]],
                   global_variants: dict) -> str:
    kid = kind["id"]
    roles = {r["role"]: r for r in kind["skeleton"]}
    lines = [
        _comment(f"drafter 模板：{kind['name']}（{kid}），由 drafter mine 从 {kind['support']} 篇文档挖掘生成；"
                 "请勿手改，重新挖掘会覆盖。版式框架为规则，标题与用语取自挖掘结果（括注支持度）。"),
        "{% if title %}{{ title }}{% else %}{{ unit.name }}" + kind["title_pattern"] + "{% endif %}",
        "",
    ]
    # Opening paragraph: greeting if the kind's documents open with one, then the period,
    # the leadership formula and the "现将…如下" formula when this kind's documents use them.
    greet = _best(phrases, kid, "opener", r"^各位(代表|委员)")
    if greet and _support(greet, kid) * 2 >= kind["support"]:
        lines.append(_comment(f"开头称呼，支持度 {greet['support']}"))
        lines.append(greet["text"] + "：")
    # The leadership formula with the unit's own summary as its predicate; then the "现将…如下"
    # formula, when documents of this kind use one.
    lead_rx = r"^在\{\{ superior \}\}[^{}]*领导下$"
    lead = _fullest(phrases, kid, ("opener", "formula"), lead_rx) or _fullest(phrases, "", ("opener", "formula"), lead_rx)
    report = _fullest(phrases, kid, ("opener",), r"^现将\{\{ period \}\}[^{}]*如下$")
    opening = "{% if overview %}{{ period.label }}，"
    if lead:
        lines.append(_comment(f"领导用语：{lead['text']}，支持度 {lead['support']}"))
        opening += lead["text"].replace("{{ superior }}", "{{ unit.superior }}") + "，"
    opening += "{{ unit.short }}{{ overview }}{% endif %}"
    if report:
        lines.append(_comment(f"引出用语：{report['text']}，支持度 {report['support']}"))
        opening += report["text"].replace("{{ period }}", "{{ period.label }}" + _filler_rest(report)) + "："
    lines.append(opening)
    lines.append("{%- set n = namespace(i=0) %}")

    # Sections in the genre's order. A role of the kind's skeleton takes its mined heading;
    # a role the kind rarely has still renders what the unit gave, under the corpus's heading.
    for role_id in ("overview", "work", "highlights", "problems", "plans"):
        role = roles.get(role_id)
        if role is None:
            if role_id == "overview":
                continue
            heading, _ = _heading_for({"role": role_id, "headings": []}, global_variants)
            lines.append(_comment(f"本类文档较少单列“{ROLE_NAMES[role_id]}”，单位填写时仍列出（标题取全语料最常见写法）"))
        else:
            heading, _ = _heading_for(role, global_variants)
            variants = "；".join(f"{h['text']}（{h['count']}）" for h in role["headings"][:5])
            lines.append(_comment(f"章节“{role['name']}”，出现于 {role['count']}/{kind['support']} 篇；常见标题：{variants}"))
        if role_id == "overview":
            continue  # the unit's overview already stands in the opening paragraph
        if role_id == "work" and subheadings:
            lines.append(_comment("本类文档常见小标题：" + "；".join(f"{t}（{c}）" for t, c in subheadings[:10])))
        if role_id == "problems":
            intro = _best(phrases, kid, "transition", _PROBLEM_INTRO) or _best(phrases, "", "transition", _PROBLEM_INTRO)
            if intro:
                lines.append(_comment(f"过渡用语：{intro['text']}，支持度 {intro['support']}"))
        lines += _section(role_id, heading)
    lines += ["", "{{ signature_unit }}", "{{ date_cn }}", ""]
    return "\n".join(lines)
