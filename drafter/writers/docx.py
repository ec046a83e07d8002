"""DOCX writer in the GB/T 9704 layout (see docs/gbt9704.md).

python-docx is imported inside the functions only: `import drafter.writers` must stay light.
The output is byte-for-byte deterministic: fixed core properties, fixed zip timestamps/order.
"""
from __future__ import annotations

import datetime
import io
import re
import unicodedata
import zipfile
from xml.sax.saxutils import quoteattr

from ..layout import Layout, load_layout
from ..model import Document, Heading
from .title import break_title

# Characters Word may set in either script; without w:hint="eastAsia" they take the Latin font.
_AMBIGUOUS = set("“”‘’—–―…‖·•※")
_FIXED_TIME = datetime.datetime(2000, 1, 1)  # any constant: real timestamps break determinism
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
# A salutation is addressees, not a sentence: none of these inside.
_SENTENCE_MARKS = set("。，；！？,;!?“”")
_ADDRESS_HEADS = ("各位", "尊敬的")
_PERSONS = ("们", "代表", "委员", "同志", "领导", "来宾", "嘉宾", "朋友", "先生", "女士", "同仁", "干部",
            "群众", "主任", "书记", "县长", "市长", "镇长", "乡长", "局长", "区长", "省长", "老师", "同学")
# GB/T roles and the Word built-in styles that carry them.
ROLE_STYLES = {"body": "Normal", "title": "Title", "heading1": "Heading 1", "heading2": "Heading 2",
               "heading3": "Heading 3", "heading4": "Heading 4", "page_number": "Footer"}


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


def is_salutation(text: str) -> bool:
    """各位代表： / 各位代表、同志们： — a short line of addressees ending in a colon, no sentence.

    Addressees are people: each one starts with 各位/尊敬的 or ends in a word for persons, which
    tells a salutation from a lead-in line (主要做法：).
    """
    t = text.strip()
    if not (2 <= len(t) <= 30 and t[-1] in "：:") or _SENTENCE_MARKS & set(t[:-1]):
        return False
    names = [n for n in re.split("[、和及与]", t[:-1]) if n]
    return bool(names) and all(n.startswith(_ADDRESS_HEADS) or n.endswith(_PERSONS) for n in names)


def render_docx(doc: Document, layout: Layout | None = None, reference=None) -> bytes:
    """The .docx of `doc`; with a `reference` (writers.reference.Reference) inside its package."""
    import docx

    L = layout or load_layout(None)
    names = {}
    if reference is None:
        d = docx.Document()
        _clean_package(d, L)
        _set_styles(d, L)
        _set_section(d, L)
    else:
        d, L, names = reference.open(L)
    _write_body(d, doc, L, names, getattr(reference, "title_lines_before", 0))
    if reference is not None:
        reference.finish(d)
    cp = d.core_properties
    cp.title = (doc.title or "").replace("\n", "")
    cp.author = cp.last_modified_by = cp.comments = cp.subject = cp.keywords = cp.category = ""
    cp.created = cp.modified = _FIXED_TIME
    cp.revision = 1
    buf = io.BytesIO()
    d.save(buf)
    return _repack(buf.getvalue())


def _write_body(d, doc: Document, L: Layout, names: dict, title_before: int = 0) -> None:
    """Title, blocks and signature as paragraphs; spacing by paragraph spacing, never empty lines.

    `names`: role -> style name, given for a reference's styles. Their fonts and sizes are the
    unit's; the GB/T geometry (indents, alignment, keeping) is then set on each paragraph."""
    pitch = L.line_pitch_tw
    gbt = bool(names)
    if doc.title:
        p = d.add_paragraph(style=names.get("title", "Title"))
        lines = break_title(doc.title.replace("\n", ""), L.title_chars_per_line)
        _run(p, "\n".join(lines))  # python-docx turns \n into w:br: one paragraph, broken lines
        spacing = {"w:after": L.title.blank_lines_after * pitch, "w:before": title_before * pitch}
        _direct(p, spacing={k: v for k, v in spacing.items() if v})
        if gbt:
            _direct(p, first=0.0, L=L, jc="center", keep=True)
    first = True
    for b in doc.blocks:
        if isinstance(b, Heading):
            level = min(max(b.level, 1), 4)
            p = d.add_paragraph(style=names.get(f"heading{level}", f"Heading {level}"))
            _run(p, b.marker + b.text)
            if gbt:
                h = L.heading(level)
                _direct(p, first=h.first_line_chars, size=h.size_pt, L=L, jc="both", keep=True)
            if b.inline and b.body:
                _run(p, b.body, _rpr(L.body.east_asian_font, L.body.latin_font, L.body.size_pt))
                # A run-in heading is a paragraph: it may break across pages like one.
                _direct(p, keep=False)
        elif b.text.strip():
            p = d.add_paragraph(style=names.get("body"))
            _run(p, b.text.strip())
            if gbt:
                _direct(p, first=L.body.first_line_chars, size=L.body.size_pt, L=L, jc="both")
            if first and is_salutation(b.text):
                _direct(p, first=0.0, size=L.body.size_pt, L=L, keep=True)
        else:
            continue  # whitespace from a template is not a paragraph
        first = False
        last = p
    if doc.signature and not first:
        # The signature never stands alone on a page: the body's last lines go with it.
        _direct(last, keep=True)
    if doc.signature:
        s = doc.signature
        # Placed by left indents from the right-indent arithmetic: the 2-character shift between
        # the first characters then holds even where a reader widens digits (LibreOffice adds
        # space between Chinese and Latin text).
        line = L.text_width_tw / L.char_tw(L.body.size_pt)
        for k, (text, right) in enumerate(zip((s.unit, s.date), signature_indents(s.unit, s.date, L))):
            p = d.add_paragraph(style=names.get("body"))
            spacing = {"w:before": L.signature.blank_lines_before * pitch} if k == 0 and \
                L.signature.blank_lines_before else None
            _direct(p, first=0.0, left=max(0.0, line - right - text_width(text)), size=L.body.size_pt,
                    L=L, jc="left", keep=k == 0, spacing=spacing)
            _run(p, text)


# --- XML helpers -------------------------------------------------------------------------

def _el(tag: str, attrs: dict | None = None, children=()):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    e = OxmlElement(tag)
    for k, v in (attrs or {}).items():
        e.set(qn(k), str(v))
    e.extend(children)
    return e


def _rpr(east: str, latin: str, size_pt: float, condense_tw: int = 0) -> list:
    """rPr children (schema order): fonts for every script slot, spacing, size for both slots."""
    half = str(round(size_pt * 2))
    kids = [_el("w:rFonts", {"w:ascii": latin, "w:hAnsi": latin, "w:eastAsia": east, "w:cs": latin})]
    if condense_tw:
        kids.append(_el("w:spacing", {"w:val": -condense_tw}))
    return kids + [_el("w:sz", {"w:val": half}), _el("w:szCs", {"w:val": half})]


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


def _direct(p, *, first: float | None = None, left: float | None = None, right: float | None = None,
            size: float = 0,
            L: Layout | None = None, jc: str | None = None, keep: bool | None = None,
            spacing: dict | None = None) -> None:
    """Direct paragraph formatting; indents in characters of `size`, written as twips."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Twips

    pf = p.paragraph_format
    if jc:
        pf.alignment = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "left": WD_ALIGN_PARAGRAPH.LEFT,
                        "center": WD_ALIGN_PARAGRAPH.CENTER, "both": WD_ALIGN_PARAGRAPH.JUSTIFY}[jc]
    if keep is not None:
        pf.keep_with_next = keep
        if not keep:
            pf.keep_together = False
    if first is not None:
        pf.first_line_indent = Twips(round(first * L.char_tw(size)))
    if left is not None:
        pf.left_indent = Twips(round(left * L.char_tw(size)))
    if right is not None:
        pf.right_indent = Twips(round(right * L.char_tw(size)))
    for k, v in (spacing or {}).items():
        if k == "w:after":
            pf.space_after = Twips(v)
        elif k == "w:before":
            pf.space_before = Twips(v)


def _ppr(*, first_tw: int, jc: str | None = None, keep: bool = False, outline: int | None = None,
         grid: bool = True, spacing: dict | None = None, autospace: bool = True):
    """A style's pPr, children in schema order. Indents in twips only: *Chars units are
    reckoned from the Normal style's size (or the character grid), wrong for other sizes."""
    kids = [_el("w:keepNext"), _el("w:keepLines")] if keep else []
    kids.append(_el("w:widowControl"))
    if not autospace:
        # No extra space between Chinese and Latin/digits: it would break the 28-character count.
        kids += [_el("w:autoSpaceDE", {"w:val": 0}), _el("w:autoSpaceDN", {"w:val": 0})]
    if not grid:
        kids.append(_el("w:snapToGrid", {"w:val": "0"}))
    kids.append(_el("w:spacing", spacing or {"w:before": 0, "w:after": 0}))
    kids.append(_el("w:ind", {"w:firstLine": first_tw, "w:left": 0, "w:right": 0}))
    if jc:
        kids.append(_el("w:jc", {"w:val": jc}))
    if outline is not None:
        kids.append(_el("w:outlineLvl", {"w:val": outline}))
    return _el("w:pPr", children=kids)


def _restyle(style, ppr, rpr: list) -> None:
    """Replace a built-in style's formatting, keeping its identity (name, outline use, next)."""
    from docx.oxml.ns import qn

    el = style.element if hasattr(style, "element") else style
    # w:link ties the style to a theme-font character style that Word may sync back.
    for tag in ("w:pPr", "w:rPr", "w:link"):
        for e in el.findall(qn(tag)):
            el.remove(e)
    el.append(ppr)  # pPr and rPr close the sequence in these styles (no table parts)
    el.append(_el("w:rPr", children=rpr))


def style_formats(L: Layout) -> dict:
    """role -> (pPr, rPr children) of the GB/T style for that role, from the profile."""
    b, t, n = L.body, L.title, L.page_number
    # Grid mode: single spacing snaps each line to the grid pitch. Fixed mode: exact spacing.
    lines = {"w:before": 0, "w:after": 0, "w:line": 240, "w:lineRule": "auto"}
    if L.grid.line_spacing_pt:
        lines.update({"w:line": round(L.grid.line_spacing_pt * 20), "w:lineRule": "exact"})
    out = {
        "body": (_ppr(first_tw=round(b.first_line_chars * L.char_tw(b.size_pt)), jc="both", spacing=lines,
                      autospace=False),
                 _rpr(b.east_asian_font, b.latin_font, b.size_pt, L.condense_tw(b.size_pt))),
        # Off the grid, one line pitch a line: the title takes whole lines of the 22, so the
        # body below it stays on the grid.
        "title": (_ppr(first_tw=0, jc="center", grid=False, keep=True, autospace=False,
                       spacing={"w:before": 0, "w:after": 0, "w:line": L.line_pitch_tw, "w:lineRule": "exact"}),
                  _rpr(t.east_asian_font, t.latin_font, t.size_pt)),
        # Off the grid so the page number keeps its own line height (the 7 mm are measured).
        "page_number": (_ppr(first_tw=0, grid=False,
                             spacing={"w:before": 0, "w:after": 0, "w:line": 240, "w:lineRule": "auto"}),
                        _rpr(n.east_asian_font, n.latin_font, n.size_pt)),
    }
    for level in range(1, 5):
        h = L.heading(level)
        out[f"heading{level}"] = (
            _ppr(first_tw=round(h.first_line_chars * L.char_tw(h.size_pt)), keep=True, outline=level - 1,
                 jc="both", autospace=False),
            _rpr(h.east_asian_font, h.latin_font, h.size_pt, L.condense_tw(h.size_pt)))
    return out


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
    styles.remove(styles.find(qn("w:docDefaults")))
    styles.insert(0, doc_defaults(L))
    for role, (ppr, rpr) in style_formats(L).items():
        _restyle(d.styles[ROLE_STYLES[role]], ppr, rpr)


def doc_defaults(L: Layout):
    b = L.body
    return _el("w:docDefaults", children=[
        _el("w:rPrDefault", children=[_el("w:rPr", children=_rpr(b.east_asian_font, b.latin_font, b.size_pt) + [
            _el("w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"})])]),
        _el("w:pPrDefault", children=[_el("w:pPr", children=[
            _el("w:spacing", {"w:after": 0, "w:line": 240, "w:lineRule": "auto"})])]),
    ])


def _set_section(d, L: Layout) -> None:
    from docx.shared import Twips

    sec = d.sections[0]
    tw = L.twips
    sec.page_width, sec.page_height = Twips(tw(L.page.width_mm)), Twips(tw(L.page.height_mm))
    m = L.margins
    sec.top_margin, sec.bottom_margin = Twips(tw(m.top_mm)), Twips(tw(m.bottom_mm))
    sec.left_margin, sec.right_margin = Twips(tw(m.left_mm)), Twips(tw(m.right_mm))
    sec.gutter = Twips(0)
    set_grid(sec._sectPr, L)
    add_page_numbers(sec, L)


def set_grid(sectPr, L: Layout) -> None:
    """The document grid. LibreOffice sets a glyph wider than a character-grid cell over two
    cells, so the default is a line grid with condensed characters (see Layout.condense_tw)."""
    from docx.oxml.ns import qn

    grid = sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = _el("w:docGrid")
        sectPr.append(grid)
    grid.attrib.clear()
    grid.set(qn("w:type"), "linesAndChars" if L.char_grid else "lines")
    grid.set(qn("w:linePitch"), str(L.line_pitch_tw))
    if L.char_grid:
        grid.set(qn("w:charSpace"), str(L.char_space))


def add_page_numbers(sec, L: Layout) -> None:
    """Odd pages right, even pages left, one character in (7.5): a PAGE field between dashes."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Twips

    n = L.page_number
    # Footer distance is to the line's bottom; the dash (mid-height) is below_text_mm under the block.
    sec.footer_distance = Twips(L.twips(L.margins.bottom_mm - n.below_text_mm) - round(n.size_pt * 10))
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
