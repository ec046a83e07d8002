"""`drafter draft`: the interview through a pseudo-terminal, piped input, interrupts and resume."""
import os
import re
import sys

import pytest
import yaml

from conftest import ROOT, run_cli

EXAMPLE = ROOT / "examples" / "bureau-half-year.yaml"
ENV = {"PYTHONIOENCODING": "utf-8", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}

# A draft from scratch with --kind h1-summary: one answer per line, in the order asked.
SCRATCH = [
    "白云镇人民政府",      # unit.name
    "我镇",                # unit.short
    "县委、县政府",        # unit.superior
    "2025",                # period.year
    "1",                   # period.span: 上半年
    "2025-07-05",          # date
    "围绕年度目标统筹推进各项工作",   # overview
    "农业生产",            # sections[0].title
    "",                    # summary: none
    "完成粮食播种",        # items[0].text
    "亩",                  # figures[0].unit
    "12000",               # value
    "",                    # name
    "11000",               # previous
    "20000",               # target
    "",                    # no second figure
    "发放农业补贴",        # items[1].text
    "万元",
    "80",
    "补贴资金",
    "100",
    "",                    # no target
    "",                    # no more figures
    "",                    # no more items
    "",                    # no more sections
    "",                    # heading of the work part: template default
    "",                    # no highlights
    "基础设施薄弱",        # problems[0]
    "",                    # no more problems
    "",                    # heading of problems: default
    "加快推进高标准农田建设",   # plans[0].text
    "",                    # plans[0].title: none
    "",                    # no more plans
    "",                    # heading of plans: default
    "",                    # finish
]


def draft(*args, input_lines=None):
    text = None if input_lines is None else "\n".join(input_lines) + "\n"
    return run_cli("draft", *args, input=text, env=ENV, timeout=120)


def pct(a, b):
    # as reports print it: one decimal at most, no trailing .0
    return f"{abs(a - b) / b * 100:.1f}".rstrip("0").rstrip(".") + "%"


def test_scratch_piped_draft_has_figures_and_replays(tmp_path):
    out = tmp_path / "d.txt"
    r = draft("--kind", "h1-summary", "-o", out, input_lines=SCRATCH)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr
    text = out.read_text("utf-8")
    assert "白云镇人民政府2025年上半年" in text
    assert "在县委、县政府的" in text and "我镇围绕年度目标统筹推进各项工作" in text
    assert "12000亩" in text and f"同比增长{pct(12000, 11000)}" in text
    assert "完成全年目标的60%" in text
    assert "80万元" in text and f"同比下降{pct(80, 100)}" in text
    assert "基础设施薄弱" in text and "加快推进高标准农田建设" in text
    answers = tmp_path / "d.answers.yaml"
    data = yaml.safe_load(answers.read_text("utf-8"))
    assert data["kind"] == "h1-summary" and "headings" not in data   # defaults are not stored
    r = run_cli("render", answers, "-o", tmp_path / "r.txt")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "r.txt").read_bytes() == out.read_bytes()


def test_pty_accept_all_defaults_matches_render(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    out = tmp_path / "d.docx"
    child = pexpect.spawn(sys.executable, ["-m", "drafter", "draft", str(EXAMPLE), "-o", str(out)],
                          cwd=str(ROOT), env={**os.environ, **ENV}, encoding="utf-8",
                          timeout=120, dimensions=(50, 200))
    prompts = 0
    while child.expect(["> ", pexpect.EOF]) == 0:
        prompts += 1
        assert prompts < 400, "the interview does not end"
        child.sendline("")
    child.close()
    assert child.exitstatus == 0, child.before
    assert prompts > 20          # every field of the example was offered as a default
    answers = tmp_path / "d.answers.yaml"
    assert out.is_file() and answers.is_file()
    r = run_cli("render", answers, "-o", tmp_path / "r.docx")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "r.docx").read_bytes() == out.read_bytes()
    # Accepting every default changes nothing: same draft as rendering the example itself.
    for src, name in ((answers, "a.txt"), (EXAMPLE, "e.txt")):
        assert run_cli("render", src, "-o", tmp_path / name).returncode == 0
    assert (tmp_path / "a.txt").read_text("utf-8") == (tmp_path / "e.txt").read_text("utf-8")


@pytest.mark.parametrize("cut", [3, 12, 29])
def test_eof_half_way_saves_answers_and_resume_completes(tmp_path, cut):
    whole = tmp_path / "whole.docx"
    assert draft("--kind", "h1-summary", "-o", whole, input_lines=SCRATCH).returncode == 0
    out = tmp_path / "part.docx"
    r = draft("--kind", "h1-summary", "-o", out, input_lines=SCRATCH[:cut])
    assert r.returncode == 1
    assert not out.exists()
    assert not list(tmp_path.glob(".*.tmp"))
    answers = tmp_path / "part.answers.yaml"
    assert "drafter draft" in r.stderr and str(answers) in r.stderr
    data = yaml.safe_load(answers.read_text("utf-8"))      # a plain, valid YAML
    assert data["unit"]["name"] == SCRATCH[0]
    if cut > 12:
        assert data["sections"][0]["items"][0]["figures"][0]["value"] == 12000
    # the answers are not yet a complete unit: render refuses it, draft resumes it
    r = draft(answers, "-o", out, input_lines=SCRATCH[cut:])
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr
    assert "继续上次" in r.stdout
    assert out.read_bytes() == whole.read_bytes()
    r = run_cli("render", answers, "-o", tmp_path / "r.docx")
    assert r.returncode == 0 and (tmp_path / "r.docx").read_bytes() == whole.read_bytes()


def test_ctrl_c_half_way_keeps_answers_and_no_draft(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    out = tmp_path / "c.docx"
    child = pexpect.spawn(sys.executable, ["-m", "drafter", "draft", "--kind", "h1-summary", "-o", str(out)],
                          cwd=str(ROOT), env={**os.environ, **ENV}, encoding="utf-8",
                          timeout=120, dimensions=(50, 200))
    for line in SCRATCH[:8]:
        child.expect("> ")
        child.sendline(line)
    child.expect("> ")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert not out.exists()
    data = yaml.safe_load((tmp_path / "c.answers.yaml").read_text("utf-8"))
    assert data["unit"]["name"] == SCRATCH[0] and data["sections"][0]["title"] == SCRATCH[7]
    # and it resumes where it stopped
    r = draft(tmp_path / "c.answers.yaml", "-o", out, input_lines=SCRATCH[8:])
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr
    assert out.is_file()


def test_back_changes_an_earlier_answer(tmp_path):
    lines = ["错误的单位名称", "<", *SCRATCH]
    out = tmp_path / "d.txt"
    r = draft("--kind", "h1-summary", "-o", out, input_lines=lines)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr
    text = out.read_text("utf-8")
    assert SCRATCH[0] in text and "错误的单位名称" not in text
    # back several steps, across the period, to change the year
    lines = SCRATCH[:6] + ["<", "<", "<", "2024", "", "", *SCRATCH[6:]]
    r = draft("--kind", "h1-summary", "-o", tmp_path / "y.txt", input_lines=lines)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr
    text = (tmp_path / "y.txt").read_text("utf-8")
    assert "2024年上半年" in text and "2025年上半年" not in text


def test_non_default_heading_is_stored_and_used(tmp_path):
    i = SCRATCH.index("加快推进高标准农田建设") - 5     # the work part's heading question
    assert SCRATCH[i] == "" and SCRATCH[i - 1] == ""
    lines = SCRATCH[:i] + ["2"] + SCRATCH[i + 1:]
    out = tmp_path / "d.txt"
    r = draft("--kind", "h1-summary", "-o", out, input_lines=lines)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr
    # what option 2 was, as the user saw it
    m = re.search(r"^\s+1\. (.+?)（模板默认）\n\s+2\. (.+?)（", r.stdout, re.M)
    assert m, r.stdout
    default, chosen = m.groups()
    assert chosen != default
    data = yaml.safe_load((tmp_path / "d.answers.yaml").read_text("utf-8"))
    assert data["headings"] == {"work": chosen}
    text = out.read_text("utf-8")
    assert f"一、{chosen}" in text and f"一、{default}" not in text
    r = run_cli("render", tmp_path / "d.answers.yaml", "-o", tmp_path / "r.txt")
    assert (tmp_path / "r.txt").read_text("utf-8") == text


def test_bad_answers_are_reasked_in_chinese(tmp_path):
    lines = list(SCRATCH)
    lines[3:4] = ["abc", "1999", "2025"]                       # year: text, then out of range
    k = lines.index("亩")
    # a negative and a fractional count for 户 are re-asked; then back to the unit and fix it
    lines[k:k + 2] = ["户", "-3", "12.5", "<", "亩", "12000"]
    out = tmp_path / "d.txt"
    r = draft("--kind", "h1-summary", "-o", out, input_lines=lines)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr
    assert "Traceback" not in r.stdout + r.stderr
    assert "应为整数，而不是文本“abc”" in r.stdout
    assert "应在2000～2100之间" in r.stdout
    assert "计数单位，不能为负数" in r.stdout
    assert "计数单位，应为整数" in r.stdout
    assert "12000亩" in out.read_text("utf-8")


def test_refuses_to_overwrite_before_asking(tmp_path):
    out = tmp_path / "d.docx"
    out.write_bytes(b"keep")
    r = draft(EXAMPLE, "-o", out, input_lines=[""] * 5)
    assert r.returncode == 2
    assert "--force" in r.stderr and "单位全称" not in r.stdout and "材料类型" not in r.stdout
    assert out.read_bytes() == b"keep" and not (tmp_path / "d.answers.yaml").exists()
    # an existing answers file is protected the same way
    out.unlink()
    (tmp_path / "d.answers.yaml").write_text("mine", "utf-8")
    r = draft(EXAMPLE, "-o", out, input_lines=[""] * 5)
    assert r.returncode == 2 and not out.exists()
    assert (tmp_path / "d.answers.yaml").read_text("utf-8") == "mine"
    # --force overwrites both
    r = draft(EXAMPLE, "-o", out, "--force", input_lines=[""] * 300)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes()[:2] == b"PK"


def test_phrase_pick_inserts_plain_text(tmp_path):
    from drafter.draft import Session
    s = Session(kind="h1-summary")
    phrases = s.phrases("problems")
    n = next(i for i, e in enumerate(phrases, 1) if "{{" in e["text"])
    k = SCRATCH.index("基础设施薄弱")
    lines = SCRATCH[:k] + [f"#{n}", "农田水利", ""] + SCRATCH[k + 1:]
    out = tmp_path / "d.txt"
    r = draft("--kind", "h1-summary", "-o", out, input_lines=lines)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr
    data = yaml.safe_load((tmp_path / "d.answers.yaml").read_text("utf-8"))
    expected = re.sub(r"\{\{\s*\w+\s*\}\}", "农田水利", phrases[n - 1]["text"])
    assert data["problems"] == [expected]
    assert "{{" not in (tmp_path / "d.answers.yaml").read_text("utf-8")
    assert expected in out.read_text("utf-8")


# ---------------------------------------------------------------------------------------------
# The library, without a terminal.

def test_session_library_flow_and_known_slots():
    from drafter.draft import Invalid, Session, expand_picks
    s = Session(kind="h1-summary")
    s.run(SCRATCH[:6])
    assert s.current().id == "overview"
    with pytest.raises(Invalid):
        s.answer("{{ 7*7 }}")                 # the schema refuses template syntax in a text
    assert s.current().id == "overview"
    s.run(SCRATCH[6:])
    assert s.done
    unit = s.unit()
    assert unit.unit.name == SCRATCH[0] and unit.sections[0].items[0].figures[0].target == 20000
    picked = expand_picks("在#1领导下", [{"text": "{{ superior }}的{{ content }}"}], s.slot_values(),
                          lambda slot, label: "坚强")
    assert picked == "在县委、县政府的坚强领导下"


def test_lenient_load_keeps_good_fields_and_notes_bad_ones(tmp_path):
    from drafter.draft import Session
    p = tmp_path / "u.yaml"
    text = EXAMPLE.read_text("utf-8").replace("year: 2024", "year: 二〇二四").replace("value: 3862", "value: -3862")
    p.write_text(text, "utf-8")
    s = Session.from_file(p)
    assert "year" not in s.data["period"] and s.data["unit"]["name"] == "青山县市场监督管理局"
    assert "value" not in s.data["sections"][0]["items"][0]["figures"][0]
    assert any("period.year" in n for n in s.notes) and any("负数" in n for n in s.notes)


def test_draft_imports_stay_light():
    import subprocess
    code = ("import sys, drafter.draft, drafter.draft_ui; "
            "print(sorted(m for m in ('jieba', 'sklearn', 'docx') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.stdout.strip() == "[]", r.stdout + r.stderr


def test_delete_entry_and_full_width_back():
    from drafter.draft import Session
    s = Session.from_file(EXAMPLE)
    titles = [x["title"] for x in s.data["sections"]]
    while s.current().id != "sections[1].title":
        s.answer("")
    s.answer("－")                             # full-width minus from an input method: delete
    assert [x["title"] for x in s.data["sections"]] == [titles[0], titles[2]]
    assert s.current().id == "sections[1].title" and s.current().default == titles[2]
    s.run(["＜"])                               # full-width back
    assert s.current().id != "sections[1].title"
    s.answer("")
    assert s.current().id == "sections[1].title"
