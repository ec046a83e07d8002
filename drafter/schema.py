"""The schema walker: field types that check a YAML node of a user's file (unit YAML, answers
file, layout profile) and return a plain value, reporting the field's path and line.

A strict walk stops at the first error (render); a lenient walk (`Ctx(lenient=True)`, a
half-finished answers file) notes bad values, leaves them out and goes on; list limits hold in
both. unit.py builds the unit file's SCHEMA from these types.
"""
from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass
from typing import Any, Callable

from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import ValidationError

MAX_TEXT = 2000                      # characters per text value
from .vocab import JINJA_TOKENS as _JINJA  # noqa: E402
# A publisher's mask left in: xx, XX, xxxx年, x-x月, X月X日, ××县. Not 'Xbox' or 'XXL'.
PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])(?:[xXｘＸ×]{2,}|[xXｘＸ×]\s*[-—–~～至到]\s*[xXｘＸ×]|[xXｘＸ×](?=[年月日]))(?![A-Za-z])")
_PLACEHOLDER = PLACEHOLDER

# ---------------------------------------------------------------------------------------------
# Schema building blocks. Each type checks a yaml node and returns a plain value.

_STR, _INT, _FLOAT, _BOOL, _NULL, _TS = (f"tag:yaml.org,2002:{t}" for t in
                                         ("str", "int", "float", "bool", "null", "timestamp"))
_MAP_TAG, _SEQ_TAG = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_KNOWN_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, _TS, _MAP_TAG, _SEQ_TAG}
_MAX_DIGITS = 30
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")
_PLAIN_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+")


class Ctx:
    def __init__(self, name: str, known_kinds: dict[str, str] | None, lenient: bool = False):
        self.name = name
        self.known_kinds = known_kinds
        self.constructor = SafeConstructor()
        self.key_lines: dict[str, int] = {}    # dotted path -> line of its key, for "missing" errors
        # Lenient mode (a half-finished answers file): a bad value is noted and left out instead
        # of stopping the walk, required fields may be missing, and mappings stay plain dicts.
        self.lenient = lenient
        self.notes: list[str] = []
        self.empty: list[tuple[str, int]] = []  # figure values left empty to fill: (path, line)

    def note(self, e: ValidationError) -> None:
        self.notes.append(f"{e.field or '文件'}（第{e.line}行）：{e.message}" if e.line else
                          f"{e.field or '文件'}：{e.message}")

    def error(self, message: str, node: Node | int | None, path: str = "") -> ValidationError:
        line = node if isinstance(node, int) else (node.start_mark.line + 1 if node is not None else 1)
        return ValidationError(message, file=self.name, line=line, field=path or None)


def join_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def shorten(s: str, n: int = 20) -> str:
    return s if len(s) <= n else s[:n] + "…"


def describe(node: Node) -> str:
    """How a node reads to a user, for 'expected X, not Y' messages."""
    if isinstance(node, MappingNode):
        return "键值对"
    if isinstance(node, SequenceNode):
        return "列表"
    return {_INT: f"数字 {node.value}", _FLOAT: f"数字 {node.value}", _BOOL: f"“{node.value}”（是/否）",
            _NULL: "空值", _TS: f"日期 {node.value}"}.get(node.tag, f"文本“{shorten(node.value)}”")


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _NULL


def _check_tag(node: Node, path: str, ctx: Ctx) -> None:
    # Explicit tags (!!python/object, !!binary …) are refused: user files are plain data.
    if node.tag not in _KNOWN_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise ctx.error(f"不支持的 YAML 标签“{shorten(tag, 40)}”，请直接填写文字或数字", node, path)


def _scalar(node: Node, path: str, ctx: Ctx, want: str) -> ScalarNode:
    _check_tag(node, path, ctx)
    if not isinstance(node, ScalarNode):
        raise ctx.error(f"应为{want}，而不是{describe(node)}", node, path)
    return node


# Characters a document cannot hold (XML refuses them): written as escapes in a quoted YAML string.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _check_text(s: str, node: Node, path: str, ctx: Ctx) -> None:
    m = _CONTROL.search(s)
    if m:
        what = "空字符（NUL）" if m.group(0) == "\x00" else f"控制字符 U+{ord(m.group(0)):04X}"
        raise ctx.error(f"含有不能写入文档的{what}，请删除", node, path)
    if len(s) > MAX_TEXT:
        raise ctx.error(f"内容过长（{len(s)}字），每项最多{MAX_TEXT}字", node, path)
    for tok in _JINJA:
        if tok in s:
            raise ctx.error(f"不能含有模板符号“{tok}”：资料内容只作为文字填入草稿，不能当作模板代码", node, path)
    m = _PLACEHOLDER.search(s)
    if m:
        raise ctx.error(f"请填写实际内容，不要保留 XX 占位符（“{m.group(0)}”）", node, path)


class Text:
    label = "文本"

    def __init__(self, nonempty: bool = False, extra: Callable[[str], str | None] | None = None):
        self.nonempty = nonempty   # an explicit empty string is an error rather than "absent"
        self.extra = extra         # returns an error message or None

    def check(self, node: Node, path: str, ctx: Ctx) -> str:
        # Any plain scalar is text: `title: 2024` means the characters "2024".
        s = _scalar(node, path, ctx, "文本").value.strip()
        if self.nonempty and not s:
            raise ctx.error("不能为空（不需要时请删除这一行）", node, path)
        _check_text(s, node, path, ctx)
        msg = self.extra(s) if self.extra and s else None
        if msg:
            raise ctx.error(msg, node, path)
        return s


class RawText(Text):
    """Source text kept verbatim (unplaced lines): never rendered, so masks and braces may stay."""

    def check(self, node: Node, path: str, ctx: Ctx) -> str:
        s = _scalar(node, path, ctx, "文本").value.strip()
        if len(s) > 20 * MAX_TEXT:
            raise ctx.error(f"内容过长（{len(s)}字）", node, path)
        return s


class Kind(Text):
    def check(self, node: Node, path: str, ctx: Ctx) -> str:
        s = super().check(node, path, ctx)
        known = ctx.known_kinds
        if known is None or not s:
            return s
        if s in known:
            return s
        for kid, kname in known.items():
            if s == kname or s.lower() == kid.lower():
                return kid
        listing = "、".join(f"{k}（{v}）" for k, v in known.items())
        guess = difflib.get_close_matches(s, [*known, *known.values()], n=1, cutoff=0.5)
        hint = f"，是否应为“{guess[0]}”？" if guess else "。"
        raise ctx.error(f"未知的材料类型“{s}”{hint}可选的类型：{listing}", node, path)


_FRAME_ID = re.compile(r"[a-z_]+-\d{1,3}")


class FrameTexts:
    """frame: {id: 自己的写法}: replaces a frame sentence of the template; empty leaves it out.
    Ids are checked against the kind's template when rendering."""
    label = "键值对（框架句编号: 文字）"

    def check(self, node: Node, path: str, ctx: Ctx) -> dict[str, str]:
        _check_tag(node, path, ctx)
        if not isinstance(node, MappingNode):
            colon = "；编号后应是英文冒号加空格，是否误用了中文冒号“：”？" \
                if isinstance(node, ScalarNode) and "：" in node.value else ""
            raise ctx.error(f"应为键值对（框架句编号: 自己的写法），而不是{describe(node)}{colon}", node, path)
        out: dict[str, str] = {}
        for knode, vnode in node.value:
            key = knode.value if isinstance(knode, ScalarNode) else ""
            kpath = join_path(path, str(key))
            if not _FRAME_ID.fullmatch(str(key)):
                raise ctx.error(f"框架句编号应形如 opening-1、work_end-2（见 drafter init 生成的骨架），"
                                f"而不是“{shorten(str(key))}”", knode, kpath)
            if key in out:
                raise ctx.error(f"字段重复：“{key}”", knode, kpath)
            out[key] = "" if is_null(vnode) else Text().check(vnode, kpath, ctx)
        return out


class Choice:
    def __init__(self, options: tuple[str, ...]):
        self.options = options
        self.label = " / ".join(options) + " 之一"

    def check(self, node: Node, path: str, ctx: Ctx) -> str:
        s = _scalar(node, path, ctx, "文本").value.strip()
        if s and s not in self.options:
            raise ctx.error(f"应为{'、'.join(self.options)}之一，而不是“{shorten(s)}”", node, path)
        return s


def _number(node: Node, path: str, ctx: Ctx, want: str) -> int | float:
    node = _scalar(node, path, ctx, want)
    raw = node.value.strip()
    plain = bool(_PLAIN_INT.fullmatch(raw) or _PLAIN_FLOAT.fullmatch(raw))
    if node.tag == _BOOL:
        raise ctx.error(f"应为{want}，不能是 {raw}（是/否）", node, path)
    if node.tag == _STR and not plain:
        hint = "（不要带单位、千分位逗号或汉字）" if re.search(r"\d", raw) else ""
        raise ctx.error(f"应为{want}，而不是文本“{shorten(raw)}”{hint}", node, path)
    if node.tag not in (_STR, _INT, _FLOAT):
        raise ctx.error(f"应为{want}，而不是{describe(node)}", node, path)
    # No report figure has this many digits; the cap also keeps int() below its 4300-digit limit.
    digits = sum(c.isdigit() for c in re.split(r"[eE]", raw)[0])
    if digits > _MAX_DIGITS:
        raise ctx.error(f"数字位数过多（{digits}位），请检查是否多写了数字，或改用万元、亿元等更大的单位", node, path)
    # A quoted "1234.5" is accepted too: it is unambiguous, and spreadsheets export it so.
    v = ctx.constructor.construct_object(node) if node.tag != _STR else \
        int(raw.replace("_", "")) if _PLAIN_INT.fullmatch(raw) else float(raw.replace("_", ""))
    if isinstance(v, float) and not math.isfinite(v):
        raise ctx.error(f"应为{want}，不能是 NaN 或无穷大", node, path)
    # YAML 1.1 reads 012 as octal 10 and 1:30 as 90: refuse such surprises.
    if re.fullmatch(r"[-+]?0[0-9_]+", raw):
        raise ctx.error(f"数字不能以 0 开头（“{raw}”）", node, path)
    if not plain:
        raise ctx.error(f"应为普通写法的{want}，而不是“{shorten(raw)}”", node, path)
    return v


class Number:
    label = "数字"

    def check(self, node: Node, path: str, ctx: Ctx) -> int | float:
        return _number(node, path, ctx, "数字")


class Integer:
    def __init__(self, lo: int, hi: int):
        self.lo, self.hi = lo, hi
        self.label = f"整数（{lo}～{hi}）"

    def check(self, node: Node, path: str, ctx: Ctx) -> int:
        v = _number(node, path, ctx, "整数")
        if isinstance(v, float):
            raise ctx.error(f"应为整数，而不是 {node.value}", node, path)
        if not self.lo <= v <= self.hi:
            raise ctx.error(f"应在{self.lo}～{self.hi}之间，而不是 {v}", node, path)
        return v


_DATE_FORMS = (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})"),
               re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"))


class Date:
    label = "日期（2024-06-28 或“2024年6月28日”）"

    def check(self, node: Node, path: str, ctx: Ctx) -> dt.date:
        node = _scalar(node, path, ctx, "日期")
        raw = node.value.strip()
        # Parsed from the source text, not via YAML's timestamp constructor, so that a
        # non-existent date gets a Chinese message instead of a ValueError.
        m = next((m for rx in _DATE_FORMS if (m := rx.fullmatch(raw))), None)
        if node.tag not in (_STR, _TS) or m is None:
            raise ctx.error(f"应为日期，如 2024-06-28 或“2024年6月28日”，而不是{describe(node)}", node, path)
        try:
            return dt.date(*map(int, m.groups()))
        except ValueError:
            raise ctx.error(f"日期不存在：{raw}", node, path)


@dataclass(frozen=True)
class Field:
    key: str
    type: Any
    desc: str
    required: bool = False
    example: Any = None      # for fields inside list items the example comes from the list's example
    hidden: bool = False     # shown commented out in the skeleton: usually the default is right
    # Required, but may be written empty (`value:`) to fill later, as `drafter extract --next` leaves
    # this period's figures: such fields are collected and refused all in one message (see unit._parse).
    fillable: bool = False


class Mapping:
    label = "键值对"

    def __init__(self, fields: list[Field], build: Callable[[dict], Any] = dict,
                 post: Callable[[dict, dict, str, Ctx], None] | None = None):
        self.fields = fields
        self.by_key = {f.key: f for f in fields}
        self.build = build
        self.post = post   # cross-field checks: post(values, value_nodes, path, ctx)

    def check(self, node: Node, path: str, ctx: Ctx) -> Any:
        _check_tag(node, path, ctx)
        if not isinstance(node, MappingNode):
            raise ctx.error(f"应为键值对（下级字段另起一行、缩进书写），而不是{describe(node)}", node, path)
        seen: dict[str, int] = {}
        pairs: list[tuple[Field, Node, Node]] = []
        for knode, vnode in node.value:
            try:
                if not isinstance(knode, ScalarNode):
                    raise ctx.error("字段名应为文本", knode, path)
                key = knode.value
                kpath = join_path(path, key)
                kline = knode.start_mark.line + 1
                if key in seen:
                    raise ctx.error(f"字段重复：“{key}”在第{seen[key]}行已经出现过", knode, kpath)
                seen[key] = kline
                if key not in self.by_key:
                    guess = difflib.get_close_matches(key.lower(), list(self.by_key), n=1)
                    hint = (f"，是否应为“{guess[0]}”？" if guess
                            else f"。此处可用的字段：{'、'.join(self.by_key)}")
                    raise ctx.error(f"未知字段“{key}”{hint}", knode, kpath)
            except ValidationError as e:
                if not ctx.lenient or getattr(e, "hard", False):
                    raise
                ctx.note(e)
                continue
            ctx.key_lines[kpath] = kline
            pairs.append((self.by_key[key], knode, vnode))
        values: dict[str, Any] = {f.key: None for f in self.fields}
        nodes: dict[str, Node] = {}
        for f, knode, vnode in pairs:     # in source order, so the first error in the file wins
            kpath = join_path(path, f.key)
            try:
                v = None if is_null(vnode) else f.type.check(vnode, kpath, ctx)
                if v == "" or v == {} or v == []:
                    v = None              # an empty optional value counts as absent
                if f.required and v is None and f.fillable and not ctx.lenient:
                    ctx.empty.append((kpath, vnode.start_mark.line + 1))
                elif f.required and v is None and not ctx.lenient:
                    raise ctx.error(f"必填字段不能为空。应填写：{f.desc}", vnode, kpath)
            except ValidationError as e:
                if not ctx.lenient or getattr(e, "hard", False):
                    raise
                ctx.note(e)
                continue
            values[f.key], nodes[f.key] = v, vnode
        if ctx.lenient:
            return self._lenient_post(values, nodes, path, ctx)
        for f in self.fields:
            if f.required and f.key not in nodes:
                raise ctx.error(f"缺少必填字段。应填写：{f.desc}", ctx.key_lines.get(path, node.start_mark.line + 1),
                                join_path(path, f.key))
        if self.post:
            self.post(values, nodes, path, ctx)
        return self.build(values)

    def _lenient_post(self, values: dict, nodes: dict, path: str, ctx: Ctx) -> dict:
        """The cross-field checks on what is there, dropping the offending field until the rest passes."""
        values = {k: v for k, v in values.items() if v is not None}
        if self.post and all(f.key in values for f in self.fields if f.required):
            for _ in range(len(values) + 1):
                try:
                    self.post({f.key: values.get(f.key) for f in self.fields}, nodes, path, ctx)
                    break
                except ValidationError as e:
                    ctx.note(e)
                    bad = (e.field or "").rsplit(".", 1)[-1]
                    if bad not in values:
                        break
                    del values[bad]
        return values


class ListOf:
    def __init__(self, item: Any, lo: int, hi: int):
        self.item, self.lo, self.hi = item, lo, hi
        self.label = f"列表（{lo}～{hi}项）" if lo else f"列表（最多{hi}项）"

    def check(self, node: Node, path: str, ctx: Ctx) -> list:
        _check_tag(node, path, ctx)
        if not isinstance(node, SequenceNode):
            raise ctx.error(f"应为列表（每项另起一行，以“- ”开头），而不是{describe(node)}", node, path)
        n = len(node.value)
        if n < self.lo and not ctx.lenient:
            raise ctx.error(f"至少需要{self.lo}项", node, path)
        if n > self.hi:      # refused in every mode: the limits are what keeps a file's cost bounded
            e = ctx.error(f"最多{self.hi}项，现有{n}项", node.value[self.hi], f"{path}[{self.hi}]")
            e.hard = True
            raise e
        out = []
        for i, inode in enumerate(node.value):
            ipath = f"{path}[{i}]"
            try:
                v = None if is_null(inode) else self.item.check(inode, ipath, ctx)
                if v is None or v == "" or v == {}:
                    raise ctx.error("此项为空（不需要时请删除这一行）", inode, ipath)
            except ValidationError as e:
                if not ctx.lenient or getattr(e, "hard", False):
                    raise
                ctx.note(e)
                continue
            out.append(v)
        return out


class TextOr:
    """A list entry written either as one plain sentence or as a mapping."""

    def __init__(self, mapping: Mapping, from_text: Callable[[str], Any]):
        self.mapping, self.from_text = mapping, from_text
        self.label = "文本或键值对"

    def check(self, node: Node, path: str, ctx: Ctx) -> Any:
        if isinstance(node, MappingNode):
            return self.mapping.check(node, path, ctx)
        _scalar(node, path, ctx, "一句话或键值对")        # a nested list: wrong type
        s = Text().check(node, path, ctx)
        if s and self.mapping.post and not ctx.lenient:   # the one sentence is the mapping's text alone
            self.mapping.post({f.key: None for f in self.mapping.fields} | {"text": s}, {"text": node}, path, ctx)
        return (s if ctx.lenient else self.from_text(s)) if s else None


def plain_data(data: Any, ftype: Any) -> Any:
    """Plain data in a schema's key order with empty values and unknown keys left out, and the
    one-sentence short form where an entry has nothing but its text."""
    if isinstance(ftype, Mapping) and isinstance(data, dict):
        out = {f.key: plain_data(data[f.key], f.type) for f in ftype.fields if f.key in data}
        return {k: v for k, v in out.items() if v not in (None, "", [], {})}
    if isinstance(ftype, ListOf) and isinstance(data, list):
        return [v for v in (plain_data(x, ftype.item) for x in data) if v not in (None, "", [], {})]
    if isinstance(ftype, TextOr):
        if isinstance(data, dict):
            v = plain_data(data, ftype.mapping)
            return v.get("text") if set(v) == {"text"} else v
        return data
    return data
