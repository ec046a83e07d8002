"""Score the document splitter and outline parser against the hand-checked gold annotation.

Usage: python bench/parse_gold.py [GOLD_DIR] [CORPUS_DIR]
Prints documents found (exact start_line and title), heading precision/recall by
(line, level) leaving out gold headings flagged optional or list_item (a prediction
on such a line counts neither way), and signature blocks found; then the same documents each
joined into one line (run-on text, as web pages that lost their breaks show it), headings by
level and text.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.parser import parse_file, parse_text  # noqa: E402


def score(gold_dir: Path, corpus_dir: Path) -> dict:
    gold_docs = json.loads((gold_dir / "documents.json").read_text("utf-8"))
    outlines = {o["doc_id"]: o for o in json.loads((gold_dir / "outlines.json").read_text("utf-8"))}
    seeds = sorted({d["seed"] for d in gold_docs})
    predicted = {seed: parse_file(corpus_dir / seed) for seed in seeds}
    found = exact = tp = fp = fn = sig_ok = sig_total = 0
    misses = []
    for g in gold_docs:
        preds = {d.start_line: d for d in predicted[g["seed"]]}
        d = preds.get(g["start_line"])
        if d is None:
            misses.append(f"missing document {g['doc_id']} at line {g['start_line']}")
            continue
        found += 1
        if d.title == g["title"]:
            exact += 1
        else:
            misses.append(f"title {g['doc_id']}: {d.title!r} != {g['title']!r}")
        if g["has_signature"]:
            sig_total += 1
            if d.signature and d.signature.unit == g["signature_unit"] and d.signature.date == g["signature_date"]:
                sig_ok += 1
            else:
                misses.append(f"signature {g['doc_id']}: {d.signature}")
        elif d.signature:
            misses.append(f"false signature {g['doc_id']}: {d.signature}")
        gh = outlines[g["doc_id"]]["headings"]
        ignore = {h["line"] for h in gh if h.get("optional") or h.get("list_item")}
        gold_set = {(h["line"], h["level"]) for h in gh if h["line"] not in ignore}
        pred_set = {(h.line, h.level) for h in d.headings if h.line not in ignore}
        tp += len(gold_set & pred_set)
        fp += len(pred_set - gold_set)
        fn += len(gold_set - pred_set)
        for x in sorted(pred_set - gold_set):
            misses.append(f"FP {g['doc_id']} {x}")
        for x in sorted(gold_set - pred_set):
            misses.append(f"FN {g['doc_id']} {x}")
    extra = sum(len(v) for v in predicted.values()) - found
    return {
        "documents_gold": len(gold_docs), "documents_found": found, "titles_exact": exact,
        "extra_documents": extra,
        "heading_precision": tp / (tp + fp) if tp + fp else 0.0,
        "heading_recall": tp / (tp + fn) if tp + fn else 0.0,
        "signatures_found": sig_ok, "signatures_gold": sig_total, "misses": misses,
    }


def score_joined(gold_dir: Path, corpus_dir: Path) -> dict:
    """Each gold document joined into one line, as a web page that lost its paragraph breaks
    shows it: headings matched by (level, text), as a multiset, over the whole document."""
    from collections import Counter
    gold_docs = json.loads((gold_dir / "documents.json").read_text("utf-8"))
    outlines = {o["doc_id"]: o for o in json.loads((gold_dir / "outlines.json").read_text("utf-8"))}
    files = {}
    tp = fp = fn = 0
    misses = []
    for g in gold_docs:
        if g["seed"] not in files:
            files[g["seed"]] = (corpus_dir / g["seed"]).read_text("utf-8").splitlines()
        raw = files[g["seed"]][g["start_line"] - 1:g["end_line"]]
        joined = "".join(ln.strip() for ln in raw)
        pred = Counter((h.level, h.text) for d in parse_text(joined) for h in d.headings)
        gh = outlines[g["doc_id"]]["headings"]
        ignore = {(h["level"], h["heading"]) for h in gh if h.get("optional") or h.get("list_item")}
        ignore_text = {t for _, t in ignore}
        want = Counter((h["level"], h["heading"]) for h in gh
                       if not (h.get("optional") or h.get("list_item")))
        pred = Counter({k: v for k, v in pred.items() if k[1] not in ignore_text or k in want})
        hit = want & pred
        tp += sum(hit.values())
        fp += sum((pred - want).values())
        fn += sum((want - pred).values())
        for x in sorted(pred - want):
            misses.append(f"joined FP {g['doc_id']} {x}")
        for x in sorted(want - pred):
            misses.append(f"joined FN {g['doc_id']} {x}")
    return {"heading_precision": tp / (tp + fp) if tp + fp else 0.0,
            "heading_recall": tp / (tp + fn) if tp + fn else 0.0, "misses": misses}


def main() -> None:
    gold = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "gold"
    corpus = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "corpus"
    r = score(gold, corpus)
    print(f"documents found      {r['documents_found']}/{r['documents_gold']} "
          f"(exact title {r['titles_exact']}, extra {r['extra_documents']})")
    print(f"heading precision    {r['heading_precision']:.4f}")
    print(f"heading recall       {r['heading_recall']:.4f}")
    print(f"signature blocks     {r['signatures_found']}/{r['signatures_gold']}")
    for m in r["misses"]:
        print("  ", m)
    j = score_joined(gold, corpus)
    print("each document joined into one line (headings by level and text):")
    print(f"heading precision    {j['heading_precision']:.4f}")
    print(f"heading recall       {j['heading_recall']:.4f}")
    for m in j["misses"]:
        print("  ", m)


if __name__ == "__main__":
    main()
