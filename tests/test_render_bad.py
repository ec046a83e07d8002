"""Bad unit YAMLs through the real CLI: exit 2, one clear Chinese line naming the file and the
line or field, no traceback, and nothing written (no draft, no directory, no temp file)."""
from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_cli, run_in_process

EXAMPLE = ROOT / "examples" / "bureau-half-year.yaml"
BASE = EXAMPLE.read_text("utf-8")
ENV = {"COLUMNS": "80"}     # a narrow console: the error line must still come out whole

# PyYAML's own wording; if any of it reaches the user, a Chinese hint is missing.
_ENGLISH = re.compile(r"\b(?:while|found|expected|scanning|parsing|Error|Exception|could not|"
                      r"cannot|Traceback)\b")


def rep(old: str, new: str, text: str = BASE) -> str:
    """The example with `old` replaced once; fails loudly if the example no longer has `old`."""
    assert old in text, f"example changed, {old!r} not found"
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line containing `needle`."""
    return next(n for n, ln in enumerate(text.split("\n"), 1) if needle in ln)


LOL = "\n".join(['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'] +
                [f"{c}: &{c} [{', '.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi")]) + "\n"

# (id, file content, expected field or None, needle locating the expected line (or a line
#  number) or None, message fragment, how -o is given: "file" | "dir")
CASES = [
    ("yaml-syntax", rep("  short: 我局", "  short: 我局: 本局"), None, "short: 我局: 本局", "YAML 语法错误", "file"),
    ("tab-indent", rep("  short: 我局", "\tshort: 我局"), None, "\tshort", "Tab", "file"),
    ("unclosed-quote", rep("overview: 紧扣", 'overview: "全局'), None, 'overview: "', "引号没有闭合", "file"),
    ("text-for-number", rep("value: 3862", "value: 3862户"), "sections[0].items[0].figures[0].value",
     "3862户", "应为数字", "file"),
    ("text-for-year", rep("year: 2024", "year: 二〇二四年"), "period.year", "二〇二四年", "应为整数", "file"),
    ("list-for-map", rep("unit:\n  name: 青山县市场监督管理局\n  short: 我局\n  superior: 县委、县政府",
                         "unit:\n  - 青山县市场监督管理局"), "unit", "- 青山县市场监督管理局", "应为键值对", "file"),
    ("missing-kind", rep("kind: h1-summary\n", ""), "kind", None, "缺少必填字段", "file"),
    ("missing-unit-name", rep("  name: 青山县市场监督管理局\n", ""), "unit.name", "unit:", "缺少必填字段", "file"),
    ("missing-period", rep("period:\n  year: 2024\n  span: 上半年\n", ""), "period", None, "缺少必填字段", "file"),
    ("missing-sections", BASE.split("sections:")[0], "sections", None, "缺少必填字段", "file"),
    ("unknown-kind", rep("kind: h1-summary", "kind: h1-sumary"), "kind", "h1-sumary",
     "是否应为“h1-summary”", "file"),
    ("unknown-field", rep("overview:", "overveiw:"), "overveiw", "overveiw", "是否应为“overview”", "file"),
    ("negative-count", rep("value: 3862", "value: -3"), "sections[0].items[0].figures[0].value", "value: -3",
     "不能为负数", "file"),
    ("nan-value", rep("value: 3862", "value: .nan"), "sections[0].items[0].figures[0].value", ".nan", "NaN",
     "file"),
    ("inf-previous", rep("previous: 3410", "previous: .inf"), "sections[0].items[0].figures[0].previous",
     ".inf", "无穷大", "file"),
    ("huge-integer", rep("value: 3862", "value: 1" + "0" * 5000), "sections[0].items[0].figures[0].value",
     "value: 1000", "位数过多", "file"),
    ("jinja-expression", rep("name: 青山县市场监督管理局", 'name: "{{ 7*7 }}"'), "unit.name", "{{ 7*7 }}",
     "模板符号“{{”", "file"),
    ("jinja-statement", rep("text: 开展食品安全专项检查", "text: 开展{% for x in y %}检查{% endfor %}"),
     "sections[1].items[0].text", "{% for", "模板符号“{%”", "file"),
    ("value-10mb", rep("overview: ", "overview: " + "长" * 3_500_000), "overview", "overview:", "文件过大", "file"),
    ("output-dotdot", rep("date: 2024-07-02", "date: 2024-07-02\noutput: ../逃逸"), "output", "output:",
     "“..”", "dir"),
    ("output-slash", rep("date: 2024-07-02", "date: 2024-07-02\noutput: 子目录/报告"), "output", "output:",
     "不允许的字符“/”", "dir"),
    ("output-colon", rep("date: 2024-07-02", "date: 2024-07-02\noutput: 'C:报告'"), "output", "output:",
     "不允许的字符“:”", "dir"),
    ("placeholder-xx", rep("text: 开展食品安全专项检查", "text: 开展XX专项检查"), "sections[1].items[0].text",
     "XX专项", "XX 占位符", "file"),
    ("date-not-exist", rep("date: 2024-07-02", "date: 2024-02-30"), "date", "2024-02-30", "日期不存在", "file"),
    ("year-out-of-range", rep("year: 2024", "year: 1999"), "period.year", "1999", "2000～2100", "file"),
    ("digits-in-unit", rep("unit: 户", "unit: 2户"), "sections[0].items[0].figures[0].unit", "unit: 2户",
     "不能含数字", "file"),
    ("heading-only-punctuation", BASE + "headings:\n  plans: 。\n", "headings.plans", "plans: 。", "应含有文字",
     "file"),
    ("span-not-allowed", rep("span: 上半年", "span: 第三季度"), "period.span", "第三季度", "上半年、下半年、全年", "file"),
    ("empty-file", "", None, 1, "文件是空的", "file"),
    ("duplicate-key", rep("  short: 我局", "  short: 我局\n  short: 本局"), "unit.short", "short: 本局", "字段重复",
     "file"),
    ("python-tag", rep("value: 3862", "value: !!python/object/apply:os.system ['touch pwned']"),
     "sections[0].items[0].figures[0].value", "!!python", "不支持的 YAML 标签", "file"),
    ("alias-bomb", LOL, None, "b: &b", "不支持 YAML 引用", "file"),
    ("alias-in-field", rep("highlights:\n  - ", "highlights:\n  - *ov\n  - ",
                           rep("overview: ", "overview: &ov ")), None, "- *ov", "不支持 YAML 引用", "file"),
    ("top-level-list", "- kind: h1-summary\n- unit: 青山县市场监督管理局\n", None, 1, "顶层应为键值对", "file"),
    ("control-char", rep("overview: 紧扣", "overview: 紧\x07扣"), None, "overview:", "控制字符", "file"),
    ("star-text", rep("overview: 紧扣", "overview: *紧扣*"), None, "overview:", "加引号", "file"),
    ("at-sign-text", rep("overview: 紧扣", "overview: @紧扣"), None, "overview:", "加引号", "file"),
    ("two-documents", BASE + "---\nkind: h1-summary\n", None, "---", "只能有一份资料", "file"),
    ("deep-nesting", rep("overview: ", "overview: " + "[" * 1000), None, 1, "嵌套层次过深", "file"),
    ("binary", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64, None, None, "无法识别文件编码", "file"),
]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file below `root` (hidden ones too) with its bytes, and every directory."""
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else b"<dir>") for p in root.rglob("*")}


def error_line(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.startswith("错误：")]
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_yaml_through_cli(tmp_path, case):
    _, content, field, where, fragment, mode = case
    work = tmp_path / "work"
    out = work / "out"
    out.mkdir(parents=True)
    (out / "keep.txt").write_text("已有文件", "utf-8")
    y = work / "单位资料.yaml"
    if isinstance(content, bytes):
        y.write_bytes(content)
    else:
        y.write_text(content, "utf-8")
    before = snapshot(tmp_path)
    target = out / "x.docx" if mode == "file" else out
    t = time.perf_counter()
    r = run_in_process("render", y, "-o", target, env=ENV)     # the entry point, in process
    elapsed = time.perf_counter() - t
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and "内部错误" not in r.stderr, r.stderr
    line = error_line(r.stderr)
    assert str(y) in line, line                       # names the file, unbroken
    assert fragment in line, line
    assert not _ENGLISH.search(line.replace(str(y), "")), line
    if field:
        assert f"字段“{field}”" in line, line
    if where is not None:
        n = where if isinstance(where, int) else line_of(content, where)
        assert f"第{n}行" in line, line
    if field is None and where is None:               # a whole-file problem (not text at all)
        assert "第" not in line.replace(str(y), "")
    assert snapshot(tmp_path) == before               # nothing written, no temp file, no directory
    assert not (Path(ROOT) / "pwned").exists() and not (work / "pwned").exists()
    assert elapsed < 20, elapsed                      # fails fast; generous for a shared machine


def test_every_required_kind_of_case_is_covered():
    assert len(CASES) >= 20 and len({c[0] for c in CASES}) == len(CASES)
    assert len({c[1] if isinstance(c[1], bytes) else c[1].encode() for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", ["output-dotdot", "output-slash", "unknown-kind"])
def test_bad_yaml_without_o_writes_nothing_next_to_it(tmp_path, case):
    content = next(c[1] for c in CASES if c[0] == case)
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    y = work / "unit.yaml"
    y.write_text(content, "utf-8")
    before = snapshot(tmp_path)
    r = run_cli("render", y, env=ENV)            # default output: next to the YAML
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert str(y) in error_line(r.stderr)
    assert snapshot(tmp_path) == before


def test_alias_bomb_fails_fast_in_little_memory(tmp_path):
    """A valid file plus billion laughs, with the address space capped at 512 MB: expanding the
    aliases would die with MemoryError (an internal error), not give a clear exit 2."""
    bomb = rep("highlights:\n  - ", "highlights:\n  - *a\n  - ", rep("overview: ", "overview: &a ")) + LOL
    y = tmp_path / "bomb.yaml"
    y.write_text(bomb, "utf-8")

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (512 * 2**20, 512 * 2**20))
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "drafter", "render", str(y), "-o", str(tmp_path / "x.docx")],
                       capture_output=True, text=True, cwd=ROOT, timeout=60, preexec_fn=cap,
                       env={**os.environ, **ENV})
    assert r.returncode == 2, r.stderr
    line = error_line(r.stderr)
    assert "不支持 YAML 引用" in line and f"第{line_of(bomb, '*a')}行" in line, line
    assert time.perf_counter() - t < 20
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bomb.yaml"]


# --- Other encodings of a valid file render the same draft -----------------------------------

@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
def test_valid_file_in_other_encoding_renders(tmp_path, encoding):
    ref, y, out = tmp_path / "ref.txt", tmp_path / f"unit-{encoding}.yaml", tmp_path / "out.txt"
    y.write_bytes(BASE.encode(encoding))
    assert y.read_bytes() != BASE.encode("utf-8")
    assert run_cli("render", EXAMPLE, "-o", ref).returncode == 0
    r = run_cli("render", y, "-o", out)
    assert r.returncode == 0, r.stderr
    text = out.read_text("utf-8")
    assert text == ref.read_text("utf-8")
    assert "青山县市场监督管理局" in text


# --- Never overwrite without --force; --force replaces atomically ------------------------------

@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_existing_output_kept_without_force_and_replaced_with_it(tmp_path, fmt):
    out = tmp_path / f"draft.{fmt}"
    out.write_bytes(b"old content")
    before = snapshot(tmp_path)
    r = run_cli("render", EXAMPLE, "-o", out, env=ENV)
    assert r.returncode == 2
    line = error_line(r.stderr)
    assert str(out) in line and "--force" in line and "Traceback" not in r.stderr
    assert snapshot(tmp_path) == before
    r = run_cli("render", EXAMPLE, "-o", out, "--force")
    assert r.returncode == 0, r.stderr
    data = out.read_bytes()
    assert data != b"old content" and (data[:2] == b"PK" if fmt == "docx" else "青山县" in data.decode())
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]     # no temp file left


def test_batch_into_directory_keeps_existing_file_without_force(tmp_path):
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / f"{EXAMPLE.stem}.txt").write_text("旧稿", "utf-8")
    other = ROOT / "examples" / "town-annual.yaml"
    r = run_cli("render", EXAMPLE, other, "-o", outdir, "--format", "txt")
    assert r.returncode == 1                       # one item failed, the rest were written
    assert (outdir / f"{EXAMPLE.stem}.txt").read_text("utf-8") == "旧稿"
    assert (outdir / f"{other.stem}.txt").stat().st_size > 0
    r = run_cli("render", EXAMPLE, other, "-o", outdir, "--format", "txt", "--force")
    assert r.returncode == 0, r.stderr
    assert (outdir / f"{EXAMPLE.stem}.txt").read_text("utf-8") != "旧稿"
