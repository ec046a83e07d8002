"""One Jinja template per kind, assembled from the kind's mined skeleton and phrases.

The frame (title line, opening paragraph, numbered sections, signature) is a rule of the
genre; every heading and stock wording in it is a mined entry of this kind, quoted with
its support in a comment. Templates use only variables the unit YAML defines (see
drafter/unit.py `to_context`) and the helpers drafter/fill.py provides (cn, runin).
"""
from __future__ import annotations

import re

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


def _heading_for(role: dict, global_variants: dict) -> tuple[str, int]:
    """The most frequent heading variant of a role (within the kind if one recurs, else across
    the corpus), its years turned into period variables; the role's name only as a last resort."""
    ok = [h for h in role["headings"] if h["count"] >= 2 and len(h["text"]) <= 16]
    if not ok:
        # no wording recurs within the kind: of its own documents' headings, the one the
        # corpus uses most (工作开展情况, not another kind's 上半年工作回顾)
        corpus = {h["text"]: h["count"] for h in global_variants.get(role["role"], [])}
        ok = sorted((h for h in role["headings"] if len(h["text"]) <= 16 and corpus.get(h["text"], 0) >= 2),
                    key=lambda h: (-corpus[h["text"]], h["text"]))
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


def title_pattern(genre_form: str, place: str | None = None) -> str:
    """'Y年上半年工作总结' → '{{ period.label }}工作总结'; later years are the next year. A genre
    word that names the issuer (政府工作报告) takes the place, not the unit's full name, before or
    after the period as the kind's titles put it."""
    t = re.sub(r"^Y年(?:上半年|下半年|全年)?", "{{ period.label }}", genre_form, count=1)
    if not t.startswith("{{"):
        t = "{{ period.label }}" + t.replace("上半年", "").replace("下半年", "")
    t = t.replace("Y年", "{{ period.next_year }}年")
    if place == "before":
        return "{{ unit.place }}" + t
    if place == "after":
        return t.replace("{{ period.label }}", "{{ period.label }}{{ unit.place }}", 1)
    return "{{ unit.name }}" + t


def _frame_comment(e: dict, kind: dict) -> str:
    src = "、".join(f"《{t}》" for t in e["sources"])
    return _comment(f"框架句 {e['id']}：出现于 {e['support']}/{kind['support']} 篇，如 {src}；"
                    f"单位资料 frame.{e['id']} 可改写（写空则不用）")


def _frame_line(e: dict, field: str | None = None, lead: str = "") -> str:
    """One frame element as text: the mined sentence unless the unit rewrote it (frame.ID) or
    left it out (frame.ID empty). The overview follows the frame clauses of the sentence that
    carries it, as the documents' own words did."""
    fid = e["id"]
    if field == "overview":
        head = "".join(e["pieces"]).rstrip("，。：；！") + "，" + lead
        subject = "" if re.search(r"\{\{ unit\.(?:short|name) \}\}", head) else "{{ unit.short }}"
        default, own = head + subject + "{{ overview }}", "{{ frame['" + fid + "'] }}"
    else:
        default, own = e["text"], "{{ frame['" + fid + "'] }}"
    return ("{% if '" + fid + "' not in frame %}" + default + "{% elif frame['" + fid + "'] %}" + own
            + "{% endif %}")


def reporting_sentence(kind: dict, phrases: list[dict]) -> str | None:
    """现将……如下 for a kind whose documents use it and whose frame has none: it names the document
    itself, as the kind's documents name theirs, by its title's genre part (工作总结及2025年工作计划),
    with the verb they use (总结如下 / 报告如下)."""
    place = kind.get("placement", {})
    report = _fullest(phrases, kind["id"], ("opener",), r"^现将\{\{ period \}\}[^{}]*如下$")
    if not report or not place.get("reporting_verb") or any("如下" in e["text"] for e in kind.get("frame", [])):
        return None
    verb = place["reporting_verb"]
    genre = re.sub(r"^\{\{ unit\.(?:name|place) \}\}", "", kind["title_pattern"])
    genre = genre.replace("{{ period.label }}", "{{ period.span_words }}", 1)
    return "现将" + genre + ("" if genre.endswith(verb) else verb) + "如下："


def build_template(kind: dict, phrases: list[dict], subheadings: list[tuple[str, int]],
                   global_variants: dict) -> str:
    kid = kind["id"]
    roles = {r["role"]: r for r in kind["skeleton"]}
    frame = kind.get("frame", [])
    place = kind.get("placement", {})
    at = {pos: [e for e in frame if e["position"] == pos] for pos in
          ("opening", "work_lead", "work_end", "highlights_lead", "problems_lead", "problems_end", "plans_lead",
           "closing")}
    lines = [
        _comment(f"drafter 模板：{kind['name']}（{kid}），由 drafter mine 从 {kind['support']} 篇文档挖掘生成；"
                 "请勿手改，重新挖掘会覆盖。版式与编号为规则；标题、框架句和用语取自挖掘结果（括注出现篇数）。"),
        "{% if title %}{{ title }}{% else %}" + kind["title_pattern"] + "{% endif %}",
        "",
    ]

    def emit(elements):
        for k, e in enumerate(elements):
            joined = e["join"] and k
            lines.append(_frame_comment(e, kind).replace("{#", "{#-", 1) if joined else _frame_comment(e, kind))
            if e is overview_home:
                text = "{% if overview %}" + _frame_line(e, "overview", lead_text) + "{{ overview_tail }}{% endif %}"
            else:
                text = _frame_line(e)
            # on the paragraph of the element before it, as in most of the kind's documents
            lines.append(("{#- 接上段 #}" if joined else "") + text)

    # Opening: greetings and a speech's opening, then the unit's overview in the frame sentence
    # that carries the leadership formula (mined), or composed from the phrase bank's formulae.
    overview_home = next((e for pos in ("opening", "work_lead") for e in at[pos] if e["gap"] is not None), None)
    report = _fullest(phrases, kid, ("opener",), r"^现将\{\{ period \}\}[^{}]*如下$")
    tail = alone = ""
    # 现将…如下 closes the overview's paragraph; the period is named once in it
    reporting = next((e for e in at["opening"] if "如下" in e["text"] and e is not overview_home), None)
    if reporting:
        lines.append(_frame_comment(reporting, kind))
        alone = _frame_line(reporting)
        tail = alone.replace("{{ period.label }}", "{{ period.span_words }}")
        at["opening"] = [e for e in at["opening"] if e is not reporting]
    elif place.get("reporting"):
        lines.append(_comment(f"引出用语：{report['text']}，出现于 {_support(report, kid)} 篇，"
                              f"用“{place['reporting_verb']}如下”"))
        tail = place["reporting"]
    lines.append("{%- set overview_tail %}" + tail + "{% endset %}")
    lead_rx = r"^在\{\{ superior \}\}[^{}]*领导下$"
    lead = _fullest(phrases, kid, ("opener", "formula"), lead_rx) or _fullest(phrases, "", ("opener", "formula"), lead_rx)
    lead_text = ""
    if lead and not (overview_home and "领导" in overview_home["text"]):
        lines.append(_comment(f"领导用语：{lead['text']}，出现于 {lead['support']} 篇"))
        lead_text = lead["text"].replace("{{ superior }}", "{{ unit.superior }}") + "，"
    if overview_home is None:
        lines.append("{% if overview %}{{ period.label }}，" + lead_text
                     + "{{ unit.short }}{{ overview }}{{ overview_tail }}{% endif %}")
    emit(at["opening"])
    if alone:
        lines.append("{% if not overview %}" + alone + "{% endif %}")
    lines.append("{%- set n = namespace(i=0) %}")

    for role_id in ("overview", "work", "highlights", "problems", "plans"):
        role = roles.get(role_id)
        if role is None:
            if role_id == "overview":
                continue
            heading, _ = _heading_for({"role": role_id, "headings": []}, global_variants)
            lines.append(_comment(f"本类文档较少单列“{ROLE_NAMES[role_id]}”，单位填写时仍列出（标题取全语料最常见写法）"))
        else:
            heading, _ = _heading_for(role, global_variants)
            # the plans part is called what the kind's title calls it (…和下半年工作思路)
            named = re.search(r"(?:和|及|暨)(?:下半年|\{\{ period\.next_year \}\}年)?(工作(?:计划|思路|安排|打算))$",
                              kind["title_pattern"])
            if role_id == "plans" and named and not heading.endswith(named.group(1)):
                heading = "{{ period.next_label }}" + named.group(1)
            variants = "；".join(f"{h['text']}（{h['count']}）" for h in role["headings"][:5])
            lines.append(_comment(f"章节“{role['name']}”，出现于 {role['count']}/{kind['support']} 篇；常见标题：{variants}"))
        if role_id == "overview":
            continue  # the unit's overview already stands in the opening paragraph
        if role_id == "problems" and place.get("problems") == "review":
            continue  # this kind's problems close its review part (see work_end)
        if role_id == "work" and subheadings:
            lines.append(_comment("本类文档常见小标题：" + "；".join(f"{t}（{c}）" for t, c in subheadings[:10])))
        lead = {"work": at["work_lead"], "problems": at["problems_lead"],
                "plans": at["plans_lead"], "highlights": at["highlights_lead"]}[role_id]
        lines += ["{%- if " + _VARIABLE[role_id] + " %}", "{%- set n.i = n.i + 1 %}",
                  "{{ cn(n.i) }}、{% if headings." + role_id + " %}{{ headings." + role_id + " }}{% else %}" + heading
                  + "{% endif %}"]
        emit(lead)
        lines += _BODIES[role_id]
        if role_id == "problems":
            emit(at["problems_end"])
        lines.append("{%- endif %}")
        if role_id == "work":
            _work_end(lines, at["work_end"], place, kind)
    emit(at["closing"])
    if place.get("signature", True):
        lines += ["", "{{ signature_unit }}", "{{ date_cn }}"]
    lines.append("")
    return "\n".join(lines)


def _work_end(lines: list[str], elements: list[dict], place: dict, kind: dict) -> None:
    """What closes the review part: thanks, and where the kind puts them there, the problems
    paragraph (its lead-in, the unit's problems, what follows on the same paragraph)."""
    pid = place.get("problems_paragraph")
    k = 0
    while k < len(elements):
        e = elements[k]
        if e["id"] == pid:
            group = [e]
            while k + 1 < len(elements) and elements[k + 1]["join"]:
                k += 1
                group.append(elements[k])
            lines.append("{%- if problems %}")
            for g in group:
                lines.append(_frame_comment(g, kind))
            head = _frame_line(e)
            rest = "".join(_frame_line(g) for g in group[1:])
            lines.append(head + "{{ runin(problems) }}" + rest)
            lines.append("{%- endif %}")
        else:
            lines.append(_frame_comment(e, kind))
            lines.append(_frame_line(e))
        k += 1
