"""The frame of each kind: mined from the corpus, carried by its template as text, and read
in the examples' drafts as the genre's wording."""
import json
import math
import re
import shutil
from pathlib import Path

import pytest

from drafter.bank import known_kinds
from drafter.fill import render_text
from drafter.mining.frame import Restorer, load_formulae
from drafter.mining.miner import mine
from drafter.parser import parse_file
from drafter.unit import load_unit, parse_unit

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = json.loads((ROOT / "manifest.json").read_text("utf-8"))
KINDS = {k["id"]: k for k in MANIFEST["kinds"]}
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SLOT = re.compile(r"\{\{[^}]*\}\}")


def _draft(path: Path) -> str:
    return render_text(load_unit(path, known_kinds(ROOT)), ROOT)


@pytest.fixture(scope="module")
def corpus_docs():
    docs = []
    for f in sorted((ROOT / "corpus").glob("*.txt")):
        docs += parse_file(f)
    return docs


def test_every_kind_has_an_example():
    kinds = {load_unit(p, known_kinds(ROOT)).kind for p in EXAMPLES}
    assert kinds == set(KINDS)


@pytest.mark.parametrize("kid", sorted(KINDS))
def test_frame_elements_are_in_the_template_as_text(kid):
    kind = KINDS[kid]
    need = max(2, math.ceil(kind["support"] / 3))
    template = (ROOT / "templates" / f"{kid}.j2").read_text("utf-8")
    for e in kind["frame"]:
        assert e["support"] >= need, e
        assert len(e["sources"]) >= 1
        # the sentence itself is template text (outside any comment), not a comment
        code = re.sub(r"\{#.*?#\}", "", template, flags=re.S)
        assert e["text"] in code or "".join(e["pieces"]).rstrip("，。：；！") in code, e["id"]
        assert f"'{e['id']}' not in frame" in code


def test_frame_pieces_stand_in_two_corpus_documents(corpus_docs):
    """Every fixed run of every frame sentence that reaches an example's draft is the wording of
    at least two corpus documents (once their censored formulae are restored, as mining does)."""
    texts = ["\n".join(d.text_lines()) for d in corpus_docs]
    restore = Restorer("\n".join(texts), load_formulae())
    restored = []
    for t in texts:
        clauses = re.split(r"(?<=[，。；：！？\n])", t)
        restored.append("".join((restore(c) or c) for c in clauses))
    checked = 0
    for path in EXAMPLES:
        unit = load_unit(path, known_kinds(ROOT))
        draft = _draft(path)
        for e in KINDS[unit.kind]["frame"]:
            for piece in e["pieces"]:
                for fixed in SLOT.split(piece):
                    fixed = fixed.strip("，。：；！？、 ")
                    if len(fixed) < 2 or fixed not in draft:
                        continue
                    docs = sum(fixed in t for t in restored)
                    assert docs >= 2, (unit.kind, e["id"], fixed, docs)
                    checked += 1
    assert checked >= 15


def _bad_forms(text: str) -> list[str]:
    bad = []
    if re.search(r"(?<!习近平)新时代中国特色社会主义思想", text):
        bad.append("truncated formula")
    if re.search(r"(?<![A-Za-z0-9])[A-Z](?=[\u4e00-\u9fff])(?![级类型档等])", text):
        bad.append("censor letter")
    if re.search(r"我(镇|乡|局|街道|区|县)\1(?:人民)?政府|我(镇|乡|局|街道)我\2|(我局|我镇)全(局|镇)上下", text):
        bad.append("doubled subject")
    if re.search(r"\d\.0%|100\.0%", text):
        bad.append(".0%")
    if re.search(r"个百分点%|%的\d", text):
        bad.append("percentage of a rate")
    if "{{" in text or "{%" in text or "〔" in text:
        bad.append("template syntax")
    return bad


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_drafts_have_no_broken_wording(path):
    assert _bad_forms(_draft(path)) == []


def test_bad_forms_detector_catches_them():
    assert _bad_forms("坚持以新时代中国特色社会主义思想为指导") == ["truncated formula"]
    assert _bad_forms("加强D建工作") == ["censor letter"]
    assert _bad_forms("我镇镇政府在县委领导下") == ["doubled subject"]
    assert _bad_forms("完成全年目标的100.0%") == [".0%"]


def test_government_report_reads_as_the_genre():
    path = ROOT / "examples" / "town-gov-report.yaml"
    unit = load_unit(path, known_kinds(ROOT))
    text = _draft(path)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    title = lines[0]
    assert title.count("政府") == 1 and "工作报告" in title
    assert lines[1] == "各位代表："                                 # the salutation
    assert lines[2].startswith("现在，我代表") and "向大会" in lines[2]   # the speech opening
    plans_at = next(i for i, ln in enumerate(lines) if re.match(r"[一二三四五]、.*(计划|安排|打算)", ln))
    review = "\n".join(lines[:plans_at])
    assert "在肯定成绩的同时" in review and unit.problems[0] in review  # problems close the review
    assert "感谢" in review                                          # the thank-you paragraph
    assert not any(re.match(r"[一二三四五]、.*(问题|亮点)", ln) for ln in lines)
    assert lines[-1].startswith("各位代表") and lines[-1].endswith("！")  # a rallying close
    assert not re.search(r"\d{4}年\d{1,2}月\d{1,2}日$", text.strip())   # no signature and date


def test_unit_can_rewrite_or_drop_a_frame_sentence(tmp_path):
    base = (ROOT / "examples" / "town-gov-report.yaml").read_text("utf-8")
    own = base + "frame:\n  opening-2: 现在，我代表镇人民政府作工作报告，请予审议\n  closing-2: \"\"\n"
    unit = parse_unit(own, "own.yaml", known_kinds(ROOT))
    text = render_text(unit, ROOT)
    assert "现在，我代表镇人民政府作工作报告，请予审议。" in text
    assert "团结在以习近平同志为核心的党中央周围" not in text
    bad = parse_unit(base + "frame:\n  opening-99: 随便\n", "bad.yaml", known_kinds(ROOT))
    with pytest.raises(Exception) as e:
        render_text(bad, ROOT)
    assert "opening-99" in str(e.value) and "frame.opening-99" in (getattr(e.value, "field", "") or "")


def test_frame_is_mined_not_written(tmp_path):
    """Remove the government reports' thank-you sentences from the corpus and re-mine: the
    thank-you element and its wording leave the template."""
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    for f in corpus.glob("*.txt"):
        lines = f.read_text("utf-8").splitlines()
        f.write_text("\n".join(re.sub(r"[^。！!]*感谢[^。！!]*[。！!]", "", ln) for ln in lines) + "\n", "utf-8")
    out = tmp_path / "bank"
    mine([corpus], out, jobs=1)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    gov = next(k for k in manifest["kinds"] if k["id"] == "gov-report-h1")
    assert any(e["thanks"] for e in KINDS["gov-report-h1"]["frame"])
    assert not any(e["thanks"] for e in gov["frame"])
    assert "衷心的感谢" not in (out / "templates" / "gov-report-h1.j2").read_text("utf-8")
    assert "衷心的感谢" in (ROOT / "templates" / "gov-report-h1.j2").read_text("utf-8")


def test_draft_offers_the_frame_sentences():
    from drafter.draft import Session
    s = Session.from_file(ROOT / "examples" / "town-gov-report.yaml")
    while not s.done and s.current().id != "frame":
        s.answer("")
    q = s.current()
    assert q is not None and len(q.choices) == len(KINDS["gov-report-h1"]["frame"])
    last = len(q.choices)
    s.answer(f"-{last}")              # leave the last one out
    s.answer("2 现在，我代表镇人民政府报告工作")
    s.answer("")
    assert s.data["frame"] == {KINDS["gov-report-h1"]["frame"][-1]["id"]: "",
                               KINDS["gov-report-h1"]["frame"][1]["id"]: "现在，我代表镇人民政府报告工作"}
    text = render_text(s.unit(), ROOT)
    assert "现在，我代表镇人民政府报告工作。" in text
    assert "problems" in s.roles()    # problems asked although they have no heading of their own


@pytest.mark.parametrize("start", ["", "我镇", "镇政府", "全镇上下", "临川县青石镇人民政府", "青石镇"])
def test_no_doubled_subject_whatever_the_overview_starts_with(start):
    src = (ROOT / "examples" / "town-gov-report.yaml").read_text("utf-8")
    src = src.replace("overview: 坚持稳中求进", f"overview: {start}坚持稳中求进")
    text = render_text(parse_unit(src, "u.yaml", known_kinds(ROOT)), ROOT)
    assert "我镇坚持稳中求进" in text or "我镇坚持以" in text
    assert not re.search(r"我镇(?:镇政府|全镇上下|临川县|青石镇)", text)
    assert _bad_forms(text) == []


@pytest.mark.parametrize("kid", sorted(KINDS))
def test_init_skeleton_drafts_have_no_broken_wording(kid):
    from drafter.unit import skeleton_yaml
    kind = KINDS[kid]
    text = skeleton_yaml(kid, kind["name"], kind["frame"], kind["support"])
    assert "# frame:" in text or not kind["frame"]
    draft = render_text(parse_unit(text, "init.yaml", known_kinds(ROOT)), ROOT)
    assert _bad_forms(draft) == []
    for e in kind["frame"]:
        assert e["id"] in text                       # init lists every frame sentence


def test_a_speech_reads_back_without_a_signature():
    from drafter.fill import render_unit
    doc = render_unit(load_unit(ROOT / "examples" / "town-gov-report.yaml", known_kinds(ROOT)), ROOT)
    assert doc.signature is None
    assert doc.blocks[-1].text.startswith("各位代表") and not hasattr(doc.blocks[-1], "level")
    signed = render_unit(load_unit(ROOT / "examples" / "town-annual.yaml", known_kinds(ROOT)), ROOT)
    assert signed.signature is not None and signed.signature.date == "2024年12月20日"


def test_a_frame_line_with_a_chinese_colon_says_so():
    base = (ROOT / "examples" / "town-gov-report.yaml").read_text("utf-8")
    with pytest.raises(Exception) as e:
        parse_unit(base + 'frame:\n  closing-2："""\n', "u.yaml", known_kinds(ROOT))
    assert "中文冒号" in str(e.value) and getattr(e.value, "field", "") == "frame"


def test_letter_restoration_counts_what_a_regex_scan_counts():
    """Restorer finds a censored letter's neighbours with str.find; it sees the same characters,
    in the same order, as scanning the corpus for before, a CJK character, after (non-overlapping)."""
    import random
    rng = random.Random(5)
    text = "".join(rng.choice("党建工作的的领导组织a，。") for _ in range(20000))
    r = Restorer(text, [])
    for _ in range(400):
        i = rng.randrange(1, len(text) - 4)
        before, after = (text[i - 1] if rng.random() < 0.8 else ""), text[i + 1:i + 3]
        rx = re.compile(re.escape(before) + r"([\u4e00-\u9fff])" + re.escape(after))
        assert list(r._between(before, after)) == [m.group(1) for m in rx.finditer(text)]
