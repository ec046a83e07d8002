"""查重: passages of a paragraph shared with a document of the corpus the bank was mined from.

Each paragraph's shingles are looked up in the bank's shingle file (shingles.py). Matched
positions closer than one edit apart (K+1) form one passage, so a changed character does not
cut a copied paragraph in two; the passage's ends run on over positions whose shingle the
file does not sample (it may be shared there). A passage of at least MIN_CHARS characters is
reported with the document most of its shingles come from.
"""
from __future__ import annotations

from collections import Counter

from .findings import ERROR, Finding
from .shingles import hashes, normalise

MIN_CHARS = 30
_PUNCT = "，。、；：！？“”‘’（）《》〈〉【】—…·,.;:!?()[]\"' 　"


def passages(text: str, sh, exempt=frozenset()) -> list[tuple[int, int, int]]:
    """(start, end, document index) of the passages of `text` shared with the corpus."""
    norm, pos = normalise(text)
    k = sh.k
    hs = hashes(norm, k)
    if not hs:
        return []
    # per position: None = not sampled (unknown), -1 = sampled and not in the corpus, else doc
    state = [None if not sh.kept(h) else -1 if h in exempt else (sh.doc(h) if sh.doc(h) is not None else -1)
             for h in hs]
    found = []
    runs: list[list[int]] = []
    for i, s in enumerate(state):
        if s is None or s < 0:
            continue
        if runs and i - runs[-1][-1] <= k + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        a, b = run[0], run[-1]
        while a > 0 and state[a - 1] is None:
            a -= 1
        while b + 1 < len(state) and state[b + 1] is None:
            b += 1
        start, end = pos[a], pos[b + k - 1] + 1
        # nothing but punctuation left before or after: the whole paragraph is shared
        if not text[:start].strip(_PUNCT):
            start = 0
        if not text[end:].strip(_PUNCT):
            end = len(text)
        doc = Counter(state[i] for i in run).most_common(1)[0][0]
        found.append((start, end, doc))
    return found


def copied_passages(src, ctx):
    sh = ctx.shingles()
    if sh is None:
        return
    exempt = ctx.frame_hashes()
    for no, text in src.text_lines():
        for start, end, di in passages(text, sh, exempt):
            if end - start < MIN_CHARS:
                continue
            d = sh.docs[di]
            title = d["title"] or f"{d['file']} 第{d['line']}行起的无标题文档"
            shared = text[start:end]
            shown = shared if len(shared) <= 60 else shared[:28] + "……" + shared[-28:]
            yield Finding(no, ERROR, "copying",
                          f"有{end - start}字与语料《{title}》相同：“{shown}”",
                          "用本单位的实际情况重写这一段", source=title)


RULES = [copied_passages]
