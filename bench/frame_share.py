"""Share of each example draft that is mined frame wording.

    python bench/frame_share.py [--bank DIR]

Each example of examples/ is rendered to text with the bank. What a character of the draft is:
the unit's own (any text value of its YAML, its names, period and date, as they are filled in),
derived-figure wording (describe() of each figure), numbering (一、 （一） 一是), punctuation, or
else wording the template brought: the title's genre words, headings, frame sentences and
formulae, all mined. The share printed is that last part over all characters but whitespace.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.bank import bank_dir, known_kinds  # noqa: E402
from drafter.figures import Figure, describe  # noqa: E402
from drafter.fill import build_context, render_text  # noqa: E402
from drafter.unit import load_unit  # noqa: E402

_NUMBERING = re.compile(r"(?m)^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）|[一二三四五六七八九十]+是")
_PUNCT = re.compile(r"[\s，。、；：！？“”‘’（）《》〔〕【】—…,.;:!?()\"'%]")


def _unit_strings(unit, ctx) -> list[str]:
    out = [ctx["unit"]["name"], ctx["unit"]["short"], ctx["unit"]["superior"], ctx["unit"]["place"],
           ctx["unit"]["scope"], ctx["period"]["label"], ctx["period"]["next_label"], ctx["date_cn"],
           f"{unit.period.year}年", f"{unit.period.year + 1}年", ctx["period"]["span"], ctx["signature_unit"]]
    if ctx.get("overview"):
        out.append(ctx["overview"])
    for s in ctx["sections"]:
        out += [s["title"], s.get("summary") or ""]
        for it in s["items"]:
            out.append(it["text"])
            for f in it["figures"]:
                out.append(describe(Figure(value=f["value"], unit=f["unit"], name=f.get("name") or "",
                                           previous=f.get("previous"), target=f.get("target"))))
        out += s["sentences"]
    out += ctx["highlights"] + ctx["problems"]
    for p in ctx["plans"]:
        out += [p["title"] or "", p["text"] or ""]
    out += [v for v in ctx["headings"].values() if v] + [v for v in ctx["frame"].values() if v]
    if ctx.get("title"):
        out.append(ctx["title"])
    return sorted({s.rstrip("。；，") for s in out if s}, key=len, reverse=True)


def frame_share(yaml_path: Path, bank: Path) -> tuple[float, int, int]:
    unit = load_unit(yaml_path, known_kinds(bank))
    text = render_text(unit, bank)
    total = len(_PUNCT.sub("", text))
    rest = text
    for s in _unit_strings(unit, build_context(unit)):
        rest = rest.replace(s, "\0")
    rest = _NUMBERING.sub("\0", rest)
    mined = len(_PUNCT.sub("", rest.replace("\0", "")))
    return mined / total if total else 0.0, mined, total


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bank", default=None)
    args = ap.parse_args(argv)
    bank = bank_dir(args.bank)
    print(f"{'example':32} {'kind':22} {'frame chars':>11} {'all chars':>9} {'share':>6}")
    for y in sorted((ROOT / "examples").glob("*.yaml")):
        share, mined, total = frame_share(y, bank)
        kind = load_unit(y, known_kinds(bank)).kind
        print(f"{y.name:32} {kind:22} {mined:11d} {total:9d} {share:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
