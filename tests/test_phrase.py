"""`drafter phrase`: lookup in the shipped phrase bank, through the CLI and the library."""
import json
import re
import shutil
from collections import Counter

import pytest

from conftest import ROOT

INDEX = json.loads((ROOT / "phrasebank" / "index.json").read_text("utf-8"))
MANIFEST = json.loads((ROOT / "manifest.json").read_text("utf-8"))
SLOT = re.compile(r"\{\{\s*\w+\s*\}\}")


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
