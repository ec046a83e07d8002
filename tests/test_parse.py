"""Parser behaviour on re-encoded, re-saved and hostile inputs, and through the CLI."""
import json

import pytest
from hypothesis import given, settings, strategies as st

from conftest import CORPUS, ROOT
from drafter.errors import InputError
from drafter.parser import parse_file, parse_text

FILES = sorted(CORPUS.glob("*.txt"))


def outline(docs):
    return [(d.title, d.start_line, d.end_line, d.signature and d.signature.to_json(),
             [h.to_json() for h in d.headings]) for d in docs]


def write_docx(lines, path):
    from docx import Document
    doc = Document()
    # python-docx starts with one empty paragraph-free body; one paragraph per source line
    for line in lines:
        doc.add_paragraph(line)
    doc.save(path)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-16-le", "utf-8-sig"])
def test_reencoded_corpus_parses_the_same(path, encoding, tmp_path):
    text = path.read_text("utf-8")
    other = tmp_path / path.name
    other.write_bytes(text.encode(encoding))
    assert outline(parse_file(other)) == outline(parse_file(path))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:3])
def test_docx_corpus_parses_the_same(path, tmp_path):
    lines = path.read_text("utf-8").split("\n")
    out = tmp_path / (path.stem + ".docx")
    write_docx(lines, out)
    assert outline(parse_file(out)) == outline(parse_file(path))


def test_docx_heading_styles_are_hints(tmp_path):
    from docx import Document
    doc = Document()
    doc.add_paragraph("某局2024年上半年工作总结")
    doc.add_paragraph("")
    doc.add_heading("主要工作", level=1)
    doc.add_paragraph("上半年，我局扎实推进各项工作。")
    doc.add_heading("存在的不足", level=1)
    doc.add_paragraph("一是基础薄弱。")
    p = tmp_path / "styled.docx"
    doc.save(p)
    [d] = parse_file(p)
    assert [(h.text, h.level) for h in d.headings] == [("主要工作", 1), ("存在的不足", 1)]


def test_paidbegin_removed_everywhere():
    text = "\n".join(["某局2023年上半年工作总结", "", "##paidbegin##一、基本情况",
                      "上半年，我局##paidbegin##扎实推进工作。", "##paidbegin##（一）强化领导", "内容。"])
    [d] = parse_text(text)
    assert [(h.marker, h.text) for h in d.headings] == [("一、", "基本情况"), ("（一）", "强化领导")]
    assert all("paidbegin" not in p.text for p in d.paragraphs)


def test_inline_heading_and_cut():
    [d] = parse_text("某镇2023年工作总结\n\n一、工作开展情况\n（一）全面加强党的领导。建立健全制度。\n（二）发现问题如下：台账不全。")
    hs = d.headings
    assert (hs[1].text, hs[1].inline, hs[1].body) == ("全面加强党的领导", True, "。建立健全制度。")
    assert (hs[2].text, hs[2].inline) == ("发现问题如下", True)


def test_enumerations_and_numbers_are_not_headings():
    text = "\n".join(["某局2023年上半年工作总结", "", "一、工作开展情况",
                      "一是加强学习。二是强化落实。三是严格考核。",
                      "2023年以来，我局共完成项目12个。",
                      "1.5万元专项资金已拨付到位。",
                      "一、二季度经济运行总体平稳。",
                      "二、存在的问题", "5、6月份降雨偏多，工期受到影响。"])
    [d] = parse_text(text)
    assert [(h.level, h.text) for h in d.headings] == [(1, "工作开展情况"), (1, "存在的问题")]


def test_part_headings_and_restart():
    text = "\n".join(["2024年上半年政府工作报告", "", "各位代表：", "上半年工作回顾",
                      "一、经济稳步增长", "内容。", "二、民生持续改善", "内容。",
                      "下半年工作安排", "一、抓项目", "内容。", "二、惠民生", "内容。"])
    [d] = parse_text(text)
    assert [(h.level, h.marker, h.text) for h in d.headings] == [
        (1, "", "上半年工作回顾"), (1, "一、", "经济稳步增长"), (1, "二、", "民生持续改善"),
        (1, "", "下半年工作安排"), (1, "一、", "抓项目"), (1, "二、", "惠民生")]
    assert d.headings[0].part and d.headings[3].part


def test_signature_block():
    [d] = parse_text("某局2023年上半年工作总结\n\n一、基本情况\n内容。\n某县某局\n2023年6月29日")
    assert d.signature.to_json() == {"unit": "某县某局", "date": "2023年6月29日"}
    assert d.end_line == 6


def test_compilation_with_untitled_document():
    text = "\n".join(["工作总结汇编（2篇）", "", "目录", "甲局2023年工作总结\t1", "", "",
                      "甲局2023年工作总结", "", "一、工作情况", "内容。", "二、下步打算", "内容。", "", "", "",
                      "一、工作情况", "另一篇的内容。", "二、存在问题", "内容。"])
    docs = parse_text(text)
    assert [(d.title, d.start_line) for d in docs] == [("甲局2023年工作总结", 7), (None, 16)]


@pytest.mark.parametrize("content,suffix", [
    (b"", ".txt"),
    (b"\n\n   \n", ".txt"),
])
def test_empty_files_give_no_documents(tmp_path, content, suffix):
    p = tmp_path / ("empty" + suffix)
    p.write_bytes(content)
    assert parse_file(p) == []


def test_binary_file_is_refused(tmp_path):
    p = tmp_path / "image.txt"
    p.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InputError):
        parse_file(p)


def test_truncated_docx_is_refused(tmp_path):
    good = tmp_path / "good.docx"
    write_docx(["某局2023年工作总结", "", "一、情况", "内容。"], good)
    bad = tmp_path / "bad.docx"
    bad.write_bytes(good.read_bytes()[:600])
    with pytest.raises(InputError):
        parse_file(bad)
    notzip = tmp_path / "fake.docx"
    notzip.write_text("这不是 docx")
    with pytest.raises(InputError):
        parse_file(notzip)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_parser_never_raises_on_arbitrary_unicode(text):
    for d in parse_text(text):
        assert d.start_line <= d.end_line
        for h in d.headings:
            assert 1 <= h.level <= 4 and h.text


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["一、工作情况", "（一）加强领导。内容", "1.具体做法", "（1）细节", "——要点",
                                 "", "", "某局2023年工作总结", "正文内容。", "##paidbegin##", "上半年工作回顾",
                                 "2023年6月29日", "某县某局", "一是……二是……", "目录", "标题\t3"]), max_size=60))
def test_parser_never_raises_on_report_like_noise(lines):
    parse_text("\n".join(lines))


# --- through the command line, as a user runs it -------------------------------------------

def test_cli_parse_corpus_shows_all_documents(cli):
    r = cli("parse", "corpus/", "--json")
    assert r.returncode == 0, r.stderr
    docs = json.loads(r.stdout)
    assert len(docs) == 47
    assert {"file", "title", "start_line", "end_line", "kind", "signature", "headings"} <= set(docs[0])
    r = cli("parse", "corpus/")
    assert r.returncode == 0 and r.stdout.count("篇文档") == 5


@pytest.mark.parametrize("make", ["missing", "empty_dir", "binary", "bad_docx"])
def test_cli_bad_inputs_exit_2_in_chinese(cli, tmp_path, make):
    if make == "missing":
        arg = tmp_path / "nope.txt"
    elif make == "empty_dir":
        arg = tmp_path / "d"
        arg.mkdir()
        (arg / "notes.bin").write_bytes(b"\x00\x01")
    elif make == "binary":
        arg = tmp_path / "x.txt"
        arg.write_bytes(bytes(range(256)) * 10)
    else:
        arg = tmp_path / "x.docx"
        arg.write_bytes(b"PK\x03\x04broken")
    r = cli("parse", arg)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and str(arg.name) in r.stderr
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.stderr)


def test_cli_empty_file_parses_to_nothing(cli, tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    r = cli("parse", p, "--json")
    assert r.returncode == 0 and json.loads(r.stdout) == []


def test_cli_large_file(cli, tmp_path):
    """A 50 MB file either parses or is refused cleanly; never a traceback."""
    text = (CORPUS / "001_149dd883a1863841.txt").read_bytes()
    p = tmp_path / "big.txt"
    with open(p, "wb") as f:
        while f.tell() < 50 * 1024 * 1024:
            f.write(text)
    r = cli("parse", p, "--json", timeout=900)
    assert "Traceback" not in r.stderr
    assert r.returncode in (0, 2)
    if r.returncode == 0:
        assert len(json.loads(r.stdout)) > 1000


def test_cli_parse_fills_kind_from_the_bank_without_heavy_imports(cli):
    r = cli("parse", "corpus/", "--json")
    docs = json.loads(r.stdout)
    assert all(d["kind"] for d in docs)
    assert {d["kind"] for d in docs if d["title"] and "政府工作报告" in d["title"]} == {"gov-report-h1"}
    code = ("import sys; from drafter.parser import parse_paths; from drafter.bank import classify_documents; "
            "d = parse_paths(['corpus']); classify_documents(d); "
            "print(sorted(m for m in ('sklearn', 'jieba', 'docx') if m in sys.modules))")
    import subprocess, sys
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stderr
