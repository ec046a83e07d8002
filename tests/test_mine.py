"""The miner: shipped bank is exactly what `drafter mine corpus/` writes; kinds and phrases are mined."""
import json
import os
import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import CORPUS, GOLD, ROOT


@pytest.fixture(scope="module")
def mined(tmp_path_factory):
    from drafter.mining.miner import mine
    out = tmp_path_factory.mktemp("bank")
    result = mine([CORPUS], out, jobs=1)
    return out, result


def _files(d: Path):
    return {p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*"))
            if p.is_file() and (p.suffix in (".j2", ".yaml", ".json", ".bin")) and "corpus" not in p.parts}


def test_shipped_bank_is_exactly_the_mined_bank(mined):
    out, _ = mined
    shipped = {k: v for k, v in _files(ROOT).items()
               if k.startswith(("templates/", "phrasebank/")) or k == "manifest.json"}
    fresh = _files(out)
    assert sorted(shipped) == sorted(fresh)
    for name in fresh:
        assert shipped[name] == fresh[name], f"{name} differs: run `drafter mine corpus/ -o . --force`"


def test_jobs_and_rerun_are_byte_identical(mined, tmp_path, cli):
    out, _ = mined
    r = cli("mine", CORPUS, "-o", tmp_path / "b2", "--jobs", "2")
    assert r.returncode == 0, r.stderr
    assert _files(tmp_path / "b2") == _files(out)


def test_bank_is_the_same_with_jieba_and_rjieba(mined, tmp_path, cli):
    # rjieba is jieba's fast path; with HMM off both cut the corpus into the same words
    pytest.importorskip("rjieba")
    r = cli("mine", CORPUS, "-o", tmp_path / "pure", env={"DRAFTER_SEGMENTER": "jieba"})
    assert r.returncode == 0, r.stderr
    assert _files(tmp_path / "pure") == _files(mined[0])
    manifest = json.loads((mined[0] / "manifest.json").read_text("utf-8"))
    assert "rjieba" in manifest["segmenter"] and "HMM off" in manifest["segmenter"]


def test_kind_grouping_accuracy(mined):
    from drafter.parser import parse_file
    _, result = mined
    gold = json.loads((GOLD / "documents.json").read_text("utf-8"))
    manifest = json.loads((mined[0] / "manifest.json").read_text("utf-8"))
    from drafter.mining.kinds import classify
    gk = {(g["seed"], g["start_line"]): g["kind"] for g in gold}
    mined_groups, gold_groups, pairs = defaultdict(set), defaultdict(set), []
    for f in sorted(CORPUS.glob("*.txt")):
        for d in parse_file(f):
            key = (f.name, d.start_line)
            k = classify(d, manifest["kinds"], manifest["features"])
            pairs.append((key, k, gk[key]))
            mined_groups[k].add(key)
            gold_groups[gk[key]].add(key)
    acc = sum(1 for key, k, g in pairs if mined_groups[k] == gold_groups[g]) / len(pairs)
    assert acc >= 0.9


def test_phrase_bank_quality(mined):
    _, result = mined
    phrases = result["phrases"]
    assert len(phrases) >= 300
    assert all(e["support"] >= 2 for e in phrases)
    for e in phrases:
        assert not re.search(r"\d|[xX]{2,}|<[A-Z]+>", e["text"]), e["text"]
        assert 1 <= len(e["examples"]) <= 3 and all(x["title"] for x in e["examples"])
    cats = {e["category"] for e in phrases}
    assert {"opener", "formula", "stock", "enumeration", "plan", "heading"} <= cats
    texts = {e["text"] for e in phrases}
    assert any(re.fullmatch(r"在\{\{ superior \}\}.*领导下", t) for t in texts)
    assert any(t.startswith("现将{{ period }}") and t.endswith("如下") for t in texts)
    assert "一是{{ first }}；二是{{ second }}；三是{{ third }}" in texts


def test_open_government_only_template_speaks_of_disclosure(tmp_path):
    from drafter.mining.miner import mine
    src = tmp_path / "og"
    src.mkdir()
    # the 政务公开 documents, cut out of the compilation by the parser itself
    from drafter.parser import parse_file
    lines = (CORPUS / "002_0f3bb0a146594841.txt").read_text("utf-8").split("\n")
    for d in parse_file(CORPUS / "002_0f3bb0a146594841.txt"):
        if d.title and "政务公开" in d.title:
            (src / f"{d.start_line}.txt").write_text("\n".join(lines[d.start_line - 1:d.end_line]), "utf-8")
    mine([src], tmp_path / "bank", jobs=1)
    [tpl] = list((tmp_path / "bank" / "templates").glob("*.j2"))
    text = tpl.read_text("utf-8")
    assert "主动公开" in text or "依申请公开" in text


def test_removing_a_document_changes_support(tmp_path):
    from drafter.mining.miner import mine
    src = tmp_path / "c"
    shutil.copytree(CORPUS, src)
    (src / "003_f7a6677d878e2b53.txt").unlink()
    small = mine([src], tmp_path / "b", jobs=1)["phrases"]
    full = json.loads((ROOT / "phrasebank" / "index.json").read_text("utf-8"))["entries"]
    before = {(e["category"], e["text"]): e["support"] for e in full}
    after = {(e["category"], e["text"]): e["support"] for e in small}
    assert any(after.get(k, 0) < v for k, v in before.items())


def test_top_phrases_are_not_fragments_or_names(mined):
    """The top 100 by support hold no phrase that mostly occurs inside a longer one, and no
    organisation name (those are slot fillers)."""
    from drafter.mining.phrases import _ORG_NAME
    _, result = mined
    entries = result["phrases"]
    top = [e for e in entries if e["form"] == "contiguous"][:100]
    longer = [e for e in entries if e["form"] == "contiguous"]
    for e in top:
        for o in longer:
            if o["text"] != e["text"] and e["text"] in o["text"] and len(o["text"]) - len(e["text"]) <= 8:
                assert o["support"] < 0.8 * e["support"], f"{e['text']} is a fragment of {o['text']}"
        assert not _ORG_NAME.fullmatch(e["text"]), e["text"]
        assert not e["text"].endswith(("下", "中")), e["text"]


def test_pruning_by_recurring_word_pairs_loses_nothing():
    """Extracting only n-grams made of recurring word pairs gives exactly the bank entries that
    extracting every n-gram gives."""
    from drafter.mining.config import MinerConfig
    from drafter.mining.phrases import extract_doc, frequent, gram_counts, jieba_cut, segment_doc, select
    from drafter.parser import parse_paths
    docs = parse_paths([CORPUS])[:20]
    cfg, cut = MinerConfig(), jieba_cut()
    segs = [segment_doc(d, cut) for d in docs]
    results = []
    for grams in (None, frequent(gram_counts(segs), cfg.min_support)):
        acc: dict = {}
        for i, seg in enumerate(segs):
            extract_doc(seg, i, cfg, grams, acc)
        results.append((len(acc), select(acc, cfg, ["k"] * len(docs), [d.title for d in docs])))
    (n_all, full), (n_pruned, pruned) = results
    assert n_pruned < n_all / 2          # the pruning does prune
    assert pruned == full and len(full) > 100


def test_phrase_bank_yaml_reads_back_exactly(mined):
    import yaml
    out, result = mined
    by_cat: dict = defaultdict(list)
    for e in result["phrases"]:
        by_cat[e["category"]].append(e)
    for cat, entries in by_cat.items():
        assert yaml.safe_load((out / "phrasebank" / f"{cat}.yaml").read_text("utf-8")) == entries


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_unreadable_corpus_file_is_skipped_with_a_warning(cli, tmp_path, jobs):
    """A binary file in a corpus directory is skipped with a warning naming it; the rest is
    mined, with one worker or several (the timeout guards against a hang, not for speed)."""
    src = tmp_path / "corpus"
    src.mkdir()
    shutil.copy(sorted(Path(CORPUS).glob("*.txt"))[0], src / "a.txt")
    (src / "b.txt").write_bytes(bytes(range(256)) * 40)
    r = cli("mine", src, "-o", tmp_path / "bank", "--jobs", jobs, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "警告" in r.stderr and "b.txt" in r.stderr and "编码" in r.stderr and "Traceback" not in r.stderr
    manifest = json.loads((tmp_path / "bank" / "manifest.json").read_text("utf-8"))
    assert manifest["corpus"]["files"] == ["a.txt"]
    r = cli("mine", src / "b.txt", src / "a.txt", "-o", tmp_path / "bank2", "--jobs", jobs, timeout=120)
    assert r.returncode == 2 and "b.txt" in r.stderr and "编码" in r.stderr    # named explicitly: refused
    assert not (tmp_path / "bank2").exists()


def test_mine_does_not_overwrite_a_bank_without_force(cli, tmp_path):
    out = tmp_path / "bank"
    (out / "templates").mkdir(parents=True)
    (out / "templates" / "mine.j2").write_text("hand-made", "utf-8")
    r = cli("mine", CORPUS, "-o", out)
    assert r.returncode == 2 and "--force" in r.stderr and "Traceback" not in r.stderr
    assert (out / "templates" / "mine.j2").read_text("utf-8") == "hand-made"
    assert not (out / "manifest.json").exists()
    r = cli("mine", CORPUS, "-o", out, "--force")
    assert r.returncode == 0, r.stderr
    assert (out / "manifest.json").exists() and not (out / "templates" / "mine.j2").exists()


@pytest.mark.parametrize("how", ["raise", "kill"])
def test_a_failing_worker_is_reported_without_traceback(tmp_path, how):
    """A worker process that fails or dies (as when out of memory) ends mining with a Chinese
    message and exit 1, no traceback, and no process left waiting (the timeout guards a hang)."""
    import subprocess
    import sys
    src = tmp_path / "corpus"
    src.mkdir()
    for f in sorted(Path(CORPUS).glob("*.txt"))[:2]:
        shutil.copy(f, src / f.name)
    script = tmp_path / "run.py"
    script.write_text(f"""
import os, sys
sys.path.insert(0, {str(ROOT)!r})
import drafter.mining.parallel as parallel
def broken(*args, **kwargs):
    if {how!r} == "kill":
        os.kill(os.getpid(), 9)
    raise ValueError("boom")
parallel.segment_doc = broken
sys.argv = ["drafter", "mine", {str(src)!r}, "-o", {str(tmp_path / "bank")!r}, "--jobs", "2"]
from drafter.cli import main
main()
""", "utf-8")
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60,
                       env={k: v for k, v in os.environ.items() if k != "DRAFTER_DEBUG"})
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr and "挖掘的辅助进程" in r.stderr
    assert not (tmp_path / "bank" / "manifest.json").exists()
