"""Stock phrases of the genre: contiguous (扎实推进, 取得明显成效), gapped formulae whose gap is a
named slot (在{{ superior }}的正确领导下, 现将{{ period }}工作总结如下), enumerations (一是…二是…),
openers, transitions, problem and plan sentences, closers and headings.

Mining is two maps over documents and a merge: `segment_doc` masks and cuts the text with
jieba; `gram_counts` counts, across documents, the word pairs and clause ends a recurring
phrase must be made of; `extract_doc` counts the candidates built only from those (most
n-grams are unique, so this skips most of the work); `merge` and `select` finish. Support
is the number of distinct documents; examples are the earliest documents' sentences, so the
result does not depend on how documents were split into chunks.
"""
from __future__ import annotations

import re
import sys
from collections import Counter

from ..masking import mask
from .config import MinerConfig
from .roles import document_roles

# Placeholders become single private-use characters so jieba keeps each one whole.
_SLOT_CHARS = {"NUM": "\ue001", "MNUM": "\ue001", "PCT": "\ue002", "MPCT": "\ue002", "DATE": "\ue003",
               "MDATE": "\ue003", "PERIOD": "\ue004", "MPERIOD": "\ue004", "YEAR": "\ue005",
               "MNAME": "\ue006", "MWORD": "\ue007"}
SLOT_NAMES = {"\ue001": "figure", "\ue002": "percent", "\ue003": "date", "\ue004": "period",
              "\ue005": "year", "\ue006": "name"}
_CENSORED = "\ue007"
_PLACEHOLDER = re.compile(r"<([A-Z]+)>")
_SENT_SPLIT = re.compile(r"(?<=[。！？；!?;])")
_CLAUSE_SPLIT = re.compile(r"[，,：:。！？；!?;（）()“”\"《》【】]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9０-９]")
# Function words that never open or close a stock phrase.
FUNC_START = set("的了和与及并在对为以把将被是等也都还又就而或从向于按由其之着地得所、")
FUNC_END = set("的了和与及并在对为以把将被是等也都还又就而或从向于按由其之着地得所一、")
# A lone locative closes a 在…下/在…中 frame, never a phrase of its own (正确领导下, 工作中).
LOCATIVES = {"下", "中", "上", "里", "内", "外", "前", "后", "间"}
FUNC_WORDS = {"进一步", "不断", "持续", "全面", "积极", "认真", "切实", "深入", "大力", "努力", "扎实", "坚持",
              "加强", "推进", "开展", "做好", "工作", "我们", "一是", "二是", "三是", "同时", "其中", "目前",
              "以及", "通过", "按照", "根据", "围绕", "结合", "及时", "有效", "相关", "各项", "进行"}
_ENUM_FRAMES = [
    ("一是{{ first }}；二是{{ second }}；三是{{ third }}", re.compile(r"一是.*二是.*三是")),
    ("一是{{ first }}；二是{{ second }}", re.compile(r"一是.*二是")),
    ("首先{{ first }}；其次{{ second }}；最后{{ third }}", re.compile(r"首先.*其次.*最后")),
    ("一方面{{ first }}，另一方面{{ second }}", re.compile(r"一方面.*另一方面")),
    ("（1）{{ first }}；（2）{{ second }}", re.compile(r"[（(]1[)）].*[（(]2[)）]")),
]
# An organisation's name (县委、县政府, 镇人民政府) is a slot's filler, not a stock phrase.
_ORG_NAME = re.compile(r"(?:[\u4e00-\u9fff]{0,4}(?:党委|党工委|委员会|委|人民政府|政府|办事处|人大|政协)、?)+")
_TRANSITION_CUES = re.compile(r"^(?:同时|但|但是|然而|此外|另外|总的来看|总体来看|下一步|今后|回顾|展望)|的同时$")
# Words that judge rather than describe: what a problem sentence is made of.
_PROBLEM_CUES = re.compile(r"不足|短板|薄弱|差距|瓶颈|有待|滞后|不够|不强|不高|不到位|不平衡|不充分|仍需|亟待|欠缺|困难|难度大")


def _encode(masked: str) -> str:
    return _PLACEHOLDER.sub(lambda m: _SLOT_CHARS.get(m.group(1), ""), masked)


def _decode(s: str) -> str:
    out = []
    for ch in s:
        out.append("{{ %s }}" % SLOT_NAMES[ch] if ch in SLOT_NAMES else ch)
    return "".join(out)


def _block_context(doc):
    """Yield (role, position, text) for every paragraph and inline heading body of a document."""
    roles = {id(h): r for r, h in document_roles(doc)}
    role = "opening"
    blocks = doc.blocks
    last_para = max((i for i, b in enumerate(blocks) if not hasattr(b, "level")), default=-1)
    for i, b in enumerate(blocks):
        if hasattr(b, "level"):
            if id(b) in roles:
                role = roles[id(b)]
            if b.inline and b.body:
                yield role, "body", b.body.lstrip("。：")
            continue
        pos = "closing" if i == last_para and role != "opening" else "body"
        yield role, pos, b.text


_PUNCT_TOKENS = set("，,：:。！？；!?;（）()“”\"《》【】")

# A candidate record: [docs bitset, count, examples, uses, fillers, left, right], kept small
# because a large corpus holds hundreds of thousands of them. Support is the number of set
# bits. EXAMPLES is flat: [doc index, sentence, doc index, sentence, …]. USES counts, once
# per document, the section roles and then the positions it occurs in (ROLE_SLOTS). FILLERS
# is None for anything but a formula. LEFT/RIGHT hold the one neighbouring word seen so far,
# or MANY once a second one is seen.
BITS, COUNT, EXAMPLES, USES, FILLERS, LEFTS, RIGHTS = range(7)
MANY = "\x00"
ROLE_SLOTS = {"opening": 0, "overview": 1, "work": 2, "highlights": 3, "problems": 4, "plans": 5, "heading": 6}
POS_SLOTS = {"body": 7, "closing": 8, "heading": 9}
_ROLE_NAMES = sorted(ROLE_SLOTS, key=ROLE_SLOTS.get)


def _full(rec):
    """Expand a single-occurrence tuple into a full record."""
    if type(rec) is not tuple:
        return rec
    bit, idx, sentence, role, pos, filler, left, right = rec
    uses = [0] * 10
    uses[ROLE_SLOTS[role]] = uses[POS_SLOTS[pos]] = 1
    return [bit, 1, [idx, sentence], uses, None if filler is None else [filler], left, right]


def segment_doc(doc, cut) -> tuple:
    """A document's text masked and cut into clauses of words, with each clause's sentence,
    section role and position: (title, headings, blocks). The jieba-heavy half of the map step."""
    intern = sys.intern   # the same words recur across documents: store each string once
    heads = []
    for h in doc.headings:
        if h.level <= 2 and 2 <= len(h.text) <= 20:
            masked = _encode(mask(h.text)[0])
            if _CENSORED not in masked and not _LATIN_OR_DIGIT.search(masked):
                heads.append((masked, h.marker + h.text))
    blocks = []
    for role, pos, text in _block_context(doc):
        enc_para = _encode(mask(text)[0])
        sentences = []
        for sentence, enc in zip(_SENT_SPLIT.split(text), _SENT_SPLIT.split(enc_para)):
            if len(enc) < 2:
                continue
            clauses, clause = [], []
            for w in cut(enc) + ["。"]:
                if w in _PUNCT_TOKENS or not w.strip():
                    if len(clause) >= 2:
                        clauses.append(clause)
                    clause = []
                else:
                    clause.append(intern(w))
            if clauses:
                sentences.append((sentence.strip(), clauses))
        blocks.append((role, pos, text, sentences))
    return doc.title, heads, blocks


def doc_grams(seg) -> set:
    """What a candidate needs to recur: adjacent word pairs, clause-opening words and
    clause-closing words. A phrase in fewer than `min_support` documents has one of these in
    fewer documents too, so counting them first lets extraction skip most n-grams."""
    grams = set()
    for _, _, _, sentences in seg[2]:
        for _, clauses in sentences:
            for words in clauses:
                grams.update(zip(words, words[1:]))
                for p in range(1, min(3, len(words) - 2) + 1):
                    grams.add(("^", "".join(words[:p])))
                for k in range(1, min(4, len(words) - 2) + 1):
                    grams.add(("$", "".join(words[-k:])))
    return grams


def gram_counts(segs) -> Counter:
    """In how many of these documents each gram occurs (counts of runs of documents add up)."""
    df: Counter = Counter()
    for seg in segs:
        df.update(doc_grams(seg))
    return df


def frequent(df: Counter, min_support: int) -> set:
    return {g for g, c in df.items() if c >= min_support}


def extract_doc(seg, idx: int, cfg: MinerConfig, frequent: set, acc: dict) -> None:
    """Add one segmented document's candidates to `acc`; `frequent=None` disables the pruning."""
    bit = 1 << idx
    _, heads, blocks = seg
    max_ex = cfg.max_examples

    def add(key, sentence, role, pos, filler=None, left="^", right="$"):
        rec = acc.get(key)
        if rec is None:
            # most candidates occur once: keep a cheap tuple until a second occurrence
            acc[key] = (bit, idx, sentence, role, pos, filler, left, right)
            return
        if type(rec) is tuple:
            rec = acc[key] = _full(rec)
        rec[COUNT] += 1
        if not rec[BITS] & bit:
            rec[BITS] |= bit
            if len(rec[EXAMPLES]) < 2 * max_ex:
                rec[EXAMPLES] += (idx, sentence)
            uses = rec[USES]
            uses[ROLE_SLOTS[role]] += 1
            uses[POS_SLOTS[pos]] += 1
        if filler is not None and len(rec[FILLERS]) < 8 and filler not in rec[FILLERS]:
            rec[FILLERS].append(filler)
        if rec[LEFTS] != left:
            rec[LEFTS] = MANY
        if rec[RIGHTS] != right:
            rec[RIGHTS] = MANY

    for masked, shown in heads:
        add(("H", masked), shown, "heading", "heading")
    for role, pos, text, sentences in blocks:
        for frame, rx in _ENUM_FRAMES:
            if rx.search(text):
                add(("E", frame), text, role, pos)
                break
        for sentence, clauses in sentences:
            for clause in clauses:
                # the hot loop of mining: first occurrences are stored inline
                for key, left, right in _contiguous(clause, cfg, frequent):
                    if key in acc:
                        add(key, sentence, role, pos, None, left, right)
                    else:
                        acc[key] = (bit, idx, sentence, role, pos, None, left, right)
                for key, filler in _gapped(clause, cfg, frequent):
                    add(key, sentence, role, pos, filler)


# What _contiguous asks of each word, computed once per distinct word (words recur):
# (characters, cannot open a phrase, stops a phrase, can close one, is weak).
_WORD_INFO: dict[str, tuple] = {}


def _word_info(w: str) -> tuple:
    slot = w in SLOT_NAMES
    bad = slot or _CENSORED in w or _LATIN_OR_DIGIT.search(w) is not None
    info = (0 if slot else len(w), bad or w[0] in FUNC_START, bad and not slot,
            not bad and w[-1] not in FUNC_END and w not in LOCATIVES,
            w in FUNC_WORDS or slot or not _CJK.search(w))
    _WORD_INFO[w] = info
    return info


def _contiguous(words, cfg, frequent) -> list:
    """(key, left word, right word) of every well-formed word n-gram of a clause."""
    out = []
    n = len(words)
    known = _WORD_INFO
    infos = [known.get(w) or _word_info(w) for w in words]
    max_words, max_chars, min_chars = cfg.max_words, cfg.max_chars, cfg.min_chars
    for i in range(n):
        length, no_start, _, _, all_weak = infos[i]
        if no_start:
            continue
        for j in range(i + 1, min(n, i + max_words)):
            chars, _, stop, end_ok, weak = infos[j]
            if stop or (frequent is not None and (words[j - 1], words[j]) not in frequent):
                break
            length += chars
            if length > max_chars:
                break
            all_weak = all_weak and weak
            if length >= min_chars and end_ok and not all_weak:
                out.append((("C", "".join(words[i:j + 1])), words[i - 1] if i else "^",
                            words[j + 1] if j + 1 < n else "$"))
    return out


def _gapped(words, cfg, frequent) -> list:
    """Clause-anchored formulae, (key, filler): a clause's opening words, a gap, its closing words."""
    n = len(words)
    if n < 3 or words[0] in SLOT_NAMES or words[-1] in SLOT_NAMES:
        return []
    out = []
    for p in range(1, min(3, n - 2) + 1):
        prefix = "".join(words[:p])
        if frequent is not None and ("^", prefix) not in frequent:
            continue
        for s in range(n - 1, p, -1):
            if s - p > cfg.max_gap_words or n - s > 4:
                break
            if frequent is not None and ("$", "".join(words[s:])) not in frequent:
                continue
            fixed = prefix + "".join(words[s:])
            if len(fixed) < 4 or _CENSORED in fixed or _LATIN_OR_DIGIT.search(fixed):
                continue
            out.append((("G", prefix, "".join(words[s:])), "".join(words[p:s])))
    return out


# What the manifest says segmented the corpus. rjieba (jieba-rs) and jieba share the
# dictionary and, with HMM off, give the same words, so the bank is the same with either.
SEGMENTER = "jieba dictionary, precise mode, HMM off (rjieba where it imports, else jieba)"


def jieba_cut(prefer_rjieba: bool | None = None):
    """jieba's precise mode without HMM: new-word guessing would split stock phrases
    differently from one document to the next. rjieba, the Rust port, cuts the same way in a
    fraction of the time and loads its dictionary at import; jieba loads on the first call.
    DRAFTER_SEGMENTER=jieba forces jieba (the test that both give the same bank uses it)."""
    if prefer_rjieba is None:
        import os
        prefer_rjieba = os.environ.get("DRAFTER_SEGMENTER", "") != "jieba"
    if prefer_rjieba:
        try:
            import rjieba
        except ImportError:
            pass
        else:
            cut = rjieba.cut
            return lambda s: cut(s, False)
    import jieba
    jieba.setLogLevel(60)
    jieba.initialize()
    return lambda s: jieba.lcut(s, HMM=False)


def pos_tagger():
    """Part-of-speech tags from the same dictionary as the cut (rjieba or jieba, HMM off)."""
    import os
    if os.environ.get("DRAFTER_SEGMENTER", "") != "jieba":
        try:
            import rjieba
        except ImportError:
            pass
        else:
            return lambda s: rjieba.tag(s, False)
    import jieba
    import jieba.posseg
    jieba.setLogLevel(60)
    return lambda s: [(w.word, w.flag) for w in jieba.posseg.lcut(s, HMM=False)]


# A place name (tag ns) shared by fewer than this share of the issuing units is one
# locality's (平潭, 君山), not the genre's (中国 of 中国特色社会主义).
LOCAL_NAME_SHARE = 0.25


def merge_into(out: dict, part: dict, cfg: MinerConfig) -> None:
    """Add a later chunk's candidates to `out` (chunks are contiguous and come in document
    order, so examples stay the earliest documents' and doc bitsets are disjoint)."""
    for key, rec in part.items():
        cur = out.get(key)
        if cur is None:
            out[key] = rec
            continue
        cur = out[key] = _full(cur)
        rec = _full(rec)
        cur[BITS] |= rec[BITS]
        cur[COUNT] += rec[COUNT]
        cur[EXAMPLES] = (cur[EXAMPLES] + rec[EXAMPLES])[:2 * cfg.max_examples]
        cur[USES] = [a + b for a, b in zip(cur[USES], rec[USES])]
        for f in rec[FILLERS] or ():
            if len(cur[FILLERS]) < 8 and f not in cur[FILLERS]:
                cur[FILLERS].append(f)
        if cur[LEFTS] != rec[LEFTS]:
            cur[LEFTS] = MANY
        if cur[RIGHTS] != rec[RIGHTS]:
            cur[RIGHTS] = MANY


# --- selection ---------------------------------------------------------------------------

def slot_name(fillers: list[str]) -> str:
    """Name a gap from what fills it across documents."""
    joined = [_decode(f) for f in fillers]
    def share(rx):
        return sum(1 for f in joined if re.search(rx, f)) / max(1, len(joined))
    if share(r"(委|政府|党委|党工委|上级)") >= 0.5:
        return "superior"
    if share(r"(半年|季度|以来|今年|全年|年度|\{\{ (date|year|period) \}\})") >= 0.5:
        return "period"
    if share(r"^我") >= 0.5:
        return "self"
    if share(r"(局|镇|乡|街道|办事处|中心|委员会|办)$") >= 0.5:
        return "unit"
    if share(r"\{\{ (figure|percent) \}\}") >= 0.5:
        return "figure"
    return "content"


def _category(key, rec, df, text: str) -> str:
    """By where the phrase is used (closing paragraph, opening, problems or plans section) and,
    for transitions and problems, by cue words: problems are often stated inside a section
    titled 存在的问题和下一步打算, so the section alone under-counts them."""
    kind = key[0]
    if kind == "H":
        return "heading"
    if kind == "E":
        return "enumeration"
    uses = rec[USES]
    if uses[POS_SLOTS["closing"]] * 2 > df:
        return "closer"
    if uses[ROLE_SLOTS["opening"]] * 2 > df:
        return "opener"
    if _TRANSITION_CUES.search(text):
        return "transition"
    problems = uses[ROLE_SLOTS["problems"]]
    if problems * 2 > df or (problems and _PROBLEM_CUES.search(text)):
        return "problem"
    if uses[ROLE_SLOTS["plans"]] * 2 > df:
        return "plan"
    return "formula" if kind == "G" else "stock"


_ISSUER_PREFIX = re.compile(r"^(?:关于)?(?P<u>[^\d，。：:“”《》（）()]{2,30}?)(?:关于)?(?:19|20)\d{2}\s*年")
_ISSUER_AFTER_YEAR = re.compile(r"^(?:19|20)\d{2}\s*年(?:度)?(?P<u>[^\d，。：:上下半]{2,20}?)(?:人民)?政府工作报告$")


def issuer(doc) -> str | None:
    """Who issued a document, as far as its signature or title says (None if they do not, or
    only masked: XX镇 names no one in particular). Long names carry their place and stand
    alone; a short one (民政局) names a unit only within its own file."""
    unit = doc.signature.unit if doc.signature and doc.signature.unit else None
    if not unit and doc.title:
        m = _ISSUER_PREFIX.match(doc.title) or _ISSUER_AFTER_YEAR.match(doc.title)
        unit = m.group("u") if m else None
    if not unit or re.search(r"[xX]", unit):
        return None
    return unit if len(unit) >= 6 else f"{doc.file}\0{unit}"


def _unit_counter(units: list[str | None] | None):
    """support(bits) = distinct issuing units among the documents in `bits` (a document whose
    issuer is unknown counts as a unit of its own)."""
    if not units:
        return lambda bits: bits.bit_count()
    ids: dict = {}
    of = [ids.setdefault(u if u is not None else ("doc", i), len(ids)) for i, u in enumerate(units)]
    if len(ids) == len(of):
        return lambda bits: bits.bit_count()
    def count(bits: int) -> int:
        seen = set()
        while bits:
            low = bits & -bits
            seen.add(of[low.bit_length() - 1])
            bits ^= low
        return len(seen)
    return count


def select(merged: dict, cfg: MinerConfig, doc_kinds: list[str], titles: list[str | None],
           units: list[str | None] | None = None) -> list[dict]:
    """Keep supported, closed, well-formed candidates and shape them into bank entries.
    Support counts distinct issuing units (`units`, one per document; see `issuer`), so one
    unit's names and habits need a second unit to count."""
    min_support = cfg.min_support
    support_of = _unit_counter(units)
    cands = {}
    for k, r in merged.items():
        if r[BITS].bit_count() >= min_support:
            df = support_of(r[BITS])
            if df >= min_support:
                cands[k] = (df, _full(r))
    kind_masks: dict[str, int] = {}
    for i, kd in enumerate(doc_kinds):
        kind_masks[kd] = kind_masks.get(kd, 0) | (1 << i)
    # Boundary test: a phrase always preceded (or followed) by the same word is part of a
    # longer expression (社会主义思想 ← 特色…; 正确领导 → 下), not a phrase of its own.
    contiguous = {k[1]: df for k, (df, r) in cands.items()
                  if k[0] == "C" and r[LEFTS] == MANY and r[RIGHTS] == MANY}
    # Closedness: a phrase whose longer form (any C candidate that contains it, trimmed by up to
    # `fragment_trim` characters) holds most of its documents is a fragment of that form:
    # 社会主义思想 and 中国特色社会主义 inside 新时代中国特色社会主义思想.
    dropped = set()
    share, trim = cfg.fragment_share, cfg.fragment_trim
    for other, odf in ((k[1], df) for k, (df, r) in cands.items() if k[0] == "C"):
        n = len(other)
        for i in range(0, min(trim, n - cfg.min_chars) + 1):
            for j in range(0, min(trim - i, n - cfg.min_chars - i) + 1):
                if i or j:
                    sub = other[i:n - j]
                    sdf = contiguous.get(sub)
                    if sdf is not None and odf >= share * sdf:
                        dropped.add(sub)
    gapped = {(k[1], k[2]): df for k, (df, r) in cands.items() if k[0] == "G" and r[FILLERS] and len(r[FILLERS]) >= 2}
    # Formula closedness, likewise: (p, s) goes when a formula with a longer p or s holds most
    # of its documents (现…总结如下, whose gap nearly always starts with 将, is 现将…总结如下).
    gap_dropped = set()
    for (p2, s2), df2 in gapped.items():
        for i in range(1, len(p2) + 1):
            for j in range(0, len(s2)):
                shorter = gapped.get((p2[:i], s2[j:]))
                if (i, j) != (len(p2), 0) and shorter is not None and df2 >= share * shorter:
                    gap_dropped.add((p2[:i], s2[j:]))
    entries = []
    for key, (df, rec) in cands.items():
        if key[0] == "C" and (key[1] not in contiguous or key[1] in dropped or _ORG_NAME.fullmatch(key[1])):
            continue
        if key[0] == "G":
            if (key[1], key[2]) not in gapped:
                continue  # the gap never varied: a contiguous phrase, counted as such
            if (key[1], key[2]) in gap_dropped:
                continue
        entries.append((key, df, rec))
    # place names: phrases holding one locality's name are its fillers, not the genre's phrases
    tag = pos_tagger()
    places: dict = {}
    named = {}
    for key, df, rec in entries:
        if key[0] in "CG":
            words = [w for w, f in tag(_decode("".join(key[1:])).replace("{{", "").replace("}}", ""))
                     if f == "ns" and _CJK.search(w)]
            named[key] = words
            for w in words:
                places[w] = places.get(w, 0) | rec[BITS]
    n_units = support_of((1 << len(doc_kinds)) - 1) if doc_kinds else 1
    local = {w for w, bits in places.items() if support_of(bits) < LOCAL_NAME_SHARE * n_units}
    entries = [(key, df, rec) for key, df, rec in entries if not set(named.get(key, ())) & local]
    out = []
    for key, df, rec in entries:
        slots = []
        if key[0] == "G":
            name = slot_name(rec[FILLERS])
            text = _decode(key[1]) + "{{ %s }}" % name + _decode(key[2])
            slots.append(name)
        elif key[0] == "E":
            text = key[1]
            slots = re.findall(r"\{\{ (\w+) \}\}", text)
        else:
            text = _decode(key[1])
            slots = re.findall(r"\{\{ (\w+) \}\}", text)
        if "\ue007" in text or re.search(r"[xX]{2,}", text):
            continue
        entry = {
            "text": text,
            "category": _category(key, rec, rec[BITS].bit_count(), text),
            "form": {"C": "contiguous", "G": "gapped", "E": "enumeration", "H": "heading"}[key[0]],
            "support": df,
            "count": rec[COUNT],
            "roles": sorted(r for r in _ROLE_NAMES if rec[USES][ROLE_SLOTS[r]] and r != "heading") or ["heading"],
            "kinds": sorted(k for k, m in kind_masks.items() if rec[BITS] & m),
            "kind_support": {k: support_of(rec[BITS] & m) for k, m in sorted(kind_masks.items())
                             if rec[BITS] & m},
            "slots": slots,
            "examples": [{"text": s if len(s) <= 160 else s[:158] + "……", "title": titles[i] or "（无标题）"}
                         for i, s in zip(rec[EXAMPLES][::2], rec[EXAMPLES][1::2])],
        }
        if key[0] == "G":
            entry["fillers"] = [_decode(f) for f in rec[FILLERS][:5]]
        out.append(entry)
    out = _merge_near_duplicates(out)
    out.sort(key=lambda e: (-e["support"], -e["count"], e["category"], e["text"]))
    return out


_NEAR_DUP = re.compile(r"[的地得和及与、，]")


def _merge_near_duplicates(entries: list[dict]) -> list[dict]:
    """Entries that differ only in particles (的, 和, 、) become one entry with variants."""
    groups: dict = {}
    order = []
    for e in sorted(entries, key=lambda e: (-e["support"], e["text"])):
        k = (e["category"], _NEAR_DUP.sub("", e["text"]))
        if k in groups:
            head = groups[k]
            head.setdefault("variants", []).append(e["text"])
            head["count"] += e["count"]
        else:
            groups[k] = e
            order.append(e)
    return order
