"""DOCX writer in the GB/T 9704 layout (see docs/gbt9704.md).

python-docx is imported inside the functions only: `import drafter.writers` must stay light.
The output is byte-for-byte deterministic: fixed core properties, fixed zip timestamps/order.
"""
from __future__ import annotations

import datetime
import io
import unicodedata
import zipfile
from xml.sax.saxutils import quoteattr

from ..layout import Layout, load_layout
from ..model import Document, Heading

# Characters Word may set in either script; without w:hint="eastAsia" they take the Latin font.
_AMBIGUOUS = set("“”‘’—–―…‖·•※")
_FIXED_TIME = datetime.datetime(2000, 1, 1)  # any constant: real timestamps break determinism
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def text_width(s: str) -> float:
    """Width in body characters: full-width (and ambiguous, set East Asian) 1, others 0.5."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in s)


def signature_indents(unit: str, date: str, layout: Layout) -> tuple[float, float]:
    """Right indents in characters of the unit and date lines (7.3.5.2).

    The unit is right-indented `right_chars`; the date's first character sits
    `date_shift_chars` right of the unit's. A date longer than the unit gets the
    `right_chars` indent itself and the unit moves left to keep the shift.
    """
    sig = layout.signature
    wu, wd = text_width(unit), text_width(date)
    if wd > wu:
        r_date = sig.right_chars
        r_unit = r_date + wd + sig.date_shift_chars - wu
    else:
        r_unit = sig.right_chars
        r_date = r_unit + wu - sig.date_shift_chars - wd
    if r_date < 0:  # only with unusual profile values
        r_unit, r_date = r_unit - r_date, 0.0
    return r_unit, r_date


def render_docx(doc: Document, layout: Layout | None = None) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    L = layout or load_layout(None)
    d = docx.Document()
    _clean_package(d, L)
    _set_styles(d, L)
    _set_section(d, L)

    if doc.title:
        _run(d.add_paragraph(style="Title"), doc.title)
        for _ in range(L.title.blank_lines_after):
            d.add_paragraph()
    for b in doc.blocks:
        if isinstance(b, Heading):
            p = d.add_paragraph(style=f"Heading {min(max(b.level, 1), 4)}")
            _run(p, b.marker + b.text)
            if b.inline and b.body:
                _run(p, b.body, _rpr(L.body.east_asian_font, L.body.latin_font, L.body.size_pt))
        else:
            _run(d.add_paragraph(), b.text)
    if doc.signature:
        for _ in range(L.signature.blank_lines_before):
            d.add_paragraph()
        s = doc.signature
        for text, right in zip((s.unit, s.date), signature_indents(s.unit, s.date, L)):
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _set_ind(p._p.get_or_add_pPr().get_or_add_ind(), L, first=0, right=right)
            _run(p, text)

    cp = d.core_properties
    cp.title = (doc.title or "").replace("\n", "")
    cp.author = cp.last_modified_by = cp.comments = cp.subject = cp.keywords = cp.category = ""
    cp.created = cp.modified = _FIXED_TIME
    cp.revision = 1
    buf = io.BytesIO()
    d.save(buf)
    return _repack(buf.getvalue())


# --- XML helpers -------------------------------------------------------------------------

def _el(tag: str, attrs: dict | None = None, children=()):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    e = OxmlElement(tag)
    for k, v in (attrs or {}).items():
        e.set(qn(k), str(v))
    e.extend(children)
    return e


def _rpr(east: str, latin: str, size_pt: float) -> list:
    """rPr children (schema order): fonts for every script slot, size for both size slots."""
    half = str(round(size_pt * 2))
    return [_el("w:rFonts", {"w:ascii": latin, "w:hAnsi": latin, "w:eastAsia": east, "w:cs": latin}),
            _el("w:sz", {"w:val": half}), _el("w:szCs", {"w:val": half})]


def _run(p, text: str, rpr: list | None = None):
    from docx.oxml.ns import qn

    run = p.add_run(text)  # python-docx turns \n into w:br and \t into w:tab
    rpr = list(rpr or [])
    if _AMBIGUOUS & set(text):
        if not rpr:
            rpr = [_el("w:rFonts")]
        rpr[0].set(qn("w:hint"), "eastAsia")
    if rpr:
        run._r.get_or_add_rPr().extend(rpr)
    return run


def _set_ind(ind, L: Layout, first: float | None = None, left: float | None = None,
             right: float | None = None) -> None:
    """Indents in characters: w:*Chars (hundredths, what Word uses) plus twips for other readers.

    An explicit 0 matters: it resets a firstLineChars inherited from the Normal style.
    """
    from docx.oxml.ns import qn

    for name, chars in (("firstLine", first), ("left", left), ("right", right)):
        if chars is not None:
            ind.set(qn(f"w:{name}"), str(round(chars * L.char_pitch_tw)))
            ind.set(qn(f"w:{name}Chars"), str(round(chars * 100)))


def _ppr(L: Layout, *, first: float, jc: str | None = None, keep: bool = False,
         outline: int | None = None, grid: bool = True, spacing: dict | None = None):
    """A style's pPr, children in schema order."""
    kids = [_el("w:keepNext"), _el("w:keepLines")] if keep else []
    if not grid:
        kids.append(_el("w:snapToGrid", {"w:val": "0"}))
    kids.append(_el("w:spacing", spacing or {"w:before": 0, "w:after": 0}))
    ind = _el("w:ind")
    _set_ind(ind, L, first=first)
    kids.append(ind)
    if jc:
        kids.append(_el("w:jc", {"w:val": jc}))
    if outline is not None:
        kids.append(_el("w:outlineLvl", {"w:val": outline}))
    return _el("w:pPr", children=kids)


def _restyle(style, ppr, rpr: list) -> None:
    """Replace a built-in style's formatting, keeping its identity (name, outline use, next)."""
    from docx.oxml.ns import qn

    el = style.element
    # w:link ties the style to a theme-font character style that Word may sync back.
    for tag in ("w:pPr", "w:rPr", "w:link"):
        for e in el.findall(qn(tag)):
            el.remove(e)
    el.append(ppr)  # pPr and rPr close the sequence in these styles (no table parts)
    el.append(_el("w:rPr", children=rpr))


# --- document parts ----------------------------------------------------------------------

def _clean_package(d, L: Layout) -> None:
    """Remove python-docx template leftovers: thumbnail, stylesWithEffects, Japanese defaults."""
    from docx.oxml.ns import qn

    pkg = d.part.package
    for rels, kind in ((pkg.rels, "/thumbnail"), (d.part.rels, "/stylesWithEffects")):
        for rId, rel in list(rels.items()):
            if rel.reltype.endswith(kind):
                del rels[rId]
    st = d.settings.element
    for e in st.findall(qn("w:savePreviewPicture")):
        st.remove(e)
    for e in st.findall(qn("w:themeFontLang")):
        e.set(qn("w:eastAsia"), "zh-CN")
    d.settings.odd_and_even_pages_header_footer = True
    # fontTable lists the fonts we reference with their GB2312 charset, so Word/WPS substitute
    # sensibly on a PC that lacks one; the template's table is Japanese (ＭＳ 明朝).
    for rel in d.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            rel.target_part._blob = _font_table(L)


def _font_table(L: Layout) -> bytes:
    names: dict[str, None] = {}
    for t in (L.title, L.body, L.heading1, L.heading2, L.heading3, L.heading4, L.page_number):
        names.update({t.latin_font: None, t.east_asian_font: None})
    fonts = "".join(
        f"<w:font w:name={quoteattr(n)}><w:charset w:val=\"{'00' if n.isascii() else '86'}\"/>"
        f"<w:family w:val=\"{'roman' if n.isascii() else 'modern'}\"/>"
        f"<w:pitch w:val=\"{'variable' if n.isascii() else 'fixed'}\"/></w:font>" for n in names)
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            "<w:fonts xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
            f"{fonts}</w:fonts>").encode("utf-8")


def _set_styles(d, L: Layout) -> None:
    from docx.oxml.ns import qn

    styles = d.styles.element
    # Theme fonts resolve to Calibri/ＭＳ 明朝 via the theme: drop them everywhere.
    for rf in list(styles.iter(qn("w:rFonts"))):
        for a in _THEME_ATTRS:
            rf.attrib.pop(qn(f"w:{a}"), None)
        if not rf.attrib:
            rf.getparent().remove(rf)
    b = L.body
    defaults = styles.find(qn("w:docDefaults"))
    styles.remove(defaults)
    styles.insert(0, _el("w:docDefaults", children=[
        _el("w:rPrDefault", children=[_el("w:rPr", children=_rpr(b.east_asian_font, b.latin_font, b.size_pt) + [
            _el("w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"})])]),
        _el("w:pPrDefault", children=[_el("w:pPr", children=[
            _el("w:spacing", {"w:after": 0, "w:line": 240, "w:lineRule": "auto"})])]),
    ]))
    # Grid mode: single spacing snaps each line to the grid pitch. Fixed mode: exact spacing.
    lines = {"w:before": 0, "w:after": 0, "w:line": 240, "w:lineRule": "auto"}
    if L.grid.line_spacing_pt:
        lines.update({"w:line": round(L.grid.line_spacing_pt * 20), "w:lineRule": "exact"})
    _restyle(d.styles["Normal"], _ppr(L, first=b.first_line_chars, jc="both", spacing=lines),
             _rpr(b.east_asian_font, b.latin_font, b.size_pt))
    t = L.title
    # Off the grid: 22 pt glyphs are wider than a grid cell and would be spread over two each.
    _restyle(d.styles["Title"], _ppr(L, first=0, jc="center", grid=False),
             _rpr(t.east_asian_font, t.latin_font, t.size_pt))
    for level in range(1, 5):
        h = L.heading(level)
        _restyle(d.styles[f"Heading {level}"],
                 _ppr(L, first=h.first_line_chars, keep=True, outline=level - 1),
                 _rpr(h.east_asian_font, h.latin_font, h.size_pt))
    n = L.page_number
    # Off the grid so the page number keeps its own line height (the 7 mm are measured).
    _restyle(d.styles["Footer"],
             _ppr(L, first=0, grid=False,
                  spacing={"w:before": 0, "w:after": 0, "w:line": 240, "w:lineRule": "auto"}),
             _rpr(n.east_asian_font, n.latin_font, n.size_pt))


def _set_section(d, L: Layout) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Twips

    sec = d.sections[0]
    tw = L.twips
    sec.page_width, sec.page_height = Twips(tw(L.page.width_mm)), Twips(tw(L.page.height_mm))
    m = L.margins
    sec.top_margin, sec.bottom_margin = Twips(tw(m.top_mm)), Twips(tw(m.bottom_mm))
    sec.left_margin, sec.right_margin = Twips(tw(m.left_mm)), Twips(tw(m.right_mm))
    sec.gutter = Twips(0)
    n = L.page_number
    # Footer distance is to the line's bottom; the dash (mid-height) is below_text_mm under the block.
    sec.footer_distance = Twips(tw(m.bottom_mm - n.below_text_mm) - round(n.size_pt * 10))
    grid = sec._sectPr.find(qn("w:docGrid"))
    grid.attrib.clear()
    # chars_per_line 0: a line grid only. LibreOffice puts a glyph wider than a character cell
    # into two cells, so the standard's 28-character grid (15.8 pt cells) halves its lines there.
    grid.set(qn("w:type"), "linesAndChars" if L.grid.chars_per_line else "lines")
    grid.set(qn("w:linePitch"), str(L.line_pitch_tw))
    if L.grid.chars_per_line:
        grid.set(qn("w:charSpace"), str(L.char_space))

    before, after = n.format.split("{page}", 1)
    for footer, align, side in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.alignment = align
        # Inset in page-number characters, as twips only: *Chars units would mean grid characters.
        p._p.get_or_add_pPr().get_or_add_ind().set(qn(f"w:{side}"), str(round(n.inset_chars * n.size_pt * 20)))
        if before:
            _run(p, before)
        for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None)):
            p._p.append(_el("w:r", children=[
                _el("w:fldChar", {"w:fldCharType": kind}) if kind else _instr(instr)]))
        _run(p, "1")  # cached result, shown by readers that do not update fields
        p._p.append(_el("w:r", children=[_el("w:fldChar", {"w:fldCharType": "end"})]))
        if after:
            _run(p, after)


def _instr(text: str):
    e = _el("w:instrText", {})
    e.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    e.text = text
    return e


def _repack(data: bytes) -> bytes:
    """Re-zip with fixed timestamps and order: [Content_Types].xml first, then sorted."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            z.writestr(info, src.read(name))
    return out.getvalue()


__all__ = ["render_docx", "signature_indents", "text_width"]
