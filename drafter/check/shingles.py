"""Hashed shingles of the corpus, written into the bank by `drafter mine`, read by 查重.

A shingle is K consecutive characters of a paragraph's normalised text (CJK and letters only;
a run of digits or of the publisher's x-masks is one '#', so changed figures still match).
Only shingles whose hash's top byte is 0 mod P are kept (P grows with the corpus to bound the
file). Left out are the shingles of the bank's stock phrases, of the kinds' frames and of text
found in STOCK_DOCS or more documents: they are the genre's, not a document's. The file is
deterministic: sorted hashes, a header with sorted keys.

Layout of phrasebank/shingles.bin:
    MAGIC, uint32 header length, header JSON (k, p, count, doc_index, docs: [{title, file,
    line}], units: [[name, doc]]), count × uint32 hash (little-endian, ascending),
    count × document index (uint8, or uint16/uint32 for larger corpora: doc_index says which).
"""
from __future__ import annotations

import json
import re
import struct
import sys
from array import array
from pathlib import Path
from zlib import crc32

FILE_NAME = "shingles.bin"
MAGIC = b"DRAFTER-SHINGLES-1\n"
K = 8
TARGET = 80000         # about this many hashes at most: the file stays a few hundred kB
STOCK_DOCS = 3         # a shingle in this many corpus documents is stock wording, never copying
MAX_P = 6              # a 30-character passage has 23 shingles: still about 4 kept at P=6

_DIGITS = re.compile(r"[0-9０-９][0-9０-９.．,]*%?|(?<![A-Za-z])[xX]+(?:[.．][xX]+)?(?![A-Za-z])")
_KEEP = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z#]")
_DROP = re.compile(r"[^\u3400-\u9fff\uf900-\ufaffA-Za-z#]+")
_SLOT = re.compile(r"\{\{.*?\}\}|〔[^〕]*〕")
_ORG = re.compile(r"(人民政府|办事处|管理局|委员会|局|镇|乡|街道|委|办|中心|院|所|站|会)$")


def normalise(text: str) -> tuple[str, list[int]]:
    """Normalised characters and, for each, its index in `text`."""
    out, pos = [], []
    i, n = 0, len(text)
    while i < n:
        m = _DIGITS.match(text, i)
        if m and m.end() > i:
            out.append("#")
            pos.append(i)
            i = m.end()
            continue
        ch = text[i]
        if _KEEP.match(ch):
            out.append(ch.lower())
            pos.append(i)
        i += 1
    return "".join(out), pos


def norm_text(text: str) -> str:
    """normalise(text)[0], faster (no positions): what mining needs."""
    return _DROP.sub("", _DIGITS.sub("#", text)).lower()


def shingle_hash(s: str) -> int:
    """CRC-32 (fast, in C) of the UTF-32 text, spread by a multiplicative constant (sampling
    reads the top bits)."""
    return (crc32(s.encode("utf-32-le")) * 0x9E3779B1) & 0xFFFFFFFF


def sampled(h: int, p: int) -> bool:
    return (h >> 24) % p == 0


def hashes(norm: str, k: int = K) -> list[int]:
    """shingle_hash of every k characters of `norm`, in order (one encoding, then byte slices)."""
    b, w = norm.encode("utf-32-le"), 4 * k
    return [(crc32(b[i:i + w]) * 0x9E3779B1) & 0xFFFFFFFF for i in range(0, len(b) - w + 1, 4)]


def fixed_pieces(text: str) -> list[str]:
    """The fixed text of a phrase or frame sentence: the pieces between its slots."""
    return [p for p in _SLOT.split(text) if p]


# What a period slot of a frame sentence reads in a draft (years are '#' once normalised).
_PERIOD_SLOT = re.compile(r"\{\{ period\.\w+ \}\}")
_PERIOD_FILLS = ("#年上半年", "#年下半年", "#年", "上半年", "下半年", "#")


def exempt_hashes(texts) -> set[int]:
    out: set[int] = set()
    for t in texts:
        variants = [t]
        for _ in range(2):       # up to two period slots filled as drafts fill them
            variants = [v2 for v in variants for v2 in
                        ([_PERIOD_SLOT.sub(fill, v, count=1) for fill in _PERIOD_FILLS]
                         if _PERIOD_SLOT.search(v) else [v])]
        for v in variants:
            for piece in fixed_pieces(v):
                out.update(hashes(norm_text(piece)))
    return out


def frame_texts(kinds) -> list[str]:
    """The kinds' frame sentences (manifest["kinds"][i]["frame"], optional) and the 现将……如下
    each kind's template writes (placement.reporting)."""
    out = [f["text"] for k in kinds for f in (k.get("frame") or []) if isinstance(f, dict) and f.get("text")]
    return out + [k["placement"]["reporting"] for k in kinds if (k.get("placement") or {}).get("reporting")]


def doc_units(doc) -> list[str]:
    """Unit names a document gives itself that are specific enough to recognise elsewhere."""
    from .source import title_unit
    names = [title_unit(doc.title)]
    if doc.signature:
        names.append(doc.signature.unit)
    out = []
    for n in names:
        n = n.strip()
        # 县水利局, 街道: a level and an office, no proper name; XX县…: masked
        if 4 <= len(n) <= 30 and _ORG.search(n) and n[0] not in "省市县区镇乡村街" \
                and not re.search(r"[xX]{2}|[0-9]", n):
            out.append(n)
    return out


def doc_hashes(doc) -> list[int]:
    """The shingle hashes of one document (headings with their marker and inline body), with
    repeats."""
    from ..model import Heading
    out: list[int] = []
    for b in doc.blocks:
        text = (b.marker + b.text + (b.body if b.inline else "")) if isinstance(b, Heading) else b.text
        out += hashes(norm_text(text))
    return out


class OwnHashes:
    """Documents' shingles added in corpus order: each one found in fewer than STOCK_DOCS
    documents, with the first document holding it. Text that several documents share is the
    genre's (紧密团结在以…为核心的党中央周围), not one's own. On numpy (mining has it loaded):
    sorted arrays of the distinct hashes, their first document and their document count,
    into which the documents added since are folded a batch at a time."""

    _BATCH = 1 << 20          # hashes waiting to be folded in

    def __init__(self):
        import numpy as np
        self.np = np
        self.hash = np.zeros(0, np.uint32)
        self.first = np.zeros(0, np.uint32)
        self.count = np.zeros(0, np.int32)
        self.waiting: list = []
        self.size = 0
        self.n = 0

    def add(self, doc) -> None:
        np = self.np
        h = np.unique(np.array(doc_hashes(doc), dtype=np.uint32))
        self.waiting.append((h, self.n))
        self.n += 1
        self.size += len(h)
        if self.size >= self._BATCH:
            self._fold()

    def _fold(self) -> None:
        np = self.np
        if not self.waiting:
            return
        h = np.concatenate([self.hash] + [w for w, _ in self.waiting])
        first = np.concatenate([self.first] + [np.full(len(w), di, np.uint32) for w, di in self.waiting])
        count = np.concatenate([self.count] + [np.ones(len(w), np.int32) for w, _ in self.waiting])
        # stable: within one hash, entries keep corpus order, so a group's first is its first document
        order = np.argsort(h, kind="stable")
        h, first, count = h[order], first[order], count[order]
        starts = np.flatnonzero(np.concatenate(([True], h[1:] != h[:-1])))
        self.hash, self.first = h[starts], first[starts]
        self.count = np.minimum(np.add.reduceat(count, starts), STOCK_DOCS).astype(np.int32) \
            if len(h) else np.zeros(0, np.int32)
        self.waiting, self.size = [], 0

    def result(self) -> tuple[array, array]:
        """(hashes, first documents), ascending by hash: arrays cross processes in one copy."""
        self._fold()
        own = self.count < STOCK_DOCS
        hs, ds = array("I"), array("I")
        hs.frombytes(self.hash[own].astype(self.np.uint32).tobytes())
        ds.frombytes(self.first[own].astype(self.np.uint32).tobytes())
        return hs, ds


def own_hashes(docs) -> tuple[array, array]:
    acc = OwnHashes()
    for d in docs:
        acc.add(d)
    return acc.result()


def build(files, phrases=(), kinds=(), docs=None, own=None) -> bytes:
    """The shingle file for the corpus `files`, minus stock phrases and frames. `docs`: the
    corpus already parsed (outlines will do when `own`, own_hashes of the full documents, is
    given); otherwise the files are parsed again here."""
    from ..parser import parse_file
    if docs is None:
        docs = [d for f in files for d in parse_file(f)]
    if own is None:
        own = own_hashes(docs)
    hs_own, ds_own = own
    exempt = exempt_hashes([e["text"] for e in phrases] + frame_texts(kinds))
    p = min(MAX_P, max(1, -(-(len(hs_own) - len(exempt.intersection(hs_own))) // TARGET)))
    kept = [(h, d) for h, d in zip(hs_own, ds_own) if (h >> 24) % p == 0 and h not in exempt]
    meta = {
        "k": K, "p": p, "count": len(kept),
        "doc_index": "B" if len(docs) <= 1 << 8 else "H" if len(docs) <= 1 << 16 else "I",
        "docs": [{"title": d.title or "", "file": Path(d.file).name, "line": d.start_line} for d in docs],
        "units": sorted({(n, di) for di, d in enumerate(docs) for n in doc_units(d)}),
    }
    head = json.dumps(meta, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    hs = array("I", [h for h, _ in kept])
    ds = array(meta["doc_index"], [d for _, d in kept])
    if sys.byteorder == "big":
        hs.byteswap()
        ds.byteswap()
    return MAGIC + struct.pack("<I", len(head)) + head + hs.tobytes() + ds.tobytes()


class Shingles:
    """The shingle file, loaded: look hashes up by bisection in the sorted array (no dict built)."""

    def __init__(self, data: bytes, name: str = ""):
        from ..errors import BankError
        try:
            if not data.startswith(MAGIC):
                raise ValueError("magic")
            at = len(MAGIC)
            (n,) = struct.unpack_from("<I", data, at)
            meta = json.loads(data[at + 4: at + 4 + n].decode("utf-8"))
            body = at + 4 + n
            count = meta["count"]
            self.hashes = array("I")
            self.hashes.frombytes(data[body: body + 4 * count])
            self.docs_of = array(meta["doc_index"])
            width = self.docs_of.itemsize
            self.docs_of.frombytes(data[body + 4 * count: body + (4 + width) * count])
            if self.hashes.itemsize != 4 or len(self.docs_of) != count:
                raise ValueError("size")
        except (ValueError, KeyError, struct.error, UnicodeDecodeError) as e:
            raise BankError(f"查重数据损坏，请重新运行 drafter mine（{type(e).__name__}）", file=name)
        if sys.byteorder == "big":
            self.hashes.byteswap()
            self.docs_of.byteswap()
        self.k, self.p = meta["k"], meta["p"]
        self.docs = meta["docs"]
        self.units = [(n, di) for n, di in meta["units"]]

    @classmethod
    def load(cls, bank_dir) -> "Shingles | None":
        path = Path(bank_dir) / "phrasebank" / FILE_NAME
        if not path.is_file():
            return None
        return cls(path.read_bytes(), str(path))

    def kept(self, h: int) -> bool:
        return sampled(h, self.p)

    def doc(self, h: int) -> int | None:
        from bisect import bisect_left
        i = bisect_left(self.hashes, h)
        if i < len(self.hashes) and self.hashes[i] == h:
            return self.docs_of[i]
        return None
