"""`drafter check`: each rule flags a defect planted into an example's draft at the right line,
and leaves the examples' own drafts (and what real reports write correctly) alone."""
import io
import json
import random
import re
import zipfile

import pytest

from conftest import CORPUS, ROOT

from drafter.check import Context, check_paths, check_source
from drafter.check.findings import ERROR, NOTE
from drafter.check.source import load

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
BUREAU = ROOT / "examples" / "bureau-half-year.yaml"
TOWN = ROOT / "examples" / "town-annual.yaml"


@pytest.fixture(scope="module")
def ctx():
    return Context()


def draft(example, fmt="txt") -> bytes:
    """The example's draft as `drafter render` writes it."""
    from drafter.bank import bank_dir, known_kinds
    from drafter.fill import render_unit
    from drafter.unit import load_unit
    from drafter.writers import render
    unit = load_unit(example, known_kinds())
    return render(render_unit(unit, bank_dir(None)), fmt)


def draft_lines(example) -> list[str]:
    return draft(example).decode("utf-8").split("\n")


def line_of(lines, needle) -> int:
    """1-based number of the first line containing `needle`."""
    return next(i for i, ln in enumerate(lines, 1) if needle in ln)


def findings(tmp_path, lines, ctx, name="d.txt", unit=None):
    p = tmp_path / name
    p.write_text("\n".join(lines), "utf-8")
    return check_source(load(p, unit), ctx)


def planted(tmp_path, ctx, example, old, new, unit=None):
    """Findings on the example's draft with `old` replaced by `new` once, and the line changed."""
    lines = draft_lines(example)
    no = line_of(lines, old)
    lines[no - 1] = lines[no - 1].replace(old, new, 1)
    return findings(tmp_path, lines, ctx, unit=unit), no


def rules_at(found, line, severity=None):
    return {f.rule for f in found if f.line == line and (severity is None or f.severity == severity)}


# --- the examples' own drafts ------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["txt", "md", "docx"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_examples_drafts_have_no_error(tmp_path, ctx, example, fmt):
    p = tmp_path / f"draft.{fmt}"
    p.write_bytes(draft(example, fmt))
    found = check_source(load(p), ctx)
    assert not [f for f in found if f.severity == ERROR], found
    assert not [f for f in found if f.rule == "copying"], found


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_examples_drafts_agree_with_their_unit_files(tmp_path, ctx, example):
    from drafter.check import load_unit_for_check
    unit = load_unit_for_check(example)
    assert not [f for f in findings(tmp_path, draft_lines(example), ctx, unit=unit) if f.severity == ERROR]


# --- leftovers -----------------------------------------------------------------------------

@pytest.mark.parametrize("old,new,rule", [
    ("3862户", "xx户", "leftover.placeholder"),
    ("3862户", "XX户", "leftover.placeholder"),
    ("压缩至1个工作日", "压缩至x-x月", "leftover.placeholder"),
    ("推行“一网通办”", "推行××“一网通办”", "leftover.placeholder"),
    ("推行“一网通办”", "推行{{ item }}", "leftover.template"),
    ("推行“一网通办”", "推行{% if x %}", "leftover.template"),
    ("在县委、县政府的坚强领导下", "在〔上级机关〕的坚强领导下", "leftover.slot"),
    ("持续深化商事制度改革", "持续深化D建引领和商事制度改革", "leftover.censor"),
    ("持续深化商事制度改革", "持续深化商事制度改革（）", "leftover.empty"),
    ("推行“一网通办”", "推行“”", "leftover.empty"),
])
def test_leftovers_are_flagged_at_their_line(tmp_path, ctx, old, new, rule):
    found, no = planted(tmp_path, ctx, BUREAU, old, new)
    assert rule in rules_at(found, no, ERROR), found


@pytest.mark.parametrize("text", [
    "探索构建“1+X”监管体系，在全市率先推行A级企业分级分类。",      # formula X, a grade letter
    "开展“数据要素×”行动，新建5G-A基站400个，设立S基金，建设B地块。",   # terms, not masks
    "依据《某省规定》〔2024〕12号文件，完成第一阶段任务。",              # a document number's year
])
def test_leftovers_leave_real_terms_alone(tmp_path, ctx, text):
    lines = draft_lines(BUREAU)
    no = line_of(lines, "持续深化商事制度改革")
    lines[no - 1] = text
    assert not {r for r in rules_at(findings(tmp_path, lines, ctx), no) if r.startswith("leftover")}


# --- stale and foreign text ----------------------------------------------------------------

def test_last_years_opening_is_an_error(tmp_path, ctx):
    found, no = planted(tmp_path, ctx, BUREAU, "2024年上半年，在县委", "2023年上半年，在县委")
    assert "stale.year" in rules_at(found, no, ERROR)


def test_last_years_since_opening_a_paragraph(tmp_path, ctx):
    found, no = planted(tmp_path, ctx, BUREAU, "2024年上半年，在县委", "2023年以来，在县委")
    assert "stale.year" in rules_at(found, no, ERROR)


def test_last_years_heading_is_an_error(tmp_path, ctx):
    found, no = planted(tmp_path, ctx, TOWN, "一、2024年工作总结", "一、2023年工作总结")
    assert "stale.year" in rules_at(found, no, ERROR)


@pytest.mark.parametrize("text", [
    "新登记市场主体3862户，较2023年增长13.3%。",
    "北港村获评“2023年度乡村振兴好班子”。",
    "2023年以来累计培育示范单位50家。",
    "人均预期寿命从2020年的82.4岁提升至83.9岁。",
])
def test_years_in_comparisons_and_names_are_fine(tmp_path, ctx, text):
    lines = draft_lines(BUREAU)
    no = line_of(lines, "持续深化商事制度改革")
    lines[no - 1] = text
    assert "stale.year" not in rules_at(findings(tmp_path, lines, ctx), no)


def test_a_different_period_in_the_opening(tmp_path, ctx):
    found, no = planted(tmp_path, ctx, BUREAU, "现将上半年工作", "现将下半年工作")
    assert "stale.period" in rules_at(found, no, ERROR)


def test_signature_of_another_unit(tmp_path, ctx):
    lines = draft_lines(BUREAU)
    no = len(lines) - lines[::-1].index("青山县市场监督管理局")
    lines[no - 1] = "白云县市场监督管理局"
    found = findings(tmp_path, lines, ctx)
    assert "foreign.unit" in rules_at(found, no, ERROR)


def test_an_abbreviated_signature_is_the_same_unit(tmp_path, ctx):
    lines = draft_lines(BUREAU)
    no = len(lines) - lines[::-1].index("青山县市场监督管理局")
    lines[no - 1] = "青山县市场监管局"
    assert "foreign.unit" not in {f.rule for f in findings(tmp_path, lines, ctx)}


def test_unit_names_the_bank_knows_from_other_documents(tmp_path):
    from drafter.check import stale

    class Bank(Context):
        def bank_units(self):
            return [("红旗县水利局", "红旗县水利局2023年工作总结"), ("青山县市场监督管理局", "旧总结")]
    lines = draft_lines(BUREAU)
    no = line_of(lines, "持续深化商事制度改革")
    lines[no - 1] = "会同红旗县水利局持续深化商事制度改革。"
    src = load(_write(tmp_path, lines))
    found = list(stale.foreign_units(src, Bank()))
    assert [(f.line, f.rule) for f in found] == [(no, "foreign.unit")]    # its own name is not foreign
    assert "红旗县水利局2023年工作总结" in found[0].message


def test_mining_records_specific_unit_names_only():
    from drafter.check.shingles import doc_units
    from drafter.model import Document, Signature
    assert doc_units(Document(title="红旗县水利局2023年工作总结")) == ["红旗县水利局"]
    assert doc_units(Document(title="县水利局2023年工作总结")) == []        # no proper name
    assert doc_units(Document(title="2023年工作总结", signature=Signature("XX县总工会", ""))) == []


def _write(tmp_path, lines, name="d.txt"):
    p = tmp_path / name
    p.write_text("\n".join(lines), "utf-8")
    return p


# --- numbering -----------------------------------------------------------------------------

@pytest.mark.parametrize("old,new", [
    ("（三）强化执法办案", "（四）强化执法办案"),     # gap
    ("（三）强化执法办案", "（二）强化执法办案"),     # repeat
    ("四、下一步工作打算", "五、下一步工作打算"),     # gap at level 1
])
def test_numbering_gaps_and_repeats(tmp_path, ctx, old, new):
    found, no = planted(tmp_path, ctx, BUREAU, old, new)
    assert "numbering.gap" in rules_at(found, no, ERROR), found


def test_level_jump(tmp_path, ctx):
    lines = draft_lines(BUREAU)
    no = line_of(lines, "（一）优化营商环境")
    lines[no - 1] = "1.优化营商环境"
    found = findings(tmp_path, lines, ctx)
    assert "numbering.level" in rules_at(found, no, NOTE)


def test_one_without_two(tmp_path, ctx):
    found, no = planted(tmp_path, ctx, BUREAU, "；二是企业开办", "；企业开办")
    assert "numbering.ordinal" in rules_at(found, no, ERROR)


def test_ordinal_gap(tmp_path, ctx):
    found, no = planted(tmp_path, ctx, TOWN, "三是新引进", "四是新引进")
    assert "numbering.ordinal" in rules_at(found, no, ERROR)


def test_ordinals_past_twenty(tmp_path, ctx):
    """二十一是 is read whole, not as its tail 十一是: a long run is in order, and a gap in it is found."""
    lines = draft_lines(BUREAU)
    no = line_of(lines, "一是新登记")
    names = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
    cn = names + ["十" + n for n in names[:9]] + ["二十"] + ["二十" + n for n in names[:9]] + ["三十"]
    lines[no - 1] = "；".join(f"{c}是开展检查" for c in cn[:23]) + "。"
    found = findings(tmp_path, lines, ctx)
    assert "numbering.ordinal" not in rules_at(found, no), found
    lines[no - 1] = "；".join(f"{c}是开展检查" for c in cn[:21] + cn[22:24]) + "。"     # 二十一是 → 二十三是
    found = findings(tmp_path, lines, ctx)
    assert "numbering.ordinal" in rules_at(found, no, ERROR), found


def test_title_and_signature_missing(tmp_path, ctx):
    lines = draft_lines(BUREAU)
    found = findings(tmp_path, lines[:-3], ctx)         # no signature
    assert "numbering.signature" in {f.rule for f in found if f.severity == NOTE}
    found = findings(tmp_path, lines[2:], ctx)          # no title
    assert "numbering.title" in {f.rule for f in found if f.severity == NOTE}


def test_ordinal_words_are_not_run_ins(tmp_path, ctx):
    found, no = planted(tmp_path, ctx, BUREAU, "持续深化商事制度改革", "统一是前提，唯一是标准，持续深化商事制度改革")
    assert "numbering.ordinal" not in rules_at(found, no)


def test_headings_run_into_one_paragraph(tmp_path, ctx):
    lines = draft_lines(BUREAU)
    no = line_of(lines, "持续深化商事制度改革")
    body = "推进各项工作。" * 80
    lines[no - 1] = f"抓好三件事。（一）抓党建。{body}（二）抓项目。{body}（四）抓民生。{body}"
    found = findings(tmp_path, lines, ctx)
    assert {"numbering.gap", "numbering.paragraph"} <= rules_at(found, no, NOTE)
    # in sequence, under a level-1 heading (the parser reads a run-on line's inline headings)
    lines = draft_lines(BUREAU)
    no = line_of(lines, "在全市率先推行")
    lines[no - 1] = f"抓好三件事。（一）抓党建。{body}（二）抓项目。（三）抓民生。"
    found = findings(tmp_path, lines, ctx)
    assert "numbering.gap" not in rules_at(found, no) and "numbering.paragraph" not in rules_at(found, no)


# --- figures -------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence,rule,bad", [
    ("新登记市场主体由3410户增加到3862户，增长20%。", "figures.growth", True),
    ("新登记市场主体由3410户增加到3862户，增长13.3%。", "figures.growth", False),
    ("罚没款186.4万元，上年同期为152万元，同比下降22.6%。", "figures.growth", True),
    ("罚没款186.4万元，上年同期为152万元，同比增长22.6%。", "figures.growth", False),
    ("覆盖率从60.2%提高到65.2%，提高6个百分点。", "figures.growth", True),
    ("覆盖率从60.2%提高到65.2%。", "figures.growth", False),
    ("全年目标2400家，已检查经营主体1245家，完成全年目标的45%。", "figures.target", True),
    ("全年目标2400家，已检查经营主体1245家，完成全年目标的51.9%。", "figures.target", False),
    ("食品抽检合格率98.5%，同比提高1.2%。", "figures.rate", True),
    ("食品抽检合格率98.5%，同比提高1.2个百分点。", "figures.rate", False),
    ("共查办案件120件，其中食品案件80件、药品案件50件。", "figures.sum", True),
    ("共查办案件120件，其中食品案件80件、药品案件30件。", "figures.sum", False),
])
def test_figures_against_their_wording(tmp_path, ctx, sentence, rule, bad):
    lines = draft_lines(BUREAU)
    no = line_of(lines, "持续深化商事制度改革")
    lines[no - 1] = sentence
    assert (rule in rules_at(findings(tmp_path, lines, ctx), no, ERROR)) == bad


@pytest.mark.parametrize("old,new", [("3862户", "3962户"), ("同比增长13.3%", "同比增长15%"),
                                     ("完成全年目标的51.9%", "完成全年目标的50%")])
def test_unit_figures_appear_as_the_yaml_says(tmp_path, ctx, old, new):
    from drafter.check import load_unit_for_check
    unit = load_unit_for_check(BUREAU)
    found, no = planted(tmp_path, ctx, BUREAU, old, new, unit=unit)
    assert "figures.unit" in rules_at(found, no, ERROR), found


# --- standard wording -----------------------------------------------------------------------

@pytest.mark.parametrize("text,bad", [
    ("深入学习贯彻二十大精神。", True),
    ("深入学习贯彻党的二十大精神。", False),
    ("深入学习贯彻党的十九大、二十大精神。", False),
    ("以新时代中国特色社会主义思想为指导。", True),
    ("以习近平新时代中国特色社会主义思想为指导。", False),
    ("坚持以人民为中心发展思想。", True),
    ("树立国家总体安全观。", True),
    ("坚持总体国家安全观。", False),
])
def test_standard_wording(tmp_path, ctx, text, bad):
    lines = draft_lines(BUREAU)
    no = line_of(lines, "持续深化商事制度改革")
    lines[no - 1] = text
    assert ("wording.formula" in rules_at(findings(tmp_path, lines, ctx), no, ERROR)) == bad


def test_every_formula_has_a_source():
    from drafter.check.wording import formulae
    for text, source, wrongs in formulae():
        assert text and len(source) >= 6 and wrongs, text
        assert not any(rx.search(text) for rx in wrongs), text       # the right form is never wrong


# --- copying (查重) -------------------------------------------------------------------------

def _corpus_paragraphs(own_only=False):
    """(document, text) of the corpus's paragraphs of 30–200 characters. own_only: those no other
    document shares 12 characters with (an opening every 政府工作报告 has is the genre's, not copying)."""
    from collections import defaultdict
    from drafter.model import Paragraph
    from drafter.parser import parse_paths
    docs = parse_paths([CORPUS])
    paras = [(i, d, b.text) for i, d in enumerate(docs) for b in d.blocks if isinstance(b, Paragraph)]
    grams = defaultdict(set)
    if own_only:
        for i, _, text in paras:
            t = re.sub(r"[^\u4e00-\u9fff]", "", text)
            for j in range(len(t) - 11):
                grams[t[j:j + 12]].add(i)
    out = []
    for i, d, text in paras:
        t = re.sub(r"[^\u4e00-\u9fff]", "", text)
        if 30 <= len(text) <= 200 and not (own_only and any(grams[t[j:j + 12]] != {i} for j in range(len(t) - 11))):
            out.append((d, text))
    return out


@pytest.mark.parametrize("seed", [1, 12])
def test_copied_paragraphs_are_found_with_their_title(tmp_path, ctx, seed):
    rng = random.Random(seed)
    pool = _corpus_paragraphs(own_only=True)
    assert len(pool) > 300
    base = draft_lines(BUREAU)
    at = line_of(base, "持续深化商事制度改革")
    hits, n = 0, 100
    for t in range(n):
        doc, text = rng.choice(pool)
        if t % 2:   # one character changed
            i = rng.choice([i for i, c in enumerate(text) if "\u4e00" <= c <= "\u9fff"])
            text = text[:i] + ("的" if text[i] != "的" else "是") + text[i + 1:]
        lines = base[:at] + [text] + base[at:]
        found = [f for f in findings(tmp_path, lines, ctx) if f.rule == "copying" and f.line == at + 1]
        want = doc.title or "无标题文档"
        hits += any(want in f.source for f in found)
    assert hits >= 95, hits


def test_drafts_of_init_skeletons_are_not_copying(tmp_path, ctx):
    from drafter.bank import bank_dir, known_kinds, load_manifest
    from drafter.fill import render_unit
    from drafter.unit import parse_unit, skeleton_yaml
    from drafter.writers import render
    for k in load_manifest(None)["kinds"]:
        unit = parse_unit(skeleton_yaml(k["id"], k["name"]), "skel.yaml", known_kinds())
        p = tmp_path / f"{k['id']}.txt"
        p.write_bytes(render(render_unit(unit, bank_dir(None)), "txt"))
        assert not [f for f in check_source(load(p), ctx) if f.rule == "copying"], k["id"]


def test_stock_wording_is_not_copying(tmp_path, ctx):
    lines = draft_lines(BUREAU)
    no = line_of(lines, "持续深化商事制度改革")
    lines[no - 1] = ("坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，坚持稳中求进工作总基调，"
                     "完整、准确、全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。")
    assert "copying" not in rules_at(findings(tmp_path, lines, ctx), no)


def test_frame_sentences_of_the_manifest_are_exempt(tmp_path):
    """A kind's mined frame (manifest["kinds"][i]["frame"]) is the genre's, not copying."""
    pool = _corpus_paragraphs()
    text = max((t for _, t in pool if len(t) > 80), key=len)
    lines = draft_lines(BUREAU)
    no = line_of(lines, "持续深化商事制度改革")
    lines[no - 1] = text

    class Framed(Context):
        def manifest(self):
            m = dict(super().manifest())
            m["kinds"] = [dict(m["kinds"][0], frame=[{"text": text, "position": 1, "support": 3}])]
            return m
    assert "copying" in rules_at(findings(tmp_path, lines, Context()), no)
    assert "copying" not in rules_at(findings(tmp_path, lines, Framed()), no)


def test_shingle_file_is_compact_and_shipped():
    from drafter.check.shingles import FILE_NAME, Shingles
    path = ROOT / "phrasebank" / FILE_NAME
    assert path.stat().st_size < 600_000
    sh = Shingles(path.read_bytes())
    assert list(sh.hashes) == sorted(set(sh.hashes)) and len(sh.docs) == 47
    assert '"*.bin"' in (ROOT / "pyproject.toml").read_text("utf-8")


def test_a_bank_without_shingles_says_so(tmp_path):
    import shutil
    bank = tmp_path / "bank"
    shutil.copytree(ROOT / "templates", bank / "templates")
    shutil.copytree(ROOT / "phrasebank", bank / "phrasebank")
    shutil.copy(ROOT / "manifest.json", bank)
    (bank / "phrasebank" / "shingles.bin").unlink()
    p = _write(tmp_path, draft_lines(BUREAU))
    found = check_source(load(p), Context(bank))
    assert [(f.line, f.severity, f.rule) for f in found] == [(0, NOTE, "copying")]


def test_broken_shingle_file_is_a_clear_error():
    from drafter.check.shingles import Shingles
    from drafter.errors import BankError
    with pytest.raises(BankError, match="查重数据损坏"):
        Shingles(b"DRAFTER-SHINGLES-1\n\xff\xff")


# --- layout of a .docx ----------------------------------------------------------------------

def _docx_edit(data: bytes, part: str, edit) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            body = src.read(name)
            z.writestr(name, edit(body.decode("utf-8")).encode("utf-8") if name == part else body)
    return out.getvalue()


@pytest.mark.parametrize("part,old,new,rule", [
    ("word/styles.xml", 'w:eastAsia="仿宋_GB2312"', 'w:eastAsia="宋体"', "layout.font"),
    ("word/styles.xml", 'w:eastAsia="黑体"', 'w:eastAsia="微软雅黑"', "layout.font"),
    ("word/styles.xml", '<w:sz w:val="44"/>', '<w:sz w:val="36"/>', "layout.size"),
    ("word/document.xml", 'w:left="1587"', 'w:left="1800"', "layout.margin"),
    ("word/document.xml", 'w:w="11906"', 'w:w="12240"', "layout.page"),
    ("word/document.xml", 'w:linePitch="', 'w:linePitch="1', "layout.pitch"),
])
def test_layout_defects(tmp_path, ctx, part, old, new, rule):
    data = draft(BUREAU, "docx")
    assert old in zipfile.ZipFile(io.BytesIO(data)).read(part).decode("utf-8")
    p = tmp_path / "d.docx"
    p.write_bytes(_docx_edit(data, part, lambda s: s.replace(old, new)))
    assert rule in {f.rule for f in check_source(load(p), ctx)}


def test_layout_font_is_reported_by_element_at_its_paragraph(tmp_path, ctx):
    data = draft(BUREAU, "docx")
    # the first level-1 heading set in 宋体 directly on its run
    edited = _docx_edit(data, "word/document.xml",
                        lambda s: s.replace("<w:t>一、", '<w:rPr><w:rFonts w:eastAsia="宋体"/></w:rPr><w:t>一、', 1))
    p = tmp_path / "d.docx"
    p.write_bytes(edited)
    src = load(p)
    no = next(ln.no for ln in src.lines if ln.text.startswith("一、"))
    found = [f for f in check_source(src, ctx) if f.rule == "layout.font"]
    assert [(f.line, "一级标题" in f.message) for f in found] == [(no, True)]


def test_missing_page_numbers(tmp_path, ctx):
    data = draft(BUREAU, "docx")
    p = tmp_path / "d.docx"
    p.write_bytes(_docx_edit(data, "word/document.xml", lambda s: re.sub(r"<w:footerReference[^>]*/>", "", s)))
    assert "layout.page-number" in {f.rule for f in check_source(load(p), ctx)}


# --- the command ------------------------------------------------------------------------------

def test_cli_json_and_exit_codes(cli, tmp_path):
    good = tmp_path / "good.txt"
    good.write_bytes(draft(BUREAU))
    r = cli("check", good, "--json")
    assert r.returncode == 0 and json.loads(r.stdout) == []
    lines = draft_lines(BUREAU)
    lines[2] = lines[2].replace("县委、县政府", "xx")
    bad = _write(tmp_path, lines, "bad.txt")
    r = cli("check", good, bad, "--json")
    assert r.returncode == 1, r.stderr
    found = json.loads(r.stdout)
    assert found and all({"line", "severity", "rule", "message"} <= set(f) for f in found)
    assert {(f["file"], f["line"], f["severity"]) for f in found} == {(str(bad), 3, "错误")}
    r = cli("check", bad)
    assert r.returncode == 1 and "遗留的占位符" in r.stdout


def test_cli_unit_option(cli, tmp_path):
    lines = [ln.replace("3862户", "3962户") for ln in draft_lines(BUREAU)]
    p = _write(tmp_path, lines)
    r = cli("check", p, "--unit", BUREAU, "--json")
    assert r.returncode == 1 and {f["rule"] for f in json.loads(r.stdout)} == {"figures.unit"}


@pytest.mark.parametrize("name,data,words", [
    ("broken.docx", b"PK\x03\x04" + bytes(200), "docx"),
    ("cut.docx", None, "docx"),
    ("empty.txt", b"", "为空"),
    ("blank.txt", "\n\u3000\n  \n".encode("utf-8"), "为空"),
    ("binary.txt", bytes(range(256)) * 40, "不是文本"),
    ("missing.txt", False, "不存在"),
])
def test_bad_input_exits_2_in_chinese(cli, tmp_path, name, data, words):
    p = tmp_path / name
    if data is None:
        data = draft(BUREAU, "docx")[:3000]
    if data is not False:
        p.write_bytes(data)
    r = cli("check", p)
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert words in r.stderr and name in r.stderr and "Traceback" not in r.stderr
    assert re.search(r"[\u4e00-\u9fff]", r.stderr)


def test_check_does_not_import_mining_libraries(tmp_path):
    from test_render_imports import MINING_ONLY
    import os
    import subprocess
    import sys
    p = tmp_path / "d.docx"
    p.write_bytes(draft(BUREAU, "docx"))
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "drafter", "check", str(p)],
                       capture_output=True, text=True, cwd=ROOT, timeout=120, env=dict(os.environ))
    assert r.returncode == 0, r.stdout + r.stderr[-2000:]
    mods = {m.group(1) for m in re.finditer(r"^import time:.*\|\s*(\S+)\s*$", r.stderr, re.M)}
    assert "drafter.check" in mods
    heavy = sorted(m for m in mods if m.split(".")[0] in MINING_ONLY + ("docx",) or m.startswith("drafter.mining"))
    assert not heavy, heavy


def test_render_warns_of_errors_and_still_writes(cli, tmp_path):
    text = BUREAU.read_text("utf-8").replace("统筹抓好市场准入", "深入学习贯彻二十大精神，统筹抓好市场准入")
    unit = tmp_path / "u.yaml"
    unit.write_text(text, "utf-8")
    out = tmp_path / "u.docx"
    r = cli("render", unit, "-o", out)
    assert r.returncode == 0 and out.stat().st_size > 0
    assert "警告" in r.stderr and "党的二十大精神" in r.stderr
    r = cli("render", BUREAU, "-o", tmp_path / "b.docx")
    assert r.returncode == 0 and "警告" not in r.stderr


def test_results_are_deterministic(tmp_path, ctx):
    lines = draft_lines(BUREAU)
    lines[2] = lines[2].replace("县委、县政府", "xx、XX")
    p = _write(tmp_path, lines)
    a = check_paths([p])
    assert a == check_paths([p]) and a[0][1]


def test_own_shingles_match_a_plain_count_whatever_the_batch(monkeypatch):
    """OwnHashes (numpy, folded a batch at a time) keeps what a per-hash count keeps: hashes in
    fewer than STOCK_DOCS documents, each with the first document holding it."""
    from collections import Counter
    from drafter.check import shingles
    from drafter.model import Document, Paragraph
    rng = random.Random(7)
    words = ["扎实推进", "取得明显成效", "乡村振兴", "营商环境", "持续优化", "2023年", "群众满意度", "xx镇"]
    docs = [Document(file=f"d{i}.txt", title=None, start_line=1, end_line=1,
                     blocks=[Paragraph(1, "".join(rng.choice(words) for _ in range(rng.randint(3, 12))))
                             for _ in range(rng.randint(1, 4))]) for i in range(40)]
    first, n = {}, Counter()
    for di, d in enumerate(docs):
        seen = set(shingles.doc_hashes(d))
        for h in seen:
            first.setdefault(h, di)
        n.update(seen)
    want = sorted((h, first[h]) for h in first if n[h] < shingles.STOCK_DOCS)
    assert want and len(want) < len(first)        # some shingles are shared by three documents
    for batch in (1, 50, 1 << 20):
        monkeypatch.setattr(shingles.OwnHashes, "_BATCH", batch)
        hs, ds = shingles.own_hashes(docs)
        assert list(zip(hs, ds)) == want
