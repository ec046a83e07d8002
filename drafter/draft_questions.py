"""The questions of `drafter draft`, built from the answers so far (a mixin of `Session`).

Short forms keep the count of answers low: a period as 2024年上半年, an item with its figures on
one line (`完成食品抽检 抽检批次 926批 上年980 目标1800`; a trailing + asks the figures step by
step instead), a plan as 小标题：内容 (its content asked next when only the title is given), all
level-1 headings in one question at the end. An empty answer keeps the default or, where there is
none and the question is optional, moves on.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from . import unit as U
from .draft_answers import CLEAR, Invalid, check, check_figure
from .draft_forms import (item_line, parse_period, plan_line, scope_name, self_name, split_item, split_plan,
                          wide_to_ascii)

from .vocab import FRAME_SLOT_LABELS, ROLE_NAMES  # noqa: E402

# Schema field types, looked up once: each answer is checked with the very type the file is.
_F = U.SCHEMA.by_key
_UNIT_F = _F["unit"].type.by_key
_PERIOD_F = _F["period"].type.by_key
_SECTION = _F["sections"].type.item
_ITEM = _SECTION.by_key["items"].type.item.mapping
_FIGURE = _ITEM.by_key["figures"].type.item
_PLAN = _F["plans"].type.item.mapping
_HEADINGS_F = _F["headings"].type.by_key
_STEPS = "_steps"           # an item whose figures are asked field by field (not written out)
_FIG_HINT = "数据接在后面：名称 数值单位 上年数值 目标数值，如“抽检批次 926批 上年980 目标1800”，多个用；隔开"


@dataclass
class Question:
    id: str                              # schema path of the answer; the resume cursor
    label: str                           # what is asked (Chinese)
    apply: Callable[[str], bool]         # store an answer; True = stay here (an entry was deleted)
    default: str | None = None           # taken on an empty line
    hint: str = ""                       # how to answer
    group: str = ""                      # the part of the document, shown as a banner
    choices: list[str] = field(default_factory=list)     # numbered options
    phrases: list[dict] = field(default_factory=list)    # bank phrases that #N inserts
    intro: Callable[[], list[str]] | None = None         # shown once before the question
    preview: str | None = None           # after answering, preview this role ("opening", "work"…)


def _put(container: dict, key: str) -> Callable[[Any], None]:
    def put(v: Any) -> None:
        if v is None:
            container.pop(key, None)
        else:
            container[key] = v
    return put


def check_figures(figs: list[dict], path: str) -> list[dict]:
    """One-line figures through the schema's own figure rules (count units whole, targets > 0 …)."""
    out = []
    for k, fig in enumerate(figs):
        fpath = f"{path}.figures[{k}]"
        for key in ("value", "previous", "target", "last"):
            if key in fig:
                fig[key] = check(_FIGURE.by_key[key].type, str(fig[key]), f"{fpath}.{key}", as_text=False)
        for key in ("name", "unit"):
            if fig.get(key):
                fig[key] = check(_FIGURE.by_key[key].type, fig[key], f"{fpath}.{key}")
        check_figure(fig, ("name", "value", "unit", "previous", "target", "last"), fpath)
        if fig.get("unit") in U.COUNT_UNITS:
            fig.update({k: int(v) for k, v in fig.items() if isinstance(v, float) and v.is_integer()})
        out.append(fig)
    return out


class Questions:
    """Question builders; `Session` supplies data, kinds, phrases, headings and previews."""

    data: dict

    fill: list[str] = []       # fill mode: only these empty values are asked

    def questions(self) -> list[Question]:
        d = self.data
        qs: list[Question] = []
        if self.fill:
            return self._q_fill() + [Question("finish", "全部填写完毕。回车生成草稿", self._apply_finish, default="",
                                              group="完成", intro=lambda: self._final_intro())]
        if not self.fixed_kind:
            qs.append(self._q_kind())
        qs += self._q_basics()
        if d.get("kind") in self.kinds:
            for role in self.roles():
                qs += self._q_work() if role == "work" else self._q_list_role(role)
            if any(self._has(r) for r in self.headed_roles() if r in U.HEADING_ROLES):
                qs.append(self._q_headings())
            if (self.kind_info() or {}).get("frame"):
                qs.append(self._q_frame())
        qs.append(Question("finish", "全部填写完毕。回车生成草稿", self._apply_finish, default="",
                           group="完成", intro=lambda: self._final_intro()))
        return qs

    def _final_intro(self) -> list[str]:
        lines, why = self.preview("all")
        return ["草稿全文预览：", *[f"  {ln}" for ln in lines]] if lines else [why or ""]

    def _apply_finish(self, text: str) -> bool:
        self.unit()             # raises Invalid with goto if something required is missing
        return False

    def _q_kind(self) -> Question:
        kinds = self.manifest["kinds"]
        cur = self.data.get("kind")
        default = next((str(i + 1) for i, k in enumerate(kinds) if k["id"] == cur), None)

        def apply(text: str) -> bool:
            if not text:
                raise Invalid("请选择材料类型（输入编号）")
            text = wide_to_ascii(text)
            if text.isdigit():
                n = int(text)
                if not 1 <= n <= len(kinds):
                    raise Invalid(f"请输入 1～{len(kinds)} 之间的编号")
                self.data["kind"] = kinds[n - 1]["id"]
            else:
                self.data["kind"] = check(_F["kind"].type, text, "kind", known_kinds=self.kinds)
            return False
        return Question("kind", "材料类型（输入编号）", apply, default, group="材料类型",
                        choices=[f"{k['name']}（{k['id']}，语料 {k['support']} 篇）" for k in kinds])

    def _text_q(self, qid: str, label: str, get: Callable[[], Any], put: Callable[[Any], None],
                ftype: Any, required: bool, suggest: str | None = None, as_text: bool = True,
                **kw) -> Question:
        """A single value: Enter keeps what is there (or the suggestion); `-` clears an optional one."""
        cur = get()
        default = (cur.isoformat() if isinstance(cur, dt.date) else str(cur)) if cur is not None else suggest

        def apply(text: str) -> bool:
            if text == CLEAR and not required:
                put(None)
                return False
            if not text:
                if required:
                    raise Invalid("此项必填")
                put(None)
                return False
            v = check(ftype, text, qid, as_text=as_text)
            if v in (None, ""):
                if required:
                    raise Invalid("此项必填")
                v = None
            put(v)
            return False
        hint = "" if required else "可不填，回车跳过" + ("，输入 - 清除" if cur is not None else "")
        return Question(qid, label, apply, default, hint=kw.pop("hint", hint), **kw)

    def _q_basics(self) -> list[Question]:
        d = self.data
        unit = d.setdefault("unit", {})
        period = d.setdefault("period", {})
        kind_name = self.kinds.get(d.get("kind", ""), "")
        short = unit.get("short") or self_name(unit.get("name")) or "我单位"
        qs = [
            self._text_q("unit.name", "单位全称（用于标题和落款，如 青山县民政局、白云镇人民政府）",
                         lambda: unit.get("name"), _put(unit, "name"), _UNIT_F["name"].type, True, group="单位信息"),
            self._text_q("unit.short", "单位在文中的自称（如 我局、我镇、我街道）", lambda: unit.get("short"),
                         _put(unit, "short"), _UNIT_F["short"].type, True, suggest=self_name(unit.get("name")),
                         group="单位信息"),
            self._text_q("unit.superior", f"上级领导机关（用于“在……的正确领导下，{short}……”）",
                         lambda: unit.get("superior"), _put(unit, "superior"), _UNIT_F["superior"].type, True,
                         suggest=self.suggest_superior(), group="单位信息"),
        ]
        spans = list(U.SPANS)
        guess = next((s for s in spans[:2] if s in kind_name), "全年")

        def put_period(text: str) -> bool:
            year, span = parse_period(text, U.SPANS, period.get("year") or self.today.year)
            if year is None:
                raise Invalid("请写年度和时段，如“2024年上半年”“2024年全年”")
            y = check(_PERIOD_F["year"].type, year, "period.year", as_text=False)
            if span is None:
                raise Invalid("请写时段：上半年、下半年或全年（也可写编号 1、2、3），如“2024年上半年”")
            period["year"], period["span"] = y, check(_PERIOD_F["span"].type, span, "period.span")
            return False
        cur = (f"{period['year']}年{period['span']}" if period.get("year") and period.get("span") else
               f"{period.get('year') or self.today.year}年{period.get('span') or guess}")
        qs.append(Question("period", "年度和时段（如 2024年上半年、2024年全年；时段也可写编号）", put_period, cur,
                           group="时段", choices=[f"{s}" for s in spans]))
        qs.append(self._text_q("date", "成文日期（落款用，如 2024-07-02 或 2024年7月2日）", lambda: d.get("date"),
                               _put(d, "date"), _F["date"].type, True, suggest=self.today.isoformat(),
                               group="时段"))
        phr = self.phrases("overview") if d.get("kind") else []
        label = self._period_ctx()["label"] if self._period_ctx() else "某年上半年"
        sup = unit.get("superior") or "上级"
        qs.append(self._text_q(
            "overview", f"总体情况，一两句话（正文开头写成“{label}，在{sup}的……领导下，{short}……”，"
            f"接在“{short}”之后，不必再写自称）", lambda: d.get("overview"), _put(d, "overview"), _F["overview"].type,
            False, group="总体情况", phrases=phr, intro=(lambda: self._phrase_intro(phr)) if phr else None,
            preview="opening"))
        return qs

    def _phrase_intro(self, phrases: list[dict]) -> list[str]:
        if not phrases:
            return []
        known = self.slot_values()
        from .draft_forms import phrase_display
        out = ["可插入的常用语（在回答中写 #编号 即插入该句，如“持续#2”）："]
        for i, e in enumerate(phrases, 1):
            out.append(f"  #{i} {phrase_display(e, known)}（{e.get('support', 0)} 篇）")
        return out

    def _list_q(self, qid: str, label: str, lst: list, i: int, show: Callable[[Any], str],
                take: Callable[[str, Any], Any], minimum: int, what: str, **kw) -> Question:
        """Entry i of a list: `show` gives its default, `take(text, old)` the new entry; at
        i == len(lst) an answer adds an entry and an empty one ends the list."""
        if i < len(lst):
            def apply(text: str) -> bool:
                if text == CLEAR:
                    if len(lst) <= minimum:
                        raise Invalid(f"至少需要{minimum}项{what}，不能删除")
                    del lst[i]
                    return True
                if not text:
                    raise Invalid("此项必填（输入 - 删除这一项）")
                lst[i] = take(text, lst[i])
                return False
            return Question(qid, label, apply, show(lst[i]) or None,
                            hint="；".join(x for x in (kw.pop("hint", ""), "输入 - 删除这一项") if x), **kw)

        def add(text: str) -> bool:
            if not text or text == CLEAR:
                if len(lst) < minimum:
                    raise Invalid(f"至少需要{minimum}项{what}")
                return False
            lst.append(take(text, None))
            return False
        end = f"直接回车表示不再添加{what}" if len(lst) >= minimum else ""
        return Question(qid, label, add, None, hint="；".join(x for x in (kw.pop("hint", ""), end) if x), **kw)

    def _q_work(self) -> list[Question]:
        secs = self.data.setdefault("sections", [])
        lead, phr = self.phrases("work_lead"), self.phrases("work")
        group = ROLE_NAMES["work"]
        qs: list[Question] = []
        intro = lambda: ["下面逐个填写工作板块（每个板块是正文的一个小标题），至少一个。"]
        for i in range(len(secs) + 1):
            n = i + 1

            def title(text: str, old, i=i) -> dict:
                v = check(_SECTION.by_key["title"].type, text, f"sections[{i}].title")
                return {**old, "title": v} if old else {"title": v, "items": []}
            qs.append(self._list_q(f"sections[{i}].title", f"第{n}个工作板块的名称（小标题）", secs, i,
                                   lambda s: s.get("title"), title, 1, "工作板块", group=group,
                                   intro=intro if i == 0 else None, preview="work" if i == len(secs) else None))
            if i == len(secs):
                break
            s = secs[i]
            qs.append(self._text_q(f"sections[{i}].summary", f"第{n}个板块的总体成效，一两句话",
                                   lambda s=s: s.get("summary"), _put(s, "summary"),
                                   _SECTION.by_key["summary"].type, False, group=group, phrases=lead,
                                   intro=(lambda: self._phrase_intro(lead)) if i == 0 and lead else None))
            items = s.setdefault("items", [])
            for j in range(len(items) + 1):
                ipath = f"sections[{i}].items[{j}]"
                qs.append(self._list_q(ipath, f"板块{n}的第{j + 1}项具体工作（一句话，可带数据）", items, j, item_line,
                                       lambda text, old, p=ipath: self._take_item(text, p), 1, "具体工作",
                                       group=group, phrases=phr, hint=_FIG_HINT if j == 0 else "",
                                       intro=(lambda: self._phrase_intro(phr)) if i == 0 and j == 0 else None))
                if j == len(items):
                    break
                if items[j].get(_STEPS):
                    qs += self._q_figures(ipath, items[j], f"板块{n}第{j + 1}项", group)
        return qs

    def _take_item(self, text: str, path: str) -> dict:
        steps = text.rstrip().endswith(("+", "＋"))
        line, figs = split_item(text.rstrip().rstrip("+＋") if steps else text)
        item = {"text": check(_ITEM.by_key["text"].type, line, f"{path}.text"), "figures": check_figures(figs, path)}
        if steps:
            item[_STEPS] = True
        return item

    def _q_figures(self, ipath: str, item: dict, where: str, group: str) -> list[Question]:
        """The step-by-step form of an item's figures: unit, value, name, previous, target."""
        figs = item.setdefault("figures", [])
        qs = []
        for k in range(len(figs) + 1):
            fpath = f"{ipath}.figures[{k}]"
            label = f"{where}的第{k + 1}个数据：计量单位（如 万元、户、人次、%）"

            def unit(text: str, old, p=fpath) -> dict:
                return {**(old or {}), "unit": check(_FIGURE.by_key["unit"].type, text, f"{p}.unit")}
            qs.append(self._list_q(f"{fpath}.unit", label, figs, k, lambda f: f.get("unit"), unit, 0, "数据",
                                   group=group))
            if k == len(figs):
                break
            f = figs[k]
            qs.append(self._num_q(f"{fpath}.value", f"{where}数据{k + 1}：本期数值（只写数字）", f, "value", True, group))
            qs.append(self._text_q(f"{fpath}.name", f"{where}数据{k + 1}：指标名称", lambda f=f: f.get("name"),
                                   _put(f, "name"), _FIGURE.by_key["name"].type, False, group=group))
            qs.append(self._num_q(f"{fpath}.previous", f"{where}数据{k + 1}：上年同期数值（用于同比）", f, "previous",
                                  False, group))
            qs.append(self._num_q(f"{fpath}.target", f"{where}数据{k + 1}：全年目标值（用于完成进度）", f, "target",
                                  False, group))
        return qs

    def _q_fill(self) -> list[Question]:
        """The values a rolled-forward file leaves empty, each with what it measures and last period's value."""
        qs = []
        for path in self.fill:
            m = re.fullmatch(r"(?:sections\[(\d+)\]\.items\[(\d+)\]|(highlights|problems|plans)\[(\d+)\])"
                             r"\.figures\[(\d+)\]\.value", path)
            if not m:
                continue
            if m.group(1) is not None:
                entry = self.data["sections"][int(m.group(1))]["items"][int(m.group(2))]
                group = ROLE_NAMES["work"]
            else:
                entry, group = self.data[m.group(3)][int(m.group(4))], ROLE_NAMES[m.group(3)]
            f = entry["figures"][int(m.group(5))]
            what = f.get("name") or re.sub(r"\{\d+\}", "…", entry.get("text") or "")[:30]
            last = f"，上期 {f['last']}{f['unit']}" if f.get("last") is not None else ""
            qs.append(self._num_q(path, f"{what}（{f['unit']}{last}）：本期数值（只写数字）", f, "value", True, group))
        return qs

    def _num_q(self, qid: str, label: str, fig: dict, key: str, required: bool, group: str) -> Question:
        cur = fig.get(key)
        with_unit = ("unit", "value") if key == "value" else ("unit", "value", key)

        def apply(text: str) -> bool:
            if (not text or text == CLEAR) and not required:
                fig.pop(key, None)
                return False
            if not text:
                raise Invalid("此项必填")
            v = check(_FIGURE.by_key[key].type, text, qid, as_text=False)
            check_figure({**fig, key: v}, with_unit, qid.rsplit(".", 1)[0])
            if fig.get("unit") in U.COUNT_UNITS and isinstance(v, float):
                v = int(v)       # as the schema stores it: 12.0 户 is 12 户
            fig[key] = v
            return False
        hint = "" if required else "可不填，回车跳过" + ("，输入 - 清除" if cur is not None else "")
        return Question(qid, label, apply, str(cur) if cur is not None else None, hint=hint, group=group)

    def _q_headings(self) -> Question:
        """All level-1 headings in one question: `N` picks option N for its part, `N 文字` writes
        that part's heading, `-N` restores the template's; Enter keeps what is shown."""
        heads = self.data.setdefault("headings", {})
        opts: list[tuple[str, str, str]] = []         # (role, heading, note)
        for role in self.roles():
            if role in U.HEADING_ROLES and self._has(role) and role in self.headed_roles():
                opts += [(role, t, n) for t, n in self.heading_options(role)]
        defaults = {r: next(t for rr, t, _ in opts if rr == r) for r, _, _ in opts}

        def shown(k: int) -> str:
            role, t, note = opts[k]
            cur = heads.get(role) or defaults[role]
            return f"{ROLE_NAMES[role]}：{t}（{note}）" + ("  ← 当前" if t == cur else "")

        def apply(text: str) -> bool:
            if not text:
                if not heads:
                    self.data.pop("headings", None)
                return False
            m = re.fullmatch(r"(-?)\s*(\d+)\s*(.*)", wide_to_ascii(text[:4]) + text[4:], re.S)
            if not m or not 1 <= int(m.group(2)) <= len(opts):
                raise Invalid(f"请输入 1～{len(opts)} 的编号（选用这种写法），或“编号 新标题”自拟这一部分的标题，"
                              f"直接回车保留当前标题")
            role, t, _ = opts[int(m.group(2)) - 1]
            if m.group(1):
                t = defaults[role]
            elif m.group(3).strip():
                t = check(_HEADINGS_F[role].type, m.group(3).strip(), f"headings.{role}")
            # Stored only when it differs from the template's own: replays stay unchanged.
            if t == defaults[role]:
                heads.pop(role, None)
            else:
                heads[role] = t
            return True
        return Question("headings", "各部分的一级标题（回车保留当前；输入编号换用该写法，“编号 新标题”自拟）", apply, "",
                        group="一级标题", choices=[shown(k) for k in range(len(opts))],
                        intro=lambda: ["一级标题按本类材料语料中的写法（已按本期时段调整）："])

    def _q_frame(self) -> Question:
        """The kind's frame sentences in one question: Enter keeps them; `N 文字` rewrites one,
        `-N` leaves it out, `N` alone restores the mined wording."""
        elements = self.kind_info()["frame"]
        own = self.data.setdefault("frame", {})
        labels = FRAME_SLOT_LABELS

        def shown(e: dict) -> str:
            if e["id"] in own:
                return own[e["id"]] or "（不用）"
            return re.sub(r"\{\{ ([\w.]+) \}\}", lambda m: "〔" + labels.get(m.group(1), m.group(1)) + "〕", e["text"])

        def apply(text: str) -> bool:
            text = text.strip()
            if not text:
                if not own:
                    self.data.pop("frame", None)
                return False
            m = re.fullmatch(r"(-?)\s*(\d+)\s*(.*)", wide_to_ascii(text[:4]) + text[4:], re.S)
            if not m or not 1 <= int(m.group(2)) <= len(elements):
                raise Invalid(f"请输入 1～{len(elements)} 的编号加新的写法（如“2 现在，我代表……”），"
                              f"“-编号”不用这一句，直接回车保留全部")
            fid = elements[int(m.group(2)) - 1]["id"]
            if m.group(1):
                own[fid] = ""
            elif m.group(3).strip():
                own[fid] = check(U.Text(), m.group(3).strip(), f"frame.{fid}")
            else:
                own.pop(fid, None)
            return True
        return Question("frame", "框架句（回车保留全部；“编号 新写法”改写，“-编号”不用，“编号”恢复）", apply, "",
                        group="框架句", choices=[shown(e) for e in elements],
                        intro=lambda: ["以下是本类材料中反复出现的固定句子，草稿中原样出现（〔〕处自动填入本单位信息）："])

    def _q_list_role(self, role: str) -> list[Question]:
        group = ROLE_NAMES[role]
        phr = self.phrases(role)
        what = {"highlights": "特色亮点", "problems": "问题", "plans": "打算"}[role]
        scope = scope_name((self.data.get("unit") or {}).get("short"))
        intro = lambda: [f"下面填写“{group}”，每项一句话；没有可直接回车跳过。", *self._phrase_intro(phr)]
        lst = self.data.setdefault(role, [])
        qs: list[Question] = []
        for i in range(len(lst) + 1):
            kw = dict(group=group, phrases=phr, intro=intro if i == 0 else None,
                      preview=role if i == len(lst) else None)
            if role == "plans":
                qs.append(self._list_q(f"plans[{i}]", f"第{i + 1}项打算：先写小标题（可写成“小标题：具体内容”）", lst, i,
                                       plan_line, lambda text, old, i=i: self._take_plan(text, i, old), 0, what,
                                       hint="没有小标题的以“：”开头", **kw))
                if i < len(lst) and not lst[i].get("text"):
                    p = lst[i]
                    qs.append(self._text_q(f"plans[{i}].text", f"“{p.get('title')}”的具体内容（如“{scope}将……”）",
                                           lambda p=p: p.get("text"), _put(p, "text"), _PLAN.by_key["text"].type,
                                           True, group=group, phrases=phr))
            else:
                qs.append(self._list_q(f"{role}[{i}]", f"第{i + 1}项{what}（一句话）", lst, i,
                                       lambda x: x if isinstance(x, str) else item_line(x),
                                       lambda text, old, i=i: check(_F[role].type.item, text, f"{role}[{i}]"),
                                       0, what, **kw))
        return qs

    def _take_plan(self, text: str, i: int, old: dict | None) -> dict:
        title, body = split_plan(text)
        if title and body is None and old and old.get("text") and not re.search(r"[：:]", text):
            body = old["text"]          # a new title alone keeps the content it had
        plan = {}
        if title:
            plan["title"] = check(_PLAN.by_key["title"].type, title, f"plans[{i}].title")
        if body:
            plan["text"] = check(_PLAN.by_key["text"].type, body, f"plans[{i}].text")
        if not plan:
            raise Invalid("请写小标题，或“：具体内容”")
        return plan
