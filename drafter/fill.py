"""Filling: a unit YAML and a kind's template become a draft Document (the parser's model)."""
from __future__ import annotations

import re
from pathlib import Path

from .errors import BankError, ValidationError, template_error
from .figures import Figure, describe
from .model import Document, Signature
from .normalize import match_marker, normalize_lines
from .numbering import int_to_cn, runin
from .structure import parse_outline

_TRAILING = "。；;，,、 "
_DATE_LINE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")


def clean_text(text: str) -> str:
    """User text as one line, without a numbering marker of its own (drafter numbers items)."""
    text = " ".join(str(text).split())
    mk = match_marker(text)
    if mk:
        text = mk[3]
    return re.sub(r"^(?:[一二三四五六七八九十]+是)", "", text).strip()


_REF = re.compile(r"\{(\d{1,2})\}")     # {k} in a text: the k-th figure's words stand there


def figure_clause(f: dict, named: bool = True) -> str:
    return describe(Figure(value=f["value"], unit=f["unit"], name=(f.get("name") or "") if named else "",
                           previous=f.get("previous"), target=f.get("target")))


def with_figures(text: str, figures: list[dict]) -> str:
    """A text with its figures: each {k} becomes the k-th figure's words (amount, change, progress;
    its name is the text around it), the figures not referenced follow the text as clauses."""
    used: set[int] = set()

    def clause(piece: str) -> str:
        after: list[str] = []      # change and progress words close the clause the amount stands in

        def ref(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            if not 0 <= k < len(figures):      # the schema refuses this; text as written otherwise
                return m.group(0)
            used.add(k)
            amount, *more = figure_clause(figures[k], named=False).split("，")
            after.extend(more)
            return amount
        return _REF.sub(ref, piece) + "".join("，" + w for w in after)
    if figures and _REF.search(text):
        text = "".join(clause(x) for x in re.split(r"([，,；;。！？])", text))
    parts = []
    for n, f in enumerate(f for k, f in enumerate(figures) if k not in used):
        clause = figure_clause(f)
        if n == 0 and not f.get("name"):
            text += clause  # "完成地区生产总值" + "28.6亿元，同比增长6.3%"
        else:
            parts.append(clause)
    return "，".join(p for p in [text] + parts if p)


def item_sentence(item: dict) -> str:
    """An item's text followed by its figures with their derived wording."""
    return with_figures(clean_text(item["text"]).rstrip(_TRAILING), item.get("figures") or [])


def _sentence(text: str) -> str:
    text = clean_text(text).rstrip(_TRAILING)
    return text + "。" if text else ""


# What an organisation's name ends in: the place is what comes before it.
_ORG_TAIL = re.compile(r"(?:人民政府|政府|办事处|管理委员会|管委会|委员会|党委|党工委)$")
_AREA = re.compile(r"[\u4e00-\u9fff]+?(?:街道|镇|乡|区|县|市|州|盟|旗)$")
# A subject the overview may open with, which the template has written already.
_SUBJECT = re.compile(r"^(?:我们|我[\u4e00-\u9fff]{1,2}?(?=[在坚紧认全深始以围按持])|全(?:镇|乡|街道|区|县|市|局)上下|"
                      r"[\u4e00-\u9fff]{0,10}?(?:镇|乡|街道)?(?:人民政府|政府|办事处))")


def place_of(name: str) -> str:
    """The place a unit's name stands for: 临川县青石镇人民政府 → 青石镇, 青山县民政局 → 青山县."""
    base = _ORG_TAIL.sub("", name)
    parts = re.findall(r"[\u4e00-\u9fff]+?(?:街道|镇|乡|区|县|市|州|盟|旗)", base)
    if not parts:
        return base or name
    if base.endswith(parts[-1]):
        return parts[-1]
    return parts[-1]


def scope_of(short: str) -> str:
    """我镇 → 全镇, 我街道 → 全街道, 我局 → 全局: a unit's whole area or staff."""
    return "全" + short[1:] if short.startswith("我") and len(short) > 1 else "全体"


def build_context(unit) -> dict:
    from .unit import to_context
    ctx = to_context(unit)
    ctx["period"]["next_year"] = unit.period.year + 1
    p = unit.period
    ctx["period"]["span_words"] = p.span if p.span != "全年" else f"{p.year}年"
    ctx["unit"]["place"] = place_of(unit.unit.name)
    ctx["unit"]["scope"] = scope_of(unit.unit.short)
    for s in ctx["sections"]:
        s["title"] = clean_text(s["title"]).rstrip(_TRAILING)
        s["summary"] = _sentence(s["summary"]) if s.get("summary") else None
        s["sentences"] = [item_sentence(it) for it in s["items"]]
    for role in ("highlights", "problems"):
        ctx[role] = [clean_text(h if isinstance(h, str) else with_figures(h["text"], h["figures"])) for h in ctx[role]]
    ctx["plans"] = [{"title": clean_text(p["title"]).rstrip(_TRAILING) if p.get("title") else None,
                     "text": (_sentence(with_figures(p["text"], p.get("figures") or [])) if p.get("title")
                              else clean_text(with_figures(p["text"], p.get("figures") or [])))
                     if p.get("text") else ""} for p in ctx["plans"]]
    ctx["headings"] = {k: clean_text(v).rstrip(_TRAILING) if v else None for k, v in ctx["headings"].items()}
    if ctx.get("overview"):
        # the template writes the unit's short name before it: 我局 + 紧扣…, not 我局我局紧扣…
        overview = clean_text(ctx["overview"]).rstrip(_TRAILING)
        # whatever subject it opens with (我局, 镇政府, 全镇上下): 我镇镇政府 never
        for subject in (ctx["unit"]["short"], ctx["unit"]["name"], ctx["unit"]["place"]):
            if subject and overview.startswith(subject) and len(overview) > len(subject):
                overview = overview[len(subject):].lstrip("，, ")
        m = _SUBJECT.match(overview)
        if m and len(overview) > m.end() + 2:
            overview = overview[m.end():].lstrip("，, ")
        ctx["overview"] = overview + "。"
    ctx["frame"] = {k: (_sentence(v) if v else "") for k, v in (unit.frame or {}).items()}
    return ctx


def environment(bank_dir: Path):
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment
    env = SandboxedEnvironment(loader=FileSystemLoader(str(bank_dir / "templates")),
                               undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.globals.update(cn=int_to_cn, runin=runin)
    return env


def render_text(unit, bank_dir: Path, env=None) -> str:
    from jinja2 import TemplateError, TemplateNotFound
    env = env or environment(bank_dir)
    try:
        template = env.get_template(f"{unit.kind}.j2")
    except TemplateNotFound:
        raise BankError(f"模板库中没有类型“{unit.kind}”的模板", file=str(bank_dir / "templates"))
    source = env.loader.get_source(env, f"{unit.kind}.j2")[0]
    for fid in unit.frame or {}:
        if f"'{fid}' not in frame" not in source:
            raise ValidationError(f"类型“{unit.kind}”的模板中没有编号为“{fid}”的框架句（可用 drafter init {unit.kind} 查看）",
                                  file=str(unit.source), field=f"frame.{fid}")
    try:
        return template.render(**build_context(unit))
    except TemplateError as e:     # the template's fault, by file and line: never the unit's
        raise template_error(e, bank_dir / "templates") from None


def text_to_document(text: str) -> Document:
    """A rendered draft read back into the Document model: title, outline, signature."""
    lines = [ln.rstrip() for ln in text.splitlines()]
    body = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(body) < 3:
        return Document(title=lines[body[0]].strip() if body else None)
    title_i, unit_i, date_i = body[0], body[-2], body[-1]
    # a kind without a signature block (a speech) ends on its closing paragraph, not a date
    signed = bool(_DATE_LINE.fullmatch(lines[date_i].strip()))
    end = unit_i if signed else date_i + 1
    middle = normalize_lines(lines[title_i + 1:end])
    blocks = parse_outline(middle, 0, len(middle) - 1) if middle else []
    return Document(title=lines[title_i].strip(), start_line=1, end_line=len(lines), blocks=blocks,
                    signature=Signature(lines[unit_i].strip(), lines[date_i].strip()) if signed else None)


def render_unit(unit, bank_dir: Path, env=None) -> Document:
    doc = text_to_document(render_text(unit, bank_dir, env))
    doc.kind = unit.kind
    return doc
