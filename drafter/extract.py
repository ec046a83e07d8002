"""`drafter extract`: a past report back into the unit YAML it was, in effect, written from.

The report is parsed by the one parser (outline, signature). The kind's template is rendered
once with marker values (⟦OV⟧ for the overview, ⟦SUP⟧ for the superior …): each line of that
probe that holds no content of its own is a pattern, so a line of the report that matches it is
the template's own wording (a default heading, a frame sentence, the leadership formula) and
its markers give the unit's words back. What the template did not write is content: level-2
headings of the work part become sections, paragraphs become items (一是…二是… or sentences)
with their figures read back (figure_text), the other parts become highlights, problems and
plans. Whatever fits no field is kept under `unplaced` with its line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .extract_fields import (_LEADERSHIP, _TAIL, _date, _name_hint, _period, _short_name, _strip_formula,
                             sentences, split_runin)
from .figure_text import Fig, inline_text, read_item
from .model import Heading, Paragraph
from .schema import MAX_TEXT, PLACEHOLDER as _PLACEHOLDER

_OPENING_SUBJECT = re.compile(r"^(?:(?:19|20)\d{2}年(?:上半年|以来|度)?，)?([\u4e00-\u9fff]{2,30}?"
                              r"(?:局|委员会|办公室|人民政府|办事处|管委会|中心))(?=[坚认深全紧围始以在按持着积聚])")
_DEPLOYMENT = re.compile(r"(?:贯彻|落实)(?:落实)?(?P<sup>[^，。；“”]{2,20}?(?:党委|党工委|政府|管委会|市委|县委|区委|省委))"
                         r"(?:的)?(?:有关|各项)?(?:决策)?(?:工作)?部署")
_LED = re.compile(r"在(?P<sup>[^，。；]{2,40}?)的?(?:正确|坚强|有力)?领导下，")
_LEAD_IN = re.compile(r"^\s*(?:——|—|来源|作者|记者|[一二三四五六七八九十]+是)|^各位[^，。]{0,12}(?:[，、][^，。]{0,6})?[：:]?$"
                      r"|我代表[^。]{0,30}(?:报告|汇报)|^[^，,]{0,30}$")
_ANNOUNCE = re.compile(r"(?:如下|以下[^。，]{0,10}(?:方面|亮点|特点|工作))[：:]?$")
MIN_BODY = 200      # characters of body text a report without an outline must have to be read as one
_MARK = {"name": "⟦UN⟧", "superior": "⟦SUP⟧", "overview": "⟦OV⟧", "problems": "⟦PR⟧"}
_CONTENT_MARKS = ("⟦ST⟧", "⟦IT⟧", "⟦HL⟧", "⟦PL⟧")



@dataclass
class Extraction:
    data: dict                              # unit YAML data, schema order
    yaml: str = ""
    body_chars: int = 0
    unplaced_chars: int = 0
    masked: int = 0                         # masked words read as empty values or 某
    figures: list[Fig] = field(default_factory=list)
    to_fill: int = 0                        # empty values (masked, or rolled forward)
    notes: list[str] = field(default_factory=list)


def _mask_words(text: str, ex: Extraction) -> str:
    """A mask that names something (XX县, xxxx年, x-x月) reads 某; amounts stay for figure_text."""
    from .masking import find_slots
    out, pos = [], 0
    for sl in find_slots(text):
        if sl.type in ("MNAME", "MDATE", "MPERIOD") or (sl.type == "MNUM" and not re.search(r"[\u4e00-\u9fff%]$", sl.text)):
            out += [text[pos:sl.start], "某"]
            pos = sl.end
            ex.masked += 1
    return "".join(out) + text[pos:]


def _braces(text: str) -> str:
    """Source braces read as full-width: {k} in a unit text is a figure reference, never the source's."""
    return text.replace("{", "｛").replace("}", "｝")


def _safe(text: str) -> str:
    """Text a unit field accepts: no masks left, no template braces."""
    text = _PLACEHOLDER.sub("某", text)
    for a, b in (("{{", "｛｛"), ("}}", "｝｝"), ("{%", "｛%"), ("%}", "%｝"), ("{#", "｛#"), ("#}", "#｝")):
        text = text.replace(a, b)
    return text.strip()


# ---------------------------------------------------------------------------------------------
# Choosing the document.

def read_document(path: str, doc: int | None):
    from .parser import parse_file
    p = Path(path)
    if not p.exists():
        raise InputError("文件不存在", file=path)
    if p.is_dir():
        raise InputError("这是一个目录；请指定一份 .docx 或 .txt 报告", file=path)
    docs = [d for d in parse_file(p) if d.blocks or d.title]
    if not docs:
        raise InputError("文件中没有文字", file=path)
    if len(docs) > 1 and doc is None:
        listing = "；".join(f"{i}. {d.title or '（无标题）'}（第{d.start_line}行）" for i, d in enumerate(docs, 1))
        raise InputError(f"这是一份材料汇编，共{len(docs)}篇，请用 --doc 编号 选择一篇：{listing}", file=path)
    n = doc or 1
    if not 1 <= n <= len(docs):
        raise InputError(f"--doc {n} 超出范围：文件中共{len(docs)}篇文档", file=path)
    d = docs[n - 1]
    body = sum(len(re.sub(r"\s", "", b.text + getattr(b, "body", ""))) for b in d.blocks)
    if not d.headings and body < MIN_BODY:
        # a note or a fragment, not a report: a report without an outline still has a body to keep
        raise InputError(f"没有找到提纲（一、（一）等标题），正文只有{body}字，不像一份工作报告；"
                         "请确认这是一份完整的工作报告", file=path)
    return d


# ---------------------------------------------------------------------------------------------
# The probe: the template rendered with markers.

def _probe_unit(kind, period, date, short):
    from .unit import Item, Plan, Section, Unit, UnitDoc
    return UnitDoc(kind=kind, unit=Unit(_MARK["name"], short, _MARK["superior"]), period=period, date=date,
                   sections=[Section("⟦ST⟧", [Item("⟦IT⟧")])], overview=_MARK["overview"],
                   highlights=["⟦HL⟧"], problems=[_MARK["problems"]], plans=[Plan(None, "⟦PL⟧")])


def _patterns(probe_text: str) -> tuple[list[re.Pattern], dict[str, str]]:
    """Line patterns of the probe, and its level-1 headings (role -> default text)."""
    from .mining.roles import heading_role
    from .normalize import match_marker
    pats, heads = [], {}
    lines = [ln.strip() for ln in probe_text.splitlines() if ln.strip()]
    for ln in lines[1:]:
        mk = match_marker(ln)
        if mk and mk[0] == 1:
            heads.setdefault(heading_role(mk[3]), mk[3])
            continue
        if any(m in ln for m in _CONTENT_MARKS) or mk:
            continue
        if len(re.findall(r"[\u4e00-\u9fff]", re.sub(r"⟦[A-Z]+⟧", "", ln))) < 4:
            continue      # a bare marker ("⟦PR⟧。") would match any sentence
        rx, k = "", 0
        for part in re.split(r"(⟦[A-Z]+⟧)", ln):
            if re.fullmatch(r"⟦[A-Z]+⟧", part):
                k += 1
                rx += f"(?P<{part[1:-1]}_{k}>.+?)"
            else:
                rx += re.escape(part)
        pats.append(re.compile(rx))
    return pats, heads


def _frame_texts(kind: dict, ctx: dict, env) -> dict[str, str]:
    out = {}
    for e in kind.get("frame") or []:
        try:
            out[e["id"]] = env.from_string(e["text"]).render(**ctx).strip()
        except Exception:    # a slot this unit lacks: the sentence cannot be recognised, only overridden
            continue
    return out


def _overview_frame(bank_dir: Path, kind_id: str) -> str | None:
    """The id of the frame sentence that carries the overview, if the template has one."""
    src = (bank_dir / "templates" / f"{kind_id}.j2").read_text("utf-8")
    for m in re.finditer(r"\{% if '([a-z_]+-\d+)' not in frame %\}(.*?)\{% elif", src):
        if "overview" in m.group(2):
            return m.group(1)
    return None


# ---------------------------------------------------------------------------------------------
# Reading the report.

class _Reader:
    def __init__(self, ex: Extraction):
        self.ex = ex
        self.unplaced: list[dict] = []

    def drop(self, line: int, text: str) -> None:
        if text.strip():
            self.unplaced.append({"line": line, "text": text.strip()})

    def fit(self, text: str, line: int) -> str:
        """One field's text within the schema's length, the rest kept as unplaced."""
        text = _safe(_mask_words(text, self.ex))
        if len(text) <= MAX_TEXT:
            return text
        self.drop(line, text[MAX_TEXT:])
        return text[:MAX_TEXT]

    def items(self, paras: list[tuple[int, str]]) -> list:
        """Items (plain text or {text, figures}) of paragraphs: run-ins split, prose by sentence."""
        out = []
        for line, p in paras:
            runin = split_runin(p)
            if runin:   # an item of several sentences is prose: each sentence read as prose
                chunks = [(x, len(sentences(c)) > 1) for c in runin for x in
                          (sentences(c) if len(sentences(c)) > 1 else [c])]
            else:
                chunks = [(x, len(sentences(p)) > 1) for x in sentences(p)]
            for chunk, split in chunks:
                chunk = _mask_words(_braces(chunk), self.ex)
                for piece in read_item(chunk, split=split):
                    for w in piece.leftover:
                        self.drop(line, w)
                    text = self.fit(piece.text, line)
                    if not text:
                        continue
                    out.append(self._with_figures(text, piece.figures, line))
        return out

    def _with_figures(self, text: str, figs: list, line: int):
        """{text, figures} (the plain text when it has none); figures past the schema's 20 stay words."""
        from .figure_text import REF
        if len(figs) > 20:
            text = REF.sub(lambda m: _safe(figs[int(m.group(1)) - 1].words) if int(m.group(1)) > 20 else m.group(0),
                           text)
            for f in figs[20:]:
                if f.words not in text:
                    self.drop(line, f.words)
            figs = figs[:20]
        for f in figs:
            f.name = _safe(f.name) if f.name else ""
        self.ex.figures += figs
        return {"text": text, "figures": [f.to_data() for f in figs]} if figs else text

    def plan(self, text: str, line: int, title: str | None = None):
        """A plan with its amounts as {k} references (targets are figures too)."""
        t, figs = inline_text(_mask_words(_braces(text), self.ex))
        t = self.fit(t, line)
        entry = self._with_figures(t, figs, line) if t else None
        if title is None:
            return entry
        if isinstance(entry, dict):
            return {"title": self.fit(title, line), **entry}
        return {"title": self.fit(title, line), "text": entry} if entry else self.fit(title, line)

    def texts(self, paras) -> list:
        """Highlights and problems: sentences as written, their amounts as {k} references."""
        out = []
        for line, p in paras:
            for x in split_runin(p) or sentences(p):
                x = self.plan(x, line)
                if x:
                    out.append(x)
        return out


def _opening_name(d) -> str:
    first = next((b.text for b in d.blocks if isinstance(b, Paragraph)), "")
    m = _OPENING_SUBJECT.match(first)
    return m.group(1) if m else ""


def _title_name(title: str) -> str:
    """The unit a title names: 某县农业农村局2024年工作总结 → 某县农业农村局."""
    t = re.sub(r"(?:19|20)\d{2}\s*年度?|上半年|下半年|全年", "", title)
    return re.sub(r"(?:关于)?(?:(?:政府|年度|年)?工作)?(?:总结|报告|计划|要点|安排|思路).*$", "", t)


def _entry_words(e) -> str:
    """An entry past the schema's limit as the report wrote it, for unplaced."""
    if isinstance(e, str):
        return e
    from .fill import with_figures
    figs = e.get("figures") or []
    text = with_figures(e["text"], figs) if all(f.get("value") is not None for f in figs) else e["text"]
    return f"{e['title']}：{text}" if e.get("title") else text


def _paras(blocks) -> list[tuple[int, str]]:
    """Paragraph texts of blocks; a deeper heading reads as its text with its inline body."""
    out = []
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append((b.line, b.text))
        else:
            out.append((b.line, b.text + (b.body if b.inline and b.body else "")))
    return out


def extract_document(d, bank=None, next_period: bool = False) -> Extraction:
    from .extract_yaml import roll_forward, to_yaml
    from .bank import bank_dir, classify_documents, load_manifest
    from .fill import build_context, environment, render_text
    from .mining.roles import heading_role
    bdir = bank_dir(bank)
    manifest = load_manifest(bank)
    classify_documents([d], bank)
    kinds = {k["id"]: k for k in manifest["kinds"]}
    kid = d.kind if d.kind in kinds else manifest["kinds"][0]["id"]
    kind = kinds[kid]
    ex = Extraction(data={})
    rd = _Reader(ex)
    all_text = "\n".join(d.text_lines())
    ex.body_chars = len(re.sub(r"\s", "", all_text))
    period, year_known = _period(d.title, all_text)
    date, date_known = _date(d.signature, period)
    sig_unit = _safe(_mask_words(d.signature.unit, ex)) if d.signature and d.signature.unit else ""
    short = _short_name(all_text, sig_unit or _name_hint(d, all_text) or _title_name(d.title or "") or _opening_name(d))
    env = environment(bdir)
    probe = render_text(_probe_unit(kid, period, date, short), bdir, env)
    pats, default_heads = _patterns(probe)

    # 1. lines the template writes itself: consumed, their markers captured
    caps: dict[str, list[str]] = {}
    consumed: set[int] = set()
    for b in d.blocks:
        if not isinstance(b, Paragraph):
            continue
        for rx in pats:
            m = rx.fullmatch(b.text)
            if m:
                consumed.add(id(b))
                for g, v in m.groupdict().items():
                    caps.setdefault(g.split("_")[0], []).append(v)
                break
    names = caps.get("UN", [])
    name = max(names, key=len) if names else sig_unit
    if not name:     # the speaker of a government report names the government
        m = re.search(r"我代表([^，。、]{2,30}?)(?:，|向)", all_text)
        name = m.group(1) if m else ""
    if not name and d.title:
        name = _title_name(d.title)
    if not name:     # the subject of the opening sentence: 平潭综合实验区市场监督管理局坚持以……
        name = _opening_name(d)
    name = _safe(_mask_words(name, ex)) or "本单位"
    superior = caps.get("SUP", [None])[0]
    overview = caps.get("OV", [None])[0]
    problems_review = caps.get("PR", [None])[0]

    from .unit import Unit, UnitDoc
    unit_ctx = build_context(UnitDoc(kind=kid, unit=Unit(name, short, superior or "上级"), period=period,
                                     date=date, sections=[]))
    frames = _frame_texts(kind, unit_ctx, env)
    ov_frame = _overview_frame(bdir, kid)
    seen_frames: set[str] = set()

    def strip_frames(text: str) -> str:
        for fid, f in frames.items():
            if f and (text.startswith(f) or text.endswith(f)) and fid != ov_frame:
                seen_frames.add(fid)
                text = text[len(f):] if text.startswith(f) else text[:-len(f)]
        return text.strip()

    # 2. parts by level-1 heading; a report without them (headings unnumbered, or none at all) is read
    # as its opening and one work part, its own subheadings its sections, else one section
    blocks = list(d.blocks)
    if not any(isinstance(b, Heading) and b.level == 1 for b in blocks):
        k = next((i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and id(b) not in consumed), len(blocks))
        line = blocks[k + 1].line if k + 1 < len(blocks) else 0
        head = [Heading(line, 1, "", default_heads.get("work") or "主要工作")]
        if not any(isinstance(b, Heading) and b.level == 2 for b in blocks[k + 1:]):
            head.append(Heading(line, 2, "", "主要工作"))
        rest = []
        if k < len(blocks) and "。" in blocks[k].text.rstrip("。"):
            # the opening paragraph: its first sentence opens, the rest is the work
            first, more = blocks[k].text.split("。", 1)
            blocks[k], rest = Paragraph(blocks[k].line, first + "。"), [Paragraph(blocks[k].line, more)]
            head = [Heading(blocks[k].line, h.level, "", h.text) for h in head]
        blocks[k + 1:k + 1] = head + rest
        ex.notes.append("原文没有提纲（一、（一）等标题）：开头一段作为总体情况，其余正文"
                        f"{'按原文小标题' if len(head) == 1 else '放在一个板块“主要工作”中'}，请按内容分成板块")
    parts: list[tuple[Heading | None, list]] = [(None, [])]
    for b in blocks:
        if isinstance(b, Heading) and b.level == 1:
            parts.append((b, []))
        elif isinstance(b, Paragraph) and id(b) in consumed:
            continue
        elif isinstance(b, Paragraph):
            t = strip_frames(b.text)
            if t:
                parts[-1][1].append(Paragraph(b.line, t))
        else:
            parts[-1][1].append(b)
    data_sections, highlights, problems, plans, headings = [], [], [], [], {}
    opening: tuple[int, str] | None = None
    late = False
    for h, blocks in parts:
        if h is None:
            ps = _paras(blocks)
            if ps and overview is None:
                # the opening is the first paragraph that says something: not a subtitle (——2026年1月
                # 25日在……会议上), a salutation or the speaker's announcement; those stay unplaced
                k = next((i for i, (_, t) in enumerate(ps) if not _LEAD_IN.search(t)), None)
                if k is not None:
                    opening = ps[k]
                    ps = ps[:k] + ps[k + 1:]
            for ln, t in ps:
                rd.drop(ln, t)
            continue
        role = next((r for r, t in default_heads.items() if t == h.text), None) or heading_role(h.text, late)
        if role in ("problems", "plans"):
            late = True
        role = "work" if role == "overview" else role
        has_subs = any(isinstance(b, Heading) and b.level == 2 for b in blocks)
        topic = len(h.text) > 24 or (role == "work" and not has_subs)   # an enumerated item, not a part title
        if topic:
            role = "work" if role not in ("problems", "plans", "highlights") or len(h.text) > 24 else role
        body = ([Paragraph(h.line, h.body.lstrip("。：:"))] if h.inline and h.body.lstrip("。：:") else []) + blocks
        if role in headings or topic:
            if role != "work":   # a second part of a role, or a long heading: its words are content
                body = [Paragraph(h.line, h.text + (h.body if h.inline else ""))] + blocks
        elif default_heads.get(role) != h.text:
            headings[role] = rd.fit(h.text, h.line)
        headings.setdefault(role, None)
        subs: list[tuple[Heading | None, list]] = [(None, [])]
        for b in body:
            if isinstance(b, Heading) and b.level == 2:
                subs.append((b, []))
            else:
                subs[-1][1].append(b)
        lead = _paras(subs[0][1])
        if role == "work":
            if len(subs) == 1:
                subs = [(None, []), (h, subs[0][1])]
                lead = []
            if lead and overview is None and opening is None:
                opening, lead = lead[0], lead[1:]
            if lead:
                # the part's own review before its first subheading: a section of its own, so its
                # figures are read like every other section's
                subs.insert(1, (Heading(lead[0][0], 2, "", "总体情况"), [Paragraph(ln, t) for ln, t in lead]))
            for sh, sb in subs[1:]:
                ps = _paras(([Paragraph(sh.line, sh.body.lstrip("。：:"))] if sh.inline and sh.body.lstrip("。：:") else []) + sb)
                sec = {"title": rd.fit(sh.text, sh.line)}
                if len(ps) >= 2 and not split_runin(ps[0][1]) and len(ps[0][1]) <= 300 \
                        and not inline_text(ps[0][1])[1]:    # a summary has no figures: one with them is an item
                    sec["summary"] = rd.fit(ps[0][1].rstrip("。"), ps[0][0])
                    ps = ps[1:]
                items = rd.items(ps) or [sec["title"]]
                for extra in items[50:]:
                    rd.drop(sh.line, _entry_words(extra))
                sec["items"] = items[:50]
                if len(data_sections) < 30:
                    data_sections.append(sec)
                else:
                    rd.drop(sh.line, sh.text)
        elif role in ("highlights", "problems"):
            ps = lead + [p for sh, sb in subs[1:] for p in _paras([sh] + sb)]
            (highlights if role == "highlights" else problems).extend(rd.texts(ps))
        else:
            for ln, t in lead:
                runin = split_runin(t)
                plans.extend(x for x in (rd.plan(x, ln) for x in (runin or sentences(t))) if x)
            after = []
            if len(subs) > 1 and all(len(_paras(sb)) <= 1 for _, sb in subs[1:-1]) and len(_paras(subs[-1][1])) > 1:
                # a draft writes one paragraph per titled plan; what follows the last is untitled plans
                after = _paras(subs[-1][1])[1:]
                subs[-1] = (subs[-1][0], [Paragraph(*_paras(subs[-1][1])[0])])
            for sh, sb in subs[1:]:
                text = "".join(t for _, t in _paras(sb)).rstrip("。")
                if sh.inline and sh.body.lstrip("。：:"):
                    text = sh.body.lstrip("。：:").rstrip("。") + ("。" + text if text else "")
                plans.append(rd.plan(text, sh.line, sh.text) if text else rd.fit(sh.text, sh.line))
            for ln, t in after:
                runin = split_runin(t)
                plans.extend(x for x in (rd.plan(x, ln) for x in (runin or sentences(t))) if x)
    if problems_review:
        problems = [rd.fit(x, 0) for x in (split_runin(problems_review + "。") or [problems_review])] + problems

    # 3. the opening sentence of a report the template's wording does not match
    frame_over: dict[str, str] = {}
    if overview is None and opening:
        ln, text = opening
        text = strip_frames(text)
        sents = text.split("。")
        cut = next((i for i, x in enumerate(sents) if i and inline_text(x)[1]), None)
        if cut is not None and len(data_sections) < 30:
            # the opening's figures (全市地区生产总值增长4.8%) are the review's: its first section, structured
            moved = [x for x in sents[cut:] if x.strip()]
            text = "。".join(sents[:cut]) + "。"
            if moved and (_ANNOUNCE.search(moved[-1]) or re.search(_TAIL, moved[-1])):
                rd.drop(ln, moved.pop())
            items = rd.items([(ln, "。".join(moved) + "。")]) if moved else []
            if items and data_sections and data_sections[0]["title"] == "总体情况":
                items += data_sections.pop(0)["items"]
            for extra in items[50:]:
                rd.drop(ln, _entry_words(extra))
            if items:
                data_sections.insert(0, {"title": "总体情况", "items": items[:50]})
        pred, sup = _strip_formula(text)
        said = pred.split("。")
        if len(said) > 1 and _ANNOUNCE.search(said[-1]):      # 工作成效主要体现在以下六个方面: the template's job
            pred = "。".join(said[:-1])
            if not ov_frame:
                rd.drop(ln, said[-1])
        overview = pred or None
        superior = superior or sup
        if ov_frame:
            tail = re.search(_TAIL, text)
            frame_over[ov_frame] = rd.fit(text[:tail.start()] if tail else text, ln)
            seen_frames.add(ov_frame)
    if not superior:
        # the leadership formula, or the superior whose deployment the opening carries out; further
        # into the body 在……指导下 names a partner, not the superior
        head = "\n".join(t for _, t in _paras(d.blocks)[:2])[:600]
        m = _LEADERSHIP.search(head) or _DEPLOYMENT.search(head) or _LED.search(all_text)
        superior = re.sub(r"^.*(?:精神|会议|思想)(?:和|及|、)", "", m.group("sup")) if m else None
    if not superior:
        superior = "上级党委、政府"
        ex.notes.append("原文没有写明上级领导机关，unit.superior 暂填“上级党委、政府”，请改正")
    superior = _safe(_mask_words(superior, ex))
    if overview:
        overview = rd.fit(overview, opening[0] if opening else 0)

    data = {"kind": kid, "unit": {"name": name, "short": short, "superior": superior},
            "period": {"year": period.year, "span": period.span}, "date": date}
    if not year_known:
        ex.notes.append(f"标题中没有年份，period.year 按正文推断为 {period.year}，请核对")
    if not date_known:
        ex.notes.append("原文没有成文日期，date 暂按时段末填写，请改正")
    data["overview"] = overview
    if not data_sections:
        data_sections = [{"title": "主要工作", "items": [overview or "（请填写）"]}]
        ex.notes.append("没有找到“主要工作”部分的小标题，sections 中只放了一个待改写的板块")
    data["sections"] = data_sections
    for key, values in (("highlights", highlights), ("problems", problems), ("plans", plans)):
        for extra in values[50:]:       # the schema's limit: the rest is kept, not dropped
            rd.drop(0, _entry_words(extra))
        data[key] = values[:50] or None
    data["headings"] = {k: v for k, v in headings.items() if v} or None
    if sig_unit and sig_unit != name:
        data["signature"] = {"unit": sig_unit}

    # 4. frame sentences the draft would write that the report does not have: left out
    draft = _render_plain(data, frame_over, bdir, env)
    for fid, f in frames.items():
        if fid not in seen_frames and f and f in draft and f not in all_text:
            frame_over.setdefault(fid, "")
    data["frame"] = frame_over or None
    draft = _render_plain(data, frame_over, bdir, env)
    title_default = next((ln.strip() for ln in draft.splitlines() if ln.strip()), "")
    if d.title and _safe(_mask_words(d.title, ex)) != title_default:
        data["title"] = rd.fit(d.title, d.start_line)
    if rd.unplaced:
        data["unplaced"] = rd.unplaced
    ex.unplaced_chars = sum(len(u["text"]) for u in rd.unplaced)
    order = ["kind", "unit", "period", "date", "title", "output", "overview", "sections", "highlights", "problems",
             "plans", "headings", "frame", "signature", "unplaced"]
    ex.data = {k: data[k] for k in order if data.get(k) is not None}
    if next_period:
        roll_forward(ex, manifest["kinds"])
    ex.to_fill = sum(1 for s in ex.data["sections"] for it in s["items"] if isinstance(it, dict)
                     for f in it["figures"] if f.get("value") is None)
    ex.yaml = to_yaml(ex)
    return ex


def _render_plain(data: dict, frame: dict, bdir, env) -> str:
    """The draft `data` gives, empty values standing in as 1 (only to compare wording)."""
    from .fill import render_text
    from .unit import FigureSpec, Item, Period, Plan, Section, Unit, UnitDoc
    def _spec(f):
        return FigureSpec(f.get("name"), 1 if f.get("value") is None else f["value"], f["unit"], f.get("previous"),
                          f.get("target"))
    def _entry(e):
        return e if isinstance(e, str) else Item(e["text"], [_spec(f) for f in e["figures"]])
    secs = [Section(s["title"], [Item(it) if isinstance(it, str) else Item(it["text"], [_spec(f) for f in it["figures"]])
                                 for it in s["items"]], s.get("summary"))
            for s in data["sections"]]
    u = UnitDoc(kind=data["kind"], unit=Unit(**data["unit"]), period=Period(**data["period"]), date=data["date"],
                sections=secs, title=data.get("title"), overview=data.get("overview"),
                highlights=[_entry(h) for h in data.get("highlights") or []],
                problems=[_entry(p) for p in data.get("problems") or []],
                plans=[Plan(None, p) if isinstance(p, str) else
                       Plan(p.get("title"), p["text"], [_spec(f) for f in p.get("figures") or []])
                       for p in data.get("plans") or []],
                headings=data.get("headings") or {}, frame=frame,
                signature_unit=(data.get("signature") or {}).get("unit", ""))
    return render_text(u, bdir, env)


def extract_file(path: str, out: str | None = None, doc: int | None = None, next_period: bool = False,
                 force: bool = False, bank=None) -> tuple[Extraction, Path]:
    """Read REPORT, write the unit YAML; nothing is written if anything fails."""
    from .bank import known_kinds
    from .errors import OutputError
    from .output import atomic_write, check_writable
    from .unit import parse_unit
    src = Path(path)
    target = Path(out) if out else src.with_suffix(".yaml")
    if out and target.suffix.lower() not in (".yaml", ".yml"):
        raise OutputError("输出文件应以 .yaml 结尾", file=str(target))
    check_writable(target, force)
    d = read_document(path, doc)
    ex = extract_document(d, bank, next_period)
    parse_unit(ex.yaml, str(target), known_kinds(bank), allow_empty=True)   # what we write validates
    atomic_write(target, ex.yaml.encode("utf-8"), force=force)
    return ex, target
