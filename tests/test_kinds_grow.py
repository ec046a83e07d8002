"""Kinds hold as a corpus grows: mining the corpus plus real reports from outside it keeps every
shipped kind of three or more documents with exactly its documents, and names stay unique,
place-free and backed by a skeleton."""
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT
from drafter.mining.config import MinerConfig
from drafter.mining.kinds import cluster_documents
from drafter.parser import parse_paths

OUTSIDE = ROOT.parent / "shared" / "outside"
PLACE = re.compile(r"省|市|县|区|镇|乡|街道|村|国务院|中华人民共和国|片区|实验区")


def _strip_header(text: str) -> str:
    """The outside files start with a source header ending in a ==========-line."""
    lines = text.splitlines()
    for i, ln in enumerate(lines):
        if ln.rstrip().endswith("=========="):
            return "\n".join(lines[i + 1:]) + "\n"
    return text


@pytest.fixture(scope="module", params=["stripped", "raw"])
def grown(request, tmp_path_factory):
    """The corpus plus the outside reports, with their source headers stripped (as their
    README says) or as stored (a web archive's metadata block on top)."""
    if not OUTSIDE.is_dir():
        pytest.skip("../shared/outside/ is not beside this clone")
    d = tmp_path_factory.mktemp("grown")
    for f in sorted(CORPUS.glob("*.txt")):
        shutil.copy(f, d / f.name)
    for f in sorted(OUTSIDE.glob("*.txt")):
        text = f.read_text("utf-8")
        (d / ("zz_" + f.name)).write_text(_strip_header(text) if request.param == "stripped" else text, "utf-8")
    return d


def _groups(paths) -> dict:
    docs = parse_paths(paths)
    labels, _ = cluster_documents(docs, MinerConfig())
    out: dict = {}
    for d, l in zip(docs, labels):
        out.setdefault(l, set()).add((Path(d.file).name, d.start_line))
    return out


def test_shipped_kinds_survive_with_their_documents(grown):
    shipped = [g for g in _groups([CORPUS]).values() if len(g) >= 3]
    assert len(shipped) >= 4
    grown_groups = _groups([grown])
    corpus_names = {f.name for f in CORPUS.glob("*.txt")}
    for g in shipped:
        corpus_part = [{m for m in gg if m[0] in corpus_names} for gg in grown_groups.values()]
        assert g in corpus_part, sorted(g)


def test_grown_bank_kind_names(grown, tmp_path):
    from drafter.mining.miner import mine
    mine([grown], tmp_path / "bank", jobs=1)
    kinds = json.loads((tmp_path / "bank" / "manifest.json").read_text("utf-8"))["kinds"]
    names = [k["name"] for k in kinds]
    assert len(names) == len(set(names)), names
    assert not [n for n in names if PLACE.search(n)], names
    assert all(k["skeleton"] for k in kinds), [(k["name"], k["skeleton"]) for k in kinds]
    assert "无标题文档" not in names
    # the annual government reports from outside are a kind of their own, not the half-year one
    by_name = {k["name"]: k for k in kinds}
    assert "年度政府工作报告" in by_name and "上半年政府工作报告" in by_name


def test_default_bank_does_not_call_an_annual_report_half_year():
    from drafter.bank import classify_documents
    text = ("2026年某省政府工作报告\n——2026年1月26日在某省第十四届人民代表大会第四次会议上\n各位代表：\n"
            "现在，我代表省人民政府向大会报告工作，请予审议。\n一、2025年工作回顾\n过去一年，我们砥砺前行。\n"
            "二、2026年重点工作\n今年要着力抓好以下工作。\n")
    from drafter.parser import parse_text
    docs = parse_text(text)
    classify_documents(docs)
    assert docs[0].kind != "gov-report-h1"


def test_a_kind_name_shared_by_two_kinds_is_refused(tmp_path):
    from drafter.bank import resolve_kind
    from drafter.errors import BankError
    bank = tmp_path / "bank"
    shutil.copytree(ROOT / "templates", bank / "templates")
    shutil.copytree(ROOT / "phrasebank", bank / "phrasebank")
    m = json.loads((ROOT / "manifest.json").read_text("utf-8"))
    m["kinds"][1]["name"] = m["kinds"][0]["name"]
    (bank / "manifest.json").write_text(json.dumps(m, ensure_ascii=False), "utf-8")
    with pytest.raises(BankError):
        resolve_kind(m["kinds"][0]["name"], bank)
    assert resolve_kind(m["kinds"][1]["id"], bank)[0] == m["kinds"][1]["id"]


def _outside_places() -> set:
    """Places and local units named by the outside files: the province in prov2026_<place>_…,
    the area in pingtan_<area>片区管理局…, and the zone every pingtan header title starts with."""
    places = set()
    heads = []
    for f in OUTSIDE.glob("*.txt"):
        parts = f.stem.split("_")
        if parts[0] == "prov2026":
            places.add(parts[1])
            places.add(parts[1][:-1])          # 上海 as well as 上海市
        m = re.match(r"pingtan_(.+?)片区", f.name)
        if m:
            places.add(m.group(1))
        if parts[0] == "pingtan":
            t = re.search(r"^标题:\s*(.+)$", f.read_text("utf-8"), re.M)
            if t:
                heads.append(t.group(1))
    if heads:
        common = heads[0]
        for h in heads[1:]:
            while not h.startswith(common):
                common = common[:-1]
        if len(common) >= 2:
            places.add(common)
            places.add(common[:2])
    return {p for p in places if len(p) >= 2}


def test_grown_bank_top_phrases_are_the_genres(grown, tmp_path):
    from drafter.mining.miner import mine
    mine([grown], tmp_path / "bank", jobs=1)
    entries = json.loads((tmp_path / "bank" / "phrasebank" / "index.json").read_text("utf-8"))["entries"]
    top = sorted(entries, key=lambda e: (-e["support"], -e["count"], e["category"], e["text"]))[:100]
    places = _outside_places()
    assert len(places) >= 10
    assert not [e["text"] for e in top if any(p in e["text"] for p in places)]
    # a fragment: a phrase inside a longer bank phrase that holds most of its support
    texts = {e["text"]: e["support"] for e in entries}
    fragments = [e["text"] for e in top
                 if any(e["text"] in t and t != e["text"] and s >= 0.8 * e["support"] for t, s in texts.items())]
    assert len(fragments) <= 5, fragments
    # examples are sentences, not headings
    heads = {h.text for d in parse_paths([grown]) for h in d.headings}
    assert not [x["text"] for e in top for x in e["examples"] if x["text"].rstrip("。") in heads]
