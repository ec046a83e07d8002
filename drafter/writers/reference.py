"""A unit's own .docx as the frame of a draft (`drafter render --reference 本单位模板.docx`).

From the reference come the page setup (paper, margins, document grid), the headers and footers
(with a 版头 or page numbers in them) and a 版头 at the top of its body; its other body content
is dropped and the draft's body written in its place. The GB/T roles (正文, 标题, 一级标题…)
take the reference's styles where it has them; a role whose style is missing, or sets no Chinese
font of its own (Word's and python-docx's blank defaults), is completed from the layout profile
and the note names it.

python-docx is imported inside the functions only.
"""
from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

from ..errors import InputError
from ..layout import TWIPS_PER_MM, Grid, Layout, Margins, Page

ROLE_NAMES = {"body": "正文", "title": "标题", "heading1": "一级标题", "heading2": "二级标题",
              "heading3": "三级标题", "heading4": "四级标题"}
# Names a role's style goes by: Word's built-in names (also in a Chinese Word or WPS) first.
_ALIASES = {"body": ("Normal", "正文"), "title": ("Title", "标题", "公文标题"),
            **{f"heading{i}": (f"Heading {i}", f"heading {i}", f"标题 {i}", f"标题{i}") for i in range(1, 5)}}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RED = re.compile(r"^(?:FF0000|E[0-9A-F]0000|C00000|FF[0-3][0-9A-F][0-3][0-9A-F])$", re.I)
_HEAD_SCAN = 8   # a 版头 is within the first paragraphs of the body


@dataclasses.dataclass
class Reference:
    path: str
    data: bytes
    completed: list[str]   # roles (Chinese names) whose styles come from the profile
    title_lines_before: int = 0  # set by open(): blank lines between a 版头 and the title

    @property
    def note(self) -> str:
        if not self.completed:
            return ""
        return f"参考文档 {self.path} 中没有可用的样式：{'、'.join(self.completed)}，已按版式配置补充"

    def open(self, L: Layout):
        """(document, layout, role -> style name): the reference emptied for the draft's body,
        its missing styles completed, the profile fitted to its page."""
        import docx

        from .docx import ROLE_STYLES, _restyle, add_page_numbers, set_grid, style_formats

        d = docx.Document(io.BytesIO(self.data))
        # 7.3.1: the title stands two lines below the red line of a 版头.
        self.title_lines_before = 2 if _keep_only_masthead(d) else 0
        _chinese_defaults(d)
        sec = d.sections[-1]
        L2 = layout_for(d, L)
        if not keeps_grid(d):
            set_grid(sec._sectPr, L2)
        formats = style_formats(L2)
        for role in _missing_roles(d):
            style = _find_style(d, role)
            if style is None:
                style = d.styles.add_style(ROLE_STYLES[role], 1).element  # 1: paragraph style
            _restyle(style, *formats[role])
        if not any(ref.tag == f"{_W}footerReference" for ref in sec._sectPr):
            style = _find_style(d, "page_number")
            if style is None:
                style = d.styles.add_style(ROLE_STYLES["page_number"], 1).element
            _restyle(style, *formats["page_number"])
            d.settings.odd_and_even_pages_header_footer = True
            add_page_numbers(sec, L2)
        names = {role: _find_style(d, role).find(f"{_W}name").get(f"{_W}val") for role in ROLE_NAMES}
        return d, L2, names

    @staticmethod
    def finish(d) -> None:
        """Direct indents in twips must win over *Chars indents a reference's styles may set:
        Word reads a *Chars value before the twips one, so each gets an explicit 0."""
        for ind in d.element.body.iter(f"{_W}ind"):
            for attr in ("firstLine", "hanging", "left", "right"):
                if ind.get(f"{_W}{attr}") is not None:
                    ind.set(f"{_W}{attr}Chars", "0")


def load_reference(path) -> Reference:
    """Read and check a reference .docx; a clear Chinese error (exit 2) when it cannot be used."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("找不到参考文档", file=name)
    except IsADirectoryError:
        raise InputError("参考文档应为 .docx 文件，而不是目录", file=name)
    except OSError as e:
        raise InputError(f"无法读取参考文档：{e.strerror}", file=name)
    if data[:2] != b"PK":
        hint = "（.doc 等旧格式请先在 Word 或 WPS 中另存为 .docx）" if data[:4] == b"\xd0\xcf\x11\xe0" else ""
        raise InputError(f"参考文档不是 .docx 文件{hint}", file=name)
    try:
        d = docx.Document(io.BytesIO(data))
        d.sections[-1].page_width  # noqa: B018 -- parses the body and its section
        d.styles  # noqa: B018
    except PackageNotFoundError:
        raise InputError("参考文档不是有效的 .docx 文件，可能已损坏或不完整", file=name)
    except ValueError as e:
        kind = "模板（.dotx）请先另存为 .docx" if "template" in str(e) else "不是 Word 文档"
        raise InputError(f"参考文档无法使用：{kind}", file=name)
    except Exception as e:  # zip, XML or part errors of a damaged file
        import zipfile
        why = ("文件不完整" if isinstance(e, (zipfile.BadZipFile, EOFError))
               else "缺少文档的组成部分" if isinstance(e, KeyError) else "内容格式错误")
        raise InputError(f"参考文档已损坏，无法读取（{why}）", file=name)
    return Reference(name, data, [ROLE_NAMES[r] for r in _missing_roles(d)])


def layout_for(d, L: Layout) -> Layout:
    """The profile fitted to the reference's page, so that indents, the title's line length and
    the condensing of characters are reckoned on the reference's text block.

    The grid goes with the body style: a reference whose 正文 is its own keeps its grid; one
    whose 正文 is completed from the profile gets the profile's line pitch on its page (Word's
    blank document has a 15.6 pt grid made for 五号 text, on which 3 号 lines take two rows).
    """
    sec = d.sections[-1]
    mm = lambda v, default: (v.twips / TWIPS_PER_MM) if v is not None else default  # noqa: E731
    page = Page(mm(sec.page_width, L.page.width_mm), mm(sec.page_height, L.page.height_mm))
    margins = Margins(mm(sec.top_margin, L.margins.top_mm), mm(sec.bottom_margin, L.margins.bottom_mm),
                      mm(sec.left_margin, L.margins.left_mm), mm(sec.right_margin, L.margins.right_mm))
    L2 = dataclasses.replace(L, page=page, margins=margins)
    own_body = "body" not in _missing_roles(d)
    if own_body:
        sz = _style_value(d, _find_style(d, "body"), "sz")
        if sz:
            L2 = dataclasses.replace(L2, body=dataclasses.replace(L2.body, size_pt=int(sz) / 2))
    chars = max(1, round(L2.text_width_tw / (L2.body.size_pt * 20)))
    grid = sec._sectPr.find(f"{_W}docGrid")
    if own_body and _has_line_grid(sec._sectPr):
        # The reference's own pitch, as an exact line spacing of the same value.
        pitch = int(grid.get(f"{_W}linePitch"))
        new = Grid(lines_per_page=max(1, L2.text_height_tw // pitch), chars_per_line=chars,
                   line_spacing_pt=pitch / 20,
                   method="chars" if grid.get(f"{_W}type") == "linesAndChars" else "lines")
    else:
        new = Grid(lines_per_page=max(1, L2.text_height_tw // L.line_pitch_tw), chars_per_line=chars,
                   line_spacing_pt=L.grid.line_spacing_pt, method=L.grid.method)
    return dataclasses.replace(L2, grid=new)


def keeps_grid(d) -> bool:
    return "body" not in _missing_roles(d) and _has_line_grid(d.sections[-1]._sectPr)


# --- styles -------------------------------------------------------------------------------

def _find_style(d, role: str):
    from .docx import ROLE_STYLES

    names = _ALIASES.get(role, (ROLE_STYLES[role], ROLE_STYLES[role].lower()))
    for st in d.styles.element.findall(f"{_W}style"):
        if st.get(f"{_W}type") not in (None, "paragraph"):
            continue
        nm = st.find(f"{_W}name")
        if nm is not None and nm.get(f"{_W}val") in names:
            return st
    return None


def _style_value(d, st, what: str):
    """An rPr value of a style or the styles it is based on (not the document defaults)."""
    seen = set()
    while st is not None and id(st) not in seen:
        seen.add(id(st))
        rpr = st.find(f"{_W}rPr")
        if rpr is not None:
            if what == "eastAsia":
                rf = rpr.find(f"{_W}rFonts")
                if rf is not None and rf.get(f"{_W}eastAsiaTheme"):
                    return None  # a theme font (等线, ＭＳ 明朝…): nobody chose it for this style
                if rf is not None and rf.get(f"{_W}eastAsia"):
                    return rf.get(f"{_W}eastAsia")
            else:
                e = rpr.find(f"{_W}{what}")
                if e is not None:
                    return e.get(f"{_W}val")
        base = st.find(f"{_W}basedOn")
        st = _by_id(d, base.get(f"{_W}val")) if base is not None else None
    return None


def _by_id(d, sid: str):
    for st in d.styles.element.findall(f"{_W}style"):
        if st.get(f"{_W}styleId") == sid:
            return st
    return None


def _missing_roles(d) -> list[str]:
    """Roles without a style of the unit's own: none found, or one that names no Chinese font."""
    return [role for role in ROLE_NAMES
            if (st := _find_style(d, role)) is None or not _style_value(d, st, "eastAsia")]


def _chinese_defaults(d) -> None:
    """East Asian text of the draft is Chinese: readers decide by it whether “” and … are set
    full width (an en-US or ja-JP default makes LibreOffice set them as Latin)."""
    from .docx import _el

    styles = d.styles.element
    defaults = styles.find(f"{_W}docDefaults")
    if defaults is None:
        defaults = _el("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(f"{_W}rPrDefault")
    if rpr_default is None:
        rpr_default = _el("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(f"{_W}rPr")
    if rpr is None:
        rpr = _el("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(f"{_W}lang")
    if lang is None:
        lang = _el("w:lang")
        rpr.append(lang)  # lang follows every other child a default rPr has
    if not (lang.get(f"{_W}eastAsia") or "").startswith("zh"):
        lang.set(f"{_W}eastAsia", "zh-CN")
    for e in d.settings.element.iter(f"{_W}themeFontLang"):
        e.set(f"{_W}eastAsia", "zh-CN")


# --- body ---------------------------------------------------------------------------------

def _keep_only_masthead(d) -> bool:
    """Drop the reference's body content but a 版头 at its top: the leading paragraphs up to the
    last one that is red, has a bottom border (the red line) or holds a drawn line."""
    body = d.element.body
    blocks = [e for e in body if e.tag != f"{_W}sectPr"]
    end = 0
    for i, e in enumerate(blocks[:_HEAD_SCAN]):
        if e.tag == f"{_W}p" and (_is_red(e) or e.find(f"{_W}pPr/{_W}pBdr/{_W}bottom") is not None
                                 or e.find(f".//{_W}drawing") is not None or e.find(f".//{_W}pict") is not None):
            end = i + 1
    for e in blocks[end:]:
        body.remove(e)
    for e in blocks[:end]:  # a section break inside the masthead would split the page setup
        for s in e.findall(f"{_W}pPr/{_W}sectPr"):
            s.getparent().remove(s)
    return end > 0


def _is_red(p) -> bool:
    return any(_RED.match(c.get(f"{_W}val") or "") for c in p.iter(f"{_W}color"))


def _has_line_grid(sectPr) -> bool:
    g = sectPr.find(f"{_W}docGrid")
    return g is not None and g.get(f"{_W}type") in ("lines", "linesAndChars") and \
        (g.get(f"{_W}linePitch") or "").isdigit()


__all__ = ["Reference", "load_reference", "layout_for", "ROLE_NAMES"]
