"""Reference documents a unit might hand to `drafter render --reference`, built for the tests:
a plain Word document (Word's blank A4 page: 25.4/31.8 mm margins, the 15.6 pt line grid, styles
without Chinese fonts of their own) and a unit template with a 版头 (red masthead and red line),
its own page setup, styles and page numbers."""
from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

MASTHEAD = "青山县人民政府办公室文件"
OWN_FOOTER = "第 {page} 页"


def _grid(sec, kind: str, pitch: int) -> None:
    g = sec._sectPr.find(qn("w:docGrid"))
    if g is None:
        g = OxmlElement("w:docGrid")
        sec._sectPr.append(g)
    g.attrib.clear()
    g.set(qn("w:type"), kind)
    g.set(qn("w:linePitch"), str(pitch))


def plain_word(path: Path) -> Path:
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin = sec.bottom_margin = Twips(1440)
    sec.left_margin = sec.right_margin = Twips(1800)
    _grid(sec, "lines", 312)
    d.add_paragraph("在此处键入正文。")
    d.save(str(path))
    return path


def _fonts(style, east: str, size: float) -> None:
    rpr = style.element.get_or_add_rPr()
    rf = rpr.find(qn("w:rFonts"))
    if rf is None:
        rf = OxmlElement("w:rFonts")
        rpr.insert(0, rf)
    rf.attrib.clear()
    for k, v in (("ascii", "Times New Roman"), ("hAnsi", "Times New Roman"), ("eastAsia", east)):
        rf.set(qn(f"w:{k}"), v)
    style.font.size = Pt(size)


def with_masthead(path: Path) -> Path:
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(35), Mm(33)
    sec.left_margin, sec.right_margin = Mm(27), Mm(27)
    _grid(sec, "lines", 579)
    normal = d.styles["Normal"]
    _fonts(normal, "仿宋_GB2312", 16)
    ind = normal.element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), "200")  # Word's way: character units in the style
    ind.set(qn("w:firstLine"), "640")
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    sp = normal.element.get_or_add_pPr().get_or_add_spacing()
    sp.set(qn("w:line"), "240")
    sp.set(qn("w:lineRule"), "auto")
    sp.set(qn("w:after"), "0")
    cond = OxmlElement("w:spacing")
    cond.set(qn("w:val"), "-5")
    normal.element.get_or_add_rPr().insert(1, cond)
    title = d.styles["Title"]
    for tag in ("w:pPr", "w:rPr"):  # python-docx's own Title is blue with a rule under it
        for e in title.element.findall(qn(tag)):
            title.element.remove(e)
    _fonts(title, "方正小标宋简体", 22)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The masthead: red 小标宋 name, then the red line as the bottom border of a paragraph.
    p = d.add_paragraph()
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Twips(0)
    r = p.add_run(MASTHEAD)
    r.font.size = Pt(36)
    r.font.color.rgb = RGBColor(0xFF, 0, 0)
    r._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "方正小标宋简体")
    line = d.add_paragraph()
    ppr = line._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("val", "single"), ("sz", "18"), ("space", "1"), ("color", "FF0000")):
        bottom.set(qn(f"w:{k}"), v)
    bdr.append(bottom)
    ppr.append(bdr)
    d.add_paragraph("（正文从这里开始）")
    # Its own page numbers: centred 第 N 页 on every page.
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, after = OWN_FOOTER.split("{page}")
    fp.add_run(before)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None)):
        r = OxmlElement("w:r")
        if kind:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            r.append(fc)
        else:
            it = OxmlElement("w:instrText")
            it.text = text
            r.append(it)
        fp._p.append(r)
    fp.add_run("1")
    r = OxmlElement("w:r")
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), "end")
    r.append(fc)
    fp._p.append(r)
    fp.add_run(after)
    d.save(str(path))
    return path
