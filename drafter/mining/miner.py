"""The mining facade: corpus files in, a bank directory out.

    from drafter.mining.miner import mine
    summary = mine(["corpus/"], "out/", jobs=2)

Parsing and phrase extraction are a map over documents; kind clustering (which needs
scikit-learn, slow to import) runs in its own process at the same time.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
from collections import Counter
from pathlib import Path

from ..ingest import expand_paths
from ..parser import parse_file
from .config import MinerConfig
from .kinds import centroid, cluster_documents, doc_vector, genre_title, kind_name, kind_slug, Tfidf
from .phrases import extract_chunk, extract_doc, merge, select
from .roles import skeleton
from .templates import build_template, title_pattern

CATEGORIES_ZH = {"opener": "开头用语", "transition": "过渡用语", "formula": "固定格式", "stock": "常用词组",
                 "problem": "问题表述", "plan": "计划表述", "closer": "结尾用语", "enumeration": "列举格式",
                 "heading": "常用标题"}


def _cluster_task(args):
    docs, cfg = args
    return cluster_documents(docs, cfg)


def _checksum(files: list[Path]) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    for f in files:
        data = f.read_bytes()
        size += len(data)
        h.update(f.name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest(), size


def mine(paths, out_dir, jobs: int = 1, cfg: MinerConfig | None = None, progress=None) -> dict:
    cfg = cfg or MinerConfig()
    jobs = max(1, int(jobs))
    files = expand_paths(paths)
    step = progress or (lambda what, done, total: None)
    docs = []
    for i, f in enumerate(files):
        docs.extend(parse_file(f))
        step("parse", i + 1, len(files))
    if not docs:
        from ..errors import InputError
        raise InputError("语料中没有找到任何文档", file=", ".join(map(str, paths)))
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    n_chunks = min(len(docs), jobs * 4) if jobs > 1 else 1
    bounds = [round(k * len(docs) / n_chunks) for k in range(n_chunks + 1)]
    chunks = [(bounds[k], docs[bounds[k]:bounds[k + 1]], cfg) for k in range(n_chunks)]
    with ctx.Pool(processes=jobs + (1 if jobs > 1 else 0)) as pool:
        kinds_job = pool.apply_async(_cluster_task, ((docs, cfg),))
        if jobs == 1:
            import jieba
            jieba.setLogLevel(60)
            cut = lambda s: jieba.lcut(s, HMM=False)  # noqa: E731
            acc: dict = {}
            for i, d in enumerate(docs):
                extract_doc(d, i, cfg, cut, acc)
                step("phrases", i + 1, len(docs))
            parts = [acc]
        else:
            parts = []
            for k, part in enumerate(pool.imap(extract_chunk, chunks)):
                parts.append(part)
                step("phrases", bounds[k + 1], len(docs))
        labels, features = kinds_job.get()
    step("merge", 0, 1)
    merged = merge(parts, cfg)

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
    phrases = select(merged, cfg, doc_kinds)
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


def _dump_yaml(data) -> str:
    import yaml
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100000)


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
        (out / "phrasebank" / f"{cat}.yaml").write_text(header + _dump_yaml(entries), "utf-8")
    # what `drafter phrase` needs, precomputed, in a format that loads fast
    index = [{k: e[k] for k in ("text", "category", "support", "count", "kinds", "roles", "slots", "examples")}
             | ({"variants": e["variants"]} if e.get("variants") else {}) for e in phrases]
    (out / "phrasebank" / "index.json").write_text(
        json.dumps({"categories": CATEGORIES_ZH, "entries": index}, ensure_ascii=False, separators=(",", ":")), "utf-8")
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=False) + "\n",
                                       "utf-8")
