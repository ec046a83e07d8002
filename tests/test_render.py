"""Rendering the examples and init skeletons through the CLI, and bad unit YAMLs."""
import re

import pytest

from conftest import ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_examples_render_to_all_formats(cli, tmp_path, example):
    import yaml
    data = yaml.safe_load(example.read_text("utf-8"))
    for fmt in ("txt", "md", "docx"):
        out = tmp_path / f"draft.{fmt}"
        r = cli("render", example, "-o", out)
        assert r.returncode == 0, r.stderr
        assert out.stat().st_size > 0
    text = (tmp_path / "draft.txt").read_text("utf-8")
    for bad in ("{{", "{%", "None", "XX", "xx"):
        assert bad not in text
    figures = [f for s in data["sections"] for it in s["items"] if isinstance(it, dict)
               for f in it.get("figures", [])]
    for f in figures:
        v = f["value"]
        shown = str(int(v)) if float(v).is_integer() else str(v)
        assert shown in text, shown
    # numbering in sequence, no empty heading
    l1 = [ln[0] for ln in text.splitlines() if re.match(r"^[一二三四五六七八九十]、", ln)]
    assert l1 == list("一二三四五六七八九十"[:len(l1)])
    assert not any(re.fullmatch(r"[一二三四五六七八九十]、|（[一二三四五六七八九十]+）", ln) for ln in text.splitlines())


def test_render_refuses_to_overwrite_without_force(cli, tmp_path):
    out = tmp_path / "d.txt"
    out.write_text("保留的内容", "utf-8")
    r = cli("render", EXAMPLES[0], "-o", out)
    assert r.returncode == 2 and "--force" in r.stderr + r.stdout
    assert out.read_text("utf-8") == "保留的内容"
    assert cli("render", EXAMPLES[0], "-o", out, "--force").returncode == 0


@pytest.mark.parametrize("kind", ["h1-summary", "annual-summary-plan", "h1-h2-summary-plan",
                                  "open-gov-h1-summary", "gov-report-h1"])
def test_init_skeleton_renders(cli, tmp_path, kind):
    y = tmp_path / "unit.yaml"
    r = cli("init", kind, "-o", y)
    assert r.returncode == 0, r.stderr
    r = cli("render", y, "-o", tmp_path / "out.docx")
    assert r.returncode == 0, r.stderr


BAD = {
    "syntax": "kind: h1-summary\nunit: [\n",
    "unknown_kind": "kind: 月度总结\n",
    "unknown_field": None,
    "jinja": None,
    "negative": None,
}


@pytest.mark.parametrize("case", ["syntax", "unknown_kind", "unknown_field", "jinja", "negative", "missing"])
def test_bad_yaml_exit_2_and_writes_nothing(cli, tmp_path, case):
    base = EXAMPLES[0].read_text("utf-8")
    text = {
        "syntax": "kind: h1-summary\nunit: [\n",
        "unknown_kind": base.replace("kind: h1-summary", "kind: 月度总结"),
        "unknown_field": base.replace("overview:", "overveiw:"),
        "jinja": base.replace("name: 青山县市场监督管理局", "name: \"{{ 7*7 }}\""),
        "negative": base.replace("value: 3862", "value: -3862"),
        "missing": base.replace("  short: 我局\n", ""),
    }[case]
    y = tmp_path / "bad.yaml"
    y.write_text(text, "utf-8")
    r = cli("render", y, "-o", tmp_path / "out.docx")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and "bad.yaml" in r.stderr
    assert not (tmp_path / "out.docx").exists()


def test_batch_with_one_bad_file_exits_1(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: h1-summary\n", "utf-8")
    r = cli("render", EXAMPLES[0], bad, "-o", tmp_path / "out", "--format", "txt")
    assert r.returncode == 1
    assert (tmp_path / "out" / f"{EXAMPLES[0].stem}.txt").exists()
    assert not (tmp_path / "out" / "bad.txt").exists()


def _render_lines(extra: str = "", example: str = "bureau-half-year", **replace) -> list[str]:
    """An example (the bureau's by default), changed by `replace` (old=new pairs as (old, new)
    tuples) plus `extra`."""
    from drafter.bank import default_bank_dir
    from drafter.fill import render_text
    from drafter.unit import parse_unit
    src = (ROOT / "examples" / f"{example}.yaml").read_text("utf-8")
    for old, new in replace.values():
        assert old in src
        src = src.replace(old, new)
    return render_text(parse_unit(src + extra, "u.yaml", None), default_bank_dir()).splitlines()


def _heads(lines):
    return [ln for ln in lines if re.match(r"^[一二三四五六七八九十]+、", ln)]


def test_unit_headings_replace_the_mined_ones_and_only_those():
    plain = _heads(_render_lines())
    own = _heads(_render_lines("headings:\n  problems: 存在的困难和不足。\n  plans: 下一步打算\n"))
    assert own[2:] == ["三、存在的困难和不足", "四、下一步打算"]
    assert own[:2] == plain[:2] and plain[2:] != own[2:]


def test_headings_follow_the_units_period():
    """A mined 上半年…/下半年… heading reads for the unit's own period."""
    half = _heads(_render_lines(example="town-gov-report"))
    whole = _heads(_render_lines(example="town-gov-report", span=("span: 上半年", "span: 全年")))
    assert any("上半年" in h for h in half) and any("下半年" in h for h in half)
    assert not any("上半年" in h or "下半年" in h for h in whole), whole
    assert any("2026年" in h for h in whole), whole     # plans are for the next year


def test_overview_is_the_predicate_of_the_leadership_sentence():
    lines = _render_lines()
    title = next(i for i, ln in enumerate(lines) if ln.strip())
    opening = next(ln for ln in lines[title + 1:] if ln.strip())
    assert re.match(r"^2024年上半年，在县委、县政府.*领导下，我局紧扣", opening), opening
    # a unit that starts its overview with its own name does not get it twice
    assert _render_lines(o=("overview: 紧扣", "overview: 我局紧扣")) == lines
