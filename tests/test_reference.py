"""`drafter render --reference 本单位模板.docx`: the draft inside a unit's own document.

A plain Word document and a template with a 版头 and its own page numbers give drafts whose page
setup is the reference's and whose body follows GB/T 9704 (measured in LibreOffice where it is
installed); a broken reference is refused with exit 2 and a Chinese message.
"""
from __future__ import annotations

import os
import zipfile

import docx
import pytest
from docx.shared import Length
from lxml import etree

from conftest import ROOT, run_cli
from reference_docs import MASTHEAD, plain_word, with_masthead

from drafter.layout import load_layout
from drafter.writers.reference import layout_for

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
EXAMPLE = ROOT / "examples" / "bureau-half-year.yaml"
GOV = "gov-report-h1"


def q(name):
    return f"{{{W}}}{name}"


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    """Every example and a 政府工作报告 skeleton (a salutation), rendered into both references."""
    tmp = tmp_path_factory.mktemp("reference")
    refs = {"plain": plain_word(tmp / "空白文档.docx"), "masthead": with_masthead(tmp / "本单位模板.docx")}
    gov = tmp / "gov.yaml"
    assert run_cli("init", GOV, "-o", gov).returncode == 0
    units = sorted((ROOT / "examples").glob("*.yaml")) + [gov]
    out = {}
    for name, ref in refs.items():
        r = run_cli("render", *units, "-o", tmp / name, "--reference", ref)
        assert r.returncode == 0, r.stderr
        out[name] = (ref, sorted((tmp / name).glob("*.docx")), r.stderr)
        assert len(out[name][1]) == len(units)
    return out


def section(path):
    return docx.Document(str(path)).sections[-1]


def styles_xml(path):
    return etree.fromstring(zipfile.ZipFile(path).read("word/styles.xml"))


def style_font(path, name):
    st = styles_xml(path).xpath(f"w:style[w:name/@w:val='{name}']", namespaces=NS)
    assert len(st) == 1, name
    return st[0].find("w:rPr/w:rFonts", NS).get(q("eastAsia"))


@pytest.mark.parametrize("kind", ["plain", "masthead"])
def test_page_setup_is_the_references(drafts, kind):
    ref, docs, _ = drafts[kind]
    want = section(ref)
    for d in docs:
        got = section(d)
        for attr in ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin", "right_margin"):
            assert getattr(got, attr) == getattr(want, attr), (d.name, attr)


def test_plain_document_is_completed_from_the_profile(drafts):
    ref, docs, stderr = drafts["plain"]
    assert "没有可用的样式：正文、标题、一级标题、二级标题、三级标题、四级标题" in stderr and str(ref) in stderr
    for d in docs:
        assert style_font(d, "Normal") == "仿宋_GB2312"
        assert style_font(d, "Title") == "方正小标宋简体"
        assert style_font(d, "heading 1") == "黑体" and style_font(d, "heading 2") == "楷体_GB2312"
        # Word's 15.6 pt grid is for 五号 text: the profile's line pitch on the reference's page.
        grid = docx.Document(str(d)).element.body.find("w:sectPr/w:docGrid", NS)
        s = section(d)
        text_h = Length(s.page_height - s.top_margin - s.bottom_margin).twips
        assert grid.get(q("type")) == "lines" and int(grid.get(q("linePitch"))) == text_h // (text_h // 579)
        # No footers of its own: drafter's page numbers (— 1 —, odd right, even left).
        footers = [p for p in zipfile.ZipFile(d).namelist() if p.startswith("word/footer")]
        assert len(footers) == 2
        assert any("— " in zipfile.ZipFile(d).read(f).decode() for f in footers)
        # Its placeholder text is gone.
        assert "在此处键入正文" not in "".join(p.text for p in docx.Document(str(d)).paragraphs)


def test_masthead_template_keeps_its_masthead_styles_and_footer(drafts):
    ref, docs, stderr = drafts["masthead"]
    assert "没有可用的样式：一级标题、二级标题、三级标题、四级标题" in stderr
    assert "正文、" not in stderr
    for d in docs:
        paras = docx.Document(str(d)).paragraphs
        assert paras[0].text == MASTHEAD and paras[1].text == ""  # the red line keeps its paragraph
        assert paras[1]._p.find("w:pPr/w:pBdr/w:bottom", NS).get(q("color")) == "FF0000"
        assert paras[2].style.name == "Title"
        assert paras[2].paragraph_format.space_before.twips == 2 * 579  # 7.3.1: 红色分隔线下空二行
        assert "（正文从这里开始）" not in [p.text for p in paras]
        # Its own styles for 正文 and 标题; the headings it lacked from the profile.
        assert style_font(d, "Normal") == "仿宋_GB2312" and style_font(d, "heading 1") == "黑体"
        # Its own grid and its own footer (第 N 页), not drafter's.
        grid = docx.Document(str(d)).element.body.find("w:sectPr/w:docGrid", NS)
        assert grid.get(q("linePitch")) == "579"
        z = zipfile.ZipFile(d)
        footers = [z.read(p).decode() for p in z.namelist() if p.startswith("word/footer")]
        assert len(footers) == 1 and "第 " in footers[0] and "—" not in footers[0]
        # Direct indents in twips win over the style's character-unit indent (firstLineChars).
        body = docx.Document(str(d)).element.body
        for ind in body.iter(q("ind")):
            if ind.get(q("firstLine")) is not None:
                assert ind.get(q("firstLineChars")) == "0"


def test_salutation_flush_left_in_a_reference(drafts):
    """The template's 正文 indents two characters (firstLineChars); the salutation overrides it."""
    from drafter.writers.docx import is_salutation
    _, docs, _ = drafts["masthead"]
    d = next(x for x in docs if x.stem == "gov")
    paras = docx.Document(str(d)).paragraphs
    sal = [p for p in paras if is_salutation(p.text)]
    assert sal, "the 政府工作报告 skeleton has a salutation line"
    ind = sal[0]._p.find("w:pPr/w:ind", NS)
    assert ind.get(q("firstLine")) == "0" and ind.get(q("firstLineChars")) == "0"


def test_reference_render_is_deterministic(tmp_path, drafts):
    ref, docs, _ = drafts["masthead"]
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    for out in (a, b):
        assert run_cli("render", EXAMPLE, "-o", out, "--reference", ref).returncode == 0
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("kind", ["plain", "masthead"])
def test_reference_drafts_in_libreoffice(drafts, tmp_path, kind):
    from pdf_layout import check, to_pdf, tools
    soffice, pdftotext = tools()
    if not (soffice and pdftotext):
        if os.environ.get("DRAFTER_REQUIRE_LIBREOFFICE"):
            pytest.fail("LibreOffice or pdftotext not installed, but DRAFTER_REQUIRE_LIBREOFFICE is set")
        pytest.skip("LibreOffice (soffice) or pdftotext (poppler-utils) not installed")
    ref, docs, _ = drafts[kind]
    L = layout_for(docx.Document(str(ref)), load_layout(None))
    pdfs = to_pdf(docs, tmp_path / "pdf", tmp_path / "lo-profile")
    faults = [f for d, p in zip(docs, pdfs) for f in check(d, p, L, page_numbers=kind == "plain")]
    assert not faults, "\n".join(faults)
    if kind == "masthead":  # its own page numbers on every page
        from pdf_layout import pdf_lines
        for p in pdfs:
            pages, text = pdf_lines(p)
            for n, page in enumerate(text[:len(pages)], 1):
                assert f"第{n}页" in page.replace(" ", ""), (p.name, n)


BROKEN = {
    "missing": None,
    "garbage.docx": b"this is not a word document\n",
    "old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
    "truncated.docx": None,  # the first half of a real one
    "nodoc.docx": None,      # a zip without word/document.xml
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_reference_exit_2_in_chinese_and_nothing_written(tmp_path, name):
    ref = tmp_path / name
    if name == "truncated.docx":
        data = plain_word(tmp_path / "whole.docx").read_bytes()
        ref.write_bytes(data[: len(data) // 2])
    elif name == "nodoc.docx":
        with zipfile.ZipFile(ref, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("hello.txt", "hi")
    elif BROKEN[name] is not None:
        ref.write_bytes(BROKEN[name])
    out = tmp_path / "out.docx"
    r = run_cli("render", EXAMPLE, "-o", out, "--reference", ref)
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert str(ref) in r.stderr and "参考文档" in r.stderr
    assert "Traceback" not in r.stderr and not out.exists()
    assert not any(c.isascii() and c.isalpha() for c in r.stderr.replace(str(ref), "").replace("docx", "")
                   .replace("doc", "").replace("Word", "").replace("WPS", "").replace("dotx", "")), r.stderr
