"""The frame of a kind: what its documents say at each *position*, whatever the unit.

A position is a place in a report's structure: before the first heading (`opening`), the
paragraphs that open or close a part of a given role (`work_lead`, `work_end`,
`problems_lead`, `plans_lead`, …) and the last paragraphs (`closing`). At each position the
sentences of a kind's documents are cut into clauses and each clause is reduced to a *form*
(Drain3/Spell style): figures and dates masked, the document's own name, short name,
superior and period turned into slots. What recurs across documents is frame; what varies
is the unit's own content and is left out (or becomes a YAML field: the overview, the
problems). A frame element is anchored on one recurring clause form; it is kept when it
occurs in at least a third of the kind's documents (and in two).

Every fixed piece of an element's text is a clause form found in at least two documents of
the kind, so a draft never carries one document's wording as if it were the genre's.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from pathlib import Path

from ..masking import mask
from ..vocab import SELF_REFERENCE
from .roles import document_roles

POSITIONS = ("opening", "work_lead", "work_end", "highlights_lead", "problems_lead", "problems_end",
             "plans_lead", "closing")
# What a position's dropped content stands for: the unit's own words go in there.
FIELD_OF = {"opening": "overview", "work_lead": "overview"}

_SENT = re.compile(r"(?<=[。！？!?])")
_CLAUSE = re.compile(r"(?<=[，；：,;:])")
_END = "。！？!?；;，,：:"
# A unit speaking of itself: 我镇, 我局, 我街道 …; its whole area: 全镇, 全街道 …
_SHORT = SELF_REFERENCE
_SCOPE = re.compile(r"全(?:镇|乡|街道|区|县|市)(?=[\u4e00-\u9fff])")
# A government naming itself: 镇人民政府, XX镇政府, 街道办事处.
_SELF_ORG = re.compile(r"(?:<MNAME>)?(?:镇|乡|街道|区|县|市)(?:人民政府|政府|办事处)|(?:<MNAME>)?人民政府|<MNAME>(?:政府|办事处)")
# A statement about one year (2023年是…开局之年, …实施二十周年) is true of that year only.
_YEAR_FACT = re.compile(r"之年|周年|开局|十[一二三四五六七八九]五|[一二三四五六七八九十]+届")
# The leadership formula's gap is the superior.
_SUPERIOR = re.compile(r"(?<=在)([^，。在]{2,24}?)(?=(?:的)?(?:正确|坚强|有力|亲切)?(?:领导|指导)下)")
_PERIOD_SPAN = re.compile(r"(?:<YEAR>年|今年)?(上半年|下半年)(?:度)?")
_CONTENT = re.compile(r"<(?:NUM|MNUM|PCT|MPCT|DATE|MDATE|PERIOD|MPERIOD)>")
_CENSOR = re.compile(r"(?<![A-Za-z0-9])[A-Z](?![A-Za-z0-9])")
# Problem cues: where a kind's problems are a paragraph, its lead-in says so.
PROBLEM_CUE = re.compile(r"问题|不足|短板|困难|差距|挑战|薄弱")
THANKS_CUE = re.compile(r"感谢|敬意")


def load_formulae() -> list[dict]:
    """The standard wording list (drafter/data/formulae.yaml, shared with drafter check): each
    full form with the truncated forms the corpus may write instead."""
    import yaml
    path = Path(__file__).resolve().parent.parent / "data" / "formulae.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    return [{"full": f["text"], "short": f["short"]} for f in data["formulae"] if f.get("short")]


def title_place(members) -> str | None:
    """Where a kind's titles name the place, when the genre word names the issuer (政府工作报告):
    'before' the period (镇2023年上半年…), 'after' it (2023年上半年XX镇…), or None."""
    before = after = 0
    for d in members:
        t = d.title or ""
        m = re.search(r"(?:19|20)\d{2}|[xX]{4}", t)
        if not m or "政府" not in t:
            continue
        head, tail = t[:m.start()], t[m.end():]
        if re.search(r"(?:镇|乡|街道|区|县|市)$|[xX]{2}$", head):
            before += 1
        elif re.search(r"^年(?:度)?(?:上半年|下半年)?(?:度)?(?:[xX]+|[\u4e00-\u9fff]{1,6}?)(?:镇|乡|街道|区|县|市)政府", tail):
            after += 1
    if not before and not after:
        return None
    return "before" if before > after else "after"


def _year_of(doc) -> int | None:
    m = re.search(r"(?:19|20)\d{2}", doc.title or "")
    return int(m.group()) if m else None


def doc_positions(doc) -> dict[str, list[str]]:
    """The text of a document's paragraphs at each position."""
    return {pos: [b.text if not hasattr(b, "level") else b.body.lstrip("。：:") for b in blocks]
            for pos, blocks in _position_blocks(doc).items()}


def frame_blocks(doc) -> list:
    """The paragraphs any position uses: all that mining's worker processes need send back."""
    return [b for blocks in _position_blocks(doc).values() for b in blocks if not hasattr(b, "level")]


def _position_blocks(doc) -> dict[str, list]:
    roles = {id(h): r for r, h in document_roles(doc)}
    out: dict[str, list] = defaultdict(list)
    parts: list[dict] = []           # consecutive level-1 sections of one role
    cur = None
    for b in doc.blocks:
        if hasattr(b, "level"):
            if b.level == 1 and id(b) in roles:
                r = roles[id(b)]
                if cur is None or cur["role"] != r:
                    cur = {"role": r, "paras": [], "lead": [], "sub": False}
                    parts.append(cur)
                else:
                    cur["sub"] = True
            elif cur is not None:
                cur["sub"] = True
            if cur is not None and b.inline and b.body:
                cur["paras"].append(b)
            continue
        if cur is None:
            out["opening"].append(b)
            continue
        cur["paras"].append(b)
        if not cur["sub"]:
            cur["lead"].append(b)
    for k, p in enumerate(parts):
        if p["lead"]:
            out[p["role"] + "_lead"].extend(p["lead"][:2])
        rest = p["paras"][len(p["lead"][:2]):]
        if k < len(parts) - 1:
            out[p["role"] + "_end"].extend(rest[-3:])
    if parts:
        tail = parts[-1]["paras"][len(parts[-1]["lead"][:2]):]
        out["closing"].extend(tail[-1:])
    return {k: v for k, v in out.items() if k in POSITIONS}


class Restorer:
    """Censored or truncated wording restored from the corpus itself: a capital letter standing
    for a word (D建) takes the character the corpus writes there elsewhere (党建); a fixed formula
    written without its name (新时代中国特色社会主义思想) takes the full form where the corpus
    has it (see drafter/data/formulae.yaml)."""

    def __init__(self, corpus_text: str, formulae: list[dict]):
        self.text = corpus_text
        self.all = formulae
        self.formulae = [f for f in formulae if f["full"] in corpus_text]
        self._cache: dict[str, str | None] = {}

    def letter(self, clause: str, m: re.Match) -> str | None:
        after = clause[m.end():m.end() + 2]
        before = clause[max(0, m.start() - 1):m.start()]
        key = before + "?" + after
        if key not in self._cache:
            if len(after) < 2 or not re.match(r"[\u4e00-\u9fff]{2}", after):
                self._cache[key] = None
            else:
                seen = Counter(self._between(before, after))
                self._cache[key] = seen.most_common(1)[0][0] if seen else None
        return self._cache[key]

    def _between(self, before: str, after: str):
        """The CJK character of each non-overlapping `before`?`after` in the corpus, in order
        (what re.finditer of before([\u4e00-\u9fff])after finds, through str.find: no
        pattern compiled per key, no regex scan of the whole corpus)."""
        text, nb, na = self.text, len(before), len(after)
        last_end = 0
        j = text.find(after, nb + 1)
        while j != -1:
            s = j - 1 - nb
            if s >= last_end and "\u4e00" <= text[j - 1] <= "\u9fff" and text.startswith(before, s):
                yield text[j - 1]
                last_end = j + na
                j = text.find(after, last_end + nb + 1)
            else:
                j = text.find(after, j + 1)

    def __call__(self, clause: str) -> str | None:
        for f in self.formulae:
            for short in f["short"]:
                if short in clause and f["full"] not in clause:
                    clause = clause.replace(short, f["full"])
        out, pos = [], 0
        for m in _CENSOR.finditer(clause):
            ch = self.letter(clause, m)
            if ch is None:
                return None
            out += [clause[pos:m.start()], ch]
            pos = m.end()
        out.append(clause[pos:])
        clause = "".join(out)
        # a short form the corpus never writes in full cannot be restored: leave the clause out
        if any(short in clause and f["full"] not in clause for f in self.all for short in f["short"]):
            return None
        return clause


def clause_form(clause: str, year: int | None, restore) -> str | None:
    """A clause as a frame form, or None when it carries the unit's own content."""
    c = restore(clause.strip())
    if c is None:
        return None
    # a masked year (xxxx年) is the document's own: the publisher blanked its date, not a figure
    year = year or 1900
    c = re.sub(r"(?<![A-Za-z])[xX]{4}(?=年)", str(year), c)
    masked, _ = mask(c)
    if _CONTENT.search(masked) or _YEAR_FACT.search(masked):
        return None
    masked = _SUPERIOR.sub("{{ unit.superior }}", masked)
    masked = _SELF_ORG.sub("{{ unit.name }}", masked)
    masked = _SHORT.sub("{{ unit.short }}", masked)
    masked = _SCOPE.sub("{{ unit.scope }}", masked)
    # XX镇 opening a clause is the unit speaking of itself (我镇, 我局); elsewhere it is the place
    masked = re.sub(r"^<MNAME>(?:镇|乡|街道|区|县|市)?(?=[\u4e00-\u9fff])", "{{ unit.short }}", masked)
    masked = re.sub(r"<MNAME>(?:镇|乡|街道|区|县|市)?", "{{ unit.place }}", masked)

    def span(m):
        return "{{ period.label }}" if m.group(1) == "上半年" else "{{ period.next_label }}"
    masked = _PERIOD_SPAN.sub(span, masked)
    if "<YEAR>" in masked:
        years = [int(y) for y in re.findall(r"(?:19|20)\d{2}(?=年)", c)]
        for y in years:
            if y == year:
                masked = masked.replace("<YEAR>年", "{{ period.year }}年", 1)
            elif y == year + 1:
                masked = masked.replace("<YEAR>年", "{{ period.next_year }}年", 1)
            else:
                return None
    if "<" in masked or re.search(r"[A-Za-z]", re.sub(r"\{\{[^}]*\}\}", "", masked)):
        return None
    return masked


_SLOT_RX = re.compile(r"\{\{[^}]*\}\}")


def _sentences(paragraph: str) -> list[list[str]]:
    out = []
    for s in _SENT.split(paragraph):
        s = s.strip()
        if s:
            out.append([c for c in _CLAUSE.split(s) if c.strip()])
    return out


def _bare(f: str) -> str:
    return _SLOT_RX.sub("", f).strip(_END + " ")


def _usable(form: str) -> bool:
    return len(_bare(form)) >= 2


# A clause that ends a sentence must say something: one ending on a frame word (领导下, 以来,
# 同时) leads into content that was left out.
_DANGLING = re.compile(r"(?:下|中|时|后|前|以来|同时|方面|基础上|过程中|的)[，；：,;:]?$")


# Each slot a clause form can hold, as one private-use character, so that matching never splits
# a slot (a fixed table: the same form encodes the same way in every run).
_SLOTS = ["{{ unit.name }}", "{{ unit.short }}", "{{ unit.superior }}", "{{ unit.scope }}", "{{ unit.place }}",
          "{{ period.label }}", "{{ period.next_label }}", "{{ period.year }}", "{{ period.next_year }}"]
_ENC = {slot: chr(0xE100 + i) for i, slot in enumerate(_SLOTS)}
_DEC = {v: k for k, v in _ENC.items()}


def _encode(form: str) -> str:
    return _SLOT_RX.sub(lambda m: _ENC[m.group()], form)


def _decode(enc: str) -> str:
    return "".join(_DEC.get(ch, ch) for ch in enc)


def _bigrams(s: str) -> set:
    return {s[i:i + 2] for i in range(len(s) - 1)}


def _common(a: str, b: str, forms: dict[str, set]) -> str | None:
    """What two similar clauses share: their common words, and where one word stands for another
    (汇报/报告), the seed's, if that wording recurs in another document's clause:
    现将〔时段〕工作情况总结如下 and 现将〔时段〕政务公开工作总结如下 share 现将〔时段〕工作总结如下."""
    from difflib import SequenceMatcher
    sm = SequenceMatcher(None, a, b, autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 <= 2 and j2 - j1 <= 2):
            out.append(a[i1:i2])
    common = "".join(out)
    if len(common) < 0.7 * max(len(a), len(b)):
        return None
    # every run of fixed wording must stand in clauses of two documents
    for piece in re.split("[\ue100-\ue1ff]", common):
        piece = piece.strip(_END)
        if len(piece) >= 2 and len(set().union(*(docs for f, docs in forms.items() if piece in f))) < 2:
            return None
    return common


def _clusters(forms: dict[str, set], need_sim: float = 0.6) -> dict[str, tuple[str, frozenset]]:
    """Similar clause forms of one position grouped: form -> (template, documents of the group).
    A group's seed is its most widespread form; a form joins the first seed it is similar to
    (difflib ratio), found through shared character pairs rather than all pairs."""
    from difflib import SequenceMatcher
    order = sorted(forms, key=lambda f: (-len(forms[f]), -len(f), f))
    index: dict[str, list[str]] = defaultdict(list)
    seeds: dict[str, list[str]] = {}
    seed_pairs: dict[str, int] = {}      # a seed's number of character pairs
    owner: dict[str, str] = {}
    for f in order:
        grams = _bigrams(f)
        near: list[str] = []
        for g in grams:
            near += index.get(g, ())
        hits = Counter(near)
        best = None
        for seed, shared in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0])):
            if shared * 2 < min(len(grams), seed_pairs[seed]):
                break
            sm = SequenceMatcher(None, seed, f, autojunk=False)
            if sm.ratio() >= need_sim:
                best = seed
                break
        if best is None:
            seeds[f] = [f]
            seed_pairs[f] = len(grams)
            for g in grams:
                index[g].append(f)
            owner[f] = f
        else:
            seeds[best].append(f)
            owner[f] = best
    out = {}
    for seed, group in seeds.items():
        docs = frozenset().union(*(forms[f] for f in group))
        if len(forms[seed]) >= 2 or len(group) == 1:
            template = seed
        else:
            partner = max((f for f in group[1:] if forms[f] - forms[seed]),
                          key=lambda f: (SequenceMatcher(None, seed, f, autojunk=False).ratio(), f), default=None)
            template = _common(seed, partner, forms) if partner else None
            if template is None:
                continue
        for f in group:
            out[f] = (template, docs)
    return out


def mine_frame(members, restore, min_share: float = 1 / 3) -> list[dict]:
    """Frame elements of one kind: recurring sentences at each position, in reading order."""
    n = len(members)
    need = max(2, math.ceil(n * min_share))
    elements = []
    positions = [doc_positions(d) for d in members]
    form_of: dict = {}     # (clause, year) -> encoded form: a recurring clause is reduced once
    for pos in POSITIONS:
        per_doc = []      # per document: [(para index, [(clause, encoded form | None)])]
        forms: dict[str, set] = defaultdict(set)
        for di, d in enumerate(members):
            year = _year_of(d)
            sents = []
            for pi, para in enumerate(positions[di].get(pos, [])):
                for clauses in _sentences(para):
                    cs = []
                    for c in clauses:
                        if (c, year) not in form_of:
                            f = clause_form(c, year, restore)
                            form_of[c, year] = _encode(f) if f and _usable(f) else None
                        enc = form_of[c, year]
                        cs.append((c, enc))
                        if enc:
                            forms[enc].add(di)
                    sents.append((pi, cs))
            per_doc.append(sents)
        cl = _clusters(forms)
        taken = [set() for _ in members]
        anchors = sorted({t for t, docs in cl.values() if len(docs) >= need and _anchor(_decode(t))},
                         key=lambda t: (-len(next(d for tt, d in cl.values() if tt == t)), -len(t), t))
        for a in anchors:
            group = []
            for di, sents in enumerate(per_doc):
                for k, (pi, cs) in enumerate(sents):
                    if k not in taken[di] and any(f in cl and cl[f][0] == a for _, f in cs):
                        group.append((di, k, pi, cs))
                        break
            if len(group) < need:
                continue
            e = _element(pos, a, group, cl, per_doc, members)
            if e is None:
                continue
            for di, k, _, _ in group:
                taken[di].add(k)
            elements.append(e)
    return _order(elements)


def _anchor(form: str) -> bool:
    """An anchor names the element: a clause of at least two characters of its own words."""
    return len(_bare(form)) >= 2 and not form.startswith("{{ period")


def _kept(cs, cl, floor: int) -> list:
    """(clause index, template) for the clauses of a sentence whose form recurs in `floor`
    documents of the kind (a quarter, and two): one place's wording (视察广东) stays out."""
    last = len(cs) - 1      # the clause that closes the sentence is needed for it to read: two will do
    out, used = [], set()
    for i, (_, f) in enumerate(cs):
        if f not in cl or len(cl[f][1]) < (2 if i == last else floor):
            continue
        t = cl[f][0]
        if t in used or not _usable(_decode(t)):     # two clauses of one group: say it once
            continue
        used.add(t)
        out.append((i, t))
    return out



def _element(pos, anchor, group, cl, per_doc, members) -> dict | None:
    floor = max(2, math.ceil(len(members) / 4))

    def score(g):
        cs = g[3]
        kept = _kept(cs, cl, floor)
        total = sum(len(c) for c, _ in cs) or 1
        cover = sum(len(_bare(_decode(t))) for _, t in kept) / total
        # a sentence that keeps its own last clause whole still ends as it should
        ends = bool(kept) and kept[-1][0] == len(cs) - 1 and kept[-1][1] == cs[-1][1]
        return (ends, round(cover, 2), sum(len(cl[cs[i][1]][1]) for i, _ in kept), -g[0])
    best = max(group, key=score)
    cs = best[3]
    kept = _kept(cs, cl, floor)
    field = FIELD_OF.get(pos)
    # trailing clauses that only lead into left-out content go too, unless a field fills in
    while not field and kept and kept[-1][0] < len(cs) - 1 and _DANGLING.search(_decode(kept[-1][1])):
        kept.pop()
    if not kept:
        return None
    pieces = [_decode(t) for _, t in kept]
    whole = len(kept) == len(cs)
    total = sum(len(c) for c, _ in cs) or 1
    members_full = ["".join(c for c, _ in g[3]) for g in group]
    problem = sum(bool(PROBLEM_CUE.search(t)) for t in members_full) * 2 >= len(group)
    if not whole and not problem and (len(_bare("".join(pieces))) < 6
                                      or (not field and len("".join(pieces)) < 0.3 * total)):
        return None      # a few words left over from a sentence of the unit's own (其中，同时，)
    if cs[-1][0].strip()[-1:] not in "。！？!?：:；;":
        return None      # a line without an end is a title or a note (来源：…), not a sentence
    # where the kept clauses stop being consecutive: the unit's own words went there
    gap = None if whole else next((k for k, (i, _) in enumerate(kept) if i != kept[0][0] + k), len(kept))
    if problem and gap is not None and gap < len(kept) and kept[0][0] == 0:
        # a problems lead-in goes straight into the problems: what came after left-out words
        # (…认识到，[全镇还存在不少困难]，主要表现在：) introduced those words, not the list
        kept, pieces = kept[:gap], pieces[:gap]
    last = cs[kept[-1][0]][0].strip()
    colon = last[-1:] in "：:"
    end = "：" if colon else (cs[-1][0].strip()[-1:] if cs[-1][0].strip()[-1:] in "。！？!?" else "。")
    if problem and kept[-1][0] < len(cs) - 1:
        end = "："        # the problems themselves follow
    text = "".join(pieces).rstrip(_END) + end
    titles = sorted({members[g[0]].title or "（无标题）" for g in group})
    rel = sorted(g[1] / max(1, len(per_doc[g[0]])) for g in group)
    return {"position": pos, "anchor": _decode(anchor), "text": text, "pieces": pieces, "support": len(group),
            "sources": titles[:2], "gap": gap, "order": rel[len(rel) // 2],
            "paras": {g[0]: g[2] for g in group},
            "problem": problem,
            "thanks": sum(bool(THANKS_CUE.search(t)) for t in members_full) * 2 >= len(group)}


def _order(elements: list[dict]) -> list[dict]:
    """Elements in reading order, numbered within their position; `join` when an element goes
    on the paragraph of the one before it in most documents holding both."""
    out = []
    for pos in POSITIONS:
        here = sorted((e for e in elements if e["position"] == pos), key=lambda e: (e["order"], -e["support"], e["text"]))
        for i, e in enumerate(here, 1):
            e["id"] = f"{pos}-{i}"
            prev = here[i - 2] if i > 1 else None
            both = [d for d in e["paras"] if prev and d in prev["paras"]]
            e["join"] = bool(both) and sum(e["paras"][d] == prev["paras"][d] for d in both) * 2 > len(both)
            out.append(e)
    for e in out:
        del e["paras"]
    return out


_REPORTING = re.compile(r"现将[^。；]{0,40}?(总结|汇报|报告)如下")


def reporting_verb(members) -> str | None:
    """How the kind's 现将……如下 names its own report (总结如下, 报告如下, 汇报如下): the verb its
    documents use most, when two of them use the formula at all."""
    seen = Counter()
    for d in members:
        opening = " ".join(doc_positions(d).get("opening", []) + doc_positions(d).get("work_lead", []))
        m = _REPORTING.search(opening)
        if m:
            seen[m.group(1)] += 1
    if sum(seen.values()) < 2:
        return None
    return sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def placement(members, elements: list[dict], role_share: dict[str, float], min_share: float = 1 / 3) -> dict:
    """Where a kind puts its parts. Problems are a section of their own when a third of its
    documents have one, else, when its frame has a problems paragraph closing the review, there.
    A speech (its opening greets an audience) carries no signature block; other kinds do, as
    GB/T 9704 asks of a document."""
    review = next((e["id"] for e in elements if e["position"] == "work_end" and e["problem"]), None)
    problems = "section" if role_share.get("problems", 0) >= min_share or not review else "review"
    speech = any(e["position"] == "opening" and e["text"].endswith("：") and len(e["text"]) <= 12 for e in elements)
    signed = sum(1 for d in members if d.signature)
    return {"problems": problems, "problems_paragraph": review if problems == "review" else None,
            "reporting_verb": reporting_verb(members),
            "signature": not speech or signed * 3 >= len(members), "speech": speech}
