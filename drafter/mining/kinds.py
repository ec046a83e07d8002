"""Document kinds: cluster documents by what their titles and level-1 headings say about
time span and genre (上半年工作总结, 年度工作总结和下一年工作计划, 政府工作报告, …).

Features are TF-IDF weighted character n-grams of (a) the title reduced to its genre
part and (b) the period/genre phrases of level-1 headings. The vectoriser is our own
small one so that `drafter parse` can classify with the manifest alone; the agglomerative
clustering is ours too, on numpy (scikit-learn took longer to import than the corpus takes
to segment).
"""
from __future__ import annotations

import math
import re
from collections import Counter

from .config import MinerConfig

_YEAR = re.compile(r"(?:19|20)\d{2}|[xX]{4}")
_PERIOD_START = re.compile(r"Y年|上半年|下半年|全年|年度|今年|本年")
_TRAILING_NOTE = re.compile(r"[（(][^）)]{1,10}[)）]$")
# Period + genre phrases inside a heading: "2024年工作计划", "下半年工作思路", "上半年工作回顾".
_GENRE_PHRASE = re.compile(r"(?:Y年|上半年|下半年|今年|明年|全年|下步|下一步)*(?:政务公开|政府)?(?:工作)?"
                           r"(?:总结|回顾|计划|安排|思路|打算|重点|任务|报告)")


# Who issued a report is not its genre: a place or government named after the year
# (2026年某省政府工作报告, 2022年中华人民共和国国务院政府工作报告) is dropped.
_ISSUER = re.compile(r"(?:中华人民共和国)?国务院|(?<=Y年)(?![上下]半年|度)[^Y，。\s]{1,8}?(?:特别行政区|自治区|自治州|省|市|县|区|旗|州|盟)"
                     r"(?=(?:人民)?政府工作报告)")
_SUMMARY_HEAD = re.compile(r"(?:Y年|上半年|下半年|全年|今年)[^，。]{0,12}?(?:总结|回顾|成效|完成情况|开展情况|工作情况)")
_PLAN_HEAD = re.compile(r"(?:Y年|下半年|明年|下一步|下步)[^，。]{0,12}?(?:计划|思路|安排|打算|重点工作|工作重点|任务)")


def kind_title(doc) -> str | None:
    """The title a document's kind is read from: its own, or, for a document without one,
    the genre its level-1 headings name (2022年工作总结 … 2023年工作计划 → Y年工作总结及Y年工作计划)."""
    if doc.title:
        return doc.title
    heads = [_YEAR.sub("Y", h.text) for h in doc.headings if h.level == 1]
    summary = next((m.group(0) for t in heads for m in [_SUMMARY_HEAD.search(t)] if m), None)
    plan = next((m.group(0) for t in heads for m in [_PLAN_HEAD.search(t)] if m), None)
    if not summary and not plan:
        return None
    half = any("上半年" in t for t in heads)
    if summary:
        summary = ("Y年上半年" if half else "Y年") + ("工作总结" if "半年" not in summary or half else "工作总结")
    if plan:
        plan = ("下半年" if half else "Y年") + "工作计划"
    return "及".join(p for p in (summary, plan) if p)


def naming_titles(members) -> list[str]:
    """The titles a kind is named from: its documents' own, or, where none has one, the
    titles their headings imply."""
    own = [d.title for d in members if d.title]
    return own or [t for t in map(kind_title, members) if t]


def genre_title(title: str | None) -> str:
    """'民政局2023年度上半年工作总结' → 'Y年上半年工作总结': the part of a title that names its genre."""
    if not title:
        return ""
    t = _TRAILING_NOTE.sub("", title)
    t = _YEAR.sub("Y", t).replace("年度", "年").replace("Y年Y年", "Y年")
    m = _PERIOD_START.search(t)
    if m:
        t = t[m.start():]
    t = _ISSUER.sub("", t).replace("人民政府工作报告", "政府工作报告")
    return re.sub(r"[xX]+", "", t)


def heading_genre(doc) -> str:
    phrases = []
    for h in doc.headings:
        if h.level == 1:
            phrases += [m.group(0) for m in _GENRE_PHRASE.finditer(_YEAR.sub("Y", h.text))]
    return " ".join(phrases)


def char_ngrams(s: str, lo: int, hi: int) -> Counter:
    s = " ".join(s.split())
    return Counter(s[i:i + n] for n in range(lo, hi + 1) for i in range(len(s) - n + 1))


class Tfidf:
    """Character n-gram TF-IDF (sublinear tf, smoothed idf, l2 norm), serialisable as a dict."""

    def __init__(self, lo: int, hi: int, min_df: int, idf: dict | None = None):
        self.lo, self.hi, self.min_df = lo, hi, min_df
        self.idf = idf or {}

    def fit(self, texts: list[str]) -> "Tfidf":
        df = Counter()
        for t in texts:
            df.update(set(char_ngrams(t, self.lo, self.hi)))
        n = len(texts)
        self.idf = {g: math.log((1 + n) / (1 + c)) + 1 for g, c in sorted(df.items()) if c >= self.min_df}
        return self

    def vector(self, text: str, weight: float = 1.0) -> dict:
        tf = char_ngrams(text, self.lo, self.hi)
        v = {g: (1 + math.log(c)) * self.idf[g] for g, c in tf.items() if g in self.idf}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {g: weight * x / norm for g, x in v.items()}

    def to_json(self) -> dict:
        return {"ngram": [self.lo, self.hi], "idf": {g: round(x, 6) for g, x in self.idf.items()}}

    @classmethod
    def from_json(cls, d: dict) -> "Tfidf":
        return cls(d["ngram"][0], d["ngram"][1], 1, d["idf"])


def doc_vector(doc, title_tf: Tfidf, head_tf: Tfidf, head_weight: float) -> dict:
    v = {"t:" + g: x for g, x in title_tf.vector(genre_title(doc.title)).items()}
    v.update({"h:" + g: x for g, x in head_tf.vector(heading_genre(doc), head_weight).items()})
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {g: x / norm for g, x in v.items()}


def _cosine(a: dict, b: dict) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(g, 0.0) for g, x in a.items())


def period(title: str | None) -> str:
    """The span a report covers, from its (genre) title: h1, h2, annual, or '' if unsaid.
    Reports of different spans are never one kind (上半年政府工作报告 vs 年度政府工作报告)."""
    t = genre_title(title)
    if t.count("Y年") > 1:
        return "annual"            # this year's summary and next year's plan: a year-end report
    if "上半年" in t:
        return "h1"
    if "下半年" in t:
        return "h2"
    return "annual" if "Y年" in t or "全年" in t else ""


def cluster_documents(docs, cfg: MinerConfig) -> tuple[list[int], dict]:
    """Cluster labels per document (0..k-1, ordered by first document) and the vectoriser state.

    Documents with a title are clustered; one without a title joins the kind whose documents'
    level-1 headings it resembles most (of the same span), or, resembling none, the others
    like it."""
    n = len(docs)
    min_df = max(cfg.kind_min_df, int(math.ceil(cfg.kind_min_df_share * n)))
    title_tf = Tfidf(2, 4, min_df).fit([genre_title(d.title) for d in docs])
    head_tf = Tfidf(2, 3, 2).fit([heading_genre(d) for d in docs])
    vecs = [doc_vector(d, title_tf, head_tf, cfg.kind_heading_weight) for d in docs]
    spans = [period(kind_title(d)) for d in docs]
    if n == 1:
        labels = [0]
    else:
        titled = [i for i, d in enumerate(docs) if d.title] or list(range(n))
        raw = [-1] * n
        for i, l in zip(titled, average_linkage([vecs[i] for i in titled], cfg.kind_distance,
                                                [spans[i] for i in titled])):
            raw[i] = l
        members: dict[int, list[int]] = {}
        for i in titled:
            members.setdefault(raw[i], []).append(i)
        left = []
        for i in (i for i in range(n) if raw[i] < 0):
            best, best_sim = None, 0.0
            for l, ms in sorted(members.items()):
                span = next((spans[j] for j in ms if spans[j]), "")
                if spans[i] and span and span != spans[i]:
                    continue
                sim = sum(_cosine(vecs[i], vecs[j]) for j in ms) / len(ms)
                if sim > best_sim:
                    best, best_sim = l, sim
            if best is None:
                left.append(i)
            else:
                raw[i] = best
        base = max(raw) + 1
        for i, l in zip(left, average_linkage([vecs[i] for i in left], cfg.kind_distance,
                                              [spans[i] for i in left]) if left else []):
            raw[i] = base + l
        labels = _merge_singletons(raw, vecs)
    # relabel by first occurrence so output order follows the corpus
    order: dict[int, int] = {}
    labels = [order.setdefault(l, len(order)) for l in labels]
    return labels, {"title": title_tf.to_json(), "heading": head_tf.to_json(),
                    "heading_weight": cfg.kind_heading_weight}


def average_linkage(vecs: list[dict], threshold: float, spans: list[str] | None = None) -> list[int]:
    """Agglomerative clustering, average linkage on cosine distance, merging while the closest
    two clusters are nearer than `threshold` (what scikit-learn's AgglomerativeClustering does
    with a distance threshold). numpy only: scikit-learn alone takes longer to import than
    segmenting the corpus. Identical vectors are merged first (at distance 0 they would be
    anyway), so a corpus of many near-copies costs what its distinct documents cost. Two
    documents of different known `spans` never meet: their distance is infinite, and an
    average with an infinite distance stays infinite."""
    import numpy as np
    keys = sorted({g for v in vecs for g in v})
    index = {g: i for i, g in enumerate(keys)}
    X = np.zeros((len(vecs), max(1, len(keys))))
    for r, v in enumerate(vecs):
        for g, x in v.items():
            X[r, index[g]] = x
    # an all-zero row (no title, no genre heading) would have no direction
    X[np.abs(X).sum(axis=1) == 0, 0] = 1.0
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    uniq, inverse = np.unique(X, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    m = len(uniq)
    weight = np.bincount(inverse, minlength=m).astype(float)
    D = np.clip(1.0 - uniq @ uniq.T, 0.0, 2.0)
    if spans:
        # identical vectors come from identical titles and headings: one span each
        span_of = [""] * m
        for r, u in enumerate(inverse):
            span_of[u] = span_of[u] or spans[r]
        code = {s: k for k, s in enumerate(sorted(set(span_of) - {""}), 1)}
        sp = np.array([code.get(s, 0) for s in span_of])
        D[(sp[:, None] != sp[None, :]) & (sp[:, None] > 0) & (sp[None, :] > 0)] = np.inf
    np.fill_diagonal(D, np.inf)
    owner = list(range(m))                 # cluster of each distinct vector
    alive = np.ones(m, dtype=bool)
    for _ in range(m - 1):
        flat = int(np.argmin(D))
        i, j = divmod(flat, m)
        if not D[i, j] < threshold:
            break
        if j < i:
            i, j = j, i
        row = (weight[i] * D[i] + weight[j] * D[j]) / (weight[i] + weight[j])
        D[i], D[:, i] = row, row
        D[i, i] = np.inf
        D[j], D[:, j] = np.inf, np.inf
        weight[i] += weight[j]
        alive[j] = False
        owner = [i if o == j else o for o in owner]
    return [owner[u] for u in inverse]


def _merge_singletons(labels: list[int], vecs: list[dict]) -> list[int]:
    """A kind needs at least two documents: a lone one joins its nearest cluster."""
    sizes = Counter(labels)
    if len(sizes) < 2:
        return labels
    out = list(labels)
    for i, l in enumerate(labels):
        if sizes[l] > 1:
            continue
        best, best_sim = l, -1.0
        for c in sorted(sizes):
            if c == l or sizes[c] < 2:
                continue
            members = [vecs[j] for j, lj in enumerate(labels) if lj == c]
            sim = sum(_cosine(vecs[i], m) for m in members) / len(members)
            if sim > best_sim:
                best, best_sim = c, sim
        out[i] = best
    return out


def centroid(vecs: list[dict], top: int = 300) -> dict:
    acc: Counter = Counter()
    for v in vecs:
        acc.update(v)
    items = sorted(acc.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    norm = math.sqrt(sum(x * x for _, x in items)) or 1.0
    return {g: round(x / norm, 6) for g, x in sorted(items)}


# --- names and ids ---------------------------------------------------------------------------

_SLUG_PARTS = [("政府工作报告", "gov-report"), ("政务公开", "open-gov"), ("上半年", "h1"), ("下半年", "h2"),
               ("总结", "summary"), ("回顾", "review"), ("计划", "plan"), ("安排", "plan"), ("思路", "plan"),
               ("打算", "plan"), ("要点", "plan")]


_GENRE_WORD = re.compile(r"总结|计划|思路|安排|打算|要点|报告|回顾|政务公开|政府")


def _shared_form(forms: Counter) -> str:
    """The most common genre form, without any run of two or more characters that fewer than
    half of the documents' forms share (a unit or place named in some titles only)."""
    form = sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    total = sum(forms.values())
    keep = [False] * len(form)
    for i in range(len(form) - 1):
        share = sum(c for f, c in forms.items() if form[i:i + 2] in f)
        if share * 2 >= total:
            keep[i] = keep[i + 1] = True
    out, i = [], 0
    while i < len(form):
        j = i
        while j < len(form) and keep[j] == keep[i]:
            j += 1
        if keep[i] or j - i == 1 or _GENRE_WORD.search(form[i:j]):
            out.append(form[i:j])
        i = j
    return "".join(out)


def kind_name(titles: list[str]) -> str:
    """Name a kind from its documents' titles (see kind_title): the genre form they share,
    years spelt out."""
    forms = Counter(genre_title(t) for t in titles if t)
    if not forms:
        return "无标题文档"
    form = _shared_form(forms)
    parts = form.split("Y年")
    if len(parts) == 1:
        return form
    name = parts[1] if parts[0] == "" else form.replace("Y年", "")
    rest = parts[2:] if parts[0] == "" else []
    if parts[0] == "" and not re.match(r"(上|下)半年", parts[1]):
        name = "年度" + parts[1]
    for r in rest:
        name += "下一年" + r
    return name


def unique_name(name: str, taken: set) -> str:
    """Kind names are unique: a second kind of the same name gets a number."""
    out, k = name, 2
    while out in taken:
        out, k = f"{name}（{k}）", k + 1
    taken.add(out)
    return out


def kind_slug(name: str, taken: set) -> str:
    parts = []
    for word, slug in _SLUG_PARTS:
        if word in name and slug not in parts:
            parts.append(slug)
    if "年度" in name and "annual" not in parts:
        parts.insert(0, "annual")
    base = "-".join(parts) or "kind"
    slug, k = base, 2
    while slug in taken:
        slug, k = f"{base}-{k}", k + 1
    taken.add(slug)
    return slug


def classify(doc, kinds: list[dict], features: dict | None = None) -> str | None:
    """The id of the nearest kind by cosine to the kind centroids stored in the manifest."""
    if not kinds or not features:
        return None
    title_tf = Tfidf.from_json(features["title"])
    head_tf = Tfidf.from_json(features["heading"])
    v = doc_vector(doc, title_tf, head_tf, features["heading_weight"])
    span = period(kind_title(doc))
    genre = genre_title(doc.title)
    # a kind of another span or genre is not this document's, however alike the words
    fits = [k for k in kinds if not (span and _name_span(k["name"]) and _name_span(k["name"]) != span)
            and not (genre and any((g in genre) != (g in k["name"]) for g in _DISTINCT_GENRES))]
    if not fits:
        return None
    best = max(fits, key=lambda k: (_cosine(v, k["centroid"]), -kinds.index(k)))
    return best["id"] if _cosine(v, best["centroid"]) > 0 else None


# Genres a title names outright, each of which is its own family of kinds.
_DISTINCT_GENRES = ("政府工作报告", "政务公开")


def _name_span(name: str) -> str:
    """The span a kind's name says (names are written by kind_name)."""
    if name.startswith("上半年"):
        return "h1"
    if name.startswith("下半年"):
        return "h2"
    return "annual" if name.startswith("年度") else ""
