"""Interactive drafting (`drafter draft`): the interview as data, apart from how it is asked.

A `Session` holds the answers (plain data in the unit YAML's shape) and a cursor. The questions
are regenerated from the answers after every step, so list loops ("add another section?") need
no state of their own: after the last item of a list comes an "end" question whose empty answer
closes the list. Every question has a stable id that is also the schema's field path
(`sections[0].items[1]`, `plans[0].text`), which lets a saved cursor resume a partial answers
file and lets a schema error point back at the question to re-ask.

Each answer is checked with the schema's own field types (`drafter.unit.SCHEMA`) as it is
entered; the finished answers go through `parse_unit`, so the answers YAML `dump_unit` writes is
exactly what `drafter render` reads. Terminal I/O lives in `draft_ui.py`; nothing here prompts.
"""
from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

from . import unit as U
from .bank import bank_dir, load_manifest, resolve_kind
from .draft_answers import (BACK, CLEAR, FILL, PROGRESS_TAG, empty_values, WIDE_KEYS, Invalid, Outputs, answers_yaml, check, finish,
                            is_back, load_answers, plan_outputs, save_partial)
from .draft_forms import adapt_heading, expand_picks, fill_phrase, phrase_display, suggest_superior
from .draft_questions import ROLE_NAMES, Question, Questions
from .errors import BankError, ValidationError
from .lookup import load_index

__all__ = ["Session", "Question", "Invalid", "is_back", "Outputs", "plan_outputs", "load_answers", "finish",
           "save_partial", "answers_yaml", "expand_picks", "fill_phrase", "phrase_display", "BACK", "CLEAR",
           "PROGRESS_TAG"]

_LEVEL1 = re.compile(r"^[一二三四五六七八九十]+、")
# The template's section heading: `{% if headings.work %}{{ headings.work }}{% else %}DEFAULT{% endif %}`.
_HEADING_RX = re.compile(r"\{% if headings\.(\w+) %\}\{\{ headings\.\1 \}\}\{% else %\}(.*?)\{% endif %\}")
_HEADINGS_F = U.SCHEMA.by_key["headings"].type.by_key


class Session(Questions):
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
        self._cache: dict[tuple, Any] = {}      # bank look-ups that depend only on their key
        if progress and progress.startswith(FILL):      # only the empty values, from where it stopped
            progress = progress[len(FILL):] or None
            self.fill = empty_values(self.data)
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
        text = WIDE_KEYS.get(text, text)
        if not text and q.default is not None:
            text = q.default
        before = [x.id for x in self.questions()]
        try:
            stay = q.apply(text)
        except Invalid as e:
            if e.goto:
                self.pos = self._nearest(e.goto, before) or self.pos
            raise
        if stay:
            return
        ids = [x.id for x in self.questions()]
        if q.id in ids:
            i = ids.index(q.id)
            self.pos = ids[i + 1] if i + 1 < len(ids) else None
        else:       # the question went with its answer (a plan's content): the next one still there
            self.pos = next((x for x in before[before.index(q.id) + 1:] if x in ids), None)

    @staticmethod
    def _nearest(path: str, ids: list[str]) -> str | None:
        """The question that asks for a schema path, or for the nearest entry containing it."""
        while path:
            if path in ids:
                return path
            if path.startswith("period."):
                return "period"
            path = re.sub(r"(\.\w+|\[\d+\])$", "", path)
            if path in ids or f"{path}.title" in ids:
                return path if path in ids else f"{path}.title"
        return None

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

    def headed_roles(self) -> list[str]:
        """The roles that have a level-1 heading of their own in the template."""
        return [m.group(1) for m in _HEADING_RX.finditer(self.template_source(self.data.get("kind", "")))]

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
        """(heading, note) choices: the template default first, then the kind's level-1 headings
        of this role (topic headings of single documents left out), worded for the period."""
        per = self._period_ctx() or {"year": self.today.year, "span": "全年"}
        key = ("headings", role, self.data.get("kind"), per["year"], per["span"],
               (self.data.get("headings") or {}).get(role))
        if key not in self._cache:
            self._cache[key] = self._heading_options(role, per)
        return self._cache[key]

    def _heading_options(self, role: str, per: dict) -> list[tuple[str, str]]:
        from .mining.roles import heading_role
        opts = [(self.default_heading(role), "模板默认")]
        for r in (self.kind_info() or {}).get("skeleton", []):
            if r.get("role") != role:
                continue
            for h in r.get("headings", []):
                # a heading that names the part by a cue word, not one document's topic
                t = h["text"]
                if heading_role(t) != role or heading_role(t, after_problems=True) != role \
                        or len(t) > 12 or re.search(r"[，,；]", t):
                    continue
                text = adapt_heading(h["text"], role, per["year"], per["span"])
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

    def _entries(self) -> list[dict]:
        if self._phrases is None:
            try:
                self._phrases = load_index(self.bdir).entries
            except BankError:
                self._phrases = []      # a bank without an index: drafting works, just without phrases
        return self._phrases

    def suggest_superior(self) -> str | None:
        key = ("superior", self.data.get("kind"), (self.data.get("unit") or {}).get("name"))
        if key not in self._cache:     # questions are rebuilt after every answer: look up once
            self._cache[key] = suggest_superior(self._entries(), key[1], key[2])
        return self._cache[key]

    def phrases(self, role: str, limit: int = 6) -> list[dict]:
        """A few mined phrases that fit the question: for a lead-in (the overview, a section's
        summary) the kind's openers and transitions, for items the role's own stock phrases;
        this kind's first, then by support; none the template already writes; at most half stock."""
        key = ("phrases", role, self.data.get("kind"), limit)
        if key not in self._cache:
            self._cache[key] = self._phrases_for(role, limit)
        return self._cache[key]

    def _phrases_for(self, role: str, limit: int) -> list[dict]:
        kind = self.data.get("kind")
        roles, cats = _PHRASE_FIT[role]
        src = _plain_template(self.template_source(kind or ""))
        cands = sorted((e for e in self._entries()
                        if set(e.get("roles") or []) & roles and e.get("category") in cats and e.get("text")
                        and (kind in (e.get("kinds") or []) or e.get("category") in cats[:1])
                        # drafter numbers items itself (一是…二是…)
                        and not re.match(r"[一二三四五六七八九十]+是", e["text"])
                        and not _in_template(e["text"], src)),
                       key=lambda e: (kind not in (e.get("kinds") or []), cats.index(e["category"]),
                                      # a formula with a slot, or a real clause, before a bare word pair
                                      "{{" not in e["text"] and len(e["text"]) < 6,
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
        except DrafterError as e:      # a broken template is named by file and line (fill.render_text)
            return [], f"暂无法预览：{e if isinstance(e, BankError) else e.message}"
        lines = text.splitlines()
        heads = [i for i, ln in enumerate(lines) if _LEVEL1.match(ln)]
        if role == "all":
            return [ln for ln in lines if ln.strip()], None
        if role == "opening":
            end = heads[0] if heads else len(lines)
            out = [ln for ln in lines[:end] if ln.strip()]
            # a kind that opens its review with the overview (a government report): show that line too
            ov = str(self.data.get("overview") or "")[:12]
            return out + [ln for ln in lines[end:] if ov and ov in ln and ln not in out], None
        headed = self.headed_roles()
        present = [r for r in self.roles() if self._has(r) and r in headed]
        if role not in headed and self._has(role):
            # a part without a heading of its own (problems closing the review): the lines with it
            first = str((self.data.get(role) or [""])[0])
            return [ln for ln in lines if first and first[:12] in ln], None
        if role not in present or present.index(role) >= len(heads):
            return [], "（这一部分没有内容，草稿中不出现）"
        start = heads[present.index(role)]
        nxt = [i for i in heads if i > start]
        # the last part runs to the blank line before the signature
        end = nxt[0] if nxt else max((i for i in range(start, len(lines)) if not lines[i].strip()), default=len(lines))
        return [ln for ln in lines[start:end] if ln.strip()], None

    def _has(self, role: str) -> bool:
        return bool(self.data.get("sections" if role == "work" else role))


# Which phrases fit which question: (section roles the phrase was mined in, its categories in order
# of preference). The first category is also taken from other kinds when this one has few.
_PHRASE_FIT = {
    "overview": ({"opening", "overview"}, ("opener", "formula", "transition")),
    "work_lead": ({"work", "opening"}, ("transition", "opener", "formula")),
    "work": ({"work"}, ("formula", "stock")),
    "highlights": ({"highlights", "work"}, ("formula", "stock")),
    "problems": ({"problems"}, ("problem", "stock")),
    "plans": ({"plans"}, ("plan", "formula", "stock")),
}


def _plain_template(src: str) -> str:
    """A template's literal text, for telling which phrases it already writes."""
    from .lookup import normalize
    return normalize(re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", "|", src, flags=re.S))


def _in_template(text: str, plain: str) -> bool:
    from .lookup import literal_parts
    parts = literal_parts(text)
    return bool(parts) and all(p in plain for p in parts) and len("".join(parts)) >= 2
