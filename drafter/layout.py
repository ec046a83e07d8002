"""The layout profile: GB/T 9704 values from drafter/data/layout.yaml, optionally overridden.

The dataclasses below are the schema: a user override may only use their fields, with their
types. YAML is parsed with the safe loader only; nothing in it is ever evaluated.
"""
from __future__ import annotations

import math
import typing
from dataclasses import dataclass, fields, is_dataclass
from importlib import resources
from pathlib import Path

import yaml

from .errors import InputError, ValidationError

TWIPS_PER_MM = 1440 / 25.4

# Fields with a closed set of values.
_CHOICES = {"method": ("lines", "chars")}
# Fields that may be 0 (counts and offsets); every other number must be > 0.
_ZERO_OK = {"line_spacing_pt", "chars_per_line", "first_line_chars", "blank_lines_after", "blank_lines_before",
            "inset_chars", "right_chars", "date_shift_chars", "below_text_mm"}


@dataclass(frozen=True)
class Page:
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class Margins:
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float


@dataclass(frozen=True)
class Grid:
    lines_per_page: int
    chars_per_line: int
    line_spacing_pt: float  # 0 = document grid, > 0 = exact line spacing
    method: str             # "lines": line grid + condensed characters; "chars": Word's character grid


@dataclass(frozen=True)
class Title:
    east_asian_font: str
    latin_font: str
    size_pt: float
    blank_lines_after: int


@dataclass(frozen=True)
class Text:  # body and headings
    east_asian_font: str
    latin_font: str
    size_pt: float
    first_line_chars: float


@dataclass(frozen=True)
class PageNumber:
    east_asian_font: str
    latin_font: str
    size_pt: float
    format: str
    below_text_mm: float
    inset_chars: float


@dataclass(frozen=True)
class SignatureLayout:
    blank_lines_before: int
    right_chars: float
    date_shift_chars: float


@dataclass(frozen=True)
class Layout:
    page: Page
    margins: Margins
    grid: Grid
    title: Title
    body: Text
    heading1: Text
    heading2: Text
    heading3: Text
    heading4: Text
    page_number: PageNumber
    signature: SignatureLayout

    def heading(self, level: int) -> Text:
        return getattr(self, f"heading{min(max(level, 1), 4)}")

    # Derived values, in twips (1/20 pt), the unit of WordprocessingML.
    @staticmethod
    def twips(mm: float) -> int:
        return round(mm * TWIPS_PER_MM)

    @property
    def text_width_tw(self) -> int:
        return self.twips(self.page.width_mm) - self.twips(self.margins.left_mm) \
            - self.twips(self.margins.right_mm)

    @property
    def text_height_tw(self) -> int:
        return self.twips(self.page.height_mm) - self.twips(self.margins.top_mm) \
            - self.twips(self.margins.bottom_mm)

    @property
    def line_pitch_tw(self) -> int:
        if self.grid.line_spacing_pt:
            return round(self.grid.line_spacing_pt * 20)
        # Floor, as Word does: rounding up could push the last line onto the next page.
        return self.text_height_tw // self.grid.lines_per_page

    @property
    def char_grid(self) -> bool:
        """Word's character grid (linesAndChars): Word and WPS squeeze glyphs, LibreOffice cannot."""
        return self.grid.method == "chars" and self.grid.chars_per_line > 0

    @property
    def grid_pitch_tw(self) -> float:
        """The width of one of the chars_per_line cells of a line."""
        return self.text_width_tw / self.grid.chars_per_line

    @property
    def char_space(self) -> int:
        """w:docGrid/@w:charSpace: (pitch - body size) in 1/4096 pt, floored so N chars fit."""
        return math.floor((self.grid_pitch_tw / 20 - self.body.size_pt) * 4096)

    def condense_tw(self, size_pt: float) -> int:
        """Twentieths of a point to take off each character of body-size text (w:spacing).

        With a line grid, characters keep their own width; 28 full 16 pt characters need
        442.5 pt but the line has 442.2, so each is condensed (by 0.25 pt) to make exactly
        chars_per_line fit. The same arithmetic holds in Word, WPS and LibreOffice.
        """
        if self.char_grid or not self.grid.chars_per_line or size_pt != self.body.size_pt:
            return 0
        return max(0, math.ceil(size_pt * 20 - self.grid_pitch_tw))

    def char_tw(self, size_pt: float) -> float:
        """The advance of one character of text of `size_pt`: the unit of its indents."""
        if self.char_grid:
            return self.grid_pitch_tw
        return size_pt * 20 - self.condense_tw(size_pt)

    @property
    def title_chars_per_line(self) -> int:
        """The widest title line, in title characters: what fits, less one character each side
        (a title line running from edge to edge does not read as centred)."""
        fits = int(self.text_width_tw // round(self.title.size_pt * 20))
        return max(1, fits - 2 if fits > 8 else fits)


def default_layout_text() -> str:
    return resources.files("drafter.data").joinpath("layout.yaml").read_text(encoding="utf-8")


def load_layout(path: Path | None = None) -> Layout:
    """The default profile, deep-merged with the override YAML at `path` if given. Both are read
    by the unit YAML's front end and walker (drafter/unit.py, drafter/schema.py) with a schema
    made from the dataclasses above: one reader of user YAML, one set of messages."""
    data, _ = _read(default_layout_text(), "layout.yaml", len(default_layout_text().encode("utf-8")))
    if path is not None:
        path = Path(path)
        name = str(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise InputError("找不到版式配置文件", file=name)
        except OSError as e:
            from .errors import os_cause
            raise InputError(f"无法读取版式配置文件：{os_cause(e)}", file=name) from None
        from .ingest import decode_bytes
        override, node = _read(decode_bytes(raw, name), name, len(raw))
        if override:
            data = _merge(data, override)
            layout = _build(Layout, data)
            _check_geometry(layout, node, name)
            return layout
    return _build(Layout, data)


def _read(text: str, name: str, size: int):
    """(data, node): only the fields the file sets, checked; the node gives lines for messages."""
    from .schema import Ctx
    from .unit import compose_yaml
    node = compose_yaml(text, name, size, what="版式字段（page、margins、grid …）")
    if node is None:
        return {}, None
    return _schema(Layout).check(node, "", Ctx(name, None)), node


def _schema(cls):
    """The override schema of a profile dataclass: every field optional, typed as declared."""
    from .schema import Field, Mapping
    hints = typing.get_type_hints(cls)
    out = []
    for f in fields(cls):
        t = hints[f.name]
        if is_dataclass(t):
            ftype = _schema(t)
        elif t is str:
            ftype = _Words(f.name)
        else:
            ftype = _Measure(f.name in _ZERO_OK, integer=t is int)
        out.append(Field(f.name, ftype, f.name))
    return Mapping(out, build=lambda v: {k: x for k, x in v.items() if x is not None})


class _Measure:
    """A size, distance or count: a finite number (whole for counts), positive, or ≥ 0 for
    counts and offsets that may be none."""
    label = "数字"

    def __init__(self, zero_ok: bool, integer: bool = False):
        self.zero_ok, self.integer = zero_ok, integer

    def check(self, node, path, ctx):
        from .schema import Number
        v = Number().check(node, path, ctx)
        if self.integer and isinstance(v, float):
            raise ctx.error(f"应为整数，而不是 {node.value}", node, path)
        if v < 0 or (v == 0 and not self.zero_ok):
            raise ctx.error(f"应为{'非负数' if self.zero_ok else '正数'}，实际为 {v}", node, path)
        return v


class _Words:
    """A font name or a page-number format: non-empty text ({page} in a format)."""
    label = "文字"

    def __init__(self, key: str):
        self.key = key

    def check(self, node, path, ctx):
        from .schema import Text
        s = Text().check(node, path, ctx)
        if not s:
            raise ctx.error("应为非空文字", node, path)
        if self.key in _CHOICES and s not in _CHOICES[self.key]:
            raise ctx.error(f"应为 {' 或 '.join(_CHOICES[self.key])}，实际为“{s}”", node, path)
        if self.key == "format" and "{page}" not in s:
            raise ctx.error("页码格式中应包含 {page}", node, path)
        return s


def _pairs(node) -> dict:
    """key -> (key node, value node) for a mapping node."""
    out = {}
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            out[str(k.value)] = (k, v)
    return out


def _check_geometry(layout: Layout, node, name: str) -> None:
    """Checks across fields, which single values cannot make."""
    m, p = layout.margins, layout.page
    where = dict(file=name, line=_line_of(node, "margins") or _line_of(node, "page"), field="margins")
    if m.left_mm + m.right_mm >= p.width_mm:
        raise ValidationError("左右页边距之和不小于纸张宽度", **where)
    if m.top_mm + m.bottom_mm >= p.height_mm:
        raise ValidationError("上下页边距之和不小于纸张高度", **where)
    if layout.page_number.below_text_mm >= m.bottom_mm:
        field = "page_number.below_text_mm"
        raise ValidationError("页码距版心的距离不小于下边距，页码会落到纸外", file=name,
                              line=_line_of(node, field), field=field)


def _line_of(node, dotted: str) -> int | None:
    """Line of a dotted key in the override, or None if the file does not set it."""
    line = None
    for key in dotted.split("."):
        pair = _pairs(node).get(key)
        if pair is None:
            return None
        line, node = pair[0].start_mark.line + 1, pair[1]
    return line


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(base[k], v) if isinstance(v, dict) and isinstance(base.get(k), dict) else v
    return out


def _build(cls, data: dict):
    hints = typing.get_type_hints(cls)
    kw = {}
    for f in fields(cls):
        v = data[f.name]
        t = hints[f.name]
        kw[f.name] = _build(t, v) if is_dataclass(t) else (float(v) if t is float else v)
    return cls(**kw)


__all__ = ["Layout", "load_layout", "default_layout_text"]
