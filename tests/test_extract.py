"""drafter extract: round trips of rendered drafts, --next, masked figures, bad input."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from drafter.bank import known_kinds, load_manifest
from drafter.extract import extract_file
from drafter.figure_text import read_item
from drafter.fill import item_sentence, render_text, with_figures
from drafter.unit import load_unit, parse_unit, skeleton_yaml
from drafter.errors import DrafterError, ValidationError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
KINDS = load_manifest(None)["kinds"]


def _render(unit_path: Path, out: Path) -> None:
    from drafter.render import render_batch
    res = render_batch([str(unit_path)], str(out), None, True, None, None)
    assert not res[0]["error"], res[0]["error"]


def _normal(u, shown: str) -> dict:
    """A unit as the draft shows it: items as their sentences, figures as (value, unit); fields the
    template never prints (superior, date without a signature) are left out."""
    src = (ROOT / "templates" / f"{u.kind}.j2").read_text("utf-8")
    def item(it):   # as the draft says it; figures are compared on their own below
        return item_sentence({"text": it.text, "figures": [vars(f) for f in it.figures]})

    def t(x):
        return x.rstrip("。；") if isinstance(x, str) else x

    def said(x):    # a highlight or problem with figures, as the draft says it
        return x if isinstance(x, str) else with_figures(x.text, [vars(f) for f in x.figures])
    return {"kind": u.kind, "unit": (u.unit.name, u.unit.short,
                                     u.unit.superior if u.unit.superior in shown else None),
            "period": (u.period.year, u.period.span), "date": u.date if "date_cn" in src else None,
            "overview": t(u.overview), "title": u.title,
            "sections": [(s.title, t(s.summary), [item(i) for i in s.items]) for s in u.sections],
            "highlights": [t(said(x)) for x in u.highlights], "problems": [t(said(x)) for x in u.problems],
            "plans": [(p.title, t(with_figures(p.text, [vars(f) for f in p.figures]))) for p in u.plans],
            "headings": u.headings, "frame": u.frame}


def _skeletons(tmp_path):
    for k in KINDS:
        p = tmp_path / f"init-{k['id']}.yaml"
        p.write_text(skeleton_yaml(k["id"], k["name"], k.get("frame"), k["support"]), "utf-8")
        yield p


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_round_trip_examples_and_skeletons(tmp_path, fmt):
    units = list(EXAMPLES) + list(_skeletons(tmp_path))
    assert len(units) >= 10
    for u in units:
        first = tmp_path / f"{u.stem}.{fmt}"
        _render(u, first)
        ex, yml = extract_file(str(first), str(tmp_path / f"{u.stem}.{fmt}.yaml"))
        assert "unplaced" not in ex.data, (u.name, ex.data.get("unplaced"))
        again = tmp_path / f"{u.stem}.again.txt"
        _render(yml, again)
        text1 = tmp_path / f"{u.stem}.first.txt"
        _render(u, text1)
        assert again.read_bytes() == text1.read_bytes(), u.name
        orig, back = load_unit(u, known_kinds()), load_unit(yml, known_kinds())
        shown = text1.read_text("utf-8")
        assert _normal(back, shown) == _normal(orig, shown), u.name
        # every structured figure comes back structured, with its value and unit (a plain
        # sentence ending in a number may come back as a figure: the draft says the same)
        want = [(f.value, f.unit) for s in orig.sections for i in s.items for f in i.figures]
        got = [(f.value, f.unit) for s in back.sections for i in s.items for f in i.figures]
        assert all(w in got for w in want), u.name


def test_next_rolls_values_forward_and_render_lists_them(tmp_path, cli):
    src = tmp_path / "town.txt"
    _render(ROOT / "examples" / "town-annual.yaml", src)
    r = cli("extract", src, "-o", tmp_path / "next.yaml", "--next")
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "next.yaml").read_text("utf-8")
    u = parse_unit(text, "next.yaml", known_kinds(), allow_empty=True)
    assert (u.period.year, u.period.span) == (2025, "上半年")
    figs = [f for s in u.sections for it in s.items for f in it.figures]
    assert figs and all(f.value is None for f in figs)
    # 新引进亿元以上项目3个 was plain text: its figure is read where it stands, and rolled forward too
    assert [f.last for f in figs] == [28.6, 9.4, 3, 412, 18.5, 526]
    # a year's figure is no 上年同期 of a half-year's, and last year's 全年目标 is not this year's:
    # a draft of the new period must not say 同比 or 完成全年目标 from them
    assert all(f.previous is None and f.target is None for f in figs)
    assert not u.plans and not u.problems
    assert "# 上期打算" in text and "聚力产业升级" in text
    r = cli("render", tmp_path / "next.yaml", "-o", tmp_path / "next.txt")
    assert r.returncode == 2
    assert "6个数值待填写" in r.stderr and r.stderr.count("value（第") == 6
    assert not (tmp_path / "next.txt").exists()


def test_masked_figures_are_empty_values():
    pieces = read_item("全年发放低保金xxx.xx万元，惠及xx户，工作扎实", split=True)
    assert [f.value for p in pieces for f in p.figures] == [None, None]
    assert [f.unit for p in pieces for f in p.figures] == ["万元", "户"]
    with pytest.raises(ValidationError, match="待填写"):
        parse_unit("kind: h1-summary\nunit: {name: 某局, short: 我局, superior: 县委}\nperiod: {year: 2024, span: 上半年}\n"
                   "date: 2024-06-30\nsections:\n  - title: 甲\n    items:\n      - text: 发放\n        figures:\n"
                   "          - value:\n            unit: 万元\n", "x.yaml", known_kinds())


def test_previous_and_target_recovered():
    (p,) = read_item("完成规上工业总产值18.6亿元，同比增长8.1%，完成全年目标的46.5%")
    f = p.figures[0]
    assert p.text == "完成规上工业总产值" and f.value == 18.6 and f.unit == "亿元"
    assert item_sentence({"text": p.text, "figures": [f.to_data()]}) == \
        "完成规上工业总产值18.6亿元，同比增长8.1%，完成全年目标的46.5%"


def _compilation(tmp_path) -> Path:
    a = (ROOT / "corpus").glob("0*.txt")
    return next(iter(sorted(a)))


@pytest.mark.parametrize("case", ["empty", "no_outline", "broken_docx", "encrypted_docx", "compilation", "exists"])
def test_bad_input(tmp_path, cli, case):
    out = tmp_path / "out.yaml"
    args = []
    if case == "empty":
        src = tmp_path / "e.txt"
        src.write_bytes(b"")
    elif case == "no_outline":
        src = tmp_path / "n.txt"
        src.write_text("某局2024年工作总结\n\n今年以来，我局扎实推进各项工作，取得了一定成效。\n", "utf-8")
    elif case == "broken_docx":
        src = tmp_path / "b.docx"
        src.write_bytes(b"PK\x03\x04 not really a zip")
    elif case == "encrypted_docx":
        src = tmp_path / "c.docx"   # an encrypted Office file is an OLE container, not a zip
        src.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 600)
    elif case == "compilation":
        src = _compilation(tmp_path)
    else:
        src = tmp_path / "t.txt"
        _render(ROOT / "examples" / "town-annual.yaml", src)
        out.write_text("keep me", "utf-8")
    r = cli("extract", src, "-o", out, *args)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "错误" in r.stderr and "Traceback" not in r.stderr
    if case == "compilation":
        assert "--doc" in r.stderr and "1." in r.stderr
    if case == "exists":
        assert out.read_text("utf-8") == "keep me"
    else:
        assert not out.exists()


def test_compilation_with_doc(tmp_path, cli):
    r = cli("extract", _compilation(tmp_path), "--doc", "2", "-o", tmp_path / "d.yaml")
    assert r.returncode == 0, r.stderr
    u = parse_unit((tmp_path / "d.yaml").read_text("utf-8"), "d.yaml", known_kinds(), allow_empty=True)
    assert u.sections


def test_masks_never_become_numbers_and_output_is_deterministic(tmp_path):
    src = tmp_path / "m.txt"
    src.write_text("XX镇2023年上半年工作总结\n\n2023年上半年，在县委、县政府的正确领导下，我镇扎实推进各项工作。\n"
                   "一、上半年工作开展情况\n（一）民生保障\n全年发放低保金xxx.xx万元，惠及xx户，同比增长x%。"
                   "走访XX村群众，开展培训12场次，工作扎实。\n二、存在问题\n一是资金投入xx万元不足；二是人才短缺。\n"
                   "\nXX镇人民政府\n2023年6月30日\n", "utf-8")
    ex, yml = extract_file(str(src), str(tmp_path / "a.yaml"))
    first = yml.read_bytes()
    text = first.decode("utf-8")
    from drafter.schema import PLACEHOLDER as _PLACEHOLDER
    fields = [ln for ln in text.split("\nunplaced:")[0].splitlines() if not ln.lstrip().startswith("#")]
    assert not [ln for ln in fields if _PLACEHOLDER.search(ln)]      # masks are empty values or 某
    u = parse_unit(text, "a.yaml", known_kinds(), allow_empty=True)
    figs = [f for s in u.sections for it in s.items for f in it.figures]
    assert [(f.value, f.unit) for f in figs if f.value is None] == [(None, "万元"), (None, "户")]
    assert (12, "场次") in [(f.value, f.unit) for f in figs]
    assert u.unit.name == "某镇人民政府"
    # a masked amount in a problem is an empty value where it stood, as in an item
    assert u.problems[0].text == "资金投入{1}不足" and [(f.value, f.unit) for f in u.problems[0].figures] == [(None, "万元")]
    assert u.unplaced and any("x%" in e["text"] for e in u.unplaced)     # the masked change is kept
    extract_file(str(src), str(tmp_path / "a.yaml"), force=True)
    assert yml.read_bytes() == first


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_any_encoding_drafter_reads(tmp_path, encoding):
    first = tmp_path / "a.txt"
    _render(ROOT / "examples" / "town-annual.yaml", first)
    src = tmp_path / "b.txt"
    src.write_bytes(first.read_text("utf-8").encode(encoding))
    _, yml = extract_file(str(src), str(tmp_path / "b.yaml"))
    again = tmp_path / "c.txt"
    _render(yml, again)
    assert again.read_bytes() == first.read_bytes()


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_next_on_every_example_lists_exactly_the_empty_values(tmp_path, example):
    first = tmp_path / "a.txt"
    _render(example, first)
    ex, yml = extract_file(str(first), str(tmp_path / "n.yaml"), next_period=True)
    n = sum(len(i.figures) for s in load_unit(example, known_kinds()).sections for i in s.items)
    back = extract_file(str(first), str(tmp_path / "same.yaml"))[0]
    # this period's figures read back (amounts in plain sentences included); last period's plans,
    # figures and all, become comments
    n_read = sum(len(i["figures"]) for s in back.data["sections"] for i in s["items"] if isinstance(i, dict))
    assert n_read >= n and ex.to_fill == n_read
    with pytest.raises(ValidationError) as e:
        load_unit(yml, known_kinds())
    assert f"还有{n_read}个数值待填写" in str(e.value) and str(e.value).count("value（第") == n_read


def test_amounts_inside_a_sentence_are_figures_where_they_stand():
    s = "全村现有农户1288户5036人，认定地区总部从481家增加到1076家，同比增长123.7%，工作扎实"
    (p,) = read_item(s)
    assert [(f.value, f.unit) for f in p.figures] == [(1288, "户"), (5036, "人"), (481, "家"), (1076, "家")]
    assert p.figures[3].previous == 481 and "123.7" not in p.text
    assert "{1}" in p.text and "1288" not in p.text
    assert item_sentence({"text": p.text, "figures": [f.to_data() for f in p.figures]}) == s
    # an amount the draft would word differently (1,200 → 1200; 3 decimals) stays text
    (p,) = read_item("清退23.362公顷，投入1,200万元，完成整治")
    assert not p.figures and p.text == "清退23.362公顷，投入1,200万元，完成整治"


def test_figure_references_are_checked(tmp_path):
    head = ("kind: h1-summary\nunit: {name: 某局, short: 我局, superior: 县委}\nperiod: {year: 2024, span: 上半年}\n"
            "date: 2024-06-30\nsections:\n  - title: 甲\n    items:\n")
    ok = head + "      - text: 新建{1}，惠及{2}\n        figures: [{value: 3, unit: 个}, {value: 12, unit: 户}]\n"
    u = parse_unit(ok, "x.yaml", known_kinds())
    assert item_sentence({"text": u.sections[0].items[0].text,
                          "figures": [vars(f) for f in u.sections[0].items[0].figures]}) == "新建3个，惠及12户"
    for bad, msg in (("      - text: 新建{3}\n        figures: [{value: 3, unit: 个}]\n", "第3个数据"),
                     ("      - text: 新建{1}{1}\n        figures: [{value: 3, unit: 个}]\n", "出现了两次"),
                     ("      - 新建{1}\n", "没有数据")):
        with pytest.raises(ValidationError, match=msg) as e:
            parse_unit(head + bad, "x.yaml", known_kinds())
        assert e.value.line == 8
    plan = ok + "plans:\n  - title: 乙\n    text: 再建{1}\n    figures: [{value: 5, unit: 个}]\n  - 无{1}\n"
    with pytest.raises(ValidationError, match="没有数据"):
        parse_unit(plan, "x.yaml", known_kinds())
    u = parse_unit(plan.rsplit("  - 无", 1)[0], "x.yaml", known_kinds())
    text = render_text(u, ROOT)
    assert "再建5个" in text and "{1}" not in text


def test_draft_on_a_next_file_asks_only_the_empty_values(tmp_path, cli):
    src = tmp_path / "town.txt"
    _render(ROOT / "examples" / "town-annual.yaml", src)
    nxt = tmp_path / "next.yaml"
    assert cli("extract", src, "-o", nxt, "--next").returncode == 0
    u = parse_unit(nxt.read_text("utf-8"), "next.yaml", known_kinds(), allow_empty=True)
    figs = [f for s in u.sections for it in s.items for f in it.figures]
    values = [str(30 + k) for k in range(len(figs))]
    r = cli("draft", nxt, "-o", tmp_path / "d.txt", input="\n".join(values) + "\n\n")
    assert r.returncode == 0, r.stderr
    asked = [ln for ln in r.stdout.splitlines() if "本期数值" in ln]
    assert len(asked) == len(figs)           # one question per empty value, nothing else asked
    assert all(f"上期 {f.last}" in q for f, q in zip(figs, asked))
    back = load_unit(tmp_path / "d.answers.yaml", known_kinds())
    got = [f for s in back.sections for it in s.items for f in it.figures]
    assert [f.value for f in got] == [int(v) for v in values]
    assert [f.last for f in got] == [f.last for f in figs]
    assert back.sections == [type(s)(s.title, [type(it)(it.text, got_it.figures) for it, got_it in zip(s.items, bs.items)],
                                     s.summary) for s, bs in zip(u.sections, back.sections)]
    # Ctrl-D half way: the answers are saved, and resuming asks only what is left
    part = tmp_path / "p.txt"
    r = cli("draft", nxt, "-o", part, input=values[0] + "\n")
    assert r.returncode == 1 and not part.exists()
    r = cli("draft", tmp_path / "p.answers.yaml", "-o", part, input="\n".join(values[1:]) + "\n\n")
    assert r.returncode == 0, r.stderr
    assert sum("本期数值" in ln for ln in r.stdout.splitlines()) == len(figs) - 1


def test_a_report_without_an_outline_is_extracted(tmp_path, cli):
    # a real report whose parts are not numbered: its opening, then its work as one section
    src = tmp_path / "plain.txt"
    src.write_text("某县农业农村局2024年工作总结\n\n"
                   "2024年，我局在县委、县政府的坚强领导下，围绕乡村振兴扎实推进各项工作，取得了明显成效。"
                   "全年粮食播种面积5.2万亩，产量2.1万吨，新建高标准农田3000亩。\n\n"
                   "深入推进农村人居环境整治，完成农村改厕1200户，建成美丽乡村示范村6个，"
                   "村庄清洁行动覆盖全部行政村，群众满意度持续提升，农村面貌发生了新的变化。\n\n"
                   "持续发展壮大村集体经济，集体经济收入10万元以上的村达到45个，总收入911万元，"
                   "培育家庭农场30家、农民专业合作社10家，带动农户增收致富。\n", "utf-8")
    r = cli("extract", src, "-o", tmp_path / "p.yaml")
    assert r.returncode == 0, r.stderr
    assert "没有提纲" in r.stderr
    u = parse_unit((tmp_path / "p.yaml").read_text("utf-8"), "p.yaml", known_kinds(), allow_empty=True)
    assert u.overview and "5.2" not in u.overview        # the opening sentence only
    figs = [(f.value, f.unit) for s in u.sections for it in s.items for f in it.figures]
    assert {(5.2, "万亩"), (1200, "户"), (6, "个"), (911, "万元"), (30, "家"), (10, "家")} <= set(figs)
    assert cli("render", tmp_path / "p.yaml", "-o", tmp_path / "p.txt").returncode == 0


def test_short_name_is_the_units_own():
    from drafter.extract_fields import _short_name
    text = "我局扎实推进各项工作。我区粮食生产稳定，我区农业发展较好。"
    assert _short_name(text, "某区农业农村局") == "我局"     # not its district's 我区
    assert _short_name(text, "") == "我区"                  # no name: what the text says most
    assert _short_name("下达我区资金，我区经济平稳。", "区财政金融局") == "我局"
    assert _short_name("全省经济稳中有进。", "江苏省人民政府") == "我省"


def test_superior_and_name_from_the_opening_and_ordinals_are_not_amounts():
    from drafter.extract import extract_document
    from drafter.parser import parse_file
    import tempfile
    with tempfile.TemporaryDirectory() as t:
        src = Path(t) / "r.txt"
        src.write_text("某区市场监督管理局坚持稳中求进，全面落实区党工委、管委会有关工作部署，各项工作有序推进。\n\n"
                       "一、2024年工作情况\n\n（一）强化监管\n\n全年查处案件72件，获评第21批创新举措。"
                       "在省特检院的指导下完成检验1200台。\n\n二、2025年工作思路\n\n（一）深化改革\n\n持续优化营商环境。\n", "utf-8")
        d = [x for x in parse_file(src) if x.blocks][0]
        ex = extract_document(d)
    u = ex.data["unit"]
    assert u["name"] == "某区市场监督管理局" and u["short"] == "我局" and u["superior"] == "区党工委、管委会"
    assert not [f for f in ex.figures if f.unit == "批"]      # 第21批 is an ordinal
    assert (72, "件") in [(f.value, f.unit) for f in ex.figures]


def test_next_keeps_last_periods_value_apart_from_the_year_on_year():
    """A half-year's value is no 上年同期 of the year's report, so it is kept as `last`, never as
    `previous`; a 全年目标 stays within its year (上半年 → 全年) and goes with it (全年 → 次年上半年)."""
    from drafter.extract import Extraction
    from drafter.extract_yaml import roll_forward
    import datetime as dt

    def rolled(span):
        ex = Extraction(data={"period": {"year": 2024, "span": span}, "date": dt.date(2024, 6, 30), "sections": [
            {"title": "甲", "items": [{"text": "投诉较上年下降{1}，完成投资{2}", "figures": [
                {"name": "投诉较上年下降", "value": 12.3, "unit": "%"},
                {"name": "完成投资", "value": 4.5, "unit": "亿元", "previous": 4.1, "target": 9}]}]}]})
        roll_forward(ex)
        return ex.data["sections"][0]["items"][0]["figures"]
    a, b = rolled("上半年")
    assert a == {"name": "投诉较上年下降", "value": None, "unit": "%", "last": 12.3}
    assert b == {"name": "完成投资", "value": None, "unit": "亿元", "target": 9, "last": 4.5}
    a, b = rolled("全年")
    assert b == {"name": "完成投资", "value": None, "unit": "亿元", "last": 4.5}


def test_next_of_an_annual_report_is_a_half_year_one():
    from drafter.extract_yaml import kind_for_span
    kinds = [{"id": "a", "name": "年度工作总结及下一年工作计划", "skeleton": [{"role": "work"}, {"role": "plans"}]},
             {"id": "h", "name": "上半年工作总结", "skeleton": [{"role": "work"}], "support": 9},
             {"id": "hp", "name": "上半年工作总结和下半年工作思路", "skeleton": [{"role": "work"}, {"role": "plans"}]},
             {"id": "g", "name": "上半年政府工作报告", "skeleton": [{"role": "work"}]}]
    assert kind_for_span("a", "上半年", kinds) == "hp"        # same genre, same parts
    assert kind_for_span("h", "全年", kinds) == "a"
    assert kind_for_span("g", "全年", kinds) == "g"           # no annual government report in this bank
    assert kind_for_span("a", "全年", kinds) == "a"


def test_the_overview_is_not_a_lead_in_line():
    from drafter.extract import extract_document
    from drafter.parser import parse_file
    import tempfile
    with tempfile.TemporaryDirectory() as t:
        src = Path(t) / "r.txt"
        src.write_text("某市2025年政府工作报告\n\n——2026年1月25日在某市第十六届人民代表大会第四次会议上\n\n市长 某某\n\n各位代表：\n\n"
                       "2025年，我们在市委坚强领导下，统筹推进稳增长、调结构、惠民生各项工作，经济运行稳中有进。"
                       "一年来，主要抓了以下五个方面工作：\n\n一、2025年工作回顾\n\n（一）稳增长\n\n新建项目12个，完成投资30亿元。\n\n"
                       "二、2026年工作安排\n\n（一）抓项目\n\n持续扩大有效投资。\n", "utf-8")
        d = [x for x in parse_file(src) if x.blocks][0]
        ex = extract_document(d)
    ov = ex.data.get("overview") or ""
    assert "统筹推进稳增长" in ov and "——" not in ov and "以下" not in ov
    kept = " ".join(u["text"] for u in ex.data.get("unplaced") or []) + str(ex.data.get("frame"))
    assert "第十六届人民代表大会" in kept          # the lead-in is kept, not dropped


def test_the_openings_figures_are_structured_in_its_first_section():
    from drafter.extract import extract_document
    from drafter.parser import parse_file
    import tempfile
    with tempfile.TemporaryDirectory() as t:
        src = Path(t) / "r.txt"
        src.write_text("某市2025年政府工作报告\n\n各位代表：\n\n2025年是极不平凡的一年。在市委坚强领导下，我们统筹推进各项工作。"
                       "全市地区生产总值增长4.8%，一般公共预算收入完成320亿元。一年来，主要抓了以下三个方面工作：\n\n"
                       "一、2025年工作回顾\n\n（一）稳增长\n\n新建项目12个。\n\n二、2026年工作安排\n\n（一）抓项目\n\n持续扩大有效投资。\n",
                       "utf-8")
        ex = extract_document([x for x in parse_file(src) if x.blocks][0])
    first = ex.data["sections"][0]
    assert first["title"] == "总体情况" and "4.8" not in (ex.data.get("overview") or "")
    figs = [(f["value"], f["unit"]) for it in first["items"] if isinstance(it, dict) for f in it["figures"]]
    assert (4.8, "%") in figs and (320, "亿元") in figs
    assert "4.8" not in str(ex.data.get("frame"))     # said once, in the section
