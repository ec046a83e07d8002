"""Reading input files into text lines: encodings detected from the bytes, .docx paragraphs."""
from __future__ import annotations

import codecs
import os
import re

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
            # random bytes read as UTF-16 are CJK too, but rare ones: demand common characters
            if _plausible(text) and _common_share(text, "gb18030") >= 0.5:
                return _check(text, name)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    gb_ok = bool(text) and _plausible(text, 0.8)
    other = _other_cjk_encoding(data, text if gb_ok else "")
    if other:
        raise InputError(f"无法识别的编码：文件看起来是 {other}编码，drafter 支持 UTF-8、GB18030/GBK、UTF-16，"
                         "请另存为 UTF-8 后再处理", file=name)
    if gb_ok:
        return _check(text, name)
    raise InputError("无法识别文件编码（支持 UTF-8、GB18030/GBK、UTF-16），可能不是文本文件", file=name)


# Lead bytes of each encoding's punctuation and most common characters (GB2312 level 1, Big5
# 常用字, Shift-JIS kana and JIS level 1): text in an encoding uses mostly these, text decoded in
# the wrong one scatters over rare characters.
_COMMON_LEADS = {"gb18030": ((0xA1, 0xA3), (0xB0, 0xD7)), "big5": ((0xA1, 0xA3), (0xA4, 0xC6)),
                 "shift_jis": ((0x81, 0x83), (0x88, 0x98))}
_OTHER_NAMES = {"big5": "Big5（繁体中文）", "shift_jis": "Shift-JIS（日文）"}


def _common_share(text: str, enc: str) -> float:
    n = ok = 0
    for ch in text[:5000]:
        if ch.isascii():
            continue
        try:
            lead = ch.encode(enc)[0]
        except UnicodeEncodeError:
            continue
        n += 1
        ok += any(lo <= lead <= hi for lo, hi in _COMMON_LEADS[enc])
    return ok / n if n else 1.0


def _other_cjk_encoding(data: bytes, gb_text: str) -> str | None:
    """The name of Big5 or Shift-JIS when `data` reads far more naturally in it than in GB18030."""
    gb = _common_share(gb_text, "gb18030") if gb_text else 0.0
    if gb >= 0.9:
        return None
    for enc in ("big5", "shift_jis"):
        try:
            other = data[:20000].decode(enc)
        except UnicodeDecodeError:
            try:     # the cut may split a character
                other = data[:19999].decode(enc)
            except UnicodeDecodeError:
                continue
        if _common_share(other, enc) >= max(0.8, gb + 0.2):
            return _OTHER_NAMES[enc]
    return None


def _plausible(text: str, share: float = 0.9) -> bool:
    """Most characters are ASCII, CJK ideographs or CJK punctuation: real Chinese text."""
    sample = text[:5000]
    if not sample:
        return True
    good = sum(1 for ch in sample if ch.isascii() or "\u4e00" <= ch <= "\u9fff"
               or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or "\u2000" <= ch <= "\u206f")
    return good / len(sample) >= share


# Control characters other than \t \n \v \f \r.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")


def _check(text: str, name: str) -> str:
    """Reject text with many control characters: a binary file that happened to decode."""
    sample = text[:20000]
    if sample:
        bad = len(_CONTROL.findall(sample))
        if bad > max(2, len(sample) // 200):
            raise InputError("文件内容不是文本（含大量控制字符），可能是二进制文件", file=name)
    return text


TEXT_SUFFIXES = {".txt"}
DOC_SUFFIXES = TEXT_SUFFIXES | {".docx"}
# Office files drafter cannot read: in a corpus directory they are skipped with a warning, not silently.
OTHER_DOC_SUFFIXES = {".doc", ".dot", ".docm", ".dotx", ".dotm", ".wps", ".wpt", ".pdf", ".rtf", ".odt",
                      ".xls", ".xlsx", ".xlsm", ".et", ".csv", ".ppt", ".pptx", ".dps", ".ofd", ".html", ".htm"}
MAX_BYTES = 64 * 1024 * 1024


def expand_paths(paths, skipped: list | None = None) -> list:
    """Files named, and every readable file below a directory, in a stable order.

    A file named explicitly that is not a readable document is an InputError. Below a directory,
    such files (and sub-directories that cannot be read) go to `skipped` as (path, reason) and the
    rest are read; without `skipped`, they are an error too.
    """
    from pathlib import Path
    out = []
    for p in map(Path, paths):
        if not p.exists():
            raise InputError("文件或目录不存在", file=str(p))
        if not p.is_dir():
            problem = not_a_document(p)
            if problem:
                raise InputError(problem, file=str(p))
            out.append(p)
            continue
        found, bad = [], []

        def unreadable(e: OSError) -> None:
            from .errors import os_cause
            bad.append((Path(e.filename or p), f"无法读取的目录（{os_cause(e)}）"))
        for root, dirs, files in os.walk(p, onerror=unreadable):
            dirs[:] = [d for d in dirs if not d.startswith(".drafter-")]
            for n in files:
                f = Path(root) / n
                suffix = f.suffix.lower()
                if suffix in DOC_SUFFIXES or suffix in OTHER_DOC_SUFFIXES:
                    problem = not_a_document(f)
                    (bad.append((f, problem)) if problem else found.append(f))
        found.sort()
        if bad and skipped is None:
            f, why = sorted(bad)[0]
            raise InputError(why, file=str(f))
        if skipped is not None:
            skipped.extend(sorted(bad))
        if not found:
            raise InputError("目录中没有可读取的 .txt 或 .docx 文件", file=str(p))
        out.extend(found)
    return out


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def not_a_document(path) -> str | None:
    """Why `path` is not a text or .docx document drafter can read (Chinese), or None if it is.

    Looks at what the file is, not at its name: an encrypted or old-format Word file, a PDF or a
    spreadsheet renamed to .docx or .txt, a Word lock file."""
    from pathlib import Path
    path = Path(path)
    if path.name.startswith("~$"):
        return "是 Word 或 WPS 打开文档时生成的临时锁文件（~$ 开头），不是文档；关闭文档后它会自动消失"
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return (f"文件过大（{size // (1024 * 1024)} MB），单个文件上限为 {MAX_BYTES // (1024 * 1024)} MB，"
                    "请拆分后再处理")
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as e:
        from .errors import os_cause
        return f"无法读取文件（{os_cause(e)}）"
    what = _binary_kind(data)
    if what:
        return what
    if data[:2] == b"PK" or path.suffix.lower() == ".docx":
        return _docx_problem(data)
    if path.suffix.lower() in OTHER_DOC_SUFFIXES:
        return f"不支持的文件格式（{path.suffix}），请另存为 .docx 或 .txt"
    try:
        decode_bytes(data, str(path))
    except InputError as e:
        return e.message
    return None


def _binary_kind(data: bytes) -> str | None:
    """Formats recognised by their first bytes."""
    if data.startswith(_OLE):      # a compound file: its directory names the streams (UTF-16)
        def has(stream: str) -> bool:
            return stream.encode("utf-16-le") in data
        if has("EncryptionInfo") or has("EncryptedPackage"):
            return "文件已加密（设置了打开密码），无法读取；请在 Word 中取消密码后另存为 .docx"
        if has("Workbook") and not has("WordDocument"):
            return "是 Excel 表格（.xls），不是文档"
        if has("PowerPoint Document") and not has("WordDocument"):
            return "是 PowerPoint 演示文稿（.ppt），不是文档"
        return "是旧版 Word（.doc）或 WPS（.wps）格式，无法读取；请在 Word 或 WPS 中另存为 .docx"
    if data.startswith(b"%PDF"):
        return "是 PDF 文件，无法读取其中的文字；请使用原始的 .docx，或把文字另存为 .txt"
    if data.startswith(b"{\\rtf"):
        return "是 RTF 格式，请在 Word 或 WPS 中另存为 .docx"
    return None


_WORD_MAIN = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml")


def _docx_problem(data: bytes) -> str | None:
    import io
    import zipfile
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            types = z.read("[Content_Types].xml").decode("utf-8", "replace") if "[Content_Types].xml" in names else ""
            mimetype = z.read("mimetype")[:100].decode("ascii", "replace") if "mimetype" in names else ""
    except (zipfile.BadZipFile, EOFError, ValueError, OSError, NotImplementedError, RuntimeError):
        return "不是有效的 .docx 文件，可能已损坏或不完整"
    if "opendocument" in mimetype:
        return "是 OpenDocument 格式（.odt 等），请另存为 .docx"
    if any(n.startswith("xl/") for n in names):
        return "是 Excel 表格（.xlsx），不是 Word 文档"
    if any(n.startswith("ppt/") for n in names):
        return "是 PowerPoint 演示文稿（.pptx），不是 Word 文档"
    if "word/document.xml" not in names:
        return "不是 Word 文档（缺少正文 word/document.xml），可能已损坏"
    if "macroEnabled" in types:
        return "是启用宏的 Word 文档（.docm），为安全起见不读取；请在 Word 中另存为不含宏的 .docx"
    return None


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
        from .errors import os_cause
        raise InputError(f"无法读取文件（{os_cause(e)}）", file=str(path)) from None
    what = _binary_kind(data)
    if what:
        raise InputError(what, file=str(path))
    if data[:2] == b"PK" or path.suffix.lower() == ".docx":
        problem = _docx_problem(data)
        if problem:
            raise InputError(problem, file=str(path))
        return read_docx(data, str(path))
    text = decode_bytes(data, str(path))
    return text.splitlines(), []


def read_docx(data: bytes, name: str) -> tuple[list[str], list]:
    """Paragraph texts of a .docx, and heading levels hinted by Word styles or outline levels."""
    import io
    import re
    import zipfile
    from xml.etree import ElementTree as ET

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            body = z.read("word/document.xml")
            styles = z.read("word/styles.xml") if "word/styles.xml" in z.namelist() else b""
        root = ET.fromstring(body)
    except (zipfile.BadZipFile, KeyError, ET.ParseError, EOFError, ValueError, RuntimeError, NotImplementedError,
            zlib_error()):
        raise InputError("不是有效的 .docx 文件，可能已损坏或不完整", file=name) from None
    # Strict Open XML (Word's "Strict" save option) has the same structure under another namespace
    strict = root.tag.startswith("{http://purl.oclc.org/ooxml/wordprocessingml/main}")
    W = ("{http://purl.oclc.org/ooxml/wordprocessingml/main}" if strict
         else "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}")
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


def zlib_error():
    import zlib
    return zlib.error


def _para_text(p, W: str) -> str:
    parts = []
    for el in p.iter():
        if el.tag == W + "t":
            parts.append(el.text or "")
        elif el.tag == W + "tab":
            parts.append("\t")
    return "".join(parts)
