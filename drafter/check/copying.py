"""查重: passages of a paragraph shared with a document of the corpus the bank was mined from.

Each paragraph's shingles are looked up in the bank's shingle file (shingles.py). Matched
positions with no more than one character's worth of unmatched shingles (K) between them form
one passage, so a changed character does not cut a copied paragraph in two; the passage's ends
run on over positions whose shingle the file does not sample (it may be shared there). Standard
wording (frames, formulae, figures' derived wording) is never bridged. A passage of at least
MIN_CHARS characters is reported with the document most of its shingles come from.
"""
from __future__ import annotations

import re
from collections import Counter

from .findings import ERROR, NOTE, Finding
from .shingles import hashes, normalise

MIN_CHARS = 30
LONG_CHARS = 60
# The derived wording figures get (同比增长12.3%, 完成全年目标的45%): every report's, not copying.
_DERIVED = re.compile(r"同比(?:增长|下降|提高|降低|增加|减少|新增)[0-9.xX]*(?:%|个百分点)?|"
                      r"完成(?:全年|年度)(?:目标|任务|计划)(?:任务)?的?[0-9.xX]*%?|与上年持平|超额完成(?:任务)?")
_PUNCT = "，。、；：！？“”‘’（）《》〈〉【】—…·,.;:!?()[]\"' 　"


def passages(text: str, sh, exempt=frozenset()) -> list[tuple[int, int, int]]:
    """(start, end, document index) of the passages of `text` shared with the corpus."""
    norm, pos = normalise(text)
    k = sh.k
    hs = hashes(norm, k)
    if not hs:
        return []
    # per position: None = not sampled (unknown), -1 = not in the corpus, -2 = standard wording
    # (never bridged: a stock line between two pieces does not join them into one passage), else doc
    state = [-2 if h in exempt else None if not sh.kept(h) else (sh.doc(h) if sh.doc(h) is not None else -1)
             for h in hs]
    for m in _DERIVED.finditer(text):     # drafter's own wording of figures is the genre's
        for i in range(len(state)):
            if pos[i] < m.end() and pos[i + k - 1] >= m.start():
                state[i] = -2
    found = []
    runs: list[list[int]] = []
    misses: list[int] = []      # sampled, unmatched positions since the current run's last match
    for i, s in enumerate(state):
        if s is None:
            continue
        if s == -2:
            misses = list(range(i - k, i + 1))     # more than one edit's worth: the run ends
            continue
        if s < 0:
            misses.append(i)
            continue
        # one changed character spoils the K shingles over it, no more: the run goes on
        if runs and (not misses or misses[-1] - misses[0] < k):
            runs[-1].append(i)
        else:
            runs.append([i])
        misses = []
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
        yield Finding(0, NOTE, "copying", "模板库中没有查重数据（phrasebank/shingles.bin），未做查重",
                      "用当前版本的 drafter mine 重新生成模板库")
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
            # a whole paragraph, or a long run, is copying; a shorter shared run may be wording
            # the genre shares with the corpus
            long = end - start >= LONG_CHARS or end - start >= len(text.strip(_PUNCT)) * 0.8
            yield Finding(no, ERROR if long else NOTE, "copying",
                          f"有{end - start}字与语料《{title}》相同：“{shown}”",
                          "用本单位的实际情况重写这一段", source=title)


RULES = [copied_passages]
