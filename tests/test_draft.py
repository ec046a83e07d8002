"""`drafter draft`: the interview through a pseudo-terminal, piped input, interrupts and resume."""
import os
import re
import sys

import pytest
import yaml

from conftest import ROOT, run_cli as run_process, run_in_process

EXAMPLE = ROOT / "examples" / "bureau-half-year.yaml"
ENV = {"PYTHONIOENCODING": "utf-8", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}

# A draft from scratch with --kind h1-summary: one answer per line, in the order asked.
SCRATCH = [
    "白云镇人民政府",      # unit.name
    "",                    # unit.short: the suggestion from the name (我镇)
    "县委、县政府",        # unit.superior
    "2025 1",              # period: 2025, 上半年 by its number
    "2025-07-05",          # date
    "围绕年度目标统筹推进各项工作",   # overview
    "农业生产",            # sections[0].title
    "",                    # summary: none
    "完成粮食播种 12000亩 上年11000 目标20000",   # an item with its figure on one line
    "发放农业补贴 补贴资金 80万元 上年100",
    "",                    # no more items
    "",                    # no more sections
    "",                    # no highlights
    "基础设施薄弱",        # problems[0]
    "",                    # no more problems
    "：加快推进高标准农田建设",   # plans[0]: no title, only the content
    "",                    # no more plans
    "",                    # headings: as shown
    "",                    # finish
]

# examples/bureau-half-year.yaml typed from scratch with one-line figures and plans. Before issue 13
# the same report took 62 answers (6 per figure, plans text then title, a heading per part).
BUREAU = [
    "青山县市场监督管理局", "", "",          # name; 我局 and 县委、县政府 as suggested
    "2024年上半年", "2024-07-02",
    "紧扣“放心消费在青山”创建目标，统筹抓好市场准入、质量安全和执法监管，各项工作按时序推进",
    "优化营商环境", "持续深化商事制度改革，市场主体活力进一步增强",
    "新登记各类市场主体 3862户 上年3410", "企业开办全流程压缩至1个工作日以内，推行“一网通办”", "",
    "守牢安全底线", "",
    "开展食品安全专项检查 检查经营主体 1245家 目标2400", "完成食品抽检 抽检批次 926批 上年980 目标1800", "",
    "强化执法办案", "", "查办各类违法案件 罚没款 186.4万元 上年152.0", "",
    "",                                     # no more sections
    "在全市率先推行“信用+监管”分级分类模式，A级企业检查频次降低一半", "",
    "基层所执法力量不足，部分监管所仅有3名在编人员", "网络交易监管手段相对滞后", "",
    "深化放心消费创建：新培育放心消费示范单位50家，推动线下无理由退货承诺扩面提质",
    "提升智慧监管水平：建成特种设备智慧监管平台，实现重点设备在线监测全覆盖", "",
    "",                                     # headings
    "",                                     # finish
]
OLD_BUREAU_ANSWERS = 62


def run_cli(*args, input=None, env=None, timeout=None):
    # piped input needs no process of its own: in process (click's runner), stdin is not a tty
    return run_in_process(*args, input=input, env=env)


def draft(*args, input_lines=None):
    text = None if input_lines is None else "\n".join(input_lines) + "\n"
    return run_cli("draft", *args, input=text, env=ENV)


def pct(a, b):
    # as reports print it: one decimal at most, no trailing .0
    return f"{abs(a - b) / b * 100:.1f}".rstrip("0").rstrip(".") + "%"


def test_scratch_piped_draft_has_figures_and_replays(tmp_path):
    out = tmp_path / "d.txt"
    r = draft("--kind", "h1-summary", "-o", out, input_lines=SCRATCH)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr
    text = out.read_text("utf-8")
    assert "白云镇人民政府2025年上半年" in text and "我镇" in r.stdout
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
    # every field of the example offered as a default, in at most 32 answers (65 before issue 13)
    assert 20 < prompts <= 32, prompts
    answers = tmp_path / "d.answers.yaml"
    assert out.is_file() and answers.is_file()
    r = run_cli("render", answers, "-o", tmp_path / "r.docx")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "r.docx").read_bytes() == out.read_bytes()
    # Accepting every default changes nothing: same draft as rendering the example itself.
    for src, name in ((answers, "a.txt"), (EXAMPLE, "e.txt")):
        assert run_cli("render", src, "-o", tmp_path / name).returncode == 0
    assert (tmp_path / "a.txt").read_text("utf-8") == (tmp_path / "e.txt").read_text("utf-8")


def test_bureau_from_scratch_takes_half_the_answers_and_renders_the_example(tmp_path):
    assert len(BUREAU) <= OLD_BUREAU_ANSWERS // 2
    out = tmp_path / "d.docx"
    # a real piped session, in its own process
    r = run_process("draft", "--kind", "h1-summary", "-o", out, input="\n".join(BUREAU) + "\n", env=ENV)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr
    assert r.stdout.count("\n> ") == len(BUREAU)          # every line answered one question
    assert run_cli("render", EXAMPLE, "-o", tmp_path / "e.docx").returncode == 0
    assert out.read_bytes() == (tmp_path / "e.docx").read_bytes()


@pytest.mark.parametrize("cut", [3, 9, 15])
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
    if cut > 8:
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
    for line in SCRATCH[:7]:
        child.expect("> ")
        child.sendline(line)
    child.expect("> ")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert not out.exists()
    data = yaml.safe_load((tmp_path / "c.answers.yaml").read_text("utf-8"))
    assert data["unit"]["name"] == SCRATCH[0] and data["sections"][0]["title"] == SCRATCH[6]
    # and it resumes where it stopped
    r = draft(tmp_path / "c.answers.yaml", "-o", out, input_lines=SCRATCH[7:])
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
    lines = SCRATCH[:5] + ["<", "<", "2024年上半年", "", *SCRATCH[5:]]
    r = draft("--kind", "h1-summary", "-o", tmp_path / "y.txt", input_lines=lines)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr
    text = (tmp_path / "y.txt").read_text("utf-8")
    assert "2024年上半年" in text and "2025年上半年" not in text


def test_non_default_heading_is_stored_and_used(tmp_path):
    i = SCRATCH.index("：加快推进高标准农田建设") + 2     # the headings question
    lines = SCRATCH[:i] + ["2", ""] + SCRATCH[i + 1:]
    out = tmp_path / "d.txt"
    r = draft("--kind", "h1-summary", "-o", out, input_lines=lines)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr
    # what option 2 was, as the user saw it
    m = re.search(r"^\s+1\. 主要工作：(.+?)（模板默认）.*\n\s+2\. 主要工作：(.+?)（", r.stdout, re.M)
    assert m, r.stdout
    default, chosen = m.groups()
    assert chosen != default
    data = yaml.safe_load((tmp_path / "d.answers.yaml").read_text("utf-8"))
    assert data["headings"] == {"work": chosen}
    text = out.read_text("utf-8")
    assert f"一、{chosen}" in text and f"一、{default}" not in text
    r = run_cli("render", tmp_path / "d.answers.yaml", "-o", tmp_path / "r.txt")
    assert (tmp_path / "r.txt").read_text("utf-8") == text


def test_heading_choices_are_the_kinds_level1_headings_for_the_period():
    from drafter.draft import Session
    from drafter.mining.roles import heading_role
    s = Session(kind="h1-h2-summary-plan")
    s.run(SCRATCH[:1] + ["", "", "2025年全年"])
    for role in ("work", "plans"):
        opts = [t for t, _ in s.heading_options(role)]
        assert opts and all(heading_role(t) == role for t in opts[1:]), opts
        assert not any("，" in t for t in opts)                 # no topic sub-headings of one document
        assert not any("上半年" in t or "下半年" in t for t in opts), opts   # a whole year's report


def test_bad_answers_are_reasked_in_chinese(tmp_path):
    lines = list(SCRATCH)
    lines[3:4] = ["2025 秋季", "1999年上半年", "2025 1"]         # period: no such span, then out of range
    k = lines.index(SCRATCH[8])
    # a negative and a fractional count for 户 are re-asked; then the step-by-step form (a trailing +)
    lines[k:k + 1] = ["完成粮食播种 -3户", "完成粮食播种 12.5户", "完成粮食播种+", "亩", "12000", "", "11000",
                      "20000", ""]
    out = tmp_path / "d.txt"
    r = draft("--kind", "h1-summary", "-o", out, input_lines=lines)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr
    assert "Traceback" not in r.stdout + r.stderr
    assert "应为上半年、下半年、全年之一，而不是“秋季”" in r.stdout
    assert "应在2000～2100之间" in r.stdout
    assert "计数单位，不能为负数" in r.stdout
    assert "计数单位，应为整数" in r.stdout
    assert f"12000亩，同比增长{pct(12000, 11000)}" in out.read_text("utf-8")


def test_one_line_forms():
    from drafter.draft_forms import parse_figure, parse_period, self_name, split_item, split_plan
    assert parse_figure("抽检批次 926批 上年980 目标1800") == {
        "name": "抽检批次", "value": 926, "unit": "批", "previous": 980, "target": 1800}
    assert parse_figure("新登记市场主体 ３８６２户 上年３４１０") == {
        "name": "新登记市场主体", "value": 3862, "unit": "户", "previous": 3410}
    assert parse_figure("合格率 98.5％") == {"name": "合格率", "value": 98.5, "unit": "%"}
    assert parse_figure("12个") == {"value": 12, "unit": "个"}
    assert split_item("完成食品抽检 抽检批次 926批；合格率 98%") == (
        "完成食品抽检", [{"name": "抽检批次", "value": 926, "unit": "批"}, {"name": "合格率", "value": 98, "unit": "%"}])
    assert split_item("企业开办全流程压缩至1个工作日以内") == ("企业开办全流程压缩至1个工作日以内", [])
    assert split_plan("深化创建：新培育示范单位50家") == ("深化创建", "新培育示范单位50家")
    assert split_plan("：只有内容") == (None, "只有内容")
    assert parse_period("2024年上半年", ("上半年", "下半年", "全年"), 2026) == ("2024", "上半年")
    assert parse_period("2024年", ("上半年", "下半年", "全年"), 2026) == ("2024", "全年")
    names = {"青山县市场监督管理局": "我局", "白云镇人民政府": "我镇", "东湖街道办事处": "我街道",
             "县发展和改革委员会": "我委", "青山县人民政府": "我县", "红星乡人民政府": "我乡"}
    assert {n: self_name(n) for n in names} == names


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
    s.run(SCRATCH[:5])
    assert s.current().id == "overview"
    with pytest.raises(Invalid):
        s.answer("{{ 7*7 }}")                 # the schema refuses template syntax in a text
    assert s.current().id == "overview"
    s.run(SCRATCH[5:])
    assert s.done
    unit = s.unit()
    assert unit.unit.name == SCRATCH[0] and unit.sections[0].items[0].figures[0].target == 20000
    picked = expand_picks("在#1领导下", [{"text": "{{ superior }}的{{ content }}"}], s.slot_values(),
                          lambda slot, label: "坚强")
    assert picked == "在县委、县政府的坚强领导下"


def test_lenient_load_keeps_good_fields_and_notes_bad_ones(tmp_path):
    from drafter.draft import PROGRESS_TAG, Session
    p = tmp_path / "u.answers.yaml"          # a half-finished answers file is read leniently
    text = EXAMPLE.read_text("utf-8").replace("year: 2024", "year: 二〇二四").replace("value: 3862", "value: -3862")
    p.write_text(f"{PROGRESS_TAG} overview\n" + text, "utf-8")
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


# ---------------------------------------------------------------------------------------------
# One schema: a starting file is checked as render checks it.

from test_render_bad import CASES, error_line  # noqa: E402


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_unit_yaml_refused_by_draft_as_by_render(tmp_path, case):
    from conftest import run_in_process
    _, content, *_ = case
    y = tmp_path / "单位资料.yaml"
    if isinstance(content, bytes):
        y.write_bytes(content)
    else:
        y.write_text(content, "utf-8")
    rendered = run_in_process("render", y, "-o", tmp_path / "r.docx")
    drafted = run_in_process("draft", y, "-o", tmp_path / "d.docx", input="\n" * 5)
    assert rendered.returncode == drafted.returncode == 2, drafted.stdout[-500:] + drafted.stderr
    assert error_line(drafted.stderr) == error_line(rendered.stderr)      # same file, field, line, words
    assert not list(tmp_path.glob("d.*"))


def test_partial_answers_file_keeps_limits_and_refuses_aliases(tmp_path):
    from drafter.draft import PROGRESS_TAG, Session
    from drafter.errors import ValidationError
    p = tmp_path / "p.answers.yaml"
    p.write_text(f"{PROGRESS_TAG} overview\nkind: h1-summary\noverview: &a 紧扣目标\nhighlights:\n  - *a\n", "utf-8")
    with pytest.raises(ValidationError, match="不支持 YAML 引用"):
        Session.from_file(p)
    p.write_text(f"{PROGRESS_TAG} overview\nkind: h1-summary\nproblems:\n" + "  - 问题\n" * 51, "utf-8")
    with pytest.raises(ValidationError, match="最多50项"):
        Session.from_file(p)


def test_overview_offers_the_kinds_openers_not_in_its_template():
    from drafter.draft import Session
    from drafter.lookup import literal_parts, normalize
    s = Session(kind="h1-summary")
    phr = s.phrases("overview")
    assert phr and all(e["category"] == "opener" and "h1-summary" in e["kinds"] for e in phr[:3])
    src = normalize((ROOT / "templates" / "h1-summary.j2").read_text("utf-8"))
    assert not any(all(p in src for p in literal_parts(e["text"])) for e in phr)


def test_full_width_percent_words_as_percent():
    from drafter.figures import Figure, describe
    a = describe(Figure(value=98.5, unit="％", name="合格率", previous=97))
    b = describe(Figure(value=98.5, unit="%", name="合格率", previous=97))
    assert a.replace("％", "%") == b and "个百分点" in b


def test_answers_that_would_replace_the_input_are_refused(tmp_path):
    y = tmp_path / "y.answers.yaml"
    y.write_text((ROOT / "examples" / "bureau-half-year.yaml").read_text("utf-8"), "utf-8")
    r = draft(y, "-o", tmp_path / "y.txt", input_lines=[""] * 5)
    assert r.returncode == 2
    assert "回答文件会覆盖输入的单位资料" in r.stderr
    assert not (tmp_path / "y.txt").exists()
