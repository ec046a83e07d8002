"""Standard political wording (规范表述): fixed formulae in their exact form.

The list is data (drafter/data/formulae.yaml), each entry with its source; a rule here only
matches the wrong forms it lists.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from .findings import ERROR, Finding


@lru_cache(maxsize=1)
def _data() -> dict:
    import yaml
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(resources.files("drafter.data").joinpath("formulae.yaml").read_text("utf-8"), Loader=loader)


@lru_cache(maxsize=1)
def formulae() -> list[tuple[str, str, list[re.Pattern]]]:
    return [(e["text"], e["source"], [re.compile(w) for w in e.get("wrong") or []]) for e in _data()["formulae"]]


def standard_texts() -> list[str]:
    """The right forms and the stock lines: wording every report is meant to repeat (not copying)."""
    return [e["text"] for e in _data()["formulae"]] + list(_data().get("stock") or [])


def standard_wording(src, ctx):
    for no, text in src.text_lines():
        flat = text.replace(" ", "")
        for right, source, wrongs in formulae():
            for rx in wrongs:
                for m in rx.finditer(flat):
                    yield Finding(no, ERROR, "wording.formula",
                                  f"“{m.group()}”不是规范表述，应为“{right}”（{source}）", f"改为“{right}”")


RULES = [standard_wording]
