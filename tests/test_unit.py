"""drafter.unit: the unit YAML schema — validation, skeleton, docs and round-trips."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings, strategies as st

from drafter.errors import InputError, ValidationError
from drafter.unit import (FigureSpec, Item, Period, Plan, Section, Unit, UnitDoc, dump_unit, load_unit,
                          parse_unit, schema_markdown, skeleton_yaml, to_context)

KINDS = {"h1_summary": "上半年工作总结", "annual_summary": "年度工作总结"}

# Line numbers below refer to this text; keep it in step with the cases.
VALID = """\
kind: 上半年工作总结
unit:
  name: 青山县民政局
  short: 我局
  superior: 县委、县政府
period:
  year: 2024
  span: 上半年
date: 2024-06-28
output: 青山县民政局上半年总结
sections:
  - title: 社会救助兜底保障
    summary: 困难群众基本生活得到有效保障。
    items:
      - 提高城乡低保标准。
      - text: 按时足额发放低保金
        figures:
          - name: 低保金
            value: 1234.5
            unit: 万元
            previous: 1100
            target: 2500
          - name: 保障对象
            value: 3268
            unit: 人
highlights:
  - 推行“一门受理、协同办理”救助模式。
problems:
  - 养老服务专业人才不足。
plans:
  - title: 兜牢民生底线
    text: 持续开展低保专项治理。
  - 加快推进村级互助养老服务点建设。
signature:
  unit: 青山县民政局办公室
"""


def edit(changes: dict[int, str | None]) -> str:
    """VALID with line N (1-based) replaced (a str, may hold several lines) or deleted (None)."""
    lines = VALID.splitlines()
    out = []
    for n, line in enumerate(lines, 1):
        if n in changes:
            if changes[n] is not None:
                out.append(changes[n])
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def drop(a: int, b: int, replace_first: str | None = None) -> dict:
    d = {n: None for n in range(a, b + 1)}
    d[a] = replace_first
    return d


F1 = "sections[0].items[1].figures[0]"
F2 = "sections[0].items[1].figures[1]"

# (id, text, field, line, message fragment). field None: the error is about the file as a whole.
BAD = [
    ("syntax", edit({4: "  short: 我局: 本局"}), None, 4, "YAML 语法错误"),
    ("tab-indent", edit({4: "\tshort: 我局"}), None, 4, "Tab"),
    ("unclosed-quote", edit({13: '    summary: "困难群众'}), None, 13, "引号没有闭合"),
    ("year-as-text", edit({7: "  year: 二〇二四年"}), "period.year", 7, "应为整数"),
    ("year-out-of-range", edit({7: "  year: 1999"}), "period.year", 7, "2000～2100"),
    ("items-as-string", edit(drop(14, 25, "    items: 提高城乡低保标准。")), "sections[0].items", 14, "应为列表"),
    ("unit-as-string", edit(drop(2, 5, "unit: 青山县民政局")), "unit", 2, "应为键值对"),
    ("missing-unit-name", edit({3: None}), "unit.name", 2, "缺少必填字段"),
    ("missing-sections", edit(drop(11, 25)), "sections", 1, "缺少必填字段"),
    ("missing-value", edit({19: None}), F1 + ".value", 18, "缺少必填字段"),
    ("empty-required", edit({5: "  superior:"}), "unit.superior", 5, "不能为空"),
    ("unknown-kind", edit({1: "kind: 上半年总结"}), "kind", 1, "是否应为“上半年工作总结”"),
    ("unknown-field", edit({11: "secton:"}), "secton", 11, "未知字段“secton”，是否应为“sections”？"),
    ("unknown-nested-field", edit({13: "    summery: 困难群众基本生活得到有效保障。"}),
     "sections[0].summery", 13, "是否应为“summary”"),
    ("negative-count", edit({24: "            value: -3"}), F2 + ".value", 24, "不能为负数"),
    ("fractional-count", edit({24: "            value: 3268.5"}), F2 + ".value", 24, "应为整数"),
    ("fractional-previous", edit({25: "            unit: 人\n            previous: 3350.5"}),
     F2 + ".previous", 26, "应为整数"),
    ("negative-money", edit({19: "            value: -5"}), F1 + ".value", 19, "不能为负数"),
    ("nan-value", edit({19: "            value: .nan"}), F1 + ".value", 19, "NaN"),
    ("inf-value", edit({21: "            previous: .inf"}), F1 + ".previous", 21, "无穷大"),
    ("bool-as-number", edit({19: "            value: true"}), F1 + ".value", 19, "不能是 true"),
    ("number-with-unit", edit({19: "            value: 1,234.5"}), F1 + ".value", 19, "千分位"),
    ("octal-looking", edit({19: "            value: 0123"}), F1 + ".value", 19, "0 开头"),
    ("jinja-expr", edit({3: "  name: 青山县{{ config }}民政局"}), "unit.name", 3, "模板符号“{{”"),
    ("jinja-stmt", edit({32: "    text: 持续开展{% for x in y %}治理。"}), "plans[0].text", 32, "模板符号"),
    ("huge-value", edit({13: "    summary: " + "长" * 3_600_000}), "sections[0].summary", 13, "文件过大"),
    ("long-value", edit({13: "    summary: " + "长" * 2001}), "sections[0].summary", 13, "内容过长"),
    ("output-path-chars", edit({10: "output: 报告/上半年"}), "output", 10, "不允许的字符"),
    ("output-dotdot", edit({10: "output: ..上半年总结"}), "output", 10, "“..”"),
    ("output-windows-char", edit({10: "output: 上半年?总结"}), "output", 10, "不允许的字符"),
    ("output-empty", edit({10: "output: ''"}), "output", 10, "不能为空"),
    ("output-reserved", edit({10: "output: con"}), "output", 10, "保留"),
    ("placeholder-xx", edit({18: "          - name: XX资金"}), F1 + ".name", 18, "不要保留 XX 占位符"),
    ("placeholder-year", edit({27: "  - xxxx年推行救助模式。"}), "highlights[0]", 27, "占位符"),
    ("placeholder-months", edit({29: "  - x-x月养老服务人才不足。"}), "problems[0]", 29, "占位符"),
    ("empty-file", "", None, 1, "文件是空的"),
    ("comments-only", "# 只有注释\n\n", None, 1, "文件是空的"),
    ("top-level-list", "- kind: 上半年工作总结\n- unit: 青山县民政局\n", None, 1, "顶层应为键值对"),
    ("duplicate-key", edit({4: "  short: 我局\n  short: 本局"}), "unit.short", 5, "字段重复"),
    ("invalid-date", edit({9: "date: 2024-02-30"}), "date", 9, "日期不存在"),
    ("invalid-cn-date", edit({9: "date: 2024年13月1日"}), "date", 9, "日期不存在"),
    ("date-garbage", edit({9: "date: 六月底"}), "date", 9, "应为日期"),
    ("span-not-allowed", edit({8: "  span: 第三季度"}), "period.span", 8, "上半年、下半年、全年"),
    ("empty-sections", edit(drop(11, 25, "sections: []")), "sections", 11, "至少需要1项"),
    ("empty-items-entry", edit({15: "      -"}), "sections[0].items[0]", 15, "此项为空"),
    ("target-zero", edit({22: "            target: 0"}), F1 + ".target", 22, "大于0"),
    ("python-tag", edit({19: "            value: !!python/object/apply:os.system ['echo hi']"}),
     F1 + ".value", 19, "不支持的 YAML 标签"),
]


@pytest.mark.parametrize("text,field,line,fragment", [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_yaml(text, field, line, fragment):
    with pytest.raises(ValidationError) as exc:
        parse_unit(text, "单位.yaml", KINDS)
    e = exc.value
    msg = str(e)
    assert msg.startswith("单位.yaml，"), msg
    assert fragment in msg, msg
    assert e.field == field, msg
    if field:
        assert f"字段“{field}”" in msg
    if line is not None:
        assert e.line == line, msg
        assert f"第{line}行" in msg
    assert len(msg) < 400          # even the 10 MB case yields one short line


def test_huge_file_on_disk_is_rejected_with_field(tmp_path):
    p = tmp_path / "big.yaml"
    p.write_text(edit({13: "    summary: " + "长" * 3_600_000}), encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        load_unit(p, KINDS)
    assert exc.value.field == "sections[0].summary" and exc.value.line == 13


def test_binary_file_is_input_error(tmp_path):
    p = tmp_path / "unit.yaml"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    with pytest.raises(InputError):
        load_unit(p, KINDS)


def test_missing_file_is_input_error(tmp_path):
    with pytest.raises(InputError):
        load_unit(tmp_path / "nope.yaml")


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-8-sig"])
def test_other_encodings_load(tmp_path, encoding):
    p = tmp_path / "unit.yaml"
    p.write_bytes(VALID.encode(encoding))
    u = load_unit(p, KINDS)
    assert u == parse_unit(VALID, "x", KINDS)
    assert u.source == p and u.unit.name == "青山县民政局"


def test_valid_file():
    u = parse_unit(VALID, "单位.yaml", KINDS)
    assert u.kind == "h1_summary"                # the Chinese name normalises to the id
    assert u.unit == Unit("青山县民政局", "我局", "县委、县政府")
    assert u.period == Period(2024, "上半年") and u.date == dt.date(2024, 6, 28)
    assert u.output == "青山县民政局上半年总结" and u.title is None and u.overview is None
    s = u.sections[0]
    assert s.items[0] == Item("提高城乡低保标准。")
    assert s.items[1].figures == [FigureSpec("低保金", 1234.5, "万元", 1100, 2500),
                                  FigureSpec("保障对象", 3268, "人")]
    assert u.plans == [Plan("兜牢民生底线", "持续开展低保专项治理。"), Plan(None, "加快推进村级互助养老服务点建设。")]
    assert u.signature_unit == "青山县民政局办公室"
    assert parse_unit(dump_unit(u), "again.yaml", KINDS) == u


def test_lenient_forms():
    text = edit({1: "kind: h1_summary", 9: "date: 2024年6月28日", 10: "output: ''", 35: None, 36: None})
    text = text.replace("output: ''\n", "").replace("value: 3268", "value: 3268.0")
    u = parse_unit(text, "x", KINDS)
    assert u.kind == "h1_summary" and u.date == dt.date(2024, 6, 28)
    assert u.signature_unit == u.unit.name           # defaults to the unit's name
    assert type(u.sections[0].items[1].figures[1].value) is int
    assert parse_unit(edit({1: "kind: 随便什么"}), "x").kind == "随便什么"   # no kind list: not checked


def test_context():
    ctx = to_context(parse_unit(edit({9: "date: 2024-06-08"}), "x", KINDS))
    json.dumps(ctx)
    assert ctx["period"] == {"year": 2024, "span": "上半年", "label": "2024年上半年", "next_label": "下半年"}
    assert ctx["date_cn"] == "2024年6月8日" and ctx["unit"]["short"] == "我局"
    assert ctx["sections"][0]["items"][1]["figures"][0] == {
        "name": "低保金", "value": 1234.5, "unit": "万元", "previous": 1100, "target": 2500}
    assert ctx["plans"][1] == {"title": None, "text": "加快推进村级互助养老服务点建设。", "figures": []}
    assert ctx["signature_unit"] == "青山县民政局办公室"
    annual = parse_unit(edit({8: "  span: 全年"}), "x", KINDS)
    assert to_context(annual)["period"]["label"] == "2024年"
    assert to_context(annual)["period"]["next_label"] == "2025年"


@pytest.mark.parametrize("kid,name", [("h1_summary", "上半年工作总结"), ("annual_summary", "年度工作总结")])
def test_skeleton_validates(kid, name):
    text = skeleton_yaml(kid, name)
    u = parse_unit(text, "skeleton.yaml", KINDS)
    assert u.kind == kid
    body = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    assert not any("XX" in ln or "xx" in ln for ln in body)
    assert "必填" in text and "可选" in text
    # Every schema field is documented in the skeleton and the README table.
    table = schema_markdown()
    for path in ("kind", "unit.superior", "period.span", "date", "title", "output", "overview",
                 "sections[].items[].figures[].target", "highlights", "plans[].title", "signature.unit"):
        assert f"`{path}`" in table
        assert f"{path.split('.')[-1].replace('[]', '')}:" in text
    assert len(body) > 30
    # Uncommenting the optional fields still validates.
    on = "\n".join(ln.replace("# ", "", 1) if ln.startswith(("# title", "# output", "# signature", "#   unit"))
                   else ln for ln in text.splitlines())
    u2 = parse_unit(on, "skeleton.yaml", KINDS)
    assert u2.title and u2.output and u2.signature_unit


def test_schema_markdown_table():
    table = schema_markdown()
    rows = [ln for ln in table.splitlines() if ln.startswith("| `")]
    assert len(rows) >= 28 and all(ln.count(" | ") >= 4 for ln in rows)


# --- dump/parse round-trip over generated documents -------------------------------------------

_CHARS = "青山县民政局我镇街道工作总结低保养老，。、；：“”（）《》%-#:'\"!&*[]{}|> 0123456789abcAB\n\t"


def _ok(s: str) -> bool:
    """Text the schema accepts (no template syntax or placeholder): `title` is checked first."""
    try:
        parse_unit(f"title: {json.dumps(s)}\n", "x")
    except ValidationError as e:
        return e.field != "title"
    return True


texts = st.text(_CHARS, min_size=1, max_size=30).map(str.strip).filter(bool).filter(_ok)
opt_texts = st.none() | texts
amounts = st.floats(0, 1e9, allow_nan=False) | st.integers(0, 10**12)


@st.composite
def figures(draw):
    if draw(st.booleans()):
        unit, num = draw(st.sampled_from(["户", "人次", "个"])), st.integers(0, 10**9)
        target = st.integers(1, 10**9)
    else:
        unit, num = draw(st.sampled_from(["万元", "%", "公里", "亿元"])), amounts
        target = st.floats(0.01, 1e9) | st.integers(1, 10**9)
    return FigureSpec(draw(opt_texts), draw(num), unit, draw(st.none() | num), draw(st.none() | target))


items = st.builds(Item, texts, st.lists(figures(), max_size=3))
sections = st.builds(Section, texts, st.lists(items, min_size=1, max_size=3), opt_texts)
docs = st.builds(
    UnitDoc, kind=texts, unit=st.builds(Unit, texts, texts, texts),
    period=st.builds(Period, st.integers(2000, 2100), st.sampled_from(["上半年", "下半年", "全年"])),
    date=st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)), sections=st.lists(sections, min_size=1, max_size=3),
    title=opt_texts, output=st.none() | st.text("上半年工作总结abc123-_ ", min_size=1).map(str.strip).filter(bool),
    overview=opt_texts, highlights=st.lists(texts, max_size=3), problems=st.lists(texts, max_size=3),
    plans=st.lists(st.builds(Plan, opt_texts, texts), max_size=3), signature_unit=st.just("") | texts)


@settings(max_examples=150, deadline=None)
@given(docs)
def test_dump_parse_round_trip(u):
    assert parse_unit(dump_unit(u), "answers.yaml") == u
