"""The unit YAML file (单位资料): the facts and figures a draft is written from.

The file format is defined once, as data (`SCHEMA` below: a tree of `Field`s). The same
tree validates a file (`parse_unit`), documents it (`schema_markdown`) and generates
`drafter init`'s commented skeleton (`skeleton_yaml`), so the three cannot drift apart.

Files are read with `yaml.compose` (SafeLoader) only: we walk the node tree ourselves,
which gives a line number for every value and never constructs arbitrary objects.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode

from .errors import InputError, ValidationError
from .schema import (MAX_TEXT, Choice, Ctx, Date, Field, FrameTexts, Integer, Kind, ListOf, Mapping,
                     Number, RawText, Text, TextOr, describe, join_path, plain_data, shorten)
from .vocab import COUNT_UNITS, HEADING_ROLES, SIGNED_UNITS, SPANS
from .ingest import decode_bytes
from .yaml_errors import syntax_error as _syntax_error

__all__ = [
    "Unit", "Period", "Section", "Item", "FigureSpec", "Plan", "UnitDoc",
    "load_unit", "read_unit_file", "parse_unit", "parse_unit_text", "parse_partial", "check_answer", "check_values", "unit_data",
    "plain_data", "dump_data", "to_context", "skeleton_yaml", "schema_markdown", "dump_unit",
    "SCHEMA", "HEADING_ROLES", "COUNT_UNITS", "MAX_TEXT", "MAX_FILE_BYTES",
]

MAX_FILE_BYTES = 1024 * 1024         # a unit file is hand-written; anything bigger is a mistake
_MAX_READ = 64 * MAX_FILE_BYTES      # beyond this we do not even read the file to locate the culprit

_BAD_FILE_CHARS = set('<>:"/\\|?*') | {chr(i) for i in range(32)}
_RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                   *(f"LPT{i}" for i in range(1, 10))}


# ---------------------------------------------------------------------------------------------
# The data model handed to the rest of drafter.

@dataclass
class Unit:
    name: str
    short: str
    superior: str


@dataclass
class Period:
    year: int
    span: str

    @property
    def label(self) -> str:
        return f"{self.year}年" if self.span == "全年" else f"{self.year}年{self.span}"

    @property
    def next_label(self) -> str:
        return "下半年" if self.span == "上半年" else f"{self.year + 1}年"


@dataclass
class FigureSpec:
    name: str | None
    value: int | float
    unit: str
    previous: int | float | None = None
    target: int | float | None = None
    last: int | float | None = None


@dataclass
class Item:
    text: str
    figures: list[FigureSpec] = field(default_factory=list)


@dataclass
class Section:
    title: str
    items: list[Item]
    summary: str | None = None


@dataclass
class Plan:
    title: str | None
    text: str
    figures: list[FigureSpec] = field(default_factory=list)


@dataclass
class UnitDoc:
    kind: str
    unit: Unit
    period: Period
    date: dt.date
    sections: list[Section]
    title: str | None = None
    output: str | None = None
    overview: str | None = None
    highlights: list[str | Item] = field(default_factory=list)   # a sentence, or text with figures
    problems: list[str | Item] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    signature_unit: str = ""
    headings: dict[str, str] = field(default_factory=dict)   # section role -> the unit's own heading
    frame: dict[str, str] = field(default_factory=dict)      # frame sentence id -> own words ("" = leave out)
    # What `drafter extract` could not place: {line, text} of the source report; render ignores it.
    unplaced: list[dict] = field(default_factory=list)
    # Where it was read from; not part of the content, so round-trips compare equal.
    source: Path | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not self.signature_unit:
            self.signature_unit = self.unit.name


# ---------------------------------------------------------------------------------------------
# The schema.

def _check_output(s: str) -> str | None:
    if ".." in s:
        return "不能含有“..”（只写文件名，不含路径）"
    bad = sorted({c for c in s if c in _BAD_FILE_CHARS})
    if bad:
        shown = "".join("\\0" if c == "\0" else c if ord(c) >= 32 else "控制字符" for c in bad)
        return f"不能含有路径或文件名中不允许的字符“{shown}”（只写文件名，不含路径和扩展名）"
    if s.upper().split(".")[0] in _RESERVED_NAMES:
        return f"“{s}”是 Windows 保留的设备名，不能用作文件名"
    if s.endswith("."):
        return "文件名不能以“.”结尾"
    return None


def _check_unit(s: str) -> str | None:
    # "2万" after the value 80 would read as 802万
    if re.search(r"[0-9０-９]", s):
        return f"计量单位不能含数字（“{shorten(s)}”）：数字只写在 value 里"
    return None


def _check_heading(s: str) -> str | None:
    if not re.search(r"\w", s):
        return f"标题应含有文字，而不是“{shorten(s)}”"
    return None


def _check_figure(values: dict, nodes: dict, path: str, ctx: Ctx) -> None:
    unit = values["unit"]
    for key in ("value", "previous", "target", "last"):
        v = values.get(key)
        if v is None:
            continue
        where, p = nodes[key], join_path(path, key)
        if unit in COUNT_UNITS:
            if isinstance(v, float):
                if not v.is_integer():
                    raise ctx.error(f"“{unit}”是计数单位，应为整数，不能是小数 {v}", where, p)
                v = int(v)
            if v < 0:
                raise ctx.error(f"“{unit}”是计数单位，不能为负数（{v}）", where, p)
        elif v < 0 and unit not in SIGNED_UNITS:
            raise ctx.error(f"不能为负数（{v}）；只有单位为 % 或“个百分点”时可以为负", where, p)
        if key == "target" and v <= 0:
            raise ctx.error(f"目标值应大于0，而不是 {v}", where, p)
        values[key] = v


FIGURE = Mapping([
    Field("name", Text(), "指标名称，可省略"),
    Field("value", Number(), "本期数值（只写数字，不带单位）", required=True, fillable=True),
    Field("unit", Text(extra=_check_unit), "计量单位，如 万元、户、人次、%；户、人、个、次等计数单位只能填整数",
          required=True),
    Field("previous", Number(), "上年同期数值，用于计算同比增减"),
    Field("target", Number(), "全年目标值（大于0），用于计算完成进度"),
    Field("last", Number(), "上一期的数值（drafter extract --next 记下），只供对照，不写进草稿"),
], build=lambda v: FigureSpec(**v), post=_check_figure)

_REF = re.compile(r"\{(\d{1,2})\}")


def _check_refs(values: dict, nodes: dict, path: str, ctx: Ctx) -> None:
    """{k} in text names the k-th of the entry's figures, each at most once."""
    text, n = values.get("text") or "", len(values.get("figures") or [])
    seen: set[str] = set()
    for m in _REF.finditer(text):
        k = int(m.group(1))
        if not 1 <= k <= n:
            raise ctx.error(f"“{m.group(0)}”没有对应的数据：{{{k}}} 指 figures 中的第{k}个数据，"
                            f"这里{'只有' + str(n) + '个' if n else '没有'}数据", nodes["text"], join_path(path, "text"))
        if m.group(0) in seen:
            raise ctx.error(f"“{m.group(0)}”出现了两次：每个数据在文中只写一处", nodes["text"], join_path(path, "text"))
        seen.add(m.group(0))


_REF_DESC = "；文中写 {1}、{2}… 处换成 figures 中第1、2…个数据的写法（数值、同比、完成目标），其余数据接在句末"
_FIGURES = ListOf(FIGURE, 0, 20)

ITEM = Mapping([
    Field("text", Text(), "这项工作的一句话概括" + _REF_DESC, required=True),
    Field("figures", _FIGURES, "这项工作的数据"),
], build=lambda v: Item(v["text"], v["figures"] or []), post=_check_refs)

SECTION = Mapping([
    Field("title", Text(), "工作板块名称，成为正文的小标题", required=True),
    Field("summary", Text(), "这一板块的总体成效，一两句话"),
    Field("items", ListOf(TextOr(ITEM, lambda s: Item(s)), 1, 50),
          "具体工作：每项直接写一句话，或写成 text（一句话）加 figures（数据）", required=True),
], build=lambda v: Section(v["title"], v["items"], v["summary"]))

# A highlight or a problem: one sentence, or its text with figures ({k} where they stand).
ENTRY = Mapping([
    Field("text", Text(), "一句话" + _REF_DESC, required=True),
    Field("figures", _FIGURES, "其中的数据，写法同工作项的 figures"),
], build=lambda v: Item(v["text"], v["figures"] or []) if v["figures"] else v["text"], post=_check_refs)
_ENTRY_DESC = "；带数据时写成 text 加 figures（写法同工作项）"

PLAN = Mapping([
    Field("title", Text(), "打算的小标题"),
    Field("text", Text(), "具体打算" + _REF_DESC, required=True),
    Field("figures", _FIGURES, "打算中的数据（目标数等），写法同工作项的 figures"),
], build=lambda v: Plan(v["title"], v["text"], v["figures"] or []), post=_check_refs)

_EXAMPLE_SECTIONS = [
    {"title": "社会救助兜底保障", "summary": "坚持应保尽保、应救尽救，困难群众基本生活得到有效保障。",
     "items": [
         "提高城乡低保标准，城市低保由每人每月720元提高到760元，农村低保由每人每年6600元提高到7000元。",
         {"text": "按时足额发放城乡低保金",
          "figures": [{"name": "低保金", "value": 1234.5, "unit": "万元", "previous": 1100, "target": 2500},
                      {"name": "保障对象", "value": 3268, "unit": "人", "previous": 3350}]},
         {"text": "及时开展临时救助", "figures": [{"name": "临时救助", "value": 412, "unit": "人次"}]},
     ]},
    {"title": "养老服务体系建设",
     "items": [
         {"text": "新建村级互助养老服务点{1}，惠及{2}老年人",
          "figures": [{"name": "互助养老服务点", "value": 6, "unit": "个", "target": 12},
                      {"name": "受益老年人", "value": 1260, "unit": "名"}]},
         {"text": "为80周岁以上老年人发放高龄津贴", "figures": [{"value": 286.3, "unit": "万元"}]},
         "完成3家乡镇敬老院消防安全改造。",
     ]},
    {"title": "社会事务管理服务",
     "items": [
         {"text": "推进殡葬改革，遗体火化率稳步提高",
          "figures": [{"name": "遗体火化率", "value": 98.6, "unit": "%", "previous": 97.9}]},
         "婚姻登记实现“跨省通办”，群众满意率保持100%。",
     ]},
]

SCHEMA = Mapping([
    Field("kind", Kind(), "材料类型：类型编号或中文名", required=True, example="上半年工作总结"),
    Field("unit", Mapping([
        Field("name", Text(), "单位全称，用于标题和落款", required=True, example="青山县民政局"),
        Field("short", Text(), "单位在文中的自称，如 我局、我镇、我街道", required=True, example="我局"),
        Field("superior", Text(), "上级领导机关，用于“在……的正确领导下”", required=True, example="县委、县政府"),
    ], build=lambda v: Unit(**v)), "本单位信息", required=True),
    Field("period", Mapping([
        Field("year", Integer(2000, 2100), "年度", required=True, example=2024),
        Field("span", Choice(SPANS), "时段", required=True, example="上半年"),
    ], build=lambda v: Period(**v)), "总结的时段", required=True),
    Field("date", Date(), "成文日期，用于落款；须是真实存在的日期", required=True, example=dt.date(2024, 6, 28)),
    Field("title", Text(), "标题；不填则按材料类型自动生成", example="青山县民政局2024年上半年工作总结",
          hidden=True),
    Field("output", Text(nonempty=True, extra=_check_output), "输出文件名（不含路径和扩展名）；不填则按标题命名",
          example="民政局上半年工作总结", hidden=True),
    Field("overview", Text(), "本期工作的总体情况，一两句话；正文开头写成“某年上半年，在（上级）的正确领导下，"
          "我局（此处内容）”，所以不必再写单位自称",
          example="紧扣年度目标任务，统筹推进社会救助、养老服务和社会事务管理，各项工作取得积极成效"),
    Field("sections", ListOf(SECTION, 1, 30), "主要工作，每个板块成为正文的一个小标题", required=True,
          example=_EXAMPLE_SECTIONS),
    Field("highlights", ListOf(TextOr(ENTRY, lambda s: s), 0, 50), "特色亮点，每项一句话" + _ENTRY_DESC,
          example=["推行“一门受理、协同办理”救助模式，群众办事时间平均缩短2天。",
                   "引入社会工作机构为独居老人提供探访服务。"]),
    Field("problems", ListOf(TextOr(ENTRY, lambda s: s), 0, 50), "存在的问题，每项一句话" + _ENTRY_DESC,
          example=["养老服务专业人才不足，部分村级互助养老服务点运营困难。",
                   "基层民政经办力量薄弱，信息化水平有待提高。"]),
    Field("plans", ListOf(TextOr(PLAN, lambda s: Plan(None, s)), 0, 50),
          "下一步打算：每项直接写一句话，或写成 title（小标题）加 text（内容）",
          example=[{"title": "兜牢民生底线", "text": "持续开展低保专项治理，做到应保尽保、应退尽退。"},
                   {"text": "新建村级互助养老服务点{1}", "figures": [{"value": 6, "unit": "个"}]},
                   "加快村级互助养老服务点建设，确保全年目标任务按期完成。"]),
    Field("headings", Mapping([
        Field("work", Text(extra=_check_heading), "“主要工作”部分的一级标题", example="上半年工作开展情况"),
        Field("highlights", Text(extra=_check_heading), "“特色亮点”部分的一级标题", example="工作亮点"),
        Field("problems", Text(extra=_check_heading), "“存在问题”部分的一级标题", example="存在的问题和不足"),
        Field("plans", Text(extra=_check_heading), "“下一步打算”部分的一级标题", example="下半年工作打算"),
    ], build=lambda v: {k: x for k, x in v.items() if x}),
          "各部分的一级标题；不填则用模板中挖掘出的常见标题", hidden=True),
    Field("frame", FrameTexts(), "框架句：模板中挖掘出的固定句子（开头、过渡、致谢、结尾等），"
          "按编号改写成自己的话，写空（\"\"）则不用这一句", example={"closing-1": ""}, hidden=True),
    Field("signature", Mapping([
        Field("unit", Text(), "落款单位；不填则用单位全称", example="青山县民政局"),
    ], build=lambda v: v["unit"]), "落款", hidden=True),
    Field("unplaced", ListOf(Mapping([
        Field("line", Integer(0, 10**7), "原文行号（.docx 为段落号）", required=True),
        Field("text", RawText(), "原文文字", required=True),
    ]), 0, 100000), "drafter extract 未能归入字段的原文（生成草稿时不使用），可移入相应字段后删除",
          example=[{"line": 1, "text": "原文中的一段文字"}], hidden=True),
])


# ---------------------------------------------------------------------------------------------
# Reading.

def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _oversize(text: str, size: int, name: str, known_kinds) -> ValidationError:
    """A file over the limit: find the overlong value cheaply instead of parsing megabytes."""
    msg = f"文件过大（{_mb(size)}），单位资料文件最大 1 MB"
    lines = text.split("\n")
    at = next((i for i, ln in enumerate(lines) if len(ln) > MAX_TEXT), None)
    if at is None:
        return ValidationError(msg, file=name, line=1)
    # Cut every long line (keeping its tail, so a closing quote survives) and validate the
    # rest: the length check then names the field on that line.
    cut = "\n".join(ln if len(ln) <= MAX_TEXT else ln[:MAX_TEXT + 50] + ln[-20:] for ln in lines)
    if len(cut.encode("utf-8", "replace")) <= MAX_FILE_BYTES:
        try:
            _parse(cut, name, known_kinds, len(cut))
        except ValidationError as e:
            if e.line == at + 1 and e.field:
                return ValidationError(f"{msg}：这一项约{len(lines[at])}字，每项最多{MAX_TEXT}字",
                                       file=name, line=e.line, field=e.field)
    return ValidationError(f"{msg}：第{at + 1}行过长", file=name, line=at + 1)


class _AliasFound(Exception):
    def __init__(self, event: yaml.AliasEvent):
        self.event = event


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (*name). A hand-written unit file has no use for them,
    dump_unit never writes them, and they are how a few hundred bytes expand into a
    'billion laughs' document: refusing the first one fails fast, whatever the nesting."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _AliasFound(self.peek_event())
        return super().compose_node(parent, index)


def compose_yaml(text: str, name: str, size: int, what: str) -> MappingNode | None:
    """The front end for another file of user YAML (a layout profile): None when it is empty;
    `what` names the fields expected at its top."""
    if size > MAX_FILE_BYTES:
        raise ValidationError(f"文件过大（{size // 1024} KB），不像是手写的配置文件", file=name, line=1)
    return _compose(text, name, None, size, allow_empty=True, what=what)


def _compose(text: str, name: str, known_kinds, size: int, allow_empty: bool = False,
             what: str = "kind: …、unit: … 等字段") -> MappingNode | None:
    """The YAML front end: size cap, syntax errors with Chinese hints, no aliases, no deep
    nesting, a mapping at the top. Every reader of user YAML goes through it."""
    if size > MAX_FILE_BYTES:
        raise _oversize(text, size, name, known_kinds)
    try:
        root = yaml.compose(text, Loader=_NoAliasLoader)
    except yaml.YAMLError as e:
        raise _syntax_error(e, text, name) from None
    except _AliasFound as a:
        raise ValidationError(f"不支持 YAML 引用“*{shorten(a.event.anchor)}”，请直接写出内容"
                              "（文字以“*”开头时请给整段文字加引号）",
                              file=name, line=a.event.start_mark.line + 1) from None
    except RecursionError:
        raise ValidationError("YAML 嵌套层次过深", file=name, line=1) from None
    if root is None:
        if allow_empty:
            return None
        raise ValidationError("文件是空的：请先用 drafter init 生成资料模板再填写", file=name, line=1)
    if not isinstance(root, MappingNode):
        raise ValidationError(f"文件顶层应为键值对（{what}），而不是{describe(root)}",
                              file=name, line=root.start_mark.line + 1)
    return root


def _parse(text: str, name: str, known_kinds, size: int, allow_empty: bool = False) -> UnitDoc:
    root = _compose(text, name, known_kinds, size)
    ctx = Ctx(name, known_kinds)
    v = SCHEMA.check(root, "", ctx)
    if ctx.empty and not allow_empty:
        listing = "、".join(f"{p}（第{ln}行）" for p, ln in ctx.empty)
        raise ValidationError(f"还有{len(ctx.empty)}个数值待填写：{listing}", file=name, line=ctx.empty[0][1],
                              field=ctx.empty[0][0])
    return UnitDoc(kind=v["kind"], unit=v["unit"], period=v["period"], date=v["date"], sections=v["sections"],
                   title=v["title"], output=v["output"], overview=v["overview"],
                   highlights=v["highlights"] or [], problems=v["problems"] or [], plans=v["plans"] or [],
                   signature_unit=v["signature"] or v["unit"].name, headings=v["headings"] or {}, frame=v["frame"] or {},
                   unplaced=v["unplaced"] or [], source=Path(name) if name else None)


def parse_unit(text: str, name: str = "", known_kinds: dict[str, str] | None = None,
               allow_empty: bool = False) -> UnitDoc:
    """Validate unit YAML text. `known_kinds` maps kind id -> Chinese name; either is accepted.
    `allow_empty`: figure values may be empty (a rolled-forward file being checked, not rendered)."""
    return _parse(text, name, known_kinds, len(text.encode("utf-8", "replace")), allow_empty)


def parse_partial(text: str, name: str = "", known_kinds: dict[str, str] | None = None,
                  size: int | None = None) -> tuple[dict, list[str]]:
    """A half-finished file (drafter draft's answers so far): the same front end and walker in
    lenient mode. Returns what passes as plain data in the file's shape, and notes on the rest."""
    root = _compose(text, name, known_kinds, len(text.encode("utf-8", "replace")) if size is None else size,
                    allow_empty=True)
    if root is None:
        return {}, []
    ctx = Ctx(name, known_kinds, lenient=True)
    return SCHEMA.check(root, "", ctx), ctx.notes


def check_answer(ftype: Any, text: str, path: str, as_text: bool = True,
                 known_kinds: dict[str, str] | None = None) -> Any:
    """One typed answer through the same front end and field type as a file's value: text as a
    quoted YAML string (user text is data), numbers and dates as a plain scalar would read."""
    src = dump_yaml(text) if as_text else text
    try:
        node = yaml.compose(src, Loader=_NoAliasLoader)
    except (yaml.YAMLError, _AliasFound, RecursionError):
        node = yaml.compose(dump_yaml(text), Loader=_NoAliasLoader)     # not a scalar: the field type says why
    if node is None:
        node = yaml.compose('""', Loader=_NoAliasLoader)
    return ftype.check(node, path, Ctx("", known_kinds))


def check_values(ftype: Any, values: dict, path: str) -> Any:
    """A mapping of values (a figure as typed on one line) through its field type, cross-field
    rules included: the values are written as YAML and read back by the front end."""
    return ftype.check(yaml.compose(dump_yaml({k: v for k, v in values.items() if v is not None}),
                                    Loader=_NoAliasLoader), path, Ctx("", None))


def unit_data(u: UnitDoc) -> dict:
    """A validated unit as plain data in the file's shape (what dump_unit writes)."""
    return _to_data(u)


def dump_data(data: dict) -> str:
    """Plain data as unit YAML text, as dump_unit writes it."""
    data = plain_data(data, SCHEMA)
    return dump_yaml(data) if data else "{}\n"


def read_unit_file(path: Path) -> tuple[str, int]:
    """A unit file's text, in any encoding `decode_bytes` understands, and its size in bytes."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if size > _MAX_READ:
            raise ValidationError(f"文件过大（{_mb(size)}），单位资料文件最大 1 MB", file=name, line=1)
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("找不到文件", file=name) from None
    except IsADirectoryError:
        raise InputError("这是一个目录，不是文件", file=name) from None
    except OSError as e:
        from .errors import os_cause
        raise InputError(f"无法读取文件：{os_cause(e)}", file=name) from None
    return decode_bytes(data, name), len(data)


def parse_unit_text(text: str, name: str, known_kinds: dict[str, str] | None, size: int,
                    allow_empty: bool = False) -> UnitDoc:
    """Validate a file's text already read (its size in bytes as read, for the size cap)."""
    return _parse(text, name, known_kinds, size, allow_empty)


def load_unit(path: Path, known_kinds: dict[str, str] | None = None) -> UnitDoc:
    """Read and validate a unit file."""
    text, size = read_unit_file(path)
    doc = _parse(text, str(path), known_kinds, size)
    doc.source = Path(path)
    return doc


# ---------------------------------------------------------------------------------------------
# Writing.

def to_context(u: UnitDoc) -> dict:
    """The plain, JSON-serialisable variables templates see."""
    return {
        "kind": u.kind,
        "unit": {"name": u.unit.name, "short": u.unit.short, "superior": u.unit.superior},
        "period": {"year": u.period.year, "span": u.period.span,
                   "label": u.period.label, "next_label": u.period.next_label},
        "date": u.date.isoformat(),
        "date_cn": f"{u.date.year}年{u.date.month}月{u.date.day}日",
        "title": u.title,
        "output": u.output,
        "overview": u.overview,
        "sections": [{"title": s.title, "summary": s.summary,
                      "items": [{"text": it.text, "figures": [_figure_context(f) for f in it.figures]}
                                for it in s.items]} for s in u.sections],
        "highlights": [_entry_context(h) for h in u.highlights],
        "problems": [_entry_context(p) for p in u.problems],
        "plans": [{"title": p.title, "text": p.text, "figures": [_figure_context(f) for f in p.figures]} for p in u.plans],
        "signature_unit": u.signature_unit,
        "headings": {role: u.headings.get(role) for role in HEADING_ROLES},
        "frame": dict(u.frame),
    }


def _entry_context(e: str | Item) -> str | dict:
    return e if isinstance(e, str) else {"text": e.text, "figures": [_figure_context(f) for f in e.figures]}


def _entry_data(e: str | Item) -> str | dict:
    return e if isinstance(e, str) or not e.figures else \
        {"text": e.text, "figures": [_drop_none(_figure_data(f)) for f in e.figures]}


def _figure_context(f: FigureSpec) -> dict:
    # `last` (extract --next) is for the writer to compare with, never for the draft
    return {"name": f.name, "value": f.value, "unit": f.unit, "previous": f.previous, "target": f.target}


def _figure_data(f: FigureSpec) -> dict:
    return {**_figure_context(f), "last": f.last}


def _drop_none(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None}


def _to_data(u: UnitDoc) -> dict:
    """UnitDoc -> plain data in schema key order; plain-sentence forms where nothing else is set."""
    sections = []
    for s in u.sections:
        items = [it.text if not it.figures else
                 {"text": it.text, "figures": [_drop_none(_figure_data(f)) for f in it.figures]}
                 for it in s.items]
        sections.append(_drop_none({"title": s.title, "summary": s.summary, "items": items}))
    data = {
        "kind": u.kind,
        "unit": {"name": u.unit.name, "short": u.unit.short, "superior": u.unit.superior},
        "period": {"year": u.period.year, "span": u.period.span},
        "date": u.date,
        "title": u.title, "output": u.output, "overview": u.overview,
        "sections": sections,
        "highlights": [_entry_data(h) for h in u.highlights] or None,
        "problems": [_entry_data(p) for p in u.problems] or None,
        "plans": [p.text if p.title is None and not p.figures else
                  _drop_none({"title": p.title, "text": p.text,
                              "figures": [_drop_none(_figure_data(f)) for f in p.figures] or None})
                  for p in u.plans] or None,
        "headings": {role: u.headings[role] for role in HEADING_ROLES if u.headings.get(role)} or None,
        "frame": dict(u.frame) or None,
        "signature": {"unit": u.signature_unit} if u.signature_unit != u.unit.name else None,
        "unplaced": [dict(e) for e in u.unplaced] or None,
    }
    assert list(data) == list(SCHEMA.by_key), "dump_unit out of step with SCHEMA"
    return _drop_none(data)


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        # Indent list items under their key, as people write them by hand.
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, s: str) -> yaml.ScalarNode:
    # PyYAML writes NEL/LS/PS raw in plain or single-quoted style and then reads them back as
    # line breaks; double quotes escape them, so the text survives the round trip.
    style = '"' if any(c in s for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", s, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**9, indent=2)


def dump_unit(u: UnitDoc) -> str:
    """UnitDoc -> YAML text; parse_unit(dump_unit(u)) == u."""
    return "# 单位资料（由 drafter 根据回答生成，可直接修改后重新生成草稿）\n" + dump_yaml(_to_data(u))


def skeleton_yaml(*args, **kw) -> str:
    from .unit_docs import skeleton_yaml as f
    return f(*args, **kw)


def schema_markdown() -> str:
    from .unit_docs import schema_markdown as f
    return f()
