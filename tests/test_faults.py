"""Faults a real office machine has, through the CLI: bad inputs that are not what they say, full
and read-only disks, names too long, broken banks and templates, misused options.

Every case: the documented exit code, one Chinese error line naming the file, no traceback, no
exception name, no English sentence, and the whole temporary tree byte-identical afterwards.
The matrix runs the real entry point (`drafter.cli.main`) in this process (fast); the tests
that need a process boundary (a full disk while mining, concurrency, SIGKILL) run `drafter`.
"""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, run_cli
from faultkit import _ENGLISH, _unmount, assert_clean_error, mount_tmpfs, remount_ro, run_in, snapshot  # noqa: F401

EXAMPLE = ROOT / "examples" / "bureau-half-year.yaml"
BASE = EXAMPLE.read_text("utf-8")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
WORD_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_CT = "application/vnd.ms-word.document.macroEnabled.main+xml"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
REPORT = ["2024年上半年工作总结", "一、主要工作", "今年以来，我局扎实推进各项工作。", "二、存在问题", "基层力量不足。"]

# --- building bad inputs ---------------------------------------------------------------------

def docx_bytes(paras=REPORT, ns=W_NS, ct=WORD_CT, extra: dict | None = None, body=True) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   f'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="{ct}"/></Types>')
        if body:
            ps = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paras)
            z.writestr("word/document.xml", f'<w:document xmlns:w="{ns}"><w:body>{ps}</w:body></w:document>')
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def ole(*streams: str) -> bytes:
    return OLE + b"".join(s.encode("utf-16-le") + b"\0\0" for s in streams) + b"\0" * 512


def zip_of(*names: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n in names:
            z.writestr(n, "x")
    return buf.getvalue()


BAD_FILES = {   # name: (bytes, fragment of the reason)
    "加密.docx": (ole("EncryptionInfo", "EncryptedPackage"), "已加密"),
    "旧版.docx": (ole("WordDocument", "1Table"), "旧版 Word"),
    "旧版.doc": (ole("WordDocument", "1Table"), "旧版 Word"),
    "金山.wps": (ole("WordDocument"), "WPS"),
    "表格.docx": (zip_of("[Content_Types].xml", "xl/workbook.xml"), "Excel"),
    "旧表格.docx": (ole("Workbook"), "Excel"),
    "演示.docx": (zip_of("[Content_Types].xml", "ppt/presentation.xml"), "PowerPoint"),
    "开放.docx": (zip_of("mimetype", "content.xml"), "不是 Word 文档"),
    "宏.docx": (docx_bytes(ct=MACRO_CT), "启用宏"),
    "~$总结.docx": (b"\x06" + "张三".encode("utf-16-le") + b"\0" * 150, "锁文件"),
    "损坏.docx": (b"PK\x03\x04" + b"\x00" * 40 + b"garbage", "损坏"),
    "无正文.docx": (docx_bytes(body=False), "word/document.xml"),
    "文档.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    "改名.docx": (b"%PDF-1.4\n" + bytes(range(256)), "PDF"),
    "改名.txt": (b"%PDF-1.4\n" + bytes(range(256)), "PDF"),
    "富文本.txt": (b"{\\rtf1\\ansi\\deff0 {\\fonttbl}}", "RTF"),
    "繁体.txt": ("二零二三年上半年工作總結。在縣委、縣政府的正確領導下，我局緊扣年初確定的目標任務，紮實推進各項工作。"
                 .encode("big5"), "Big5"),
    "日文.txt": ("令和五年度上半期の業務報告。市役所の皆様のご協力により、地域の安全対策を進めてまいりました。"
                 .encode("shift_jis"), "Shift-JIS"),
    "二进制.txt": (bytes(range(256)) * 40, "编码"),
}


def rep(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


# --- the matrix ------------------------------------------------------------------------------

class W:
    """A case's working directory and what it puts there."""

    def __init__(self, root: Path):
        self.root = root

    def file(self, name: str, data: bytes | str) -> str:
        p = self.root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return name

    def unit(self, text: str = BASE, name: str = "单位.yaml") -> str:
        return self.file(name, text)

    def bank(self, name: str = "库", edit=None) -> str:
        d = self.root / name
        d.mkdir()
        for part in ("templates", "phrasebank"):
            shutil.copytree(ROOT / part, d / part)
        shutil.copy(ROOT / "manifest.json", d / "manifest.json")
        if edit:
            edit(d)
        return name

    def ro(self, name: str = "只读") -> str:
        d = mount_tmpfs(self.root / name, "size=256k")
        (d / "已有.txt").write_text("别动", "utf-8")
        remount_ro(d)
        return name

    def full(self, name: str = "满盘") -> str:
        d = mount_tmpfs(self.root / name, "size=64k")
        with contextlib.suppress(OSError):
            with open(d / "填满", "wb") as f:
                while True:
                    f.write(b"\0" * 4096)
                    f.flush()
        return name


def _tpl(kind: str, line: str):
    def edit(d: Path) -> None:
        p = d / "templates" / f"{kind}.j2"
        text = p.read_text("utf-8").split("\n")
        text.insert(2, line)
        p.write_text("\n".join(text), "utf-8")
    return edit


def _manifest(data: bytes):
    return lambda d: (d / "manifest.json").write_bytes(data)


LONG = "长" * 90      # 270 bytes: over any file system's name limit

# (id, build argv from W, exit code, the name the message must contain, message fragment)
CASES = [
    # parse: files that are not what their names say
    *[(f"parse-{n}", (lambda n: lambda w: ["parse", w.file(n, BAD_FILES[n][0])])(n), 2, n, BAD_FILES[n][1])
      for n in BAD_FILES],
    ("parse-missing", lambda w: ["parse", "没有.txt"], 2, "没有.txt", "不存在"),
    ("parse-empty-dir", lambda w: ["parse", (w.root / "空").mkdir() or "空"], 2, "空", "没有可读取"),
    ("parse-dir-only-bad", lambda w: [w.file("坏/a.pdf", BAD_FILES["文档.pdf"][0]), "parse", "坏"][1:],
     2, "坏", "没有可读取"),
    ("parse-name-too-long", lambda w: ["parse", LONG + ".txt"], 2, LONG, "文件名过长"),
    ("parse-bank-empty-manifest", lambda w: ["parse", w.file("a.txt", "\n".join(REPORT)), "--bank",
                                             w.bank(edit=_manifest(b"{}"))], 2, "manifest.json", "没有文档类型"),
    # kinds / phrase: broken banks
    ("kinds-manifest-empty", lambda w: ["kinds", "--bank", w.bank(edit=_manifest(b"{}"))], 2, "manifest.json",
     "没有文档类型"),
    ("kinds-manifest-truncated", lambda w: ["kinds", "--bank", w.bank(edit=_manifest(b'{"kinds": [{"id": "a'))],
     2, "manifest.json", "不是有效的 JSON"),
    ("kinds-manifest-not-utf8", lambda w: ["kinds", "--bank", w.bank(edit=_manifest("{}".encode("utf-16")))],
     2, "manifest.json", "UTF-8"),
    ("kinds-manifest-kind-without-id", lambda w: ["kinds", "--bank", w.bank(edit=_manifest(b'{"kinds": [{}]}'))],
     2, "manifest.json", "缺少 id"),
    ("kinds-manifest-bad-skeleton", lambda w: ["kinds", "--json", "--bank", w.bank(
        edit=_manifest(b'{"kinds": [{"id": "a", "name": "b", "skeleton": [{}]}]}'))], 2, "manifest.json", "章节骨架"),
    ("kinds-manifest-list", lambda w: ["kinds", "--bank", w.bank(edit=_manifest(b"[1, 2]"))], 2, "manifest.json",
     "没有文档类型"),
    ("kinds-bank-missing", lambda w: ["kinds", "--bank", "没有库"], 2, "没有库", "manifest.json"),
    ("kinds-bank-is-file", lambda w: ["kinds", "--bank", w.file("库.txt", "x")], 2, "库.txt", "是一个文件"),
    ("phrase-index-truncated", lambda w: ["phrase", "领导", "--bank", w.bank(
        edit=lambda d: (d / "phrasebank" / "index.json").write_text('{"entries": [', "utf-8"))], 2, "index.json",
     "不是有效的 JSON"),
    ("phrase-index-missing", lambda w: ["phrase", "领导", "--bank", w.bank(
        edit=lambda d: (d / "phrasebank" / "index.json").unlink())], 2, "index.json", "缺少"),
    ("phrase-limit-negative", lambda w: ["phrase", "-n", "-1"], 2, "--limit", "不小于 0"),
    ("phrase-limit-text", lambda w: ["phrase", "-n", "十"], 2, "--limit", "不是有效的整数"),
    # init
    ("init-exists", lambda w: ["init", "h1-summary", "-o", w.file("骨架.yaml", "旧的")], 2, "骨架.yaml", "已存在"),
    ("init-read-only", lambda w: ["init", "h1-summary", "-o", f"{w.ro()}/骨架.yaml"], 2, "骨架.yaml", "只读文件系统"),
    ("init-name-too-long", lambda w: ["init", "h1-summary", "-o", LONG + ".yaml"], 2, LONG, "文件名过长"),
    ("init-parent-is-file", lambda w: ["init", "h1-summary", "-o", w.file("文件", "x") + "/骨架.yaml"], 2,
     "骨架.yaml", "是文件而不是目录"),
    ("init-o-txt", lambda w: ["init", "h1-summary", "-o", "骨架.txt"], 2, "骨架.txt", "无法识别的扩展名"),
    ("init-unknown-kind", lambda w: ["init", "半年总结"], 2, "半年总结", "未知的文档类型"),
    ("init-full-disk", lambda w: ["init", "h1-summary", "-o", f"{w.full()}/骨架.yaml"], 2, "骨架.yaml", "磁盘空间不足"),
    # render: what -o means
    ("render-o-doc", lambda w: ["render", w.unit(), "-o", "总结.doc"], 2, "总结.doc", "无法识别的扩展名"),
    ("render-o-pdf", lambda w: ["render", w.unit(), "-o", "总结.pdf"], 2, "总结.pdf", "无法识别的扩展名"),
    ("render-format-disagrees", lambda w: ["render", w.unit(), "--format", "txt", "-o", "草稿.docx"], 2,
     "草稿.docx", "不一致"),
    ("render-md-as-txt", lambda w: ["render", w.unit(), "--format", "md", "-o", "草稿.txt"], 2, "草稿.txt", "不一致"),
    ("render-many-to-file", lambda w: ["render", w.unit(), w.unit(name="二.yaml"), "-o", "草稿.docx"], 2,
     "草稿.docx", "应为目录"),
    ("render-exists", lambda w: ["render", w.unit(), "-o", w.file("草稿.docx", b"old")], 2, "草稿.docx", "已存在"),
    ("render-o-is-dir-name", lambda w: ["render", w.unit(), "-o", w.file("出/单位.docx", b"x").split("/")[0]],
     2, "单位.docx", "已存在"),
    ("render-read-only", lambda w: ["render", w.unit(), "-o", f"{w.ro()}/草稿.docx"], 2, "草稿.docx", "只读文件系统"),
    ("render-read-only-dir", lambda w: ["render", w.unit(), "-o", w.ro() + "/"], 2, "只读", "只读文件系统"),
    ("render-full-disk", lambda w: ["render", w.unit(), "-o", f"{w.full()}/草稿.docx"], 2, "草稿.docx", "磁盘空间不足"),
    ("render-name-too-long", lambda w: ["render", w.unit(), "-o", LONG + ".docx"], 2, LONG, "文件名过长"),
    ("render-parent-is-file", lambda w: ["render", w.unit(), "-o", w.file("文件", "x") + "/草稿.docx"], 2,
     "草稿.docx", "是文件而不是目录"),
    ("render-format-unknown", lambda w: ["render", w.unit(), "--format", "pdf"], 2, "--format", "只能是以下之一"),
    # render: unit values a document cannot hold
    ("render-nul", lambda w: ["render", w.unit(rep("overview: 紧扣", 'overview: "紧\\0扣') .replace(
        "各项工作按时序推进", "各项工作按时序推进\"", 1)), "-o", "a.docx"], 2, "单位.yaml", "空字符"),
    ("render-escape-char", lambda w: ["render", w.unit(rep("name: 青山县市场监督管理局", 'name: "青山县\\e管理局"')),
                                      "-o", "a.docx"], 2, "单位.yaml", "控制字符 U+001B"),
    ("render-backspace", lambda w: ["render", w.unit(rep("short: 我局", 'short: "我\\b局"')), "-o", "a.txt"], 2,
     "单位.yaml", "字段“unit.short”"),
    ("render-surrogate", lambda w: ["render", w.unit(rep("name: 青山县市场监督管理局", 'name: "青山\\ud800县"')),
                                    "-o", "a.docx"], 2, "单位.yaml", "U+D800"),
    ("render-shift-jis-unit", lambda w: ["render", w.file("日文.yaml", BAD_FILES["日文.txt"][0]), "-o", "a.docx"],
     2, "日文.yaml", "无法识别的编码"),
    ("render-big5-unit", lambda w: ["render", w.file("繁体.yaml", BAD_FILES["繁体.txt"][0]), "-o", "a.docx"],
     2, "繁体.yaml", "无法识别的编码"),
    ("render-unit-is-docx", lambda w: ["render", w.file("单位.docx", docx_bytes()), "-o", "a.docx"], 2,
     "单位.docx", "编码"),
    # render: broken banks and templates, blamed on the template
    ("render-template-syntax", lambda w: ["render", w.unit(), "-o", "a.txt", "--bank",
                                          w.bank(edit=_tpl("h1-summary", "{% if %}"))], 2, "h1-summary.j2",
     "模板语法错误"),
    ("render-template-sandbox", lambda w: ["render", w.unit(), "-o", "a.txt", "--bank",
                                           w.bank(edit=_tpl("h1-summary", "{{ unit.name.__class__ }}"))], 2,
     "h1-summary.j2", "安全限制"),
    ("render-template-undefined", lambda w: ["render", w.unit(), "-o", "a.txt", "--bank",
                                             w.bank(edit=_tpl("h1-summary", "{{ nosuch.field }}"))], 2,
     "h1-summary.j2", "“nosuch”"),
    ("render-template-missing", lambda w: ["render", w.unit(), "-o", "a.txt", "--bank",
                                           w.bank(edit=lambda d: (d / "templates" / "h1-summary.j2").unlink())], 2,
     "templates", "没有类型"),
    ("render-bank-empty-manifest", lambda w: ["render", w.unit(), "-o", "a.txt", "--bank",
                                              w.bank(edit=_manifest(b"{}"))], 2, "manifest.json", "没有文档类型"),
    ("render-bank-bom-json-broken", lambda w: ["render", w.unit(), "-o", "a.txt", "--bank",
                                               w.bank(edit=_manifest(b"\xef\xbb\xbf{,}"))], 2, "manifest.json",
     "不是有效的 JSON"),
    ("render-layout-tab", lambda w: ["render", w.unit(), "-o", "a.docx", "--layout", w.file("版式.yaml", "page:\n\tx: 1\n")],
     2, "版式.yaml", "Tab"),
    ("render-layout-unclosed", lambda w: ["render", w.unit(), "-o", "a.docx", "--layout", w.file("版式.yaml", "page: [\n")],
     2, "版式.yaml", "YAML 语法错误"),
    # draft: refused before the first question
    ("draft-read-only", lambda w: ["draft", "--kind", "h1-summary", "-o", f"{w.ro()}/草稿.docx"], 2, "草稿.docx",
     "只读文件系统"),
    ("draft-full-disk", lambda w: ["draft", "--kind", "h1-summary", "-o", f"{w.full()}/草稿.docx"], 2, "草稿.docx",
     "磁盘空间不足"),
    ("draft-o-doc", lambda w: ["draft", "--kind", "h1-summary", "-o", "总结.doc"], 2, "总结.doc", "无法识别的扩展名"),
    ("draft-format-disagrees", lambda w: ["draft", "--kind", "h1-summary", "--format", "md", "-o", "草稿.docx"], 2,
     "草稿.docx", "不一致"),
    ("draft-exists", lambda w: ["draft", "--kind", "h1-summary", "-o", w.file("草稿.docx", b"old")], 2, "草稿.docx",
     "已存在"),
    ("draft-answers-exist", lambda w: [w.file("草稿.answers.yaml", "kind: h1-summary\n"), "draft", "--kind",
                                       "h1-summary", "-o", "草稿.docx"][1:], 2, "草稿.answers.yaml", "已存在"),
    ("draft-name-too-long", lambda w: ["draft", "--kind", "h1-summary", "-o", LONG + ".docx"], 2, LONG, "文件名过长"),
    ("draft-answers-name-too-long", lambda w: ["draft", "--kind", "h1-summary", "-o", ("长" * 82) + ".docx"], 2,
     "长" * 82 + ".answers.yaml", "文件名过长"),     # the draft's name fits, its answers file's does not
    ("draft-template-syntax", lambda w: ["draft", "-o", "草稿.docx", "--bank",
                                         w.bank(edit=_tpl("annual-summary-plan", "{% for %}"))], 2,
     "annual-summary-plan.j2", "模板语法错误"),
    ("draft-unknown-kind", lambda w: ["draft", "--kind", "月报", "-o", "草稿.docx"], 2, "月报", "未知的文档类型"),
    # mine: checked before the first file is read
    ("mine-o-is-file", lambda w: ["mine", str(CORPUS), "-o", w.file("库.txt", "x")], 2, "库.txt", "是一个文件"),
    ("mine-jobs-zero", lambda w: ["mine", str(CORPUS), "-o", "库", "--jobs", "0"], 2, "--jobs", "1～64"),
    ("mine-support-one", lambda w: ["mine", str(CORPUS), "-o", "库", "--min-support", "1"], 2, "--min-support",
     "2～10000"),
    ("mine-bank-exists", lambda w: ["mine", str(CORPUS), "-o", w.bank()], 2, "库", "已有模板库"),
    ("mine-read-only", lambda w: ["mine", str(CORPUS), "-o", f"{w.ro()}/库"], 2, "库", "只读文件系统"),
    ("mine-full-disk", lambda w: ["mine", str(CORPUS), "-o", f"{w.full()}/库"], 2, "库", "磁盘空间不足"),
    ("mine-name-too-long", lambda w: ["mine", str(CORPUS), "-o", LONG], 2, LONG, "文件名过长"),
    ("mine-corpus-missing", lambda w: ["mine", "没有语料", "-o", "库"], 2, "没有语料", "不存在"),
    ("mine-encrypted-named", lambda w: ["mine", w.file("加密.docx", BAD_FILES["加密.docx"][0]), "-o", "库"], 2,
     "加密.docx", "已加密"),
    ("mine-lock-file-named", lambda w: ["mine", w.file("~$总结.docx", BAD_FILES["~$总结.docx"][0]), "-o", "库"], 2,
     "~$总结.docx", "锁文件"),
    ("mine-only-bad-files", lambda w: [w.file("语料/a.doc", BAD_FILES["旧版.doc"][0]), "mine", "语料", "-o", "库"][1:],
     2, "语料", "没有可读取"),
    # click's own usage errors
    ("usage-unknown-command", lambda w: ["rendr"], 2, "rendr", "没有命令"),
    ("usage-unknown-option", lambda w: ["render", "--forse", "x.yaml"], 2, "--forse", "没有选项"),
    ("usage-missing-argument", lambda w: ["render"], 2, "UNITS", "缺少参数"),
    ("usage-missing-option", lambda w: ["mine", "x"], 2, "--out", "缺少选项"),
    ("usage-option-needs-value", lambda w: ["render", "x.yaml", "-o"], 2, "-o", "需要一个值"),
    ("usage-layout-is-dir", lambda w: ["render", w.unit(), "--layout", "."], 2, "--layout", "是一个目录"),
]


def test_matrix_is_large_and_distinct():
    ids = [c[0] for c in CASES]
    assert len(ids) == len(set(ids))
    assert len(CASES) >= 60
    commands = {c[0].split("-")[0] for c in CASES}
    assert commands == {"parse", "kinds", "phrase", "init", "render", "draft", "mine", "usage"}


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_fault(tmp_path, case):
    _, build, code, names, fragment = case
    root = tmp_path / "工作"
    root.mkdir()
    args = build(W(root))
    before = snapshot(tmp_path)
    rc, out, err = run_in(root, *args, input="")
    assert rc == code, err
    usage = case[0].startswith(("usage-", "mine-jobs", "mine-support", "phrase-limit", "kinds-bank-is-file",
                                "mine-o-is-file", "render-format-unknown"))
    line = assert_clean_error(err, names, fragment, ("用法错误：",) if usage else ("错误：",))
    if case[0].startswith("draft-"):
        assert "材料类型" not in out and "？" not in out.split("\n", 1)[0], out     # no question was asked
    assert snapshot(tmp_path) == before, line


# --- bad files in a corpus: skipped with a warning, the rest mined ---------------------------------

def test_parse_skips_bad_files_in_a_directory_and_names_each(tmp_path):
    d = tmp_path / "材料"
    d.mkdir()
    for name, (data, _) in BAD_FILES.items():
        (d / name).write_bytes(data)
    (d / "好.docx").write_bytes(docx_bytes())
    (d / "好.txt").write_text("\n".join(REPORT), "utf-8")
    (d / "说明.md").write_text("not a document, not warned about", "utf-8")
    rc, out, err = run_in(tmp_path, "parse", "材料", "--json")
    assert rc == 0, err
    import json
    docs = json.loads(out)
    assert sorted(Path(x["file"]).name for x in docs) == ["好.docx", "好.txt"]
    assert all(x["title"] == REPORT[0] and len(x["headings"]) == 2 for x in docs)
    assert f"跳过 {len(BAD_FILES)} 个" in err and "说明.md" not in err
    for name, (_, why) in BAD_FILES.items():
        line = next(ln for ln in err.splitlines() if name in ln)
        assert why in line and not _ENGLISH.search(line.replace(name, "")), line


def test_strict_open_xml_docx_is_read(tmp_path):
    (tmp_path / "严格.docx").write_bytes(docx_bytes(ns=STRICT_NS))
    rc, out, err = run_in(tmp_path, "parse", "严格.docx", "--json")
    assert rc == 0, err
    import json
    [doc] = json.loads(out)
    assert doc["title"] == REPORT[0] and [h["text"] for h in doc["headings"]] == ["主要工作", "存在问题"]


def test_gbk_text_with_traditional_characters_is_still_read(tmp_path):
    """Big5 detection must not refuse real GBK text that uses some traditional characters."""
    text = "\n".join(REPORT) + "\n在縣委、縣政府的正確領導下，我局緊扣年初確定的目標任務。\n"
    (tmp_path / "a.txt").write_bytes(text.encode("gbk"))
    rc, out, err = run_in(tmp_path, "parse", "a.txt", "--json")
    assert rc == 0, err


def test_mine_skips_bad_corpus_files_and_mines_the_rest(tmp_path):
    src = tmp_path / "语料"
    shutil.copytree(CORPUS, src)
    for name in ("加密.docx", "~$总结.docx", "旧版.doc", "金山.wps", "文档.pdf", "表格.docx", "日文.txt"):
        (src / name).write_bytes(BAD_FILES[name][0])
    r = run_cli("mine", src, "-o", tmp_path / "库", timeout=300)
    assert r.returncode == 0, r.stderr
    assert "警告：跳过 7 个" in r.stderr and "Traceback" not in r.stderr
    import json
    files = json.loads((tmp_path / "库" / "manifest.json").read_text("utf-8"))["corpus"]["files"]
    assert files == json.loads((ROOT / "manifest.json").read_text("utf-8"))["corpus"]["files"]
    # the same bank as from the clean corpus
    for part in ("templates", "phrasebank"):
        for f in (ROOT / part).iterdir():
            assert (tmp_path / "库" / part / f.name).read_bytes() == f.read_bytes(), f.name


def test_unreadable_subdirectory_is_named_in_the_warning(tmp_path, monkeypatch):
    from drafter import ingest
    d = tmp_path / "材料"
    (d / "锁住").mkdir(parents=True)
    (d / "好.txt").write_text("\n".join(REPORT), "utf-8")
    real = os.walk

    def walk(top, onerror=None, **kw):       # as root nothing is unreadable: report one folder so
        for root, dirs, files in real(top, onerror=onerror, **kw):
            if Path(root).name == "锁住":
                onerror(PermissionError(13, "denied", root))
                continue
            yield root, dirs, files
    monkeypatch.setattr(ingest.os, "walk", walk)
    skipped: list = []
    assert [p.name for p in ingest.expand_paths([d], skipped)] == ["好.txt"]
    assert skipped == [(d / "锁住", "无法读取的目录（没有权限）")]


# --- draft: answers ----------------------------------------------------------------------------

def test_draft_with_a_bad_value_in_the_unit_is_refused_before_asking(tmp_path):
    """A NUL in the unit file given to draft is refused as render refuses it (the same walker),
    before the first question, not a crash at the end of the session."""
    y = tmp_path / "单位.yaml"
    y.write_text(rep("short: 我局", 'short: "我\\0局"'), "utf-8")
    rc, out, err = run_in(tmp_path, "draft", y, "-o", "草稿.txt", input="\n" * 400)
    assert rc == 2, (out, err)
    assert "空字符" in err and "unit.short" in err
    assert not (tmp_path / "草稿.txt").exists()


def test_draft_with_closed_stdin_is_refused_before_anything(tmp_path):
    before = snapshot(tmp_path)
    rc, out, err = run_in(tmp_path, "draft", "--kind", "h1-summary", "-o", "草稿.docx", stdin_closed=True)
    assert rc == 2
    assert_clean_error(err, None, "标准输入已关闭")
    assert snapshot(tmp_path) == before


def test_draft_with_no_input_leaves_no_answers_file(tmp_path):
    """`drafter draft unit.yaml </dev/null`: nothing answered, so nothing written that would
    block the next run."""
    shutil.copy(EXAMPLE, tmp_path / "单位.yaml")
    before = snapshot(tmp_path)
    rc, out, err = run_in(tmp_path, "draft", "单位.yaml", "-o", "草稿.docx", input="")
    assert rc == 1 and "没有回答任何问题" in err
    assert snapshot(tmp_path) == before
    rc, out, err = run_in(tmp_path, "draft", "单位.yaml", "-o", "草稿.docx", input="\n" * 400)
    assert rc == 0, err


def test_draft_answer_in_another_encoding_is_reasked(tmp_path):
    """Bytes that are not UTF-8 (typed on a GBK terminal) never reach the answers file."""
    from drafter.draft_ui import TerminalUI
    ui = TerminalUI()
    lines = iter(["青山\udcc7\udce0局", "青山县局"])
    said = []
    ui.say = lambda text="", style=None: said.append(text)
    import builtins
    orig = builtins.input
    builtins.input = lambda prompt="": next(lines)
    try:
        assert ui.read() == "青山县局"
    finally:
        builtins.input = orig
    assert any("编码" in s for s in said)


# --- output planning: the one rule ----------------------------------------------------------

@pytest.mark.parametrize("out,fmt,expect", [
    ("a.docx", None, ("a.docx", "docx")), ("a.MD", None, ("a.MD", "md")), ("a.markdown", None, ("a.markdown", "md")),
    ("a.txt", "txt", ("a.txt", "txt")), ("目录", "md", ("目录/单位.md", "md")), ("目录/", None, ("目录/单位.docx", "docx")),
    ("v1.上半年", None, ("v1.上半年/单位.docx", "docx")), (None, "txt", ("这里/单位.txt", "txt")),
])
def test_plan_output(out, fmt, expect):
    from drafter.output import plan_output
    p, f = plan_output(out, fmt, stem="单位", default_dir=Path("这里"))
    assert (str(p), f) == expect


def test_existing_directory_with_a_dot_is_a_directory(tmp_path):
    from drafter.output import plan_output
    (tmp_path / "稿.v2").mkdir()
    assert plan_output(str(tmp_path / "稿.v2"), None, stem="a", default_dir=tmp_path)[0] == tmp_path / "稿.v2" / "a.docx"
