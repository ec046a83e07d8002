"""Read generated .docx files back and check the GB/T 9704 layout (docs/gbt9704.md)."""
from __future__ import annotations

import math
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Length
from lxml import etree

from drafter.errors import ValidationError
from drafter.layout import load_layout
from drafter.model import Document, Heading, Paragraph, Signature
from drafter.writers import write
from drafter.writers.docx import text_width

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def q(name: str) -> str:
    return f"{{{W}}}{name}"


def sample_doc(unit: str = "某某市某某局", date: str = "2023年6月29日") -> Document:
    return Document(
        title="某某市某某局2023年上半年工作总结",
        blocks=[
            Paragraph(2, "今年以来，我局“稳中求进”，各项工作扎实推进……"),
            Heading(3, 1, "一、", "主要工作成效"),
            Heading(4, 2, "（一）", "加强组织领导"),
            Paragraph(5, "成立工作专班，每月调度1次。"),
            Heading(6, 2, "（二）", "健全制度体系", inline=True, body="。制定管理办法3项。"),
            Heading(7, 3, "1.", "完善考核", inline=True, body="。将重点任务纳入考核。"),
            Heading(8, 4, "（1）", "细化责任"),
            Paragraph(9, "下一步，我局将持续抓好落实。"),
        ],
        signature=Signature(unit, date),
    )


class Docx:
    """A written .docx: python-docx view plus the raw XML parts."""

    def __init__(self, path: Path):
        self.path = path
        self.doc = docx.Document(str(path))
        self.zip = zipfile.ZipFile(path)

    def xml(self, name: str):
        return etree.fromstring(self.zip.read(name))

    @property
    def body(self):
        return self.xml("word/document.xml").find(q("body"))

    def paragraphs(self):
        return self.body.findall(q("p"))

    def style(self, name: str):
        """A style by its Word name (w:name), as the built-in styles are named in styles.xml."""
        found = self.xml("word/styles.xml").xpath(f"w:style[w:name/@w:val='{name}']", namespaces=NS)
        assert len(found) == 1, f"expected exactly one style named {name!r}, got {len(found)}"
        return found[0]

    def style_by_id(self, sid: str):
        return self.xml("word/styles.xml").xpath(f"w:style[@w:styleId='{sid}']", namespaces=NS)[0]

    def ind(self, p, attr: str) -> int | None:
        """Effective w:ind/@attr (twips) of a paragraph: direct, else its style's, else Normal's."""
        ind = p.find("w:pPr/w:ind", NS)
        if ind is not None and ind.get(q(attr)) is not None:
            return int(ind.get(q(attr)))
        sid = p.find("w:pPr/w:pStyle", NS)
        style = self.style_by_id(sid.get(q("val"))) if sid is not None else self.style("Normal")
        ind = style.find("w:pPr/w:ind", NS)
        return None if ind is None or ind.get(q(attr)) is None else int(ind.get(q(attr)))

    def keep_next(self, p) -> bool:
        for holder in (p, self._style_of(p)):
            k = holder.find("w:pPr/w:keepNext", NS)
            if k is not None:
                return k.get(q("val")) not in ("0", "false")
        return False

    def _style_of(self, p):
        sid = p.find("w:pPr/w:pStyle", NS)
        return self.style_by_id(sid.get(q("val"))) if sid is not None else self.style("Normal")


def text(p) -> str:
    return "".join(t.text or "" for t in p.iter(q("t")))


def style_id(p) -> str | None:
    s = p.find("w:pPr/w:pStyle", NS)
    return None if s is None else s.get(q("val"))


@pytest.fixture
def built(tmp_path) -> Docx:
    path = tmp_path / "总结.docx"
    write(sample_doc(), path, "docx")
    return Docx(path)


def render(tmp_path, doc=None, layout=None, name="a.docx") -> Docx:
    path = tmp_path / name
    write(doc or sample_doc(), path, "docx", layout=layout)
    return Docx(path)


# --- page --------------------------------------------------------------------------------

def test_a4_and_margins(built):
    s = built.doc.sections[0]
    for got, want in ((s.page_width, 210), (s.page_height, 297), (s.top_margin, 37),
                      (s.bottom_margin, 35), (s.left_margin, 28), (s.right_margin, 26)):
        assert abs(got.mm - want) <= 0.5, (got.mm, want)


def test_doc_grid_gives_22_lines_of_28_chars(built):
    """A line grid of 22 and body characters condensed so that exactly 28 fit a line."""
    s = built.doc.sections[0]
    grid = built.body.find("w:sectPr/w:docGrid", NS)
    assert grid.get(q("type")) == "lines" and grid.get(q("charSpace")) is None
    pitch = int(grid.get(q("linePitch")))
    assert abs(pitch - 579) <= 1
    text_h = Length(s.page_height - s.top_margin - s.bottom_margin).twips
    assert text_h // pitch == 22
    text_w = Length(s.page_width - s.left_margin - s.right_margin).twips
    for name in ("Normal", "heading 1", "heading 2", "heading 3", "heading 4"):
        st = built.style(name)
        size_tw = int(st.find("w:rPr/w:sz", NS).get(q("val"))) * 10
        condense = int(st.find("w:rPr/w:spacing", NS).get(q("val")))
        assert condense == -5, name  # 0.25 pt: the smallest step that makes 28 fit
        advance = size_tw + condense
        assert text_w // advance == 28 and text_w // (advance + 5) == 27, name
    # Title and page number keep their natural width.
    for name in ("Title", "footer"):
        assert built.style(name).find("w:rPr/w:spacing", NS) is None


def test_character_grid_kept_as_an_option(tmp_path):
    """grid.method: chars is Word's character grid, for whoever needs it; no condensing then."""
    override = tmp_path / "chars.yaml"
    override.write_text("grid:\n  method: chars\n", "utf-8")
    d = render(tmp_path, layout=load_layout(override))
    s = d.doc.sections[0]
    grid = d.body.find("w:sectPr/w:docGrid", NS)
    assert grid.get(q("type")) == "linesAndChars"
    # charSpace: the character pitch minus the Normal font size, in 1/4096 pt.
    char_pitch = 16 + int(grid.get(q("charSpace"))) / 4096
    text_w = Length(s.page_width - s.left_margin - s.right_margin).pt
    assert math.floor(text_w / char_pitch) == 28
    assert d.style("Normal").find("w:rPr/w:spacing", NS) is None
    # Indents are grid cells then: 2 × 15.79 pt.
    assert int(d.style("Normal").find("w:pPr/w:ind", NS).get(q("firstLine"))) == round(2 * text_w * 20 / 28)


def test_unknown_grid_method_is_refused(tmp_path):
    override = tmp_path / "bad.yaml"
    override.write_text("grid:\n  method: grid\n", "utf-8")
    with pytest.raises(ValidationError) as e:
        load_layout(override)
    assert e.value.field == "grid.method" and e.value.line == 2 and "lines 或 chars" in str(e.value)


def test_even_and_odd_footers_with_page_field(built):
    settings = built.xml("word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    refs = {r.get(q("type")): r.get(f"{{{NS_R}}}id")
            for r in built.body.findall("w:sectPr/w:footerReference", NS)}
    assert set(refs) == {"default", "even"}
    rels = etree.fromstring(built.zip.read("word/_rels/document.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    for kind, align, side in (("default", "right", "right"), ("even", "left", "left")):
        ftr = built.xml("word/" + target[refs[kind]])
        p = ftr.find("w:p", NS)
        assert p.find("w:pPr/w:jc", NS).get(q("val")) == align
        assert int(p.find("w:pPr/w:ind", NS).get(q(side))) == 280  # one 14 pt character
        instr = "".join(t.text for t in p.iter(q("instrText")))
        assert instr.strip() == "PAGE"
        kinds = [f.get(q("fldCharType")) for f in p.iter(q("fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert text(p).startswith("— ") and text(p).endswith(" —")
    footer = built.style("footer")
    fonts = footer.find("w:rPr/w:rFonts", NS)
    assert fonts.get(q("eastAsia")) == "宋体" and fonts.get(q("ascii")) == "宋体"
    assert footer.find("w:rPr/w:sz", NS).get(q("val")) == "28"


# --- styles ------------------------------------------------------------------------------

@pytest.mark.parametrize("name,font,half_points", [
    ("Normal", "仿宋_GB2312", 32),
    ("Title", "方正小标宋简体", 44),
    ("heading 1", "黑体", 32),
    ("heading 2", "楷体_GB2312", 32),
    ("heading 3", "仿宋_GB2312", 32),
    ("heading 4", "仿宋_GB2312", 32),
])
def test_style_fonts_and_sizes(built, name, font, half_points):
    st = built.style(name)
    fonts = st.find("w:rPr/w:rFonts", NS)
    assert fonts.get(q("eastAsia")) == font
    assert fonts.get(q("ascii")) == fonts.get(q("hAnsi")) == "Times New Roman"
    assert st.find("w:rPr/w:sz", NS).get(q("val")) == str(half_points)
    assert st.find("w:rPr/w:b", NS) is None and st.find("w:rPr/w:color", NS) is None


def test_no_theme_fonts_no_japanese_defaults(built):
    styles = built.zip.read("word/styles.xml").decode()
    assert "Theme=" not in styles and "cstheme" not in styles
    lang = built.xml("word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(q("eastAsia")) == "zh-CN"
    for part in ("word/styles.xml", "word/settings.xml", "word/fontTable.xml"):
        assert "ja-JP" not in built.zip.read(part).decode(), part
    # Built-in styles are overridden, not duplicated by look-alikes.
    names = built.xml("word/styles.xml").xpath("w:style/w:name/@w:val", namespaces=NS)
    assert len(names) == len(set(names))


def test_no_indent_in_character_units(built):
    """*Chars indents are reckoned from the Normal style: drafter writes twips only."""
    for part in ("word/document.xml", "word/styles.xml"):
        assert "Chars=" not in built.zip.read(part).decode(), part


def test_paragraph_styles_and_first_line_indent(built):
    ps = built.paragraphs()
    by_text = {text(p): p for p in ps}
    title = by_text["某某市某某局2023年上半年工作总结"]
    assert style_id(title) == "Title"
    assert built.style("Title").find("w:pPr/w:jc", NS).get(q("val")) == "center"
    assert built.ind(title, "firstLine") == 0
    # Two characters of each element's own advance: 16 pt less the 0.25 pt condensing.
    for t, sid in (("一、主要工作成效", "Heading1"), ("（一）加强组织领导", "Heading2"),
                   ("（二）健全制度体系。制定管理办法3项。", "Heading2"),
                   ("1.完善考核。将重点任务纳入考核。", "Heading3"), ("（1）细化责任", "Heading4")):
        assert style_id(by_text[t]) == sid
        assert built.ind(by_text[t], "firstLine") == 630
    for t in ("成立工作专班，每月调度1次。", "下一步，我局将持续抓好落实。"):
        assert style_id(by_text[t]) is None
        assert built.ind(by_text[t], "firstLine") == 630
    # No empty paragraph: the blank line under the title is one line pitch of spacing.
    assert all(text(p).strip() for p in ps)
    assert int(title.find("w:pPr/w:spacing", NS).get(q("after"))) == 579


def test_headings_keep_with_next_and_widow_control(built):
    ps = built.paragraphs()
    by_text = {text(p): p for p in ps}
    for t in ("一、主要工作成效", "（一）加强组织领导", "（1）细化责任"):
        assert built.keep_next(by_text[t]), t
    # A run-in heading is a paragraph that may break like one.
    assert not built.keep_next(by_text["（二）健全制度体系。制定管理办法3项。"])
    assert not built.keep_next(by_text["成立工作专班，每月调度1次。"])
    # The last paragraph goes with the signature: a signature never stands alone on a page.
    assert built.keep_next(by_text["下一步，我局将持续抓好落实。"])
    assert built.style("Normal").find("w:pPr/w:widowControl", NS) is not None


@pytest.mark.parametrize("salutation", ["各位代表：", "各位代表、同志们：", "同志们：", "尊敬的各位领导:"])
def test_salutation_flush_left(tmp_path, salutation):
    doc = sample_doc()
    doc.blocks.insert(0, Paragraph(2, salutation))
    d = render(tmp_path, doc)
    p = next(p for p in d.paragraphs() if text(p) == salutation)
    assert d.ind(p, "firstLine") == 0 and d.keep_next(p)
    # Recognised by its form, in its place: the same words later, or a lead-in, are a paragraph.
    body = next(p for p in d.paragraphs() if text(p).startswith("今年以来"))
    assert d.ind(body, "firstLine") == 630


@pytest.mark.parametrize("first", ["现将有关情况报告如下：", "今年以来，主要做了以下工作：", "主要做法："])
def test_lead_in_is_not_a_salutation(tmp_path, first):
    doc = sample_doc()
    doc.blocks.insert(0, Paragraph(2, first))
    d = render(tmp_path, doc)
    p = next(p for p in d.paragraphs() if text(p) == first)
    assert d.ind(p, "firstLine") == 630


def test_whitespace_blocks_are_not_paragraphs(tmp_path):
    doc = sample_doc()
    doc.blocks[2:2] = [Paragraph(0, ""), Paragraph(0, "  "), Paragraph(0, "\u3000")]
    d = render(tmp_path, doc)
    assert all(text(p).strip() for p in d.paragraphs())


def test_long_title_broken_at_word_boundaries(tmp_path):
    doc = sample_doc()
    doc.title = "青山县人力资源和社会保障局2024年上半年政务公开工作总结"
    d = render(tmp_path, doc)
    title = d.paragraphs()[0]
    parts = [t.text for t in title.iter(q("t"))]
    assert "".join(parts) == doc.title
    assert len(title.findall(".//w:br", NS)) == 1
    assert [text(r) for r in title.findall("w:r", NS)] == [doc.title]
    lines = "".join((t.text if t.tag == q("t") else "\n") for t in title.iter(q("t"), q("br"))).split("\n")
    assert lines == ["青山县人力资源和社会保障局", "2024年上半年政务公开工作总结"]


def test_inline_heading_body_in_body_font(built):
    p = next(p for p in built.paragraphs() if text(p).startswith("（二）"))
    runs = p.findall("w:r", NS)
    assert [text(r) for r in runs] == ["（二）健全制度体系", "。制定管理办法3项。"]
    assert runs[0].find("w:rPr", NS) is None  # heading font from the Heading 2 style
    assert runs[1].find("w:rPr/w:rFonts", NS).get(q("eastAsia")) == "仿宋_GB2312"


def test_east_asian_hint_on_quotes_and_ellipses(built):
    for r in built.body.iter(q("r")):
        t = text(r)
        fonts = r.find("w:rPr/w:rFonts", NS)
        hint = fonts.get(q("hint")) if fonts is not None else None
        assert (hint == "eastAsia") == any(c in t for c in "“”‘’—…"), t


# --- signature ---------------------------------------------------------------------------

def signature_checks(d: Docx, unit: str, date: str) -> tuple[float, float]:
    """The two signature lines placed by left indents; returns their right indents in characters."""
    ps = d.paragraphs()
    assert [text(p) for p in ps[-2:]] == [unit, date]
    L = load_layout(None)
    char = L.char_tw(16)
    line = L.text_width_tw / char
    rights, lefts = [], []
    for p, t in zip(ps[-2:], (unit, date)):
        ind = p.find("w:pPr/w:ind", NS)
        assert ind.get(q("firstLine")) == "0"
        left = int(ind.get(q("left"))) / char
        lefts.append(left)
        rights.append(line - left - text_width(t))
    # 7.3.5.2: the date's first character sits 2 characters right of the unit's.
    assert lefts[1] - lefts[0] == pytest.approx(2, abs=0.01)
    # One line of space above it, as spacing, and the unit kept with the date.
    assert int(ps[-2].find("w:pPr/w:spacing", NS).get(q("before"))) == 579
    assert d.keep_next(ps[-2])
    return round(rights[0], 2), round(rights[1], 2)


def test_signature_unit_longer_than_date(tmp_path):
    unit, date = "某某市某某区人民政府办公室", "2023年6月29日"
    r_unit, _ = signature_checks(render(tmp_path, sample_doc(unit, date)), unit, date)
    assert r_unit == 2


def test_signature_date_longer_than_unit(built):
    # 某某市某某局 is 6 characters, the date 6.5: the date gets the 2-character indent.
    _, r_date = signature_checks(built, "某某市某某局", "2023年6月29日")
    assert r_date == 2


# --- layout profile ----------------------------------------------------------------------

def test_default_profile_has_gbt9704_values():
    L = load_layout(None)
    assert (L.page.width_mm, L.page.height_mm) == (210, 297)
    assert (L.margins.top_mm, L.margins.bottom_mm, L.margins.left_mm, L.margins.right_mm) == (37, 35, 28, 26)
    assert (L.grid.lines_per_page, L.grid.chars_per_line) == (22, 28)
    assert (L.title.east_asian_font, L.title.size_pt) == ("方正小标宋简体", 22)
    assert [L.heading(i).east_asian_font for i in range(1, 5)] == ["黑体", "楷体_GB2312", "仿宋_GB2312", "仿宋_GB2312"]
    assert (L.page_number.east_asian_font, L.page_number.size_pt) == ("宋体", 14)
    assert L.body.latin_font == "Times New Roman" and L.body.first_line_chars == 2
    assert [L.heading(i).first_line_chars for i in range(1, 5)] == [2, 2, 2, 2]
    assert L.grid.method == "lines"


OVERRIDE = """\
# 本单位版式：上边距 30 mm，固定行距 28 磅，正文用“仿宋”
margins:
  top_mm: 30
grid:
  line_spacing_pt: 28
body:
  east_asian_font: 仿宋
"""


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "utf-16"])
def test_override_yaml_is_honoured(tmp_path, encoding):
    yml = tmp_path / "layout.yaml"
    yml.write_bytes(OVERRIDE.encode(encoding))
    L = load_layout(yml)
    assert L.margins.top_mm == 30 and L.margins.left_mm == 28  # merged over the default
    d = render(tmp_path, layout=L)
    assert abs(d.doc.sections[0].top_margin.mm - 30) <= 0.5
    spacing = d.style("Normal").find("w:pPr/w:spacing", NS)
    assert (spacing.get(q("line")), spacing.get(q("lineRule"))) == ("560", "exact")
    assert d.body.find("w:sectPr/w:docGrid", NS).get(q("linePitch")) == "560"
    assert d.style("Normal").find("w:rPr/w:rFonts", NS).get(q("eastAsia")) == "仿宋"
    assert d.style("heading 1").find("w:rPr/w:rFonts", NS).get(q("eastAsia")) == "黑体"


@pytest.mark.parametrize("content,field,line,words", [
    ("margin:\n  top_mm: 30\n", "margin", 1, "margins"),
    ("margins:\n  top_mm: 30\n  lft_mm: 20\n", "margins.lft_mm", 3, "left_mm"),
    ("body:\n  size_pt: 大\n", "body.size_pt", 2, "数字"),
    ("body:\n  size_pt: true\n", "body.size_pt", 2, "数字"),
    ("margins:\n  top_mm: -5\n", "margins.top_mm", 2, "正数"),
    ("grid:\n  chars_per_line: -1\n", "grid.chars_per_line", 2, "非负数"),
    ("grid:\n  lines_per_page: 22.5\n", "grid.lines_per_page", 2, "整数"),
    ("title:\n  east_asian_font: ''\n", "title.east_asian_font", 2, "文字"),
    ("page_number:\n  format: '第页'\n", "page_number.format", 2, "{page}"),
    ("body: 16\n", "body", 1, "键值对"),
    ("margins:\n  top_mm: 30\nmargins:\n  left_mm: 30\n", "margins", 3, "重复"),
    ("margins:\n  left_mm: 150\n  right_mm: 100\n", "margins", 1, "宽度"),
    ("page_number:\n  below_text_mm: 40\n", "page_number.below_text_mm", 2, "下边距"),
])
def test_bad_override_names_file_line_and_field(tmp_path, content, field, line, words):
    yml = tmp_path / "bad.yaml"
    yml.write_text("# 注释\n" + content, encoding="utf-8")
    with pytest.raises(ValidationError) as e:
        load_layout(yml)
    err = e.value
    assert err.field == field and err.line == line + 1
    assert str(yml) in str(err) and words in str(err)


def test_yaml_syntax_error_and_tags_are_not_evaluated(tmp_path):
    yml = tmp_path / "bad.yaml"
    yml.write_text("margins:\n  top_mm: [30\n", encoding="utf-8")
    with pytest.raises(ValidationError) as e:
        load_layout(yml)
    assert e.value.line
    yml.write_text("margins: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    with pytest.raises(ValidationError):
        load_layout(yml)


def test_empty_override_is_the_default(tmp_path):
    yml = tmp_path / "empty.yaml"
    yml.write_text("# 全部沿用默认\n", encoding="utf-8")
    assert load_layout(yml) == load_layout(None)


def test_line_grid_only_when_chars_per_line_is_zero(tmp_path):
    override = tmp_path / "lo.yaml"
    override.write_text("grid:\n  chars_per_line: 0\n", "utf-8")
    d = render(tmp_path, layout=load_layout(override))
    grid = d.body.find("w:sectPr/w:docGrid", NS)
    assert grid.get(q("type")) == "lines" and grid.get(q("charSpace")) is None
    assert d.style("Normal").find("w:rPr/w:spacing", NS) is None  # natural width: no condensing


def test_layout_is_read_by_the_unit_yamls_front_end_and_walker(tmp_path):
    """One reader of user YAML: a layout profile gets the unit file's refusals and wording."""
    from drafter.unit import parse_unit
    cases = {
        "alias": ("a: &x 1\nmargins:\n  top_mm: *x\n", "不支持 YAML 引用"),
        "tab": ("margins:\n\ttop_mm: 30\n", "Tab"),
        "tag": ("margins: !!python/object/apply:os.system ['echo hi']\n", "不支持的 YAML 标签"),
        "duplicate": ("margins:\n  top_mm: 30\nmargins:\n  left_mm: 30\n", "字段重复"),
    }
    for what, (text, words) in cases.items():
        yml = tmp_path / f"{what}.yaml"
        yml.write_text(text, "utf-8")
        with pytest.raises(ValidationError) as lay:
            load_layout(yml)
        assert words in str(lay.value), (what, str(lay.value))
        if what in ("alias", "tab"):       # the very message a unit file gets
            with pytest.raises(ValidationError) as unit:
                parse_unit(text, str(yml))
            assert lay.value.message == unit.value.message
