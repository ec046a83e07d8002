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


def genre_title(title: str | None) -> str:
    """'民政局2023年度上半年工作总结' → 'Y年上半年工作总结': the part of a title that names its genre."""
    if not title:
        return ""
    t = _TRAILING_NOTE.sub("", title)
    t = _YEAR.sub("Y", t).replace("年度", "年").replace("Y年Y年", "Y年")
    m = _PERIOD_START.search(t)
    if m:
        t = t[m.start():]
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


def cluster_documents(docs, cfg: MinerConfig) -> tuple[list[int], dict]:
    """Cluster labels per document (0..k-1, ordered by first document) and the vectoriser state."""
    n = len(docs)
    min_df = max(cfg.kind_min_df, int(math.ceil(cfg.kind_min_df_share * n)))
    title_tf = Tfidf(2, 4, min_df).fit([genre_title(d.title) for d in docs])
    head_tf = Tfidf(2, 3, 2).fit([heading_genre(d) for d in docs])
    vecs = [doc_vector(d, title_tf, head_tf, cfg.kind_heading_weight) for d in docs]
    if n == 1:
        labels = [0]
    else:
        labels = _merge_singletons(average_linkage(vecs, cfg.kind_distance), vecs)
    # relabel by first occurrence so output order follows the corpus
    order: dict[int, int] = {}
    labels = [order.setdefault(l, len(order)) for l in labels]
    return labels, {"title": title_tf.to_json(), "heading": head_tf.to_json(),
                    "heading_weight": cfg.kind_heading_weight}


def average_linkage(vecs: list[dict], threshold: float) -> list[int]:
    """Agglomerative clustering, average linkage on cosine distance, merging while the closest
    two clusters are nearer than `threshold` (what scikit-learn's AgglomerativeClustering does
    with a distance threshold). numpy only: scikit-learn alone takes longer to import than
    segmenting the corpus. Identical vectors are merged first (at distance 0 they would be
    anyway), so a corpus of many near-copies costs what its distinct documents cost."""
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


def kind_name(titles: list[str]) -> str:
    """Name a kind from its documents' titles: the most common genre title, years spelt out."""
    forms = Counter(genre_title(t) for t in titles if t)
    if not forms:
        return "无标题文档"
    form = sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
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
    best = max(kinds, key=lambda k: (_cosine(v, k["centroid"]), -kinds.index(k)))
    return best["id"] if _cosine(v, best["centroid"]) > 0 else None
