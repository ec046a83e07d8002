"""Reading input files into text lines: encodings detected from the bytes, .docx paragraphs."""
from __future__ import annotations

import codecs

from .errors import InputError


def decode_bytes(data: bytes, name: str = "") -> str:
    """Decode text in UTF-8 (BOM or not), UTF-16 (BOM or not) or GB18030/GBK.

    Raises InputError for binary data. UTF-8 is strict and rarely decodes other
    encodings by accident, so it goes first; UTF-16 without a BOM and GB18030 are
    accepted only when the result reads as Chinese or ASCII text.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _check(data[3:].decode("utf-8", errors="replace"), name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _check(data.decode("utf-16", errors="replace"), name)
    try:
        return _check(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    if len(data) % 2 == 0:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _plausible(text):
                return _check(text, name)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _plausible(text, 0.8):
        return _check(text, name)
    raise InputError("无法识别文件编码（支持 UTF-8、GB18030/GBK、UTF-16），可能不是文本文件", file=name)


def _plausible(text: str, share: float = 0.9) -> bool:
    """Most characters are ASCII, CJK ideographs or CJK punctuation: real Chinese text."""
    sample = text[:5000]
    if not sample:
        return True
    good = sum(1 for ch in sample if ch.isascii() or "\u4e00" <= ch <= "\u9fff"
               or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or "\u2000" <= ch <= "\u206f")
    return good / len(sample) >= share


def _check(text: str, name: str) -> str:
    """Reject text with many control characters: a binary file that happened to decode."""
    sample = text[:20000]
    if sample:
        bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
        if bad > max(2, len(sample) // 200):
            raise InputError("文件内容不是文本（含大量控制字符），可能是二进制文件", file=name)
    return text


TEXT_SUFFIXES = {".txt"}
DOC_SUFFIXES = TEXT_SUFFIXES | {".docx"}
MAX_BYTES = 64 * 1024 * 1024


def expand_paths(paths) -> list:
    """Files named, and every readable file below a directory, in a stable order."""
    from pathlib import Path
    out = []
    for p in map(Path, paths):
        if not p.exists():
            raise InputError("文件或目录不存在", file=str(p))
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DOC_SUFFIXES)
            if not found:
                raise InputError("目录中没有可读取的 .txt 或 .docx 文件", file=str(p))
            out.extend(found)
        else:
            out.append(p)
    return out


def read_lines(path) -> tuple[list[str], list]:
    """Raw lines of a file and per-line heading hints (None for plain text)."""
    from pathlib import Path
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"文件过大（{size // (1024 * 1024)} MB），单个文件上限为 {MAX_BYTES // (1024 * 1024)} MB，请拆分后再处理",
                             file=str(path))
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"无法读取文件（{e.strerror or e}）", file=str(path))
    if data[:2] == b"PK" or path.suffix.lower() == ".docx":
        return read_docx(data, str(path))
    text = decode_bytes(data, str(path))
    return text.splitlines(), []


def read_docx(data: bytes, name: str) -> tuple[list[str], list]:
    """Paragraph texts of a .docx, and heading levels hinted by Word styles or outline levels."""
    import io
    import re
    import zipfile
    from xml.etree import ElementTree as ET

    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            body = z.read("word/document.xml")
            styles = z.read("word/styles.xml") if "word/styles.xml" in z.namelist() else b""
        root = ET.fromstring(body)
    except (zipfile.BadZipFile, KeyError, ET.ParseError, EOFError, ValueError) as e:
        raise InputError(f"不是有效的 .docx 文件，可能已损坏或不完整（{type(e).__name__}）", file=name)
    # styleId -> heading level, from built-in heading names and outline levels.
    style_level: dict[str, int] = {}
    if styles:
        try:
            for st in ET.fromstring(styles).iter(W + "style"):
                sid = st.get(W + "styleId") or ""
                nm = st.find(W + "name")
                sname = (nm.get(W + "val") if nm is not None else "") or ""
                m = re.match(r"(?i)^(?:heading|标题)\s*([1-4])$", sname)
                ol = st.find(f"{W}pPr/{W}outlineLvl")
                if m:
                    style_level[sid] = int(m.group(1))
                elif ol is not None and (ol.get(W + "val") or "").isdigit() and int(ol.get(W + "val")) < 4:
                    style_level[sid] = int(ol.get(W + "val")) + 1
        except ET.ParseError:
            pass
    lines, hints = [], []
    for p in root.iter(W + "p"):
        text = _para_text(p, W)
        ppr = p.find(W + "pPr")
        level = None
        if ppr is not None:
            ps = ppr.find(W + "pStyle")
            if ps is not None:
                level = style_level.get(ps.get(W + "val") or "")
            ol = ppr.find(W + "outlineLvl")
            if ol is not None and (ol.get(W + "val") or "").isdigit() and int(ol.get(W + "val")) < 4:
                level = int(ol.get(W + "val")) + 1
        lines.append(text)
        hints.append(level)
    return lines, hints


def _para_text(p, W: str) -> str:
    parts = []
    for el in p.iter():
        if el.tag == W + "t":
            parts.append(el.text or "")
        elif el.tag == W + "tab":
            parts.append("\t")
    return "".join(parts)
