"""The real-client check: a .docx converted by LibreOffice, read back from the PDF with
pdftotext, measured against GB/T 9704 (docs/gbt9704.md): 28 characters on every full body line,
22 lines on every full page, the title lines as drafter broke them, the page numbers
(— 1 —) right on odd pages and left on even ones, indents where the roles want them.

`pdftotext -layout` gives the text page by page; `-bbox-layout` gives the same lines with their
positions (where a line starts and ends, in points), which is what the checks measure.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import docx

from drafter.layout import Layout

PT_PER_MM = 72 / 25.4
CLOSING = set("，。、；：？！”’）》」』】〕…—%")
OPENING = set("“‘（《「『【〔")
PAGE_NUMBER = re.compile(r"^—\s*(\d+)\s*—$")
_NS = "{http://www.w3.org/1999/xhtml}"


def tools() -> tuple[str | None, str | None]:
    return shutil.which("soffice") or shutil.which("libreoffice"), shutil.which("pdftotext")


def to_pdf(docx_paths: list[Path], outdir: Path, profile: Path) -> list[Path]:
    """One LibreOffice run for all files, with a private profile (a shared one may be locked)."""
    soffice, _ = tools()
    assert len({p.stem for p in docx_paths}) == len(docx_paths), "PDFs of equal names would overwrite"
    outdir.mkdir(parents=True, exist_ok=True)
    r = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(outdir), *map(str, docx_paths)],
                       capture_output=True, text=True, timeout=600, env=dict(os.environ, HOME=str(profile)))
    pdfs = [outdir / (p.stem + ".pdf") for p in docx_paths]
    missing = [p.name for p in pdfs if not p.exists()]
    assert not missing, f"LibreOffice wrote no PDF for {missing}: {r.stderr[-1000:]}"
    return pdfs


def width(s: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in s)


HANGING = "，。；：、！？”’）》"


def _bare(s: str) -> str:
    return re.sub(r"\s+", "", s)


@dataclass
class Line:
    page: int       # 1-based
    y: float        # top of the glyph box, points from the top of the page
    x0: float
    x1: float
    text: str       # without spaces


def pdf_lines(pdf: Path) -> tuple[list[list[Line]], list[str]]:
    """Lines of each page (from -bbox-layout words grouped by their top) and the -layout text."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         check=True, timeout=120).stdout
    layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                            check=True, timeout=120).stdout
    pages = []
    for n, page in enumerate(ET.fromstring(xml).iter(f"{_NS}page"), 1):
        rows: dict[float, list] = {}
        for w in page.iter(f"{_NS}word"):
            y = float(w.get("yMin"))
            key = next((k for k in rows if abs(k - y) < 3), y)
            rows.setdefault(key, []).append((float(w.get("xMin")), float(w.get("xMax")), w.text or ""))
        lines = []
        for y in sorted(rows):
            words = sorted(rows[y])
            lines.append(Line(n, y, words[0][0], max(w[1] for w in words), _bare("".join(w[2] for w in words))))
        pages.append(lines)
    return pages, layout.split("\f")


@dataclass
class Para:
    role: str            # title, salutation, heading, body, unit, date
    text: str            # without spaces
    lines: list[Line] = field(default_factory=list)
    title_lines: list[str] = field(default_factory=list)
    keep: bool = False   # keep with next (direct formatting, else the style's)
    level: int = 0       # of a heading


def docx_paragraphs(path: Path) -> list[Para]:
    """The paragraphs drafter wrote, with their GB/T role."""
    from drafter.writers.docx import is_salutation
    out = []
    body = [p for p in docx.Document(str(path)).paragraphs]
    for i, p in enumerate(body):
        sid = p.style.style_id if p.style is not None else "Normal"
        text = p.text
        if sid != "Title" and any(q.style is not None and q.style.style_id == "Title" for q in body[i + 1:]):
            out.append(Para("masthead", _bare(text)))  # a reference's 版头, above the title
            continue
        if not text.strip():
            out.append(Para("empty", ""))
            continue
        keep = p.paragraph_format.keep_with_next
        if keep is None and p.style is not None:
            keep = p.style.paragraph_format.keep_with_next
        if sid == "Title":
            out.append(Para("title", _bare(text), title_lines=[_bare(t) for t in text.split("\n")]))
        elif sid.startswith("Heading"):
            out.append(Para("heading", _bare(text), level=int(sid[-1])))
        elif i >= len(body) - 2 and p.paragraph_format.left_indent:  # the signature's two lines
            out.append(Para("unit" if i == len(body) - 2 else "date", _bare(text)))
        elif is_salutation(text) and all(q.role in ("title", "masthead") for q in out):
            out.append(Para("salutation", _bare(text)))
        else:
            out.append(Para("body", _bare(text)))
        out[-1].keep = bool(keep)
    return out


class Report:
    def __init__(self, name: str):
        self.name = name
        self.faults: list[str] = []

    def fault(self, where: str, msg: str) -> None:
        self.faults.append(f"{self.name} {where}: {msg}")


def check(docx_path: Path, pdf: Path, L: Layout, page_numbers: bool = True) -> list[str]:
    """Every deviation from the layout, as readable lines; [] when the PDF is right.

    page_numbers=False: the footers are a reference's own, not drafter's (not measured)."""
    rep = Report(docx_path.name)
    pages, layout_text = pdf_lines(pdf)
    paras = docx_paragraphs(docx_path)
    for p in paras:
        if p.role == "empty":
            rep.fault("docx", "an empty paragraph (spacing must come from paragraph spacing)")
    paras = [p for p in paras if p.role != "empty"]
    masthead = [p for p in paras if p.role == "masthead"]
    paras = [p for p in paras if p.role != "masthead"]

    left = L.margins.left_mm * PT_PER_MM
    right = (L.page.width_mm - L.margins.right_mm) * PT_PER_MM
    top = L.margins.top_mm * PT_PER_MM
    bottom = (L.page.height_mm - L.margins.bottom_mm) * PT_PER_MM
    pitch = L.line_pitch_tw / 20
    char = L.char_tw(L.body.size_pt) / 20
    cpl, lpp = L.grid.chars_per_line, L.grid.lines_per_page

    # Page numbers: below the text block, the page's own number, odd right / even left.
    body_lines = []
    for n, lines in enumerate(pages, 1):
        if not page_numbers:
            numbers = [ln for ln in lines if ln.y > bottom]
            body_lines += [ln for ln in lines if ln not in numbers]
            continue
        numbers = [ln for ln in lines if PAGE_NUMBER.match(ln.text)]
        if len(numbers) != 1:
            rep.fault(f"page {n}", f"expected one page number line, found {[ln.text for ln in numbers]}")
        for ln in numbers:
            if int(PAGE_NUMBER.match(ln.text).group(1)) != n:
                rep.fault(f"page {n}", f"page number reads {ln.text}")
            if ln.y < bottom:
                rep.fault(f"page {n}", "page number inside the text block")
            inset = L.page_number.inset_chars * L.page_number.size_pt
            if n % 2 and abs(ln.x1 - (right - inset)) > 2:
                rep.fault(f"page {n}", f"odd page number not right ({ln.x1:.1f} vs {right - inset:.1f})")
            if not n % 2 and abs(ln.x0 - (left + inset)) > 2:
                rep.fault(f"page {n}", f"even page number not left ({ln.x0:.1f} vs {left + inset:.1f})")
        if not any(PAGE_NUMBER.match(_bare(t)) for t in layout_text[n - 1].splitlines()):
            rep.fault(f"page {n}", "no page number in the pdftotext -layout text")
        body_lines += [ln for ln in lines if ln not in numbers]

    # Lines to paragraphs, in order: the text must come back whole and in sequence.
    head = "".join(p.text for p in masthead)
    got = ""
    while len(got) < len(head) and body_lines:
        got += body_lines.pop(0).text
    if got != head:
        rep.fault("masthead", f"版头 reads {got[:30]} instead of {head[:30]}")
    it = iter(body_lines)
    for p in paras:
        got = ""
        while len(got) < len(p.text):
            ln = next(it, None)
            if ln is None:
                rep.fault(p.role, f"text missing from the PDF: {p.text[len(got):][:20]}…")
                return rep.faults
            p.lines.append(ln)
            got += ln.text
            # LibreOffice hangs a closing mark that falls after a full line into the margin
            # (标点溢出边界, as Word does), and pdftotext does not report it: still the text's.
            nxt = p.text[len(got):len(got) + 1]
            if nxt and nxt in HANGING and p.text.startswith(got) and len(got) < len(p.text):
                got += nxt
        if got != p.text:
            rep.fault(p.role, f"PDF text differs: {got[:40]} vs {p.text[:40]}")
            return rep.faults
    rest = list(it)
    if rest:
        rep.fault("end", f"text after the signature: {[ln.text for ln in rest]}")

    # Title: on page 1, centred, broken where drafter broke it.
    for p in paras:
        if p.role == "title":
            got = [ln.text for ln in p.lines]
            if got != p.title_lines:
                rep.fault("title", f"lines {got} instead of {p.title_lines}")
            for ln in p.lines:
                if abs((ln.x0 - left) - (right - ln.x1)) > 3:
                    rep.fault("title", f"line not centred: {ln.text}")

    # Indents and full lines.
    indent = {"body": L.body.first_line_chars, "salutation": 0}
    for p in paras:
        if p.role not in ("body", "salutation", "heading"):
            continue
        first = indent.get(p.role)
        if p.role == "heading":
            first = L.heading(p.level).first_line_chars
        for k, ln in enumerate(p.lines):
            want = first if k == 0 else 0
            got_indent = (ln.x0 - left) / char
            if abs(got_indent - want) > 0.3:
                rep.fault(p.role, f"line starts {got_indent:.2f} characters in, not {want}: {ln.text[:12]}")
            if k == len(p.lines) - 1:
                continue  # the last line of a paragraph is not full
            nxt = p.lines[k + 1].text
            cells = want + width(ln.text)
            if not _full(cells, ln.text, nxt, cpl):
                rep.fault(p.role, f"a full line of {cells:g} characters, not {cpl}: {ln.text}")
            if ln.x1 < right - 2:
                rep.fault(p.role, f"a full line ends {right - ln.x1:.1f} pt short of the margin: {ln.text}")

    # Signature (7.3.5.2): the unit right-indented right_chars, the date 2 characters further right.
    sig = {p.role: p.lines for p in paras if p.role in ("unit", "date")}
    if "unit" in sig and "date" in sig:
        u, d = sig["unit"][0], sig["date"][0]
        from drafter.writers.docx import signature_indents
        r_unit, _ = signature_indents(u.text, d.text, L)
        if abs((right - u.x1) / char - r_unit) > 0.3:
            rep.fault("signature", f"unit ends {(right - u.x1) / char:.2f} characters from the margin, not {r_unit}")
        shift = (d.x0 - u.x0) / char
        if abs(shift - L.signature.date_shift_chars) > 0.3:
            rep.fault("signature", f"date starts {shift:.2f} characters right of the unit")
        if d.y - u.y < pitch * 0.9:
            rep.fault("signature", "date not on the line below the unit")

    # Rows: every line on the line grid, 22 to a full page.
    role_of = {id(ln): (p, k) for p in paras for k, ln in enumerate(p.lines)}
    for n, lines in enumerate(pages, 1):
        lines = [ln for ln in lines if id(ln) in role_of]
        if not lines:
            continue
        rows = []
        for ln in lines:
            p, _ = role_of[id(ln)]
            r = (ln.y - top) / pitch
            # Glyph boxes sit at a fixed offset inside their grid row, different per size.
            rows.append(int(r))
            if not 0 <= r < lpp:
                rep.fault(f"page {n}", f"line outside the text block: {ln.text[:12]}")
        if len(set(rows)) != len(rows):
            rep.fault(f"page {n}", f"two lines in one row: {rows}")
        for a, b in zip(lines, lines[1:]):
            gap = (b.y - a.y) / pitch
            pa, pb = role_of[id(a)][0], role_of[id(b)][0]
            if pa.role == pb.role == "title" or (pa.role != "title" and pb.role != "title"):
                if abs(gap - round(gap)) > 0.05:
                    rep.fault(f"page {n}", f"line off the grid ({gap:.2f} rows below the previous): {b.text[:12]}")
        if n == len(pages):
            continue
        shortfall = lpp - 1 - max(rows)
        if n == 1 and masthead:
            shortfall -= 1  # a 版头 is off the grid: the body below it may lose a row
        if shortfall <= 0:
            continue
        if not _explained(shortfall, pages[n], role_of, paras):
            nxt = pages[n][0].text[:12] if pages[n] else None
            rep.fault(f"page {n}", f"{max(rows) + 1} lines on a page that is not the last "
                                   f"(next page starts with {nxt}), {shortfall} rows left empty")
    return rep.faults


def _explained(shortfall: int, next_page: list[Line], role_of: dict, paras: list[Para]) -> bool:
    """Whether the rows left at the foot of a page are what keep-with-next and widow/orphan
    control (2 lines) make of the lines that start the next page: the block that had to move
    together is longer than the room that was left."""
    first = next((ln for ln in next_page if id(ln) in role_of), None)
    if first is None:
        return False
    p, k = role_of[id(first)]
    i = paras.index(p)
    if k > 0:  # a paragraph split over the pages: widow control moved one line
        block = len(p.lines) - k
        if not p.keep:
            return shortfall == 1 and block >= 2
    block = 0
    while i < len(paras):
        q = paras[i]
        on_next = [ln for ln in q.lines if ln.page == first.page]
        if q.role == "unit":
            block += 1  # the row of space above the signature
        if not q.keep:
            # Orphan and widow control: 2 lines at least on each side, so a paragraph of fewer
            # than 4 lines does not split at all.
            block += len(on_next) if q.role in ("unit", "date") or len(q.lines) < 4 else 2
            break
        block += len(on_next) if q is not p or k == 0 else len(q.lines) - k
        i += 1
    return 0 < shortfall < block


def _full(cells: float, line: str, nxt: str, cpl: int) -> bool:
    """A full line holds cpl characters; kinsoku (no closing mark at a line start, no opening
    mark at a line end) and numbers, which do not break, may leave it a little short or long."""
    if cells == cpl:
        return True
    if cells == cpl + 1 and line[-1] in CLOSING:  # hanging punctuation
        return True
    latin = bool(re.search(r"[\x21-\x7e]", line)) or bool(re.match(r"[\x21-\x7e]", nxt))
    if latin:
        # A number does not break, and LibreOffice adds space between Chinese and Latin (it
        # ignores w:autoSpaceDE): a line with digits may hold a character or two less.
        head = re.match(r"[\x21-\x7e]*", nxt).group(0)
        joins = len(re.findall(r"[\x21-\x7e][^\x21-\x7e]|[^\x21-\x7e][\x21-\x7e]", line))
        return cpl - width(head) - 1.5 - 0.3 * joins <= cells <= cpl + 1
    kinsoku = nxt[:1] in CLOSING or nxt[1:2] in CLOSING or line[-1:] in OPENING or nxt[:1] in OPENING
    return kinsoku and cpl - 2 <= cells < cpl
