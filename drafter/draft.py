"""Interactive drafting (`drafter draft`): the interview as data, apart from how it is asked.

A `Session` holds the answers (plain data in the unit YAML's shape) and a cursor. The questions
are regenerated from the answers after every step, so list loops ("add another section?") need
no state of their own: after the last item of a list comes an "end" question whose empty answer
closes the list. Every question has a stable id that is also the schema's field path
(`sections[0].items[1].figures[0].value`), which lets a saved cursor resume a partial answers
file and lets a schema error point back at the question to re-ask.

Each answer is checked with the schema's own field types (`drafter.unit.SCHEMA`) as it is
entered; the finished answers go through `parse_unit`, so the answers YAML `dump_unit` writes is
exactly what `drafter render` reads. Terminal I/O lives in `draft_ui.py`; nothing here prompts.
"""
from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from . import unit as U
from .bank import bank_dir, load_manifest, resolve_kind
from .errors import BankError, OutputError, ValidationError
from .lookup import SLOT, SLOT_LABELS, load_index

__all__ = ["Session", "Question", "Invalid", "is_back", "Outputs", "plan_outputs", "load_answers", "finish",
           "save_partial", "BACK", "CLEAR", "PROGRESS_TAG"]

BACK = "<"          # at any prompt: return to the previous question
CLEAR = "-"         # clear an optional value, or delete an existing list entry
# What a Chinese input method types for the same keys.
_WIDE = {"＜": BACK, "－": CLEAR}
PROGRESS_TAG = "# drafter-draft-progress:"   # marks a partial answers file and where it stopped
ROLE_NAMES = {"work": "主要工作", "highlights": "特色亮点", "problems": "存在问题", "plans": "下一步打算"}
_LEVEL1 = re.compile(r"^[一二三四五六七八九十]+、")
# The template's section heading: `{% if headings.work %}{{ headings.work }}{% else %}DEFAULT{% endif %}`.
_HEADING_RX = re.compile(r"\{% if headings\.(\w+) %\}\{\{ headings\.\1 \}\}\{% else %\}(.*?)\{% endif %\}")
_MARK = yaml.Mark("answer", 0, 0, 0, None, None)
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"

# Schema field types, looked up once: each answer is checked with the very type the file is.
_F = U.SCHEMA.by_key
_UNIT_F = _F["unit"].type.by_key
_PERIOD_F = _F["period"].type.by_key
_SECTION = _F["sections"].type.item
_ITEM = _SECTION.by_key["items"].type.item.mapping
_FIGURE = _ITEM.by_key["figures"].type.item
_PLAN = _F["plans"].type.item.mapping
_HEADINGS_F = _F["headings"].type.by_key


class Invalid(Exception):
    """An answer that cannot be taken; the message (Chinese) is shown and the question re-asked."""

    def __init__(self, message: str, goto: str | None = None):
        super().__init__(message)
        self.goto = goto      # re-ask this question instead (a finished draft that fails the schema)


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
    return _WIDE.get(raw.strip(), raw.strip()) == BACK


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
    replace_answers: bool = False   # the answers file may be replaced: --force, or it is the one resumed


def plan_outputs(unit_path: Path | None, out: str | None, fmt: str | None, force: bool,
                 resuming: bool = False) -> Outputs:
    """Where the draft and the answers go. Raises OutputError (exit 2) if either may not be written.

    The answers go beside the draft as `<stem>.answers.yaml`. They may replace an existing file
    without --force only when that file is the partial answers file being resumed.
    """
    from .output import check_writable, plan_output
    stem = _stem(unit_path) if unit_path else "草稿"
    p, fmt = plan_output(out, fmt, stem=stem, default_dir=unit_path.parent if unit_path else Path("."))
    answers = p.with_name(f"{p.stem}.answers.yaml")
    check_writable(p, force, need=_ROOM)
    same_as_input = unit_path is not None and answers.resolve() == Path(unit_path).resolve()
    if not (same_as_input and resuming):
        if same_as_input and not force:
            raise OutputError("回答文件会覆盖输入的单位资料，未覆盖；请用 -o 指定其他草稿路径，或加 --force",
                              file=str(answers))
        check_writable(answers, force)
    return Outputs(p, fmt, answers, force, replace_answers=force or (same_as_input and resuming))


_ROOM = 256 * 1024     # free space a draft and its answers need, checked before the first question


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
    # checked at the start; created exclusively unless it is the file being resumed (or --force)
    atomic_write(outputs.answers, text.encode("utf-8"), force=outputs.replace_answers)


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
    atomic_write(outputs.answers, text.encode("utf-8"), force=outputs.replace_answers)
    write(doc, outputs.draft, outputs.fmt, force=outputs.force)
    return unit


# ---------------------------------------------------------------------------------------------
# The session.

class Session:
    def __init__(self, bank: str | Path | None = None, data: dict | None = None, kind: str | None = None,
                 progress: str | None = None, notes: list[str] | None = None, today: dt.date | None = None):
        self.bdir = bank_dir(bank)
        self.manifest = load_manifest(bank)
        self.kinds = {k["id"]: k["name"] for k in self.manifest["kinds"]}
        self.data: dict = copy.deepcopy(data or {})
        self.notes = notes or []
        self.today = today or dt.date.today()
        self.fixed_kind = False
        if kind:
            self.data["kind"] = resolve_kind(kind, bank, field=None)[0]
            self.fixed_kind = True      # given on the command line: not asked
        self._templates: dict[str, str] = {}
        self._phrases: list[dict] | None = None
        ids = [q.id for q in self.questions()]
        # A saved cursor the questions no longer have (the file was edited): start from the top.
        self.pos: str | None = progress if progress in ids else ids[0]
        self.resuming = progress is not None

    @classmethod
    def from_file(cls, path: Path | None, bank=None, kind: str | None = None) -> "Session":
        kinds = {k["id"]: k["name"] for k in load_manifest(bank)["kinds"]}
        data, progress, notes = load_answers(path, kinds) if path else ({}, None, [])
        return cls(bank, data, kind, progress, notes)

    # -- navigation ------------------------------------------------------------------------------

    def current(self) -> Question | None:
        if self.pos is None:
            return None
        return next((q for q in self.questions() if q.id == self.pos), None)

    @property
    def done(self) -> bool:
        return self.pos is None

    def answer(self, raw: str) -> None:
        """Take an answer to the current question; raises Invalid (nothing changes) to re-ask."""
        q = self.current()
        if q is None:
            return
        text = raw.strip()
        text = _WIDE.get(text, text)
        if not text and q.default is not None:
            text = q.default
        try:
            stay = q.apply(text)
        except Invalid as e:
            if e.goto:
                ids = [x.id for x in self.questions()]
                self.pos = next((i for i in (e.goto, e.goto + ".text") if i in ids), self.pos)
            raise
        if stay:
            return
        ids = [x.id for x in self.questions()]
        i = ids.index(q.id)
        self.pos = ids[i + 1] if i + 1 < len(ids) else None

    def back(self) -> bool:
        ids = [q.id for q in self.questions()]
        i = ids.index(self.pos) if self.pos in ids else len(ids)
        if i == 0:
            return False
        self.pos = ids[i - 1]
        return True

    def run(self, answers: list[str]) -> None:
        """Drive the session with a list of lines, as piped input would (for tests and scripts)."""
        for a in answers:
            if self.done:
                return
            if is_back(a):
                self.back()
            else:
                self.answer(a)

    # -- the bank ---------------------------------------------------------------------------------

    def kind_info(self) -> dict | None:
        return next((k for k in self.manifest["kinds"] if k["id"] == self.data.get("kind")), None)

    def template_source(self, kind: str) -> str:
        if kind not in self._templates:
            try:
                self._templates[kind] = (self.bdir / "templates" / f"{kind}.j2").read_text("utf-8")
            except OSError:
                self._templates[kind] = ""
        return self._templates[kind]

    def roles(self) -> list[str]:
        """The template's section roles, in the order the draft has them."""
        src = self.template_source(self.data.get("kind", ""))
        seen: list[str] = []
        for m in _HEADING_RX.finditer(src):
            if m.group(1) in U.HEADING_ROLES and m.group(1) not in seen:
                seen.append(m.group(1))
        # a kind whose problems close its review part has no heading for them, but asks for them
        if "problems" not in seen and "runin(problems)" in src:
            seen.insert(seen.index("plans") if "plans" in seen else len(seen), "problems")
        return seen or ["work"]

    def _period_ctx(self) -> dict | None:
        p = self.data.get("period") or {}
        if p.get("year") is None or not p.get("span"):
            return None
        per = U.Period(p["year"], p["span"])
        return {"year": per.year, "span": per.span, "label": per.label, "next_label": per.next_label,
                "next_year": per.year + 1}

    def default_heading(self, role: str) -> str:
        """The template's own heading for `role` with the current period, as the draft shows it."""
        from .fill import environment
        m = next((m for m in _HEADING_RX.finditer(self.template_source(self.data.get("kind", "")))
                  if m.group(1) == role), None)
        per = self._period_ctx()
        if m is None or per is None:
            return ROLE_NAMES[role]
        try:
            return environment(self.bdir).from_string(m.group(2)).render(period=per).strip()
        except Exception:       # a template default using more than the period: show the role's name
            return ROLE_NAMES[role]

    def heading_options(self, role: str) -> list[tuple[str, str]]:
        """(heading, note) choices: the template default first, then the mined variants."""
        per = self._period_ctx() or {"year": self.today.year, "span": "全年"}
        year = per["year"] + (1 if role == "plans" and per["span"] == "全年" else 0)
        default = self.default_heading(role)
        opts = [(default, "模板默认")]
        info = self.kind_info() or {}
        for r in info.get("skeleton", []):
            if r.get("role") != role:
                continue
            for h in r.get("headings", []):
                text = h["text"].replace("{year}", str(year))
                try:
                    check(_HEADINGS_F[role].type, text, f"headings.{role}")
                except Invalid:
                    continue          # a mined heading the schema would refuse (a mask left in)
                opts.append((text, f"语料中 {h['count']} 篇"))
        own = (self.data.get("headings") or {}).get(role)
        if own:
            opts.append((own, "本单位"))
        seen, out = set(), []
        for t, n in opts:
            if t not in seen:
                seen.add(t)
                out.append((t, n))
        return out

    def phrases(self, role: str, limit: int = 6) -> list[dict]:
        """A few mined phrases for this role and kind: those of the role's own categories (problem
        phrases for problems …) first, then by support; at most half stock words."""
        if self._phrases is None:
            try:
                self._phrases = load_index(self.bdir).entries
            except BankError:
                self._phrases = []      # a bank without an index: drafting works, just without phrases
        kind = self.data.get("kind")
        own = _ROLE_CATEGORIES.get(role, ())
        # the role's own categories come from the whole bank when this kind has few of them
        cands = sorted((e for e in self._phrases
                        if role in (e.get("roles") or [])
                        and (kind in (e.get("kinds") or []) or e.get("category") in own)
                        # enumeration ("一是…二是…") and headings: drafter numbers and heads itself
                        and e.get("category") not in ("enumeration", "heading") and e.get("text")),
                       key=lambda e: (e.get("category") not in own, kind not in (e.get("kinds") or []),
                                      -e.get("support", 0), e["text"]))
        out, stock = [], 0
        for e in cands:
            if e.get("category") == "stock":
                if stock >= limit // 2:
                    continue
                stock += 1
            out.append(e)
            if len(out) == limit:
                break
        return out

    def slot_values(self) -> dict[str, str]:
        """Slots a phrase can take from what is already answered."""
        u = self.data.get("unit") or {}
        per = self._period_ctx()
        vals = {"superior": u.get("superior"), "self": u.get("short"),
                "period": per["label"] if per else None, "year": str(per["year"]) if per else None}
        return {k: v for k, v in vals.items() if v}

    # -- the unit and previews -------------------------------------------------------------------

    def unit(self, name: str = "", data: dict | None = None):
        """The answers as a validated UnitDoc; Invalid (pointing at the question) if incomplete."""
        try:
            return U.parse_unit(answers_yaml(self.data if data is None else data), name, self.kinds)
        except ValidationError as e:
            raise Invalid(e.message + (f"（{e.field}）" if e.field else ""), goto=e.field) from None

    def preview(self, role: str) -> tuple[list[str], str | None]:
        """The lines of one part of the draft as it will read, or a short reason it cannot render yet."""
        from .errors import DrafterError
        from .fill import render_text
        data = copy.deepcopy(self.data)
        if role in ("opening", "title") or not data.get("sections"):
            # The opening does not depend on the sections, but the schema requires one.
            data["sections"] = [{"title": "（预览）", "items": [{"text": "（预览）"}]}]
        try:
            text = render_text(self.unit(data=data), self.bdir)
        except Invalid as e:
            return [], f"尚不完整，暂无法预览：{e}"
        except DrafterError as e:
            from .render import template_fault
            fault = template_fault(e, self.bdir)      # a broken template: named by file and line
            return [], f"暂无法预览：{fault if fault is not e else e.message}"
        lines = text.splitlines()
        heads = [i for i, ln in enumerate(lines) if _LEVEL1.match(ln)]
        if role == "all":
            return [ln for ln in lines if ln.strip()], None
        if role == "opening":
            end = heads[0] if heads else len(lines)
            return [ln for ln in lines[:end] if ln.strip()], None
        present = [r for r in self.roles() if self._has(r)]
        if role not in present or present.index(role) >= len(heads):
            return [], "（这一部分没有内容，草稿中不出现）"
        start = heads[present.index(role)]
        nxt = [i for i in heads if i > start]
        end = nxt[0] if nxt else next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
        return [ln for ln in lines[start:end] if ln.strip()], None

    def _has(self, role: str) -> bool:
        return bool(self.data.get("sections" if role == "work" else role))

    # -- the questions ---------------------------------------------------------------------------

    def questions(self) -> list[Question]:
        d = self.data
        qs: list[Question] = []
        if not self.fixed_kind:
            qs.append(self._q_kind())
        qs += self._q_basics()
        if d.get("kind") in self.kinds:
            for role in self.roles():
                qs += self._q_work() if role == "work" else self._q_list_role(role)
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
            text = _ascii(text)
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
        hint = "" if required else "可不填" + ("，输入 - 清除" if cur is not None else "")
        return Question(qid, label, apply, default, hint=kw.pop("hint", hint), **kw)

    def _q_basics(self) -> list[Question]:
        d = self.data
        unit = d.setdefault("unit", {})
        period = d.setdefault("period", {})
        kind_name = self.kinds.get(d.get("kind", ""), "")

        def setter(container: dict, key: str):
            def put(v):
                if v is None:
                    container.pop(key, None)
                else:
                    container[key] = v
            return put

        qs = [
            self._text_q("unit.name", "单位全称（用于标题和落款，如 青山县民政局）", lambda: unit.get("name"),
                         setter(unit, "name"), _UNIT_F["name"].type, True, group="单位信息"),
            self._text_q("unit.short", "单位在文中的自称（如 我局、我镇）", lambda: unit.get("short"),
                         setter(unit, "short"), _UNIT_F["short"].type, True,
                         suggest=_short_name(unit.get("name")), group="单位信息"),
            self._text_q("unit.superior", "上级领导机关（用于“在……的正确领导下”）", lambda: unit.get("superior"),
                         setter(unit, "superior"), _UNIT_F["superior"].type, True, suggest="县委、县政府",
                         group="单位信息"),
            self._text_q("period.year", "年度（如 2024）", lambda: period.get("year"), setter(period, "year"),
                         _PERIOD_F["year"].type, True, suggest=str(self.today.year), as_text=False, group="时段"),
        ]
        spans = list(U.SPANS)
        guess = next((s for s in spans[:2] if s in kind_name), "全年")

        def put_span(text: str) -> bool:
            text = _ascii(text)
            if text.isdigit() and 1 <= int(text) <= len(spans):
                text = spans[int(text) - 1]
            v = check(_PERIOD_F["span"].type, text, "period.span")
            if not v:
                raise Invalid("此项必填")
            period["span"] = v
            return False
        qs.append(Question("period.span", "时段（输入编号或文字）", put_span, period.get("span") or guess,
                           group="时段", choices=spans))
        qs.append(self._text_q("date", "成文日期（落款用，如 2024-07-02 或 2024年7月2日）", lambda: d.get("date"),
                               setter(d, "date"), _F["date"].type, True, suggest=self.today.isoformat(),
                               group="时段"))
        phr = self.phrases("overview") if d.get("kind") else []
        qs.append(self._text_q(
            "overview", "总体情况，一两句话（正文开头写成“某年上半年，在上级的正确领导下，我局……”，接在自称之后）",
            lambda: d.get("overview"), setter(d, "overview"), _F["overview"].type, False,
            group="总体情况", phrases=phr, intro=(lambda: self._phrase_intro(phr)) if phr else None,
            preview="opening"))
        return qs

    def _phrase_intro(self, phrases: list[dict]) -> list[str]:
        if not phrases:
            return []
        known = self.slot_values()
        out = ["可插入的常用语（在回答中写 #编号 即插入该句，如“持续#2”）："]
        for i, e in enumerate(phrases, 1):
            out.append(f"  #{i} {phrase_display(e, known)}（{e.get('support', 0)} 篇）")
        return out

    def _list_q(self, qid: str, label: str, lst: list, i: int, key: str | None, ftype: Any,
                new: Callable[[str], Any], minimum: int, what: str, **kw) -> Question:
        """The first question of list entry i; at i == len(lst) it adds an entry or ends the list."""
        if i < len(lst):
            cur = lst[i].get(key) if key else lst[i]
            default = str(cur) if cur is not None else None

            def apply(text: str) -> bool:
                if text == CLEAR:
                    if len(lst) <= minimum:
                        raise Invalid(f"至少需要{minimum}项{what}，不能删除")
                    del lst[i]
                    return True
                if not text:
                    raise Invalid("此项必填（输入 - 删除这一项）")
                v = check(ftype, text, qid)
                if key:
                    lst[i][key] = v
                else:
                    lst[i] = v
                return False
            return Question(qid, label, apply, default, hint="输入 - 删除这一项", **kw)

        def add(text: str) -> bool:
            if not text or text == CLEAR:
                if len(lst) < minimum:
                    raise Invalid(f"至少需要{minimum}项{what}")
                return False
            lst.append(new(check(ftype, text, qid)))
            return False
        hint = f"直接回车表示不再添加{what}" if len(lst) >= minimum else ""
        return Question(qid, label, add, None, hint=hint, **kw)

    def _q_work(self) -> list[Question]:
        d = self.data
        secs = d.setdefault("sections", [])
        phr = self.phrases("work")
        group = ROLE_NAMES["work"]
        qs: list[Question] = []
        intro = lambda: ["下面逐个填写工作板块（每个板块是正文的一个小标题），至少一个。", *self._phrase_intro(phr)]
        for i in range(len(secs) + 1):
            n = i + 1
            qs.append(self._list_q(f"sections[{i}].title", f"第{n}个工作板块的名称（小标题）", secs, i, "title",
                                   _SECTION.by_key["title"].type, lambda t: {"title": t, "items": []}, 1, "工作板块",
                                   group=group, phrases=phr, intro=intro if i == 0 else None))
            if i == len(secs):
                break
            s = secs[i]
            qs.append(self._text_q(f"sections[{i}].summary", f"第{n}个板块的总体成效，一两句话",
                                   lambda s=s: s.get("summary"), _put(s, "summary"),
                                   _SECTION.by_key["summary"].type, False, group=group, phrases=phr))
            items = s.setdefault("items", [])
            for j in range(len(items) + 1):
                ipath = f"sections[{i}].items[{j}]"
                qs.append(self._list_q(f"{ipath}.text", f"板块{n}的第{j + 1}项具体工作（一句话）", items, j, "text",
                                       _ITEM.by_key["text"].type, lambda t: {"text": t}, 1, "具体工作",
                                       group=group, phrases=phr))
                if j == len(items):
                    break
                qs += self._q_figures(ipath, items[j], f"板块{n}第{j + 1}项", group)
        opts = self.heading_options("work")
        qs.append(self._q_heading("work", opts, group))
        return qs

    def _q_figures(self, ipath: str, item: dict, where: str, group: str) -> list[Question]:
        figs = item.setdefault("figures", [])
        qs = []
        for k in range(len(figs) + 1):
            fpath = f"{ipath}.figures[{k}]"
            label = f"{where}的第{k + 1}个数据：计量单位（如 万元、户、人次、%）"
            qs.append(self._list_q(f"{fpath}.unit", label, figs, k, "unit", _FIGURE.by_key["unit"].type,
                                   lambda t: {"unit": t}, 0, "数据", group=group))
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
        hint = "" if required else "可不填" + ("，输入 - 清除" if cur is not None else "")
        return Question(qid, label, apply, _num_text(cur) if cur is not None else None, hint=hint, group=group)

    def _q_heading(self, role: str, opts: list[tuple[str, str]], group: str) -> Question:
        heads = self.data.setdefault("headings", {})
        cur = heads.get(role)
        template_default = opts[0][0]
        idx = next((i for i, (t, _) in enumerate(opts) if t == cur), 0) if cur else 0

        def apply(text: str) -> bool:
            text = _ascii(text)
            if text.isdigit() and 1 <= int(text) <= len(opts):
                chosen = opts[int(text) - 1][0]
            elif text == CLEAR:
                chosen = template_default
            elif text.isdigit():
                raise Invalid(f"请输入 1～{len(opts)} 之间的编号，或直接输入标题文字")
            else:
                chosen = check(_HEADINGS_F[role].type, text, f"headings.{role}")
            # Stored only when it differs from the template's own: replays stay unchanged.
            if chosen == template_default:
                heads.pop(role, None)
            else:
                heads[role] = chosen
            return False
        return Question(f"headings.{role}", f"“{ROLE_NAMES[role]}”部分的一级标题（输入编号，或直接输入新标题）",
                        apply, str(idx + 1), group=group, choices=[f"{t}（{n}）" for t, n in opts], preview=role)

    def _q_frame(self) -> Question:
        """The kind's frame sentences in one question: Enter keeps them; `N 文字` rewrites one,
        `-N` leaves it out, `N` alone restores the mined wording."""
        elements = self.kind_info()["frame"]
        own = self.data.setdefault("frame", {})
        labels = {"unit.name": "单位全称", "unit.short": "自称", "unit.superior": "上级机关", "unit.place": "地名",
                  "unit.scope": "全镇/全局", "period.label": "时段", "period.next_label": "下一时段",
                  "period.year": "年度", "period.next_year": "下一年度"}

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
            m = re.fullmatch(r"(-?)\s*(\d+)\s*(.*)", _ascii(text[:4]) + text[4:], re.S)
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
        d = self.data
        group = ROLE_NAMES[role]
        phr = self.phrases(role)
        what = {"highlights": "特色亮点", "problems": "问题", "plans": "打算"}[role]
        intro = lambda: [f"下面填写“{group}”，每项一句话；没有可直接回车跳过。", *self._phrase_intro(phr)]
        lst = d.setdefault(role, [])
        qs: list[Question] = []
        for i in range(len(lst) + 1):
            kw = dict(group=group, phrases=phr, intro=intro if i == 0 else None)
            if role == "plans":
                qs.append(self._list_q(f"plans[{i}].text", f"第{i + 1}项打算（具体内容）", lst, i, "text",
                                       _PLAN.by_key["text"].type, lambda t: {"text": t}, 0, what, **kw))
                if i < len(lst):
                    p = lst[i]
                    qs.append(self._text_q(f"plans[{i}].title", f"第{i + 1}项打算的小标题", lambda p=p: p.get("title"),
                                           _put(p, "title"), _PLAN.by_key["title"].type, False, group=group,
                                           phrases=phr))
            else:
                qs.append(self._list_q(f"{role}[{i}]", f"第{i + 1}项{what}（一句话）", lst, i, None,
                                       _F[role].type.item, lambda t: t, 0, what, **kw))
        if lst:
            qs.append(self._q_heading(role, self.heading_options(role), group))
        return qs


# The phrase categories that belong to a section role, offered before the rest.
_ROLE_CATEGORIES = {"overview": ("opener",), "work": ("formula",), "problems": ("problem", "transition"),
                    "plans": ("plan",), "highlights": ("formula",)}


def _ascii(text: str) -> str:
    from .normalize import to_ascii_digits
    return to_ascii_digits(text)


def _put(container: dict, key: str) -> Callable[[Any], None]:
    def put(v: Any) -> None:
        if v is None:
            container.pop(key, None)
        else:
            container[key] = v
    return put


def _short_name(name: str | None) -> str | None:
    """我局 for …局, 我镇 for …镇: a suggestion for the unit's self-reference."""
    if not name:
        return None
    for tail in ("街道办事处", "街道", "中心", "委员会", "局", "镇", "乡", "委", "办", "院", "所", "站", "队", "会"):
        if name.endswith(tail):
            return "我" + {"街道办事处": "街道", "委员会": "委"}.get(tail, tail)
    return None


def phrase_display(entry: dict, known: dict[str, str]) -> str:
    """A phrase with known slots filled and the others shown as 【内容】."""
    return SLOT.sub(lambda m: known.get(m.group(1)) or f"【{SLOT_LABELS.get(m.group(1), m.group(1))}】",
                        entry["text"])


def fill_phrase(entry: dict, known: dict[str, str], ask: Callable[[str, str], str]) -> str:
    """A phrase as plain text: known slots filled, the others asked via `ask(slot, label)`.

    A slot left empty is dropped, never left as Jinja: the answers are data, not templates.
    """
    values: dict[str, str] = {}
    for m in SLOT.finditer(entry["text"]):
        slot = m.group(1)
        if slot not in known and slot not in values:
            values[slot] = ask(slot, SLOT_LABELS.get(slot, slot))
    return SLOT.sub(lambda m: known.get(m.group(1)) or values.get(m.group(1), ""), entry["text"])


def expand_picks(text: str, phrases: list[dict], known: dict[str, str], ask: Callable[[str, str], str]) -> str:
    """Replace each `#N` (N a listed phrase) in a typed answer with that phrase."""
    def repl(m: re.Match) -> str:
        n = int(m.group(1))
        return fill_phrase(phrases[n - 1], known, ask) if 1 <= n <= len(phrases) else m.group(0)
    return re.sub(r"[#＃](\d+)", repl, text)
