"""The parser measured against the hand-checked gold annotation; these figures must not fall."""
import importlib.util

from conftest import CORPUS, GOLD, ROOT

spec = importlib.util.spec_from_file_location("parse_gold", ROOT / "bench" / "parse_gold.py")
parse_gold = importlib.util.module_from_spec(spec)
spec.loader.exec_module(parse_gold)


def test_gold_scores():
    r = parse_gold.score(GOLD, CORPUS)
    assert r["documents_found"] == r["documents_gold"] == 47, r["misses"]
    assert r["titles_exact"] == 47, r["misses"]
    assert r["extra_documents"] == 0, r["misses"]
    assert r["heading_precision"] >= 0.97, r["misses"]
    assert r["heading_recall"] >= 0.97, r["misses"]
    assert r["signatures_found"] == r["signatures_gold"], r["misses"]
