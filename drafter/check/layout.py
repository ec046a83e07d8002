"""Layout of a .docx against the layout profile (drafter/layout.py): paper, margins, fonts and
sizes by element, line pitch, page numbers. Reads the WordprocessingML directly (no python-docx)."""
from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree as ET

from ..model import Heading
from .findings import ERROR, NOTE, Finding

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_ALIASES = {"fangsong": "仿宋", "simhei": "黑体", "kaiti": "楷体", "simsun": "宋体", "stsong": "宋体",
            "stfangsong": "仿宋", "stkaiti": "楷体", "微软雅黑": "微软雅黑"}
_LEVEL_ZH = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}
MM_TOL_TW = 57     # 1 mm in twips
SHOW = 6           # paragraph numbers listed per finding


def font_key(name: str | None) -> str:
    """Fonts that are the same face for a reader: 仿宋_GB2312 = 仿宋, 方正小标宋简体 = 方正小标宋_GBK."""
    if not name:
        return ""
    n = re.sub(r"[_\-\s]?(GB2312|GBK|GB18030)$", "", name.strip(), flags=re.I)
    n = re.sub(r"(简体|繁体|简)$", "", n)
    return _ALIASES.get(n.lower(), n)


class _Styles:
    """styles.xml, read lazily: Word's and python-docx's carry hundreds of styles (some 300 kB)
    of which a document uses a handful, so only the docDefaults and the styles asked for are parsed."""

    def __init__(self, raw: bytes | None):
        self.by_id: dict = {}
        self.raw: dict = {}
        self.default_rpr = self.default_ppr = self.default_para = None
        if not raw:
            return
        root = re.search(rb"<w:styles\b[^>]*>", raw)
        if root is None:          # another prefix than w: — parse it all
            tree = ET.fromstring(raw)
            self.by_id = {st.get(W + "styleId"): st for st in tree.iter(W + "style")}
            dd = tree.find(W + "docDefaults")
        else:
            self.open = root.group()
            for m in re.finditer(rb"<w:style\b([^>]*?)(?:/>|>.*?</w:style>)", raw, re.S):
                sid = re.search(rb'w:styleId="([^"]*)"', m.group(1))
                if sid:
                    key = sid.group(1).decode("utf-8")
                    self.raw[key] = m.group()
                    if re.search(rb'w:type="paragraph"', m.group(1)) and re.search(rb'w:default="(?:1|true)"', m.group(1)):
                        self.default_para = key
            dd = re.search(rb"<w:docDefaults\b.*?</w:docDefaults>", raw, re.S)
            dd = self._parse(dd.group()) if dd else None
        if dd is not None:
            self.default_rpr = dd.find(f"{W}rPrDefault/{W}rPr")
            self.default_ppr = dd.find(f"{W}pPrDefault/{W}pPr")
        if self.default_para is None:
            self.default_para = next((sid for sid, st in self.by_id.items()
                                      if st.get(W + "type") == "paragraph" and st.get(W + "default") == "1"), None)

    def _parse(self, chunk: bytes):
        return ET.fromstring(self.open + chunk + b"</w:styles>")[0]

    def get(self, sid):
        if sid not in self.by_id and sid in self.raw:
            self.by_id[sid] = self._parse(self.raw[sid])
        return self.by_id.get(sid)

    def chain(self, sid):
        seen = []
        while sid and sid not in seen and self.get(sid) is not None:
            seen.append(sid)
            based = self.by_id[sid].find(W + "basedOn")
            sid = based.get(W + "val") if based is not None else None
        return [self.by_id[s] for s in seen]

    def run_prop(self, sid, get):
        for st in self.chain(sid or self.default_para):
            v = get(st.find(W + "rPr"))
            if v is not None:
                return v
        return get(self.default_rpr)

    def para_prop(self, sid, get):
        for st in self.chain(sid or self.default_para):
            v = get(st.find(W + "pPr"))
            if v is not None:
                return v
        return get(self.default_ppr)


def _east_font(rpr):
    if rpr is None:
        return None
    f = rpr.find(W + "rFonts")
    return f.get(W + "eastAsia") if f is not None else None


def _size(rpr):
    if rpr is None:
        return None
    s = rpr.find(W + "sz")
    return int(s.get(W + "val")) / 2 if s is not None and (s.get(W + "val") or "").isdigit() else None


def _spacing(ppr):
    if ppr is None:
        return None
    s = ppr.find(W + "spacing")
    if s is None or s.get(W + "line") is None:
        return None
    return s.get(W + "line"), s.get(W + "lineRule") or "auto"


def _read(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        doc = ET.fromstring(z.read("word/document.xml"))
        styles = z.read("word/styles.xml") if "word/styles.xml" in names else None
        rels = ET.fromstring(z.read("word/_rels/document.xml.rels")) if "word/_rels/document.xml.rels" in names else None
        footers = {}
        if rels is not None:
            for r in rels:
                if r.get("Type", "").endswith("/footer"):
                    target = "word/" + r.get("Target", "").lstrip("/").removeprefix("word/")
                    if target in names:
                        footers[r.get("Id")] = z.read(target)
    return doc, styles, footers


def elements(src) -> dict[int, str]:
    """Paragraph number -> element: title, heading1..4, signature, body (from the parsed outline)."""
    out: dict[int, str] = {}
    for d in src.docs:
        for no in range(d.start_line, d.end_line + 1):
            if src.by_no.get(no) and src.by_no[no].text:
                out[no] = "body"
        if d.title:
            out[d.start_line] = "title"
        for b in d.blocks:
            if isinstance(b, Heading) and b.marker:
                out[b.line] = f"heading{min(max(b.level, 1), 4)}"
        if d.signature:
            out[d.signature.line] = "signature"
            for no in range(d.signature.line, d.end_line + 1):
                out[no] = "signature"
    return out


def docx_layout(src, ctx):
    if src.docx is None:
        return
    L = ctx.layout()
    doc, styles_raw, footers = _read(src.docx)
    st = _Styles(styles_raw)
    body = doc.find(W + "body")
    sect = body.find(W + "sectPr") if body is not None else None
    yield from _page(sect, L)
    yield from _page_numbers(sect, footers)
    kinds = elements(src)
    want = {"title": L.title, "body": L.body, **{f"heading{i}": L.heading(i) for i in range(1, 5)}}
    bad: dict[tuple, list[int]] = {}
    pitch_bad: list[int] = []
    for no, p in enumerate(doc.iter(W + "p"), 1):
        el = kinds.get(no)
        if el not in want:
            continue
        ppr = p.find(W + "pPr")
        ps = ppr.find(W + "pStyle") if ppr is not None else None
        sid = ps.get(W + "val") if ps is not None else None
        runs = [r for r in p.iter(W + "r") if "".join(t.text or "" for t in r.iter(W + "t")).strip()]
        if el.startswith("heading") or el == "title":
            runs = runs[:1]    # an inline heading's body text is set in the body font
        for r in runs:
            rpr = r.find(W + "rPr")
            font = _east_font(rpr) or st.run_prop(sid, _east_font)
            size = _size(rpr) or st.run_prop(sid, _size)
            spec = want[el]
            if not font:    # a theme or application default: whatever the reader's machine has
                bad.setdefault((el, "字体", "未指定（主题或默认字体）", spec.east_asian_font), []).append(no)
            elif font_key(font) != font_key(spec.east_asian_font):
                bad.setdefault((el, "字体", font, spec.east_asian_font), []).append(no)
            if size and abs(size - spec.size_pt) > 0.25:
                bad.setdefault((el, "字号", f"{size:g}磅", f"{spec.size_pt:g}磅"), []).append(no)
        if el == "body" and L.grid.line_spacing_pt:
            sp = _spacing(ppr) or st.para_prop(sid, _spacing)
            if not sp or sp[1] != "exact" or abs(int(sp[0]) - round(L.grid.line_spacing_pt * 20)) > 10:
                pitch_bad.append(no)
    zh = {"title": "标题", "body": "正文", **{f"heading{i}": z for i, z in _LEVEL_ZH.items()}}
    for (el, what, got, wanted), nos in sorted(bad.items(), key=lambda kv: kv[1][0]):
        nos = sorted(set(nos))
        listed = "、".join(map(str, nos[:SHOW])) + ("等" if len(nos) > SHOW else "")
        yield Finding(nos[0], ERROR, "layout.font" if what == "字体" else "layout.size",
                      f"{zh[el]}{what}为“{got}”，版式要求“{wanted}”（第{listed}段）", f"{zh[el]}改用{wanted}")
    if pitch_bad:
        yield Finding(pitch_bad[0], NOTE, "layout.pitch",
                      f"正文行距不是固定值{L.grid.line_spacing_pt:g}磅（第{'、'.join(map(str, pitch_bad[:SHOW]))}段）",
                      f"段落行距设为固定值{L.grid.line_spacing_pt:g}磅")


def _page(sect, L):
    if sect is None:
        yield Finding(0, ERROR, "layout.page", "文档没有页面设置（纸张、页边距）", "按 A4 和版式页边距设置")
        return
    tw = L.twips
    sz = sect.find(W + "pgSz")
    if sz is not None:
        w, h = int(sz.get(W + "w") or 0), int(sz.get(W + "h") or 0)
        if abs(w - tw(L.page.width_mm)) > MM_TOL_TW or abs(h - tw(L.page.height_mm)) > MM_TOL_TW:
            yield Finding(0, ERROR, "layout.page", f"纸张为{w / 56.7:.0f}×{h / 56.7:.0f}毫米，"
                          f"版式要求{L.page.width_mm:g}×{L.page.height_mm:g}毫米", "纸张改为 A4")
    mar = sect.find(W + "pgMar")
    if mar is not None:
        names = {"top": "上", "bottom": "下", "left": "左", "right": "右"}
        for side, zh in names.items():
            got = int(float(mar.get(W + side) or 0))
            want = tw(getattr(L.margins, f"{side}_mm"))
            if abs(abs(got) - want) > MM_TOL_TW:
                yield Finding(0, ERROR, "layout.margin", f"{zh}页边距为{got / 56.7:.0f}毫米，"
                              f"版式要求{getattr(L.margins, f'{side}_mm'):g}毫米", f"{zh}页边距改为"
                              f"{getattr(L.margins, f'{side}_mm'):g}毫米")
    grid = sect.find(W + "docGrid")
    if not L.grid.line_spacing_pt:
        pitch = int(grid.get(W + "linePitch") or 0) if grid is not None else 0
        if grid is None or grid.get(W + "type") not in ("lines", "linesAndChars") or abs(pitch - L.line_pitch_tw) > 10:
            yield Finding(0, NOTE, "layout.pitch",
                          f"没有按每页{L.grid.lines_per_page}行设置文档网格（行距{pitch / 20:g}磅，"
                          f"应为{L.line_pitch_tw / 20:g}磅）", f"页面设置中指定每页{L.grid.lines_per_page}行")


def _page_numbers(sect, footers):
    refs = [f.get(R + "id") for f in sect.findall(W + "footerReference")] if sect is not None else []
    for rid in refs:
        xml = footers.get(rid, b"")
        if b"PAGE" in xml:
            return
    yield Finding(0, ERROR, "layout.page-number", "文档没有页码", "在页脚插入页码（“— 1 —”格式，单页居右、双页居左）")


RULES = [docx_layout]
