"""Writers (txt/md/docx) round-trip the document text; output files are written atomically."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import drafter.writers as writers
from drafter.errors import OutputError
from drafter.model import Document, Heading, Paragraph, Signature
from drafter.output import atomic_write, check_writable
from drafter.writers import render_md, render_txt, write
from drafter.writers.docx import render_docx

ROOT = Path(__file__).resolve().parents[1]


def sample_doc() -> Document:
    return Document(
        title="某某市某某局2023年上半年工作总结",
        blocks=[
            Paragraph(2, "今年以来，我局在市委、市政府的坚强领导下，“稳中求进”工作扎实推进……"),
            Heading(3, 1, "一、", "主要工作成效"),
            Heading(4, 2, "（一）", "加强组织领导"),
            Paragraph(5, "成立工作专班，每月调度1次，全年召开会议12次。"),
            Heading(6, 2, "（二）", "健全制度体系", inline=True, body="。制定管理办法3项——均已印发。"),
            Heading(7, 3, "1.", "完善考核", inline=True, body="。将重点任务纳入年度考核。"),
            Heading(8, 3, "2.", "强化督查"),
            Heading(9, 4, "（1）", "细化责任", inline=True, body="：逐项明确责任科室。"),
            Heading(10, 4, "（2）", "跟踪问效"),
            Heading(11, 1, "二、", "存在问题和下步打算"),
            Paragraph(12, "下一步，我局将持续抓好各项工作落实。"),
        ],
        signature=Signature("某某市某某局", "2023年6月29日"),
    )


def expected_lines(doc: Document) -> list[str]:
    return doc.text_lines()


def assert_in_order(text: str, parts: list[str]) -> None:
    pos = 0
    for part in parts:
        i = text.find(part, pos)
        assert i >= 0, f"missing or out of order: {part!r}"
        pos = i + len(part)


# --- txt ---------------------------------------------------------------------------------

def test_txt_contains_every_text_in_order():
    doc = sample_doc()
    out = render_txt(doc)
    assert_in_order(out, expected_lines(doc))
    lines = out.split("\n")
    assert lines[0] == doc.title and lines[1] == ""
    assert lines[-4:] == ["", "某某市某某局", "2023年6月29日", ""]


def test_txt_inline_heading_shares_its_line():
    out = render_txt(sample_doc()).split("\n")
    assert "（二）健全制度体系。制定管理办法3项——均已印发。" in out
    assert "2.强化督查" in out


def test_txt_without_title_or_signature():
    doc = Document(blocks=[Paragraph(1, "只有正文。")])
    assert render_txt(doc) == "只有正文。\n"


# --- md ----------------------------------------------------------------------------------

def test_md_contains_every_text_in_order():
    doc = sample_doc()
    out = render_md(doc)
    assert_in_order(out, expected_lines(doc))
    assert out.startswith("# 某某市某某局2023年上半年工作总结\n")


def test_md_heading_levels_keep_markers():
    lines = render_md(sample_doc()).split("\n")
    assert "## 一、主要工作成效" in lines
    assert "### （一）加强组织领导" in lines
    assert "### （二）健全制度体系。制定管理办法3项——均已印发。" in lines
    assert "#### 1.完善考核。将重点任务纳入年度考核。" in lines
    assert "##### （1）细化责任：逐项明确责任科室。" in lines
    # Blocks are separate Markdown paragraphs; the signature ends the file.
    assert lines[-4:] == ["某某市某某局", "", "2023年6月29日", ""]


def test_md_escapes_list_like_paragraph():
    out = render_md(Document(blocks=[Paragraph(1, "1.这一段不是标题"), Paragraph(2, "- 也不是列表")]))
    assert "1\\.这一段不是标题" in out and "\\- 也不是列表" in out


cjk = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=1,
              max_size=30)


@settings(max_examples=50, deadline=None)
@given(st.lists(cjk, min_size=1, max_size=8), cjk, cjk)
def test_text_writers_keep_random_paragraphs(paras, title, unit):
    doc = Document(title=title, blocks=[Paragraph(i, p) for i, p in enumerate(paras)],
                   signature=Signature(unit, "2024年1月2日"))
    for out in (render_txt(doc), render_md(doc)):
        assert_in_order(out, expected_lines(doc))


# --- docx --------------------------------------------------------------------------------

def test_docx_is_deterministic():
    a, b = render_docx(sample_doc()), render_docx(sample_doc())
    assert a == b
    z = zipfile.ZipFile(io.BytesIO(a))
    assert z.namelist()[0] == "[Content_Types].xml"
    assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert not [n for n in z.namelist() if "thumbnail" in n or "stylesWithEffects" in n]


def test_docx_contains_every_text_in_order():
    import docx

    doc = sample_doc()
    d = docx.Document(io.BytesIO(render_docx(doc)))
    text = "\n".join(p.text for p in d.paragraphs)
    assert_in_order(text, expected_lines(doc))
    assert d.core_properties.title == doc.title
    assert d.core_properties.author == ""


def test_importing_writers_does_not_import_python_docx():
    code = "import sys, drafter.writers; print('docx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


# --- write / atomic_write ----------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["txt", "md", "docx"])
def test_write_each_format(tmp_path, fmt):
    path = tmp_path / "out" / f"总结.{fmt}"
    write(sample_doc(), path, fmt)
    data = path.read_bytes()
    assert data == writers.render(sample_doc(), fmt)
    assert os.listdir(path.parent) == [path.name]


def test_write_infers_format_and_rejects_unknown(tmp_path):
    write(sample_doc(), tmp_path / "a.md")
    assert (tmp_path / "a.md").read_text(encoding="utf-8").startswith("# ")
    with pytest.raises(OutputError):
        write(sample_doc(), tmp_path / "a.pdf")
    with pytest.raises(OutputError):
        write(sample_doc(), tmp_path / "a.txt", "html")


def test_atomic_write_refuses_to_overwrite_without_force(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")
    with pytest.raises(OutputError) as e:
        atomic_write(path, b"new")
    assert "--force" in str(e.value) and str(path) in str(e.value)
    assert path.read_bytes() == b"old"
    with pytest.raises(OutputError):
        write(sample_doc(), path, "txt")
    assert path.read_bytes() == b"old"


def test_atomic_write_overwrites_with_force(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")
    atomic_write(path, b"new", force=True)
    assert path.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["a.txt"]


def test_atomic_write_creates_parent_dirs(tmp_path):
    path = tmp_path / "x" / "y" / "a.txt"
    atomic_write(path, "中文".encode("utf-8"))
    assert path.read_text(encoding="utf-8") == "中文"


def test_no_temp_file_when_rendering_raises(tmp_path, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("render failed")

    monkeypatch.setattr(writers, "render", boom)
    with pytest.raises(RuntimeError):
        write(sample_doc(), tmp_path / "a.docx", "docx")
    assert os.listdir(tmp_path) == []


def test_no_temp_file_when_replace_fails(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OutputError):
        atomic_write(path, b"new", force=True)
    assert os.listdir(tmp_path) == ["a.txt"]
    assert path.read_bytes() == b"old"


def test_check_writable_validates_without_writing(tmp_path):
    check_writable(tmp_path / "new" / "a.txt")
    assert os.listdir(tmp_path) == []
    (tmp_path / "a.txt").write_bytes(b"")
    with pytest.raises(OutputError):
        check_writable(tmp_path / "a.txt")
    check_writable(tmp_path / "a.txt", force=True)
    with pytest.raises(OutputError):  # a directory is never overwritten, even with force
        check_writable(tmp_path, force=True)
    with pytest.raises(OutputError):  # parent is a file
        check_writable(tmp_path / "a.txt" / "b.txt")
