"""The mining facade: corpus files in, a bank directory out.

    from drafter.mining.miner import mine
    summary = mine(["corpus/"], "out/", jobs=2)

Parsing and phrase extraction are a map over documents; kind clustering (which needs
scikit-learn, slow to import) runs in its own process at the same time.
"""
from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing as mp
from collections import Counter
from pathlib import Path

from ..ingest import expand_paths
from ..errors import DrafterError
from ..model import Document
from ..parser import parse_file
from ..yamlout import dump as yaml_dump
from .config import MinerConfig
from .kinds import centroid, cluster_documents, doc_vector, genre_title, kind_name, kind_slug, Tfidf
from .phrases import doc_grams, extract_doc, frequent_grams, jieba_cut, merge_into, segment_doc, select
from .roles import skeleton
from .templates import build_template, title_pattern

CATEGORIES_ZH = {"opener": "开头用语", "transition": "过渡用语", "formula": "固定格式", "stock": "常用词组",
                 "problem": "问题表述", "plan": "计划表述", "closer": "结尾用语", "enumeration": "列举格式",
                 "heading": "常用标题"}


def _import_clustering():
    import sklearn.cluster  # noqa: F401 - only to have it loaded when the documents arrive


def _cluster_task(args):
    docs, cfg = args
    return cluster_documents(docs, cfg)


_BATCH = 20000    # candidates per message from a worker


def _worker(conn, files, cfg: MinerConfig, inherited=()) -> None:
    """One contiguous run of corpus files, in its own process: parse, report the outlines,
    learn where its documents start in corpus order, segment, report the gram counts, wait for
    the corpus-wide frequent grams, extract, send the candidates back. Documents and segments
    never leave the process: they are the bulkiest intermediates."""
    gc.disable()           # as in mine(); a spawned worker does not inherit it
    for c in inherited:    # forked with the parent's ends of the pipes: let go, or no worker
        c.close()          # would see the parent close its end
    try:
        docs = []
        for f in files:
            docs.extend(parse_file(f))
            conn.send(("parse", 1))
        conn.send(("parsed", [_outline_only(d) for d in docs]))
        start = conn.recv()
        cut = jieba_cut()
        segs = []
        for k, d in enumerate(docs):
            segs.append(segment_doc(d, cut))
            if k % 10 == 9:
                conn.send(("segment", 10))
        conn.send(("segment", len(docs) % 10))
        del docs
        df: Counter = Counter()
        for seg in segs:
            df.update(doc_grams(seg))
        conn.send(("grams", df))
        del df
        frequent = conn.recv()
        acc: dict = {}
        for k, seg in enumerate(segs):
            extract_doc(seg, start + k, cfg, frequent, acc)
        del segs
        # In batches, dropping what is sent: neither side ever holds the whole chunk twice.
        keys = list(acc)
        for i in range(0, len(keys), _BATCH):
            conn.send(("acc", {k: acc.pop(k) for k in keys[i:i + _BATCH]}))
        conn.send(("done", None))
    except DrafterError as e:     # a corpus file that cannot be read: the user's error
        _report(conn, ("raise", e))
    except (EOFError, BrokenPipeError):
        pass                      # the parent stopped (an error elsewhere, or Ctrl-C)
    except BaseException as e:   # noqa: BLE001 - reported to the parent, which raises
        import traceback
        _report(conn, ("error", f"{type(e).__name__}: {e}\n{traceback.format_exc()}"))
    finally:
        conn.close()


def _report(conn, message) -> None:
    try:
        conn.send(message)
    except OSError:
        pass                      # the parent is gone: nobody to tell


def _split_files(files: list[Path], n: int) -> list[list[Path]]:
    """`n` contiguous runs of files of about equal size (corpus order is kept)."""
    sizes = [max(1, f.stat().st_size) for f in files]
    total, runs, cur, acc = sum(sizes), [], [], 0
    for f, size in zip(files, sizes):
        cur.append(f)
        acc += size
        if acc >= total * (len(runs) + 1) / n and len(runs) < n - 1:
            runs.append(cur)
            cur = []
    return [r for r in runs + [cur] if r]


def _map_reduce(ctx, files, cfg: MinerConfig, jobs: int, step, on_documents, on_extracting):
    """Parsing, segmentation and extraction over worker processes, one contiguous run of
    files each, with two barriers: document numbering needs every run's document count, and
    the frequent grams need every run's gram counts. Calls `on_documents(outlines)` once the
    documents are known and `on_extracting()` while the workers extract; returns (outlines,
    candidates)."""
    from multiprocessing.connection import wait
    runs = _split_files(files, jobs)
    jieba_cut()    # loaded once here; forked workers inherit the dictionary
    conns, procs = [], []
    try:
        for run in runs:
            here, there = ctx.Pipe()
            # a forked child holds copies of the parent's pipe ends (its own one's included)
            inherited = (*conns, here) if ctx.get_start_method() == "fork" else ()
            p = ctx.Process(target=_worker, args=(there, run, cfg, inherited), daemon=True)
            p.start()
            there.close()
            conns.append(here)
            procs.append(p)
        progress = {"parse": 0, "segment": 0}
        totals = {"parse": len(files), "segment": 0}

        def receive(conn, want: str):
            while True:
                try:
                    kind, payload = conn.recv()
                except EOFError:
                    raise RuntimeError("a mining worker process ended unexpectedly") from None
                if kind == "raise":
                    raise payload
                if kind == "error":
                    raise RuntimeError(payload)
                if kind in progress:
                    progress[kind] += payload
                    step(kind, progress[kind], totals[kind])
                elif kind == want or (want == "acc" and kind == "done"):
                    return payload

        def gather(want: str) -> dict:
            """One message of kind `want` from every worker, in whatever order they come."""
            got, pending = {}, list(conns)
            while pending:
                for conn in wait(pending):
                    got[conns.index(conn)] = receive(conn, want)
                    pending.remove(conn)
            return got

        outlines = gather("parsed")
        docs = [d for k in range(len(runs)) for d in outlines[k]]
        on_documents(docs)
        totals["segment"] = len(docs)
        start = 0
        for k, conn in enumerate(conns):
            conn.send(start)
            start += len(outlines[k])
        df: Counter = Counter()
        for k, part in sorted(gather("grams").items()):
            df.update(part)
        frequent = {g for g, c in df.items() if c >= cfg.min_support}
        del df
        for conn in conns:
            conn.send(frequent)
        on_extracting()
        merged: dict = {}
        done = 0
        for k, conn in enumerate(conns):   # in corpus order, so the merge is deterministic
            while (batch := receive(conn, "acc")) is not None:
                merge_into(merged, batch, cfg)
            done += len(outlines[k])
            step("phrases", done, len(docs))
        return docs, merged
    finally:
        for conn in conns:
            conn.close()          # a worker still waiting for us stops at once
        for p in procs:
            p.join(timeout=5)
            if p.is_alive():
                p.terminate()


def _no_documents(docs, paths) -> None:
    if not docs:
        from ..errors import InputError
        raise InputError("语料中没有找到任何文档", file=", ".join(map(str, paths)))


def _start_clustering(pool, docs, cfg, paths):
    _no_documents(docs, paths)
    return pool.apply_async(_cluster_task, ((docs, cfg),))


def _outline_only(doc: Document) -> Document:
    """What the main process needs of a document after extraction: title and headings."""
    return Document(file=doc.file, title=doc.title, start_line=doc.start_line, end_line=doc.end_line,
                    blocks=doc.headings, signature=doc.signature)


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
    step = progress or (lambda what, done, total: None)
    forking = "fork" in mp.get_all_start_methods()
    ctx = mp.get_context("fork") if forking else mp.get_context()
    # Clustering runs in its own process, which imports scikit-learn (about a second) at once,
    # overlapping jieba's dictionary load and the parsing; it is stopped as soon as its result
    # is in, before the extraction's memory peak.
    cluster_pool = ctx.Pool(processes=1)
    try:
        cluster_pool.apply_async(_import_clustering)
        clustering: dict = {}

        def collect():
            clustering["result"] = clustering.pop("job").get()
            cluster_pool.terminate()

        if jobs == 1:
            docs = []
            for i, f in enumerate(files):
                docs.extend(parse_file(f))
                step("parse", i + 1, len(files))
            clustering["job"] = _start_clustering(cluster_pool, docs, cfg, paths)
            cut = jieba_cut()
            segs = []
            for i, d in enumerate(docs):
                segs.append(segment_doc(d, cut))
                step("segment", i + 1, len(docs))
            collect()
            frequent = frequent_grams(segs, cfg.min_support)
            acc: dict = {}
            for i, seg in enumerate(segs):
                extract_doc(seg, i, cfg, frequent, acc)
                step("phrases", i + 1, len(docs))
            del segs
            merged = acc
        else:
            def on_documents(docs):
                clustering["job"] = _start_clustering(cluster_pool, docs, cfg, paths)
            docs, merged = _map_reduce(ctx, files, cfg, jobs, step, on_documents, collect)
    finally:
        cluster_pool.terminate()
        cluster_pool.join()
    labels, features = clustering["result"]
    step("merge", 0, 1)

    # kinds
    taken: set = set()
    kinds = []
    title_tf, head_tf = Tfidf.from_json(features["title"]), Tfidf.from_json(features["heading"])
    for label in sorted(set(labels)):
        members = [d for d, l in zip(docs, labels) if l == label]
        name = kind_name([d.title for d in members])
        forms = Counter(genre_title(d.title) for d in members if d.title)
        form = sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if forms else "Y年工作总结"
        kinds.append({
            "id": kind_slug(name, taken), "name": name, "support": len(members),
            "title_pattern": title_pattern(form),
            "titles": [t for t, _ in sorted(Counter(d.title for d in members if d.title).items(),
                                            key=lambda kv: (-kv[1], kv[0]))[:5]],
            "skeleton": skeleton(members, cfg.role_min_share, cfg.optional_below),
            "centroid": centroid([doc_vector(d, title_tf, head_tf, features["heading_weight"]) for d in members]),
        })
    doc_kinds = [kinds[l]["id"] for l in labels]
    for d, k in zip(docs, doc_kinds):
        d.kind = k
    phrases = select(merged, cfg, doc_kinds, [d.title for d in docs])
    step("merge", 1, 1)

    global_variants = {r["role"]: r["headings"] for r in skeleton(docs, 0.0, 0.0)}
    # level-2 headings frequent within a kind: suggested sub-headings for its work section
    templates = {}
    for k in kinds:
        members = [d for d in docs if d.kind == k["id"]]
        subheads = _shared_subheadings(members)
        templates[k["id"]] = build_template(k, phrases, subheads, global_variants)

    checksum, size = _checksum(files)
    manifest = {
        "generator": "drafter mine",
        "corpus": {"files": [f.name for f in files], "documents": len(docs), "bytes": size, "sha256": checksum},
        "config": {"min_support": cfg.min_support, "kind_distance": cfg.kind_distance},
        "features": features,
        "kinds": kinds,
        "phrases": {"entries": len(phrases),
                    "categories": dict(sorted(Counter(e["category"] for e in phrases).items()))},
    }
    write_bank(Path(out_dir), manifest, templates, phrases)
    return {"documents": len(docs), "files": len(files), "kinds": kinds, "phrases": phrases}


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


def write_bank(out: Path, manifest: dict, templates: dict, phrases: list[dict]) -> None:
    (out / "templates").mkdir(parents=True, exist_ok=True)
    (out / "phrasebank").mkdir(parents=True, exist_ok=True)
    # the bank directories are ours: remove what an earlier run wrote so the result is exact
    for old in list((out / "templates").glob("*.j2")) + list((out / "phrasebank").glob("*.yaml")) + \
            list((out / "phrasebank").glob("index.json")):
        old.unlink()
    for kid, text in sorted(templates.items()):
        (out / "templates" / f"{kid}.j2").write_text(text, "utf-8")
    by_cat: dict[str, list] = {}
    for e in phrases:
        by_cat.setdefault(e["category"], []).append(e)
    for cat, entries in sorted(by_cat.items()):
        header = f"# 常用语库：{CATEGORIES_ZH.get(cat, cat)}（{cat}），{len(entries)} 条，由 drafter mine 生成，请勿手改\n"
        (out / "phrasebank" / f"{cat}.yaml").write_text(header + yaml_dump(entries), "utf-8")
    # what `drafter phrase` needs, precomputed, in a format that loads fast
    index = [{k: e[k] for k in ("text", "category", "support", "count", "kinds", "roles", "slots", "examples")}
             | ({"variants": e["variants"]} if e.get("variants") else {}) for e in phrases]
    (out / "phrasebank" / "index.json").write_text(
        json.dumps({"categories": CATEGORIES_ZH, "entries": index}, ensure_ascii=False, separators=(",", ":")), "utf-8")
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=False) + "\n",
                                       "utf-8")
