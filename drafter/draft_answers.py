"""Answers of `drafter draft` as data: each typed answer checked with the unit schema, partial
answers files read leniently and written with a resume cursor, output paths planned before the
first question, and the finished answers written and rendered."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from . import unit as U
from .errors import ValidationError

BACK = "<"          # at any prompt: return to the previous question
CLEAR = "-"         # clear an optional value, or delete an existing list entry
# What a Chinese input method types for the same keys.
WIDE_KEYS = {"＜": BACK, "－": CLEAR}
PROGRESS_TAG = "# drafter-draft-progress:"   # marks a partial answers file and where it stopped
_MARK = yaml.Mark("answer", 0, 0, 0, None, None)
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_FIGURE = U.SCHEMA.by_key["sections"].type.item.by_key["items"].type.item.mapping.by_key["figures"].type.item


class Invalid(Exception):
    """An answer that cannot be taken; the message (Chinese) is shown and the question re-asked."""

    def __init__(self, message: str, goto: str | None = None):
        super().__init__(message)
        self.goto = goto      # re-ask this question instead (a finished draft that fails the schema)



# ---------------------------------------------------------------------------------------------
# Checking one answer with the schema.

def _ctx(known_kinds=None):
    return U._Ctx("", known_kinds)


def _node(text: str, as_text: bool) -> ScalarNode:
    # Text answers are always strings (user text is data); numbers and dates are resolved as a
    # plain YAML scalar would be, so the schema's number rules (no octal, no 1,234 …) apply.
    tag = _STR if as_text else Resolver().resolve(ScalarNode, text, (True, False))
    return ScalarNode(tag, text, _MARK, _MARK)


def is_back(raw: str) -> bool:
    return WIDE_KEYS.get(raw.strip(), raw.strip()) == BACK


def check(ftype: Any, text: str, path: str, as_text: bool = True, known_kinds=None) -> Any:
    if not as_text or isinstance(ftype, U.Date):
        from .normalize import to_ascii_digits
        # full-width digits and signs from an input method
        text = to_ascii_digits(text).replace("．", ".").replace("－", "-").replace("／", "/")
    try:
        return ftype.check(_node(text, as_text), path, _ctx(known_kinds))
    except ValidationError as e:
        raise Invalid(e.message) from None


def _num_text(v: Any) -> str:
    return str(v)


def check_figure(fig: dict, keys: tuple[str, ...], path: str) -> None:
    """The figure rules that need several fields (count units are integers, signs, targets)."""
    pairs = []
    for k in keys:
        if fig.get(k) is None:
            continue
        v = fig[k]
        pairs.append((ScalarNode(_STR, k, _MARK, _MARK),
                      _node(v if isinstance(v, str) else _num_text(v), as_text=isinstance(v, str))))
    try:
        _FIGURE.check(MappingNode(_MAP, pairs, _MARK, _MARK), path, _ctx())
    except ValidationError as e:
        raise Invalid(e.message) from None


# ---------------------------------------------------------------------------------------------
# Answers as data: partial files, lenient reading.

def _plain(data: dict) -> dict:
    """Answers -> unit YAML data in schema key order, in the short forms people write."""
    out: dict = {}
    for key in U.SCHEMA.by_key:
        v = data.get(key)
        if key == "sections" and v:
            secs = []
            for s in v:
                items = []
                for it in s.get("items") or []:
                    figs = [{k: f[k] for k in ("name", "value", "unit", "previous", "target") if f.get(k) is not None}
                            for f in it.get("figures") or []]
                    figs = [f for f in figs if f]
                    if it.get("text") is not None and not figs:
                        items.append(it["text"])
                    elif it.get("text") is not None or figs:
                        items.append({k: x for k, x in (("text", it.get("text")), ("figures", figs)) if x})
                secs.append({k: x for k, x in (("title", s.get("title")), ("summary", s.get("summary")),
                                                  ("items", items)) if x})
            v = secs
        elif key == "plans" and v:
            v = [p["text"] if p.get("title") is None and p.get("text") is not None else
                 {k: p[k] for k in ("title", "text") if p.get(k) is not None} for p in v]
        elif isinstance(v, dict):
            v = {k: x for k, x in v.items() if x not in (None, "")}
        if v not in (None, "", [], {}):
            out[key] = v
    return out


def answers_yaml(data: dict) -> str:
    return U._dump(_plain(data)) if _plain(data) else "{}\n"


def _lenient(ftype: Any, node: Node, path: str, ctx, notes: list[str]) -> Any:
    """What of `node` passes the schema, field by field; the rest is noted and left to ask."""
    def note(e: ValidationError | str, where: str = path) -> None:
        notes.append(f"{where}：{e.message if isinstance(e, ValidationError) else e}")

    if U._is_null(node):
        return None
    if isinstance(ftype, U.Mapping):
        if not isinstance(node, MappingNode):
            note("应为键值对，已忽略")
            return None
        out, nodes = {}, {}
        for knode, vnode in node.value:
            key = getattr(knode, "value", None)
            f = ftype.by_key.get(key) if isinstance(key, str) else None
            if f is None:
                note(f"未知字段“{key}”，已忽略", U._join(path, str(key)))
                continue
            v = _lenient(f.type, vnode, U._join(path, key), ctx, notes)
            if v not in (None, ""):
                out[key], nodes[key] = v, vnode
        if ftype.post:
            for _ in range(len(out) + 1):          # drop the offending field until the rest passes
                try:
                    ftype.post({f.key: out.get(f.key) for f in ftype.fields}, nodes, path, ctx)
                    break
                except ValidationError as e:
                    note(e, e.field or path)
                    bad = (e.field or "").rsplit(".", 1)[-1]
                    if bad not in out:
                        break
                    del out[bad]
        return out
    if isinstance(ftype, U.ListOf):
        if not isinstance(node, SequenceNode):
            note("应为列表，已忽略")
            return None
        vals = (_lenient(ftype.item, n, f"{path}[{i}]", ctx, notes) for i, n in enumerate(node.value))
        return [v for v in vals if v not in (None, "", {})]
    if isinstance(ftype, U.TextOr):
        if isinstance(node, MappingNode):
            return _lenient(ftype.mapping, node, path, ctx, notes)
        return _lenient(U.Text(), node, path, ctx, notes)
    try:
        return ftype.check(node, path, ctx)
    except ValidationError as e:
        note(e)
        return None


def load_answers(path: Path, known_kinds: dict[str, str]) -> tuple[dict, str | None, list[str]]:
    """A unit YAML or a partial answers file -> (answers, resume cursor or None, notes)."""
    name = str(path)
    text, size = U.read_unit_file(path)
    if size > U.MAX_FILE_BYTES:
        raise ValidationError("文件过大，单位资料文件最大 1 MB", file=name, line=1)
    m = re.search(r"^" + re.escape(PROGRESS_TAG) + r"\s*(\S+)\s*$", text, re.M)
    progress = m.group(1) if m else None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)     # nodes only: nothing is constructed
    except yaml.YAMLError as e:
        raise U._syntax_error(e, text, name) from None
    except RecursionError:
        raise ValidationError("YAML 嵌套层次过深", file=name, line=1) from None
    notes: list[str] = []
    if root is None:
        return {}, progress, notes
    if not isinstance(root, MappingNode):
        raise ValidationError("文件顶层应为键值对（kind: …、unit: … 等字段）", file=name, line=1)
    data = _lenient(U.SCHEMA, root, "", U._Ctx(name, known_kinds), notes) or {}
    for s in data.get("sections") or []:
        s["items"] = [{"text": it} if isinstance(it, str) else it for it in s.get("items") or []]
    data["plans"] = [{"text": p} if isinstance(p, str) else p for p in data.get("plans") or []]
    return data, progress, notes


# ---------------------------------------------------------------------------------------------
# Output paths: decided, and checked, before the first question.

@dataclass
class Outputs:
    draft: Path
    fmt: str
    answers: Path
    force: bool


def plan_outputs(unit_path: Path | None, out: str | None, fmt: str | None, force: bool,
                 resuming: bool = False) -> Outputs:
    """Where the draft and the answers go. Raises OutputError (exit 2) if either may not be written.

    The answers go beside the draft as `<stem>.answers.yaml`. They may replace an existing file
    without --force only when that file is the partial answers file being resumed.
    """
    from .output import check_writable
    from .writers import FORMATS, format_for
    if out:
        p = Path(out)
        if p.is_dir():
            stem = _stem(unit_path) if unit_path else "草稿"
            p = p / f"{stem}.{fmt or 'docx'}"
        elif p.suffix.lower().lstrip(".") in (*FORMATS, "markdown", "text"):
            fmt = fmt or format_for(p)
        else:
            p = p.with_name(f"{p.name}.{fmt or 'docx'}")
    else:
        p = (unit_path.parent / f"{_stem(unit_path)}.{fmt or 'docx'}") if unit_path else Path(f"草稿.{fmt or 'docx'}")
    fmt = fmt or format_for(p)
    answers = p.with_name(f"{p.stem}.answers.yaml")
    check_writable(p, force)
    same_as_input = unit_path is not None and answers.resolve() == Path(unit_path).resolve()
    if not (same_as_input and resuming):
        if same_as_input and not force:
            raise OutputError("回答文件会覆盖输入的单位资料，未覆盖；请用 -o 指定其他草稿路径，或加 --force",
                              file=str(answers))
        check_writable(answers, force)
    return Outputs(p, fmt, answers, force)


def _stem(path: Path) -> str:
    stem = Path(path).stem
    return stem[:-len(".answers")] if stem.endswith(".answers") and len(stem) > 8 else stem


def save_partial(session: "Session", outputs: Outputs) -> None:
    """The answers so far, atomically, with the cursor to resume from."""
    from .output import atomic_write
    q = session.current()
    where = q.id if q else "finish"
    text = (f"# 单位资料：drafter draft 未完成的回答（{dt.date.today().isoformat()}）\n"
            f"# 继续起草：drafter draft {outputs.answers} -o {outputs.draft}\n"
            f"{PROGRESS_TAG} {where}\n" + answers_yaml(session.data))
    atomic_write(outputs.answers, text.encode("utf-8"), force=True)   # permission checked at start


def finish(session: "Session", outputs: Outputs):
    """Validate the complete answers, write the answers YAML, then the draft. Returns the UnitDoc."""
    from .fill import render_unit
    from .output import atomic_write
    from .writers import write
    unit = session.unit(str(outputs.answers))
    text = U.dump_unit(unit)
    # Render from the text written, so that `drafter render` of the answers gives the same draft.
    unit = U.parse_unit(text, str(outputs.answers), session.kinds)
    doc = render_unit(unit, session.bdir)
    atomic_write(outputs.answers, text.encode("utf-8"), force=True)
    write(doc, outputs.draft, outputs.fmt, force=outputs.force)
    return unit
