"""Answers of `drafter draft` as data: each typed answer checked with the unit schema, partial
answers files read leniently and written with a resume cursor, output paths planned before the
first question, and the finished answers written and rendered."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import unit as U
from .errors import OutputError, ValidationError

BACK = "<"          # at any prompt: return to the previous question
CLEAR = "-"         # clear an optional value, or delete an existing list entry
# What a Chinese input method types for the same keys.
WIDE_KEYS = {"＜": BACK, "－": CLEAR}
PROGRESS_TAG = "# drafter-draft-progress:"   # marks a partial answers file and where it stopped
_FIGURE = U.SCHEMA.by_key["sections"].type.item.by_key["items"].type.item.mapping.by_key["figures"].type.item


class Invalid(Exception):
    """An answer that cannot be taken; the message (Chinese) is shown and the question re-asked."""

    def __init__(self, message: str, goto: str | None = None):
        super().__init__(message)
        self.goto = goto      # re-ask this question instead (a finished draft that fails the schema)



# ---------------------------------------------------------------------------------------------
# Checking one answer with the schema, and reading answers files: all through unit.py's front
# end and walker, the same that `drafter render` uses.

def is_back(raw: str) -> bool:
    return WIDE_KEYS.get(raw.strip(), raw.strip()) == BACK


def check(ftype: Any, text: str, path: str, as_text: bool = True, known_kinds=None) -> Any:
    if not as_text or isinstance(ftype, U.Date):
        from .normalize import to_ascii_digits
        # full-width digits and signs from an input method
        text = to_ascii_digits(text).replace("．", ".").replace("－", "-").replace("／", "/")
    try:
        return U.check_answer(ftype, text, path, as_text, known_kinds)
    except ValidationError as e:
        raise Invalid(e.message) from None


def check_figure(fig: dict, keys: tuple[str, ...], path: str) -> None:
    """The figure rules that need several fields (count units are integers, signs, targets)."""
    try:
        U.check_values(_FIGURE, {k: fig.get(k) for k in keys}, path)
    except ValidationError as e:
        raise Invalid(e.message) from None


def answers_yaml(data: dict) -> str:
    return U.dump_data(data)


FILL = "fill:"     # a progress cursor in fill mode: only the empty values are asked


def empty_values(data: dict) -> list[str]:
    """Paths of the figure values left empty to fill (`value:`), in file order."""
    out = []
    for i, s in enumerate(data.get("sections") or []):
        for j, it in enumerate(s.get("items") or []):
            for k, f in enumerate(it.get("figures") or [] if isinstance(it, dict) else []):
                if f.get("value") is None:
                    out.append(f"sections[{i}].items[{j}].figures[{k}].value")
    for role in ("highlights", "problems", "plans"):
        for i, p in enumerate(data.get(role) or []):
            for k, f in enumerate(p.get("figures") or [] if isinstance(p, dict) else []):
                if f.get("value") is None:
                    out.append(f"{role}[{i}].figures[{k}].value")
    return out


def load_answers(path: Path, known_kinds: dict[str, str]) -> tuple[dict, str | None, list[str]]:
    """A unit YAML (checked as render checks it: a bad one is refused with its field and line)
    or a partial answers file (read leniently) -> (answers, resume cursor or None, notes)."""
    name = str(path)
    text, size = U.read_unit_file(path)
    m = re.search(r"^" + re.escape(PROGRESS_TAG) + r"\s*(\S+)\s*$", text, re.M)
    progress = m.group(1) if m else None
    if progress is None:
        # a complete file but for empty values (drafter extract --next): only those are asked
        data, notes = U.unit_data(U.parse_unit_text(text, name, known_kinds, size, allow_empty=True)), []
        if empty_values(data):
            progress = FILL            # fill mode from the first empty value, not a resumed file
    else:
        data, notes = U.parse_partial(text, name, known_kinds, size)
    for s in data.get("sections") or []:
        s["items"] = [{"text": it} if isinstance(it, str) else it for it in s.get("items") or []]
    data["plans"] = [{"text": p} if isinstance(p, str) else p for p in data.get("plans") or []]
    if isinstance((data.get("signature")), str):
        data["signature"] = {"unit": data["signature"]}
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
    where = (FILL if session.fill else "") + (q.id if q else "finish")
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
