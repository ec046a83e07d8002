"""`drafter phrase`: lookup in the shipped phrase bank, through the CLI and the library."""
import json
import re
import shutil
from collections import Counter

import pytest

from conftest import ROOT, run_cli, run_in_process

INDEX = json.loads((ROOT / "phrasebank" / "index.json").read_text("utf-8"))
MANIFEST = json.loads((ROOT / "manifest.json").read_text("utf-8"))
SLOT = re.compile(r"\{\{\s*\w+\s*\}\}")


@pytest.fixture
def cli():
    # lookups need no process of their own; the import-cost test below runs one
    return run_in_process


def hits(cli, *args):
    r = cli("phrase", *args, "--json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.mark.parametrize("query, relevant", [
    ("领导", lambda e: "领导" in e["text"]),
    ("存在问题", lambda e: e["category"] == "problem" or re.search("存在.*问题", e["text"])),
    ("招商引资", lambda e: "招商" in e["text"]),
    ("总结如下", lambda e: "总结如下" in e["text"]),
    # not literally in the bank: the query fills a template's slot
    ("现将上半年工作总结如下", lambda e: "总结如下" in e["text"] and SLOT.search(e["text"])),
    ("在县委县政府的正确领导下", lambda e: e["text"].startswith("在") and e["text"].endswith("领导下")),
    # a typo: only bigram similarity finds it
    ("优化营商坏境", lambda e: "营商环境" in e["text"]),
])
def test_first_hit_is_relevant(cli, query, relevant):
    found = hits(cli, query)
    assert found, f"no hit for {query}"
    assert relevant(found[0]), found[0]["text"]


@pytest.mark.parametrize("query", ["安全生产", "现将上半年工作总结如下"])
def test_order_is_relevance_then_support(cli, query):
    found = hits(cli, query, "--limit", "0")
    assert len({e["score"] for e in found}) > 1  # several tiers, so the order below means something
    keys = [(-e["score"], -e["support"]) for e in found]
    assert keys == sorted(keys)


def test_json_keeps_the_index_fields(cli):
    by_text = {e["text"]: e for e in INDEX["entries"]}
    found = hits(cli, "安全生产", "--limit", "5")
    assert found
    for e in found:
        src = by_text[e["text"]]
        assert {k: e[k] for k in src} == src
        assert e["category_name"] == INDEX["categories"][e["category"]]
        assert e["examples"] and all(x["text"] and "title" in x for x in e["examples"])


@pytest.mark.parametrize("cat", ["opener", "开头用语"])
def test_category_filter_by_id_or_chinese_name(cli, cat):
    found = hits(cli, "工作", "--category", cat, "--limit", "0")
    expect = [e for e in INDEX["entries"] if e["category"] == "opener" and "工作" in e["text"]]
    assert found and all(e["category"] == "opener" for e in found)
    assert len(found) >= len(expect)


def test_category_without_query_lists_by_support(cli):
    found = hits(cli, "-c", "plan", "-n", "5")
    plan = sorted((e["support"] for e in INDEX["entries"] if e["category"] == "plan"), reverse=True)
    assert [e["support"] for e in found] == plan[:5]


@pytest.mark.parametrize("kind", ["h1-summary", "上半年工作总结"])
def test_kind_filter(cli, kind):
    found = hits(cli, "工作", "--kind", kind, "--limit", "0")
    everywhere = hits(cli, "工作", "--limit", "0")
    assert found and all("h1-summary" in e["kinds"] for e in found)
    assert len(found) < len(everywhere)


def test_limit(cli):
    all_hits = hits(cli, "发展", "--limit", "0")
    assert len(all_hits) > 12
    assert len(hits(cli, "发展")) == 10
    assert hits(cli, "发展", "-n", "3") == all_hits[:3]


def test_unknown_category_and_kind_exit_2(cli):
    r = cli("phrase", "领导", "--category", "开头")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "未知的常用语类别" in r.stderr and "开头用语" in r.stderr
    assert all(cid in r.stderr for cid in INDEX["categories"])
    r = cli("phrase", "领导", "--kind", "年度报告")
    assert r.returncode == 2 and "Traceback" not in r.stderr and "未知的文档类型" in r.stderr


def test_listing_without_query_matches_index_counts(cli):
    r = cli("phrase")
    assert r.returncode == 0, r.stderr
    counts = Counter(e["category"] for e in INDEX["entries"])
    for cid, name in INDEX["categories"].items():
        assert re.search(rf"{cid}\s*│\s*{name}\s*│\s*{counts[cid]}\s", r.stdout), (cid, r.stdout)
    kind = MANIFEST["kinds"][0]
    r = cli("phrase", "--kind", kind["name"])
    assert r.returncode == 0 and kind["name"] in r.stdout
    counts = Counter(e["category"] for e in INDEX["entries"] if kind["id"] in e["kinds"])
    for cid, name in INDEX["categories"].items():
        assert re.search(rf"{cid}\s*│\s*{name}\s*│\s*{counts[cid]}\s", r.stdout), (cid, r.stdout)


def test_output_is_deterministic(cli):
    for args in (("领导",), ("存在问题", "--json"), ("招商", "-n", "0", "--json")):
        a, b = cli("phrase", *args), cli("phrase", *args)
        assert a.returncode == 0 and a.stdout == b.stdout


def test_human_output_shows_slots_support_and_example(cli):
    found = hits(cli, "领导")
    slotted = next(e for e in found if e["slots"])
    r = cli("phrase", "领导")
    assert r.returncode == 0, r.stderr
    from drafter.lookup import SLOT_LABELS
    label = f"〔{SLOT_LABELS[slotted['slots'][0]]}〕"
    assert label in r.stdout and "{{" not in r.stdout
    assert f"{found[0]['support']} 篇文档" in r.stdout and "例：" in r.stdout and "——《" in r.stdout
    # with colour forced, the slot carries a style of its own
    r = cli("phrase", "领导", env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert re.search(r"\x1b\[[0-9;]*m〔", r.stdout), r.stdout[:300]


def test_user_text_is_escaped(cli):
    r = cli("phrase", "领导[/]")
    assert r.returncode == 0, r.stderr
    assert "领导[/]" in r.stdout


def test_no_hit_is_a_message_not_an_error(cli):
    r = cli("phrase", "量子计算机")
    assert r.returncode == 0 and r.stdout == "" and "没有找到" in r.stderr
    assert hits(cli, "量子计算机") == []
    r = cli("phrase", "，")
    assert r.returncode == 2 and "关键词" in r.stderr


@pytest.mark.parametrize("content, where", [
    ('{"entries": [', "第1行"),
    ('{"categories": {}}', "entries"),
    ('{"entries": [{"text": "领导", "category": "stock"}]}', "entries[0]"),
    ("", "index.json"),
])
def test_corrupt_index_exits_2_naming_the_file(cli, tmp_path, content, where):
    bank = tmp_path / "bank"
    (bank / "phrasebank").mkdir(parents=True)
    shutil.copy(ROOT / "manifest.json", bank)
    (bank / "phrasebank" / "index.json").write_text(content, "utf-8")
    r = cli("phrase", "领导", "--bank", bank)
    assert r.returncode == 2, r.stderr
    assert "index.json" in r.stderr and where in r.stderr and "Traceback" not in r.stderr


def test_bad_bank_dir_exits_2(cli, tmp_path):
    r = cli("phrase", "领导", "--bank", tmp_path / "nothing")
    assert r.returncode == 2 and "manifest.json" in r.stderr and "Traceback" not in r.stderr
    (tmp_path / "b").mkdir()
    shutil.copy(ROOT / "manifest.json", tmp_path / "b")
    r = cli("phrase", "领导", "--bank", tmp_path / "b")
    assert r.returncode == 2 and "index.json" in r.stderr and "Traceback" not in r.stderr


def test_no_heavy_imports():
    r = run_cli("phrase", "领导", env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert r.returncode == 0
    modules = {ln.split("|")[-1].strip() for ln in r.stderr.splitlines() if ln.startswith("import time:")}
    assert "drafter.lookup" in modules  # the profile did record the phrase path
    heavy = {m for m in modules if m.split(".")[0] in {"jieba", "sklearn", "docx", "numpy", "scipy"}}
    assert not heavy, sorted(heavy)


# --- the library -------------------------------------------------------------------------

def test_relevance_tiers():
    from drafter.lookup import literal_parts, normalize, relevance
    q = normalize("总结如下")
    exact = relevance(q, literal_parts("总结如下"))
    contains = relevance(q, literal_parts("现将{{ period }}工作总结如下"))
    q2 = normalize("现将上半年工作总结如下")
    filled = relevance(q2, literal_parts("现将{{ period }}工作总结如下"), framed_both_ends=True)
    fuzzy = relevance(normalize("存在问题"), literal_parts("存在的问题"))
    assert exact > contains > filled > fuzzy > 0
    assert relevance(normalize("存在问题"), literal_parts("安全生产")) == 0


def test_search_matches_variants_and_ignores_punctuation():
    from drafter.lookup import search
    entries = [{"text": "市委、市政府", "category": "stock", "support": 2, "variants": ["市委市政府"]},
               {"text": "安全生产", "category": "stock", "support": 9}]
    found = search(entries, "市委市政府")
    assert [h.entry["text"] for h in found] == ["市委、市政府"] and found[0].score == 1.0


def test_snippet_keeps_the_anchor_in_view():
    from drafter.lookup import snippet
    text = "甲" * 80 + "正确领导" + "乙" * 80
    s = snippet(text, "正确领导", 30)
    assert "正确领导" in s and s.startswith("…") and s.endswith("…") and len(s) == 32
    assert snippet("短句。", "短", 30) == "短句。"


def test_markup_escapes_and_labels_slots():
    from rich.text import Text
    from drafter.show import phrase_markup
    m = phrase_markup("[b]在{{ superior }}的领导下", "领导")
    plain = Text.from_markup(m).plain
    assert plain == "[b]在〔上级机关〕的领导下"


def test_whole_formula_before_its_fragments():
    from drafter.lookup import lookup
    found = [h.entry["text"] for h in lookup("领导", limit=0).hits]
    assert re.fullmatch(r"在.*领导下", found[0]), found[:5]
    # 正确领导 sits wholly inside 在…正确领导下 (similar support): it ranks below it
    if "正确领导" in found and any(re.fullmatch(r"在.*正确领导下", t) for t in found):
        assert found.index("正确领导") > min(i for i, t in enumerate(found) if re.fullmatch(r"在.*正确领导下", t))


@pytest.mark.parametrize("query", ["存在问题", "下一步"])
def test_lead_ins_are_found_by_what_they_do(query):
    from drafter.lookup import lookup
    top = lookup(query, limit=3).hits
    assert any(h.entry["category"] == "frame" for h in top), [h.entry["text"] for h in top]


def test_frame_sentences_of_the_kinds_are_findable():
    from drafter.lookup import lookup
    for k in MANIFEST["kinds"]:
        for f in k["frame"]:
            plain = re.sub(r"\{\{.*?\}\}", "", f["text"])
            words = max(re.split(r"[，。：；！]", plain), key=len)
            hits = lookup(words, kind=k["id"], category="frame", limit=0).hits
            assert any(k["id"] in h.entry["kinds"] and h.entry["support"] >= f["support"] for h in hits), f["text"]


def test_slot_labels_name_what_the_slot_held():
    from drafter.lookup import slot_label
    e = {"text": "加强{{ content }}建设", "examples": [{"text": "全面加强党风廉政建设。", "title": "t"}]}
    assert slot_label(e, "content") == "内容（如“党风廉政”）"
    assert slot_label({"text": "{{ superior }}", "examples": []}, "superior") == "上级机关"
