"""`drafter check`: what a reviewer would catch in a draft or report, before it is handed in.

    from drafter.check import check_paths
    results = check_paths(["草稿.docx"], unit="单位.yaml")   # [(file, [Finding, …]), …]

Each rule is one function `rule(src, ctx) -> Iterable[Finding]` in the module of its family
(leftovers, stale, numbering, figures, wording, copying, layout); this module only runs them.
Nothing here imports jieba, scikit-learn or python-docx.
"""
from __future__ import annotations

from pathlib import Path

from .findings import ERROR, NOTE, Finding, sort_key
from .source import Source, load

_RULES: tuple | None = None


def rules() -> tuple:
    """Every rule, in order. The rule modules load on first use: drafter mine imports this
    package only for its shingle file."""
    global _RULES
    if _RULES is None:
        from . import copying, figures, layout, leftovers, numbering, stale, wording
        _RULES = (leftovers.RULES + stale.RULES + numbering.RULES + figures.RULES + wording.RULES
                  + copying.RULES + layout.RULES)
    return _RULES


class Context:
    """What rules share across files: the bank (shingles, frames, unit names) and the layout
    profile, each loaded once, when a rule first asks."""

    def __init__(self, bank=None, layout_path=None):
        self.bank = bank
        self.layout_path = layout_path
        self._cache: dict = {}

    def _get(self, key, make):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def bank_dir(self):
        from ..bank import bank_dir
        return self._get("dir", lambda: bank_dir(self.bank))

    def manifest(self) -> dict:
        from ..bank import load_manifest
        return self._get("manifest", lambda: load_manifest(self.bank))

    def shingles(self):
        from .shingles import Shingles
        return self._get("shingles", lambda: Shingles.load(self.bank_dir()))

    def frame_hashes(self) -> frozenset:
        """Shingles never counted as copying: the kinds' frames and the standard wording."""
        from .shingles import exempt_hashes, frame_texts
        from .wording import standard_texts
        return self._get("frames", lambda: frozenset(exempt_hashes(
            frame_texts(self.manifest()["kinds"]) + standard_texts())))

    def bank_units(self) -> list[tuple[str, str]]:
        """(unit name, title of a corpus document it comes from)."""
        def make():
            sh = self.shingles()
            if sh is None:
                return []
            return [(n, sh.docs[di]["title"] or sh.docs[di]["file"]) for n, di in sh.units]
        return self._get("units", make)

    def use_layout(self, layout) -> None:
        """A profile already loaded (drafter render's), so it is not parsed twice."""
        self._cache["layout"] = layout

    def layout(self):
        from ..layout import load_layout
        return self._get("layout", lambda: load_layout(Path(self.layout_path) if self.layout_path else None))


def check_source(src: Source, ctx: Context) -> list[Finding]:
    found = set()
    for rule in rules():
        found.update(rule(src, ctx))
    return sorted(found, key=sort_key)


def load_unit_for_check(unit_path, bank=None):
    from ..bank import known_kinds
    from ..unit import load_unit
    return load_unit(Path(unit_path), known_kinds(bank))


def check_paths(paths, unit=None, bank=None, layout=None) -> list[tuple[str, list[Finding]]]:
    """Every file read (and refused with exit 2 if unreadable) before any is checked."""
    u = load_unit_for_check(unit, bank) if unit else None
    ctx = Context(bank, layout)
    if layout:
        ctx.layout()     # a broken profile is bad input: refuse before checking
    sources = [load(p, u) for p in paths]
    return [(s.path, check_source(s, ctx)) for s in sources]


def check_file(path, unit=None, ctx: Context | None = None) -> list[Finding]:
    """One file with an already loaded unit (drafter render checks what it wrote)."""
    return check_source(load(path, unit), ctx or Context())


__all__ = ["ERROR", "NOTE", "Finding", "Context", "check_paths", "check_file", "check_source"]
