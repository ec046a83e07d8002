"""The unit file documented from its schema: `drafter init`'s commented skeleton and the
field table of docs (both generated from unit.SCHEMA, so they cannot drift from it)."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .vocab import COUNT_UNITS, FRAME_SLOT_LABELS
from .schema import MAX_TEXT, Field, ListOf, Mapping, TextOr, join_path, shorten
from .unit import SCHEMA, SPANS, Period, dump_yaml

def _yaml_scalar(v: Any) -> str:
    return dump_yaml([v]).strip()[2:]          # "- value" -> "value", quoted when YAML needs it


def _comment(f: Field) -> str:
    return f"  # {'必填' if f.required else '可选'}，{f.type.label}：{f.desc}"


def _example(f: Field, path: str, overrides: dict) -> Any:
    if path in overrides:
        return overrides[path]
    if isinstance(f.type, Mapping):
        return {c.key: _example(c, join_path(path, c.key), overrides) for c in f.type.fields}
    return f.example


def _emit_fields(m: Mapping, data: dict, indent: int, out: list[str], seen: set, path: str,
                 first_lead: str | None = None) -> None:
    pad = " " * indent
    for i, f in enumerate(fl for fl in m.fields if fl.key in data):
        fpath = join_path(path, f.key)
        comment = "" if fpath in seen else _comment(f)   # explain each field once, at first use
        seen.add(fpath)
        lead = first_lead if (i == 0 and first_lead) else pad
        start = len(out)
        value = data[f.key]
        if isinstance(f.type, Mapping):
            out.append(f"{lead}{f.key}:{comment}")
            _emit_fields(f.type, value, indent + 2, out, seen, fpath)
        elif isinstance(f.type, ListOf):
            out.append(f"{lead}{f.key}:{comment}")
            item_type = f.type.item
            for item in value:
                ipath = fpath + "[]"
                if isinstance(item, dict):
                    sub = item_type.mapping if isinstance(item_type, TextOr) else item_type
                    _emit_fields(sub, item, indent + 4, out, seen, ipath, first_lead=pad + "  - ")
                else:
                    note = ""
                    if isinstance(item_type, TextOr) and ipath not in seen:
                        seen.add(ipath)
                        note = "  # 写法一：直接写一句话"
                    out.append(f"{pad}  - {_yaml_scalar(item)}{note}")
        else:
            out.append(f"{lead}{f.key}: {_yaml_scalar(value)}{comment}")
        if f.hidden:    # optional with a sensible default: shown, but switched off
            out[start:] = [ln[:indent] + "# " + ln[indent:] for ln in out[start:]]


_SLOT_LABELS = FRAME_SLOT_LABELS


def _frame_block(frame: list[dict], support: int) -> list[str]:
    """The kind's frame sentences, commented, with their mined wording: what frame.ID replaces."""
    out = ["# 框架句：模板中挖掘出的固定句子，草稿中原样出现（〔〕处自动填入本单位信息）。",
           "# 要改写某一句，去掉“# frame:”和该句开头的“# ”再改写；写 \"\" 则草稿中不用这一句。",
           "# frame:"]
    for e in frame:
        text = re.sub(r"\{\{ ([\w.]+) \}\}", lambda m: "〔" + _SLOT_LABELS.get(m.group(1), m.group(1)) + "〕",
                      e["text"])
        out.append(f"#   {e['id']}: {_yaml_scalar(text)}  # 出现于 {e['support']}/{support} 篇")
    return out


def skeleton_yaml(kind_id: str, kind_name: str, frame: list[dict] | None = None, support: int = 0) -> str:
    """The commented skeleton `drafter init` writes; it validates as is. `frame`: the kind's
    mined frame elements, listed with their wording for `frame:` to replace."""
    span = next((s for s in SPANS[:2] if s in kind_name), "全年")
    year = SCHEMA.by_key["period"].type.by_key["year"].example
    rest = re.sub(r"^(上半年|下半年|全年|年度)", "", kind_name)
    label = Period(year, span).label
    overrides = {"kind": kind_name, "period.span": span,
                 "date": dt.date(year, 6, 28) if span == "上半年" else dt.date(year, 12, 26),
                 "title": f"{SCHEMA.by_key['unit'].type.by_key['name'].example}{label}{rest}"}
    data = {f.key: _example(f, f.key, overrides) for f in SCHEMA.fields}
    out = [f"# 单位资料：{kind_name}（类型编号 {kind_id}）",
           "# 由 drafter init 生成。下面的单位和数据都是虚构的示例，请逐项改成本单位的实际情况。",
           "# 每行“#”后是说明：必填或可选、类型、含义。可选字段不需要时整行删除；以“# ”开头的行去掉“# ”即可启用。",
           "# 注意：用空格缩进，不要用 Tab；数字只写数字，不带单位和千分位逗号；不要保留 XX 之类的占位符。",
           ""]
    _emit_fields(SCHEMA, data, 0, out, set(), "")
    if frame:
        at = next(i for i, ln in enumerate(out) if ln.startswith("# frame:"))
        out[at:at + 1] = _frame_block(frame, support)
    return "\n".join(out) + "\n"


def _rows(m: Mapping, examples: list, prefix: str, rows: list[str]) -> None:
    for f in m.fields:
        path = join_path(prefix, f.key)
        vals = [d[f.key] for d in examples if isinstance(d, dict) and d.get(f.key) is not None]
        t = f.type
        if isinstance(t, (Mapping, ListOf)):
            shown = "—"
        else:
            shown = _yaml_scalar(vals[0]) if vals else ""
        if isinstance(t, ListOf) and not isinstance(t.item, (Mapping, TextOr)) and vals and vals[0]:
            shown = _yaml_scalar(vals[0][0])
        cell = lambda s: s.replace("|", "\\|")
        rows.append(f"| `{path}` | {'是' if f.required else '否'} | {cell(t.label)} | {cell(f.desc)} | "
                    f"{cell(shorten(shown, 24))} |")
        if isinstance(t, Mapping):
            _rows(t, vals, path, rows)
        elif isinstance(t, ListOf) and isinstance(t.item, (Mapping, TextOr)):
            sub = t.item.mapping if isinstance(t.item, TextOr) else t.item
            _rows(sub, [x for v in vals for x in v], path + "[]", rows)


def schema_markdown() -> str:
    """The field table for the README."""
    example = {f.key: _example(f, f.key, {}) for f in SCHEMA.fields}
    rows = ["| 字段 | 必填 | 类型 | 说明 | 示例 |", "| --- | --- | --- | --- | --- |"]
    _rows(SCHEMA, [example], "", rows)
    notes = [
        "",
        f"- 户、人、个、次等计数单位（{'、'.join(sorted(COUNT_UNITS))}）的数值只能是非负整数；"
        "其他单位的数值不能为负，只有 % 和“个百分点”可以为负。",
        f"- 每项文字最多 {MAX_TEXT} 字，整个文件最大 1 MB；文字中不能出现 {{{{、{{% 等模板符号，也不能保留 XX 占位符。",
        "- 带 `[]` 的字段是列表中的每一项；items 和 plans 的每项也可以直接写一句话。",
    ]
    return "\n".join(rows + notes) + "\n"
