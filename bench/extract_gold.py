"""How much of real reports `drafter extract` keeps, on every document of the corpus and of
../shared/outside/ (their header stripped, as their README says).

Usage: python bench/extract_gold.py [DIR ...]   (default: corpus/ and ../shared/outside/)

Per document: exit status of the extraction (0, or 2 with the reason), whether the YAML
validates, whether it renders as is and after its empty values (masked figures) are filled
with a stand-in 1, the share of body characters kept somewhere (a field, the words the template
writes itself, or unplaced: compared as multisets of letters, digits and CJK characters), and
of the figures with a unit that the masking finds, how many come out as structured figures
(an amount with the same value and unit, or a change/target figure folded into one), and where
the others are (the part of the YAML whose words hold them).
"""
from __future__ import annotations

import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.bank import bank_dir, known_kinds  # noqa: E402
from drafter.errors import DrafterError  # noqa: E402
from drafter.extract import _render_plain, extract_document, read_document  # noqa: E402
from drafter.fill import environment  # noqa: E402
from drafter.figure_text import amount  # noqa: E402
from drafter.masking import find_slots  # noqa: E402
from drafter.parser import parse_file  # noqa: E402
from drafter.unit import parse_unit  # noqa: E402

_KEEP = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]")


def _bag(text: str) -> Counter:
    # a publisher's mask (xx, XX) becomes an empty value or 某 on purpose: its letters are not text
    return Counter(_KEEP.findall(re.sub(r"[xXｘＸ×]", "", text)))


def _source(path: Path, tmp: Path) -> Path:
    """outside/ files: drop the header up to the ===== separator."""
    text = path.read_text("utf-8", errors="replace")
    m = re.search(r"^=+[^\n]*=+\s*$", text, re.M)
    if m and m.start() < 2000:
        out = tmp / path.name
        out.write_text(text[m.end():].lstrip("\n"), "utf-8")
        return out
    return path


def _unit_figures(doc) -> list:
    """Masking's slots that are figures with a unit: (text, value, unit)."""
    out = []
    for ln in doc.text_lines():
        for sl in find_slots(ln):
            if sl.type in ("NUM", "MNUM", "PCT", "MPCT") and re.search(r"[^\d.,\s]$", sl.text):
                a = amount(sl.text.replace(" ", ""))
                out.append((sl.text, a[1] if a else None, a[2] if a else None, sl.type))
    return out


def _covered(slot, figs) -> bool:
    text, value, unit, typ = slot
    for f in figs:
        if text not in f.words:
            continue
        if value is None and unit is None:
            return True            # a unit the masking cuts oddly (万亿元): the figure holds it
        if typ in ("PCT", "MPCT") and f.unit not in ("%", "％") and "%" in text:
            return True            # a change or a progress share folded into the figure
        # the masking's unit list is shorter than figure_text's (场 of 场次): a prefix is the same unit
        if value == f.value and unit is not None and f.unit.lstrip("余多").startswith(unit.lstrip("余多")):
            return True
        if f.value is None and typ.startswith("M"):
            return True
        if typ == "PCT" and "个百分点" in text:
            return True
    return False


_PLACES = (("overview", "总体情况"), ("title", "标题"), ("sections", "主要工作"), ("highlights", "特色亮点"),
           ("problems", "存在问题"), ("plans", "下一步打算"), ("headings", "一级标题"), ("frame", "框架句"),
           ("unplaced", "未归入"))


def _where(data: dict, text: str) -> str:
    """The part of the YAML whose words hold a figure that was not structured."""
    import json
    for key, label in _PLACES:
        if key in data and text in json.dumps(data[key], ensure_ascii=False, default=str):
            return label
    return "其他（打码后写作“某”等）"


def _miss_kind(slot, data: dict) -> str:
    text, value, unit, typ = slot
    if value is None and not typ.startswith("M"):
        return "不是阿拉伯数字的数量（一批、二期、3700多万）"
    return _where(data, text.replace(" ", ""))


def run(dirs: list[Path]) -> int:
    bdir = bank_dir(None)
    env = environment(bdir)
    kinds = known_kinds()
    rows = []
    tot = Counter()
    misses = Counter()
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        files = [f for d in dirs for f in sorted(d.glob("*.txt")) if f.name != "README.md"]
        for f in files:
            src = _source(f, tmp)
            docs = [d for d in parse_file(src) if d.blocks or d.title]
            for n, d0 in enumerate(docs, 1):
                tot["docs"] += 1
                name = f"{f.name[:40]}#{n}"
                try:
                    d = read_document(str(src), n)
                    ex = extract_document(d)
                except DrafterError as e:
                    rows.append((name, f"exit 2：{e.message[:40]}"))
                    tot["refused"] += 1
                    continue
                except Exception as e:    # a crash is a finding, not the end of the run
                    rows.append((name, f"内部错误：{type(e).__name__}: {e}"))
                    tot["crashed"] += 1
                    continue
                tot["exit0"] += 1
                try:
                    u = parse_unit(ex.yaml, name, kinds, allow_empty=True)
                    tot["valid"] += 1
                except DrafterError as e:
                    rows.append((name, f"YAML 无效：{e}"))
                    continue
                try:
                    parse_unit(ex.yaml, name, kinds)
                    tot["renders_as_is"] += 1
                except DrafterError:
                    pass
                try:
                    draft = _render_plain(ex.data, ex.data.get("frame") or {}, bdir, env)
                    tot["renders_filled"] += 1
                except DrafterError as e:
                    rows.append((name, f"生成失败：{e}"))
                    draft = ""
                kept_text = draft + "".join(x["text"] for x in ex.data.get("unplaced") or [])
                body = _bag("".join(d.text_lines()))
                kept = sum(min(c, kept_text_bag[k]) for k, c in body.items()) if (kept_text_bag := _bag(kept_text)) else 0
                slots = _unit_figures(d)
                hit = sum(_covered(s, ex.figures) for s in slots)
                for sl in slots:
                    if not _covered(sl, ex.figures):
                        misses[_miss_kind(sl, ex.data)] += 1
                tot["chars"] += sum(body.values())
                tot["kept"] += kept
                tot["slots"] += len(slots)
                tot["hit"] += hit
                share = kept / max(1, sum(body.values()))
                tot["docs_95"] += share >= 0.95
                rows.append((name, f"保留 {share:.1%}，数据 {hit}/{len(slots)}，未归入 {len(ex.data.get('unplaced') or [])} 段"
                                   f"{'' if u else ''}"))
    for name, what in rows:
        print(f"{name:46} {what}")
    print()
    print(f"文档 {tot['docs']}：exit 0 {tot['exit0']}，拒绝 {tot['refused']}，内部错误 {tot['crashed']}，YAML 有效 {tot['valid']}，"
          f"直接可生成 {tot['renders_as_is']}，填入空值后可生成 {tot['renders_filled']}")
    print(f"正文字符保留 {tot['kept']}/{tot['chars']} = {tot['kept'] / max(1, tot['chars']):.1%}；"
          f"保留 ≥95% 的文档 {tot['docs_95']}/{tot['valid']}")
    print(f"带单位的数据成为结构化数据 {tot['hit']}/{tot['slots']} = {tot['hit'] / max(1, tot['slots']):.1%}")
    print("未成为结构化数据的，按所在位置：" + "，".join(f"{k} {n}" for k, n in misses.most_common()))
    return 0


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]] or [ROOT / "corpus", ROOT.parent / "shared" / "outside"]
    sys.exit(run([a for a in args if a.is_dir()]))
