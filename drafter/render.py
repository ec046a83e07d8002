"""Batch rendering: unit YAMLs → drafts. Everything is validated before anything is written."""
from __future__ import annotations

from pathlib import Path

from .bank import bank_dir, known_kinds
from .errors import DrafterError, OutputError, template_error


def output_path(unit_path: Path, unit, out: str | None, fmt: str | None, many: bool) -> tuple[Path, str]:
    from .output import plan_output
    return plan_output(out, fmt, stem=unit.output or unit_path.stem, default_dir=unit_path.parent, many=many)


def render_batch(units, out, fmt, force, layout_path, bank, reference=None) -> list[dict]:
    """`reference`: a writers.reference.Reference (a unit's .docx as the frame of docx drafts)."""
    from .fill import environment, render_unit
    from .layout import load_layout
    from .output import check_writable, nearest_dir, plan_output, probe_dir
    from .unit import load_unit
    from .writers import write
    bdir = bank_dir(bank)
    kinds = known_kinds(bank)
    layout = load_layout(Path(layout_path)) if layout_path else None
    if out:     # -o itself, before any input is read: its meaning, and that it can be written
        target, _ = plan_output(out, fmt, stem="x", default_dir=Path("."), many=len(units) > 1)
        probe_dir(nearest_dir(target), Path(out))
    env = environment(bdir)
    from .check import Context
    reviewer = Context(bank, layout_path)
    results, planned = [], set()
    for u in units:
        rec = {"input": u, "output": None, "error": None, "warnings": []}
        results.append(rec)
        try:
            unit = load_unit(Path(u), kinds)
            path, f = output_path(Path(u), unit, out, fmt, len(units) > 1)
            if path in planned:
                raise OutputError("与同批另一个输入的输出文件重名", file=str(path))
            planned.add(path)
            rec["output"] = path
            check_writable(path, force)
            doc = render_unit(unit, bdir, env)
            if f == "docx" and layout is None:
                layout = load_layout(None)   # the default profile: parsed once per batch, not per draft
            write(doc, path, f, layout=layout, force=force, reference=reference)
            if layout is not None:
                reviewer.use_layout(layout)
            rec["warnings"] = review(path, unit, reviewer)
        except DrafterError as e:
            rec["error"] = str(e)
    return results


def review(path: Path, unit, ctx) -> list:
    """The error findings of `drafter check` on a draft just written: shown, never fatal."""
    from .check import check_file
    try:
        return [f for f in check_file(path, unit, ctx) if f.is_error]
    except DrafterError:
        return []


def check_templates(bdir: Path, kinds) -> None:
    """Compile every kind's template: a syntax error is reported before any question or work."""
    import jinja2
    from .fill import environment
    env = environment(bdir)
    for kid in kinds:
        try:
            env.get_template(f"{kid}.j2")
        except jinja2.TemplateNotFound:
            continue       # reported, with the kind, when that kind is used
        except jinja2.TemplateError as e:
            raise template_error(e, bdir / "templates") from None
