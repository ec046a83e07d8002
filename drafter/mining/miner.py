"""The mining facade: corpus files in, a bank directory out.

    from drafter.mining.miner import mine
    summary = mine(["corpus/"], "out/", jobs=2)

Parsing, segmentation and phrase extraction are a map over documents (in this process, or
over worker processes: drafter/mining/parallel.py); kind clustering runs in its own process
at the same time.
"""
from __future__ import annotations

import gc
import hashlib
import multiprocessing as mp
from collections import Counter
from pathlib import Path

from ..bankio import check_bank_target, write_bank  # noqa: F401 - the bank is written as a transaction
from ..errors import DrafterError, InputError, WorkerError
from ..ingest import expand_paths
from ..parser import parse_file
from .config import MinerConfig
from .kinds import centroid, cluster_documents, doc_vector, genre_title, kind_name, kind_slug, naming_titles, Tfidf, unique_name
from .parallel import failure, ignore_interrupts, map_reduce, report, worker_died
from .frame import Restorer, load_formulae, mine_frame, placement, title_place
from .phrases import SEGMENTER, extract_doc, frequent, gram_counts, issuer, jieba_cut, segment_doc, select
from .roles import skeleton
from .templates import build_template, reporting_sentence, title_pattern

CATEGORIES_ZH = {"opener": "开头用语", "transition": "过渡用语", "formula": "固定格式", "stock": "常用词组",
                 "problem": "问题表述", "plan": "计划表述", "closer": "结尾用语", "enumeration": "列举格式",
                 "heading": "常用标题"}


def _clusterer(conn, cfg: MinerConfig, files, parse: bool, inherited=()) -> None:
    """The second process. With `parse` (mining in one process), it parses the corpus and
    sends the documents while the parent loads the segmenter; otherwise it imports numpy at
    once and waits for the workers' outlines. Then it clusters the documents and, while the
    parent extracts phrases, mines each kind's frame and hashes the corpus's shingles."""
    ignore_interrupts()
    for c in inherited:
        c.close()
    try:
        if parse:
            docs = [d for f in files for d in parse_file(f)]
            conn.send(("ok", docs))
            if not docs:
                return
            full = True
        else:
            # numpy loads while the outlines arrive: reading them at once, the parent never
            # waits on a full pipe
            import threading
            loading = threading.Thread(target=__import__, args=("numpy",), daemon=True)
            loading.start()
            docs, full = conn.recv()
            loading.join()
        import numpy  # noqa: F401 - clustering's
        labels, features = cluster_documents(docs, cfg)
        conn.send(("ok", (labels, features)))
        conn.send(("ok", _frames_and_shingles(docs, labels, None if full else files)))
    except (EOFError, BrokenPipeError):
        pass
    except DrafterError as e:     # a corpus file that cannot be read: the user's error
        report(conn, ("raise", e))
    except Exception as e:  # noqa: BLE001 - reported to the parent, which raises
        report(conn, ("error", failure(e)))
    finally:
        conn.close()


def _frames_and_shingles(docs, labels, files) -> tuple[dict, dict]:
    """Each kind's frame (label -> elements) and shingles.own_hashes of the full corpus: from
    `docs` when they are full, else (`files`: `docs` are outlines) from the files parsed again,
    one at a time. The wording restorer reads the full corpus either way."""
    from ..check.shingles import OwnHashes
    own, lines = OwnHashes(), []
    for d in (docs if files is None else (d for f in files for d in parse_file(f))):
        own.add(d)
        lines.extend(d.text_lines())
    # censored or truncated formulae are restored from the corpus's own full forms
    restore = Restorer("\n".join(lines), load_formulae())
    del lines
    frames = {label: mine_frame([d for d, l in zip(docs, labels) if l == label], restore)
              for label in sorted(set(labels))}
    return frames, own.result()


class _Clustering:
    """The second process, seen from the parent: the clustering, then the frames and shingles."""

    def __init__(self, ctx, cfg: MinerConfig, files, parse: bool):
        self.conn, there = ctx.Pipe()
        inherited = (self.conn,) if ctx.get_start_method() == "fork" else ()
        self.proc = ctx.Process(target=_clusterer, args=(there, cfg, files, parse, inherited), daemon=True)
        self.proc.start()
        there.close()

    def send(self, docs, full: bool) -> None:
        self.conn.send((docs, full))

    def result(self):
        try:
            kind, payload = self.conn.recv()
        except (EOFError, OSError):
            raise worker_died() from None
        if kind == "raise":
            raise payload
        if kind == "error":
            raise WorkerError(f"文档聚类进程出错：{payload}")
        return payload

    def stop(self) -> None:
        self.conn.close()
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()


def _no_documents(docs, paths) -> None:
    if not docs:
        raise InputError("语料中没有找到任何文档", file=", ".join(map(str, paths)))


def _checksum(files: list[Path]) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    for f in files:
        data = f.read_bytes()
        size += len(data)
        h.update(f.name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest(), size


def mine(paths, out_dir, jobs: int = 1, cfg: MinerConfig | None = None, progress=None) -> dict:
    # Mining builds hundreds of thousands of small containers and no reference cycles: the
    # cyclic collector would only rescan them over and over (and, after a fork, copy every
    # page it touches). Forked workers inherit the setting.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _mine(paths, out_dir, jobs, cfg, progress)
    finally:
        if enabled:
            gc.enable()


def _mine(paths, out_dir, jobs: int, cfg: MinerConfig | None, progress) -> dict:
    cfg = cfg or MinerConfig()
    jobs = max(1, int(jobs))
    files = expand_paths(paths)
    if len(files) < 2:
        jobs = 1          # work is split by file: one file is one worker's anyway
    step = progress or (lambda what, done, total: None)
    forking = "fork" in mp.get_all_start_methods()
    ctx = mp.get_context("fork") if forking else mp.get_context()
    # A second process from the start: it parses (in one-process mode) and clusters, then
    # mines the frames and the shingles while this process extracts and selects the phrases.
    clustering = _Clustering(ctx, cfg, files, parse=jobs == 1)
    result: dict = {}
    try:
        def on_documents(docs):          # the workers' outlines
            _no_documents(docs, paths)
            clustering.send(docs, False)

        def collect():
            result["kinds"] = clustering.result()

        if jobs == 1:
            cut = jieba_cut()            # while the second process parses the corpus
            docs = clustering.result()
            step("parse", len(files), len(files))
            _no_documents(docs, paths)
            segs = []
            for i, d in enumerate(docs):
                segs.append(segment_doc(d, cut))
                step("segment", i + 1, len(docs))
            collect()
            grams = frequent(gram_counts(segs), cfg.min_support)
            acc: dict = {}
            for i, seg in enumerate(segs):
                extract_doc(seg, i, cfg, grams, acc)
                step("phrases", i + 1, len(docs))
            del segs
            merged = acc
        else:
            docs, merged = map_reduce(ctx, files, cfg, jobs, step, on_documents, collect, (clustering.conn,))
        labels, features = result["kinds"]
        step("merge", 0, 1)
        kinds, skels = _kinds(docs, labels, features, cfg)
        doc_kinds = [kinds[l]["id"] for l in labels]
        for d, k in zip(docs, doc_kinds):
            d.kind = k
        phrases = select(merged, cfg, doc_kinds, [d.title for d in docs], [issuer(d) for d in docs])
        frames, own = clustering.result()
    finally:
        clustering.stop()
    for label, k in enumerate(kinds):
        members = [d for d, l in zip(docs, labels) if l == label]
        k["frame"] = frames[label]
        k["placement"] = placement(members, frames[label], {r["role"]: r["share"] for r in skels[label]})
    step("merge", 1, 1)

    global_variants = {r["role"]: r["headings"] for r in skeleton(docs, 0.0, 0.0, top=None)}
    # level-2 headings frequent within a kind: suggested sub-headings for its work section
    templates = {}
    for k in kinds:
        k["placement"]["reporting"] = reporting_sentence(k, phrases)
        members = [d for d in docs if d.kind == k["id"]]
        subheads = _shared_subheadings(members)
        templates[k["id"]] = build_template(k, phrases, subheads, global_variants)

    checksum, size = _checksum(files)
    manifest = {
        "generator": "drafter mine",
        "corpus": {"files": [f.name for f in files], "documents": len(docs), "bytes": size, "sha256": checksum},
        "config": {"min_support": cfg.min_support, "kind_distance": cfg.kind_distance},
        "segmenter": SEGMENTER,
        "features": features,
        "kinds": kinds,
        "phrases": {"entries": len(phrases),
                    "categories": dict(sorted(Counter(e["category"] for e in phrases).items()))},
    }
    # drafter check (查重): hashed shingles of the corpus, stock phrases and frames left out
    from ..check import shingles
    extra = {f"phrasebank/{shingles.FILE_NAME}": shingles.build(files, phrases, kinds, docs, own)}
    write_bank(Path(out_dir), manifest, templates, phrases, extra)
    return {"documents": len(docs), "files": len(files), "kinds": kinds, "phrases": phrases}


def _kinds(docs, labels, features, cfg: MinerConfig) -> tuple[list[dict], list]:
    """The kinds (in label order) and their skeletons; "frame" and "placement" are filled in
    once the second process has mined the frames."""
    taken: set = set()
    names: set = set()
    kinds, skels = [], []
    title_tf, head_tf = Tfidf.from_json(features["title"]), Tfidf.from_json(features["heading"])
    for label in sorted(set(labels)):
        members = [d for d, l in zip(docs, labels) if l == label]
        name = unique_name(kind_name(naming_titles(members)), names)
        forms = Counter(genre_title(t) for t in naming_titles(members))
        form = sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if forms else "Y年工作总结"
        skel = skeleton(members, cfg.role_min_share, cfg.optional_below)
        skels.append(skel)
        kinds.append({
            "id": kind_slug(name, taken), "name": name, "support": len(members),
            "title_pattern": title_pattern(form, title_place(members) if "政府" in form else None),
            "titles": [t for t, _ in sorted(Counter(d.title for d in members if d.title).items(),
                                            key=lambda kv: (-kv[1], kv[0]))[:5]],
            "skeleton": skel,
            "frame": None,
            "placement": None,
            "centroid": centroid([doc_vector(d, title_tf, head_tf, features["heading_weight"]) for d in members]),
        })
    return kinds, skels


def _shared_subheadings(members) -> list[tuple[str, int]]:
    """Level-2 headings of a kind whose wording (a 4-character run) recurs in other documents'
    level-2 headings: 主动公开情况 and 主动公开和依申请公开 share 主动公开."""
    per_doc = [{h.text for h in d.headings if h.level == 2 and 4 <= len(h.text) <= 16} for d in members]
    grams_docs: Counter = Counter()
    for heads in per_doc:
        grams_docs.update({t[i:i + 4] for t in heads for i in range(len(t) - 3)})
    scored = Counter()
    for heads in per_doc:
        for t in heads:
            score = max((grams_docs[t[i:i + 4]] for i in range(len(t) - 3)), default=0)
            if score >= 2:
                scored[t] = max(scored[t], score)
    return sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
