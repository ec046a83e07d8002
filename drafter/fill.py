"""Filling: a unit YAML and a kind's template become a draft Document (the parser's model)."""
from __future__ import annotations

import re
from pathlib import Path

from .errors import BankError, ValidationError
from .figures import Figure, describe
from .model import Document, Signature
from .normalize import match_marker, normalize_lines
from .numbering import int_to_cn, runin
from .structure import parse_outline

_TRAILING = "。；;，,、 "


def _clean(text: str) -> str:
    """User text as one line, without a numbering marker of its own (drafter numbers items)."""
    text = " ".join(str(text).split())
    mk = match_marker(text)
    if mk:
        text = mk[3]
    return re.sub(r"^(?:[一二三四五六七八九十]+是)", "", text).strip()


def item_sentence(item: dict) -> str:
    """An item's text followed by its figures with their derived wording."""
    text = _clean(item["text"]).rstrip(_TRAILING)
    parts = []
    for k, f in enumerate(item.get("figures") or []):
        clause = describe(Figure(value=f["value"], unit=f["unit"], name=f.get("name") or "",
                                 previous=f.get("previous"), target=f.get("target")))
        if k == 0 and not f.get("name"):
            text += clause  # "完成地区生产总值" + "28.6亿元，同比增长6.3%"
        else:
            parts.append(clause)
    return "，".join(p for p in [text] + parts if p)


def _sentence(text: str) -> str:
    text = _clean(text).rstrip(_TRAILING)
    return text + "。" if text else ""


def build_context(unit) -> dict:
    from .unit import to_context
    ctx = to_context(unit)
    ctx["period"]["next_year"] = unit.period.year + 1
    for s in ctx["sections"]:
        s["title"] = _clean(s["title"]).rstrip(_TRAILING)
        s["summary"] = _sentence(s["summary"]) if s.get("summary") else None
        s["sentences"] = [item_sentence(it) for it in s["items"]]
    ctx["highlights"] = [_clean(h) for h in ctx["highlights"]]
    ctx["problems"] = [_clean(p) for p in ctx["problems"]]
    ctx["plans"] = [{"title": _clean(p["title"]).rstrip(_TRAILING) if p.get("title") else None,
                     "text": (_sentence(p["text"]) if p.get("title") else _clean(p["text"]))
                     if p.get("text") else ""} for p in ctx["plans"]]
    ctx["headings"] = {k: _clean(v).rstrip(_TRAILING) if v else None for k, v in ctx["headings"].items()}
    if ctx.get("overview"):
        # the template writes the unit's short name before it: 我局 + 紧扣…, not 我局我局紧扣…
        overview = _clean(ctx["overview"]).rstrip(_TRAILING)
        short = ctx["unit"]["short"]
        if short and overview.startswith(short) and len(overview) > len(short):
            overview = overview[len(short):].lstrip("，, ")
        ctx["overview"] = overview + "。"
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
    try:
        return template.render(**build_context(unit))
    except TemplateError as e:
        raise ValidationError(f"填写模板失败：{e}", file=str(unit.source), field="kind")


def text_to_document(text: str) -> Document:
    """A rendered draft read back into the Document model: title, outline, signature."""
    lines = [ln.rstrip() for ln in text.splitlines()]
    body = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(body) < 3:
        return Document(title=lines[body[0]].strip() if body else None)
    title_i, unit_i, date_i = body[0], body[-2], body[-1]
    middle = normalize_lines(lines[title_i + 1:unit_i])
    blocks = parse_outline(middle, 0, len(middle) - 1) if middle else []
    return Document(title=lines[title_i].strip(), start_line=1, end_line=len(lines), blocks=blocks,
                    signature=Signature(lines[unit_i].strip(), lines[date_i].strip()))


def render_unit(unit, bank_dir: Path, env=None) -> Document:
    doc = text_to_document(render_text(unit, bank_dir, env))
    doc.kind = unit.kind
    return doc
