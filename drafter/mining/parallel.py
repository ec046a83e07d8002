"""`drafter mine --jobs N`: parsing, segmentation and extraction over worker processes.

Each worker takes a contiguous run of corpus files, so documents keep their corpus order and
the merged result is the same as one process's, byte for byte. Only outlines, gram counts and
candidates cross between processes; documents and segments stay where they were made.
"""
from __future__ import annotations

import gc
from collections import Counter
from pathlib import Path

from ..errors import DrafterError, WorkerError
from ..model import Document
from ..parser import parse_file
from .config import MinerConfig
from .phrases import extract_doc, frequent, gram_counts, jieba_cut, merge_into, segment_doc

_BATCH = 20000    # candidates per message from a worker


def _worker(conn, files, cfg: MinerConfig, inherited=()) -> None:
    """One contiguous run of corpus files, in its own process: parse, report the outlines,
    learn where its documents start in corpus order, segment, report the gram counts, wait for
    the corpus-wide frequent grams, extract, send the candidates back. Documents and segments
    never leave the process: they are the bulkiest intermediates."""
    gc.disable()           # as in mine(); a spawned worker does not inherit it
    ignore_interrupts()
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
        conn.send(("grams", gram_counts(segs)))
        grams = conn.recv()
        acc: dict = {}
        for k, seg in enumerate(segs):
            extract_doc(seg, start + k, cfg, grams, acc)
        del segs
        # In batches, dropping what is sent: neither side ever holds the whole chunk twice.
        keys = list(acc)
        for i in range(0, len(keys), _BATCH):
            conn.send(("acc", {k: acc.pop(k) for k in keys[i:i + _BATCH]}))
        conn.send(("done", None))
    except DrafterError as e:     # a corpus file that cannot be read: the user's error
        report(conn, ("raise", e))
    except (EOFError, BrokenPipeError):
        pass                      # the parent stopped (an error elsewhere, or Ctrl-C)
    except Exception as e:       # noqa: BLE001 - reported to the parent, which raises
        report(conn, ("error", failure(e)))
    finally:
        conn.close()


def ignore_interrupts() -> None:
    """Ctrl-C reaches every process of the terminal's group: helpers leave it to the parent,
    which stops them, instead of each printing a traceback."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def failure(e: BaseException) -> str:
    """What a helper process reports of an unexpected error; the traceback only for debugging."""
    import os
    import traceback
    if os.environ.get("DRAFTER_DEBUG"):
        return "".join(traceback.format_exception(e))
    from ..errors import os_cause
    if isinstance(e, OSError):      # a cause the user can act on (a full disk, an unreadable file)
        where = f"“{e.filename}”" if getattr(e, "filename", None) else ""
        return f"{where}{os_cause(e)}"
    if isinstance(e, MemoryError):
        return "内存不足，可以用 --jobs 1 重试"
    return "程序内部错误（设置环境变量 DRAFTER_DEBUG=1 可查看详细信息，请报告此问题）"


def worker_died() -> WorkerError:
    return WorkerError("挖掘的辅助进程意外退出（可能是内存不足），可以用 --jobs 1 重试")


def report(conn, message) -> None:
    try:
        conn.send(message)
    except OSError:
        pass                      # the parent is gone: nobody to tell


# Below this much input, starting worker processes costs more than they save.
SMALL_CORPUS_BYTES = 2 * 1024 * 1024


def default_jobs(paths) -> int:
    """Worker processes for `drafter mine` when --jobs is not given: two (most of the speed-up
    of more, at a bounded memory cost), one on a single core or for a small corpus."""
    import os
    from ..ingest import expand_paths
    total = sum(f.stat().st_size for f in expand_paths(paths))
    return 1 if total < SMALL_CORPUS_BYTES else min(2, os.cpu_count() or 1)


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


def map_reduce(ctx, files, cfg: MinerConfig, jobs: int, step, on_documents, on_extracting, parent_ends=()):
    """Parsing, segmentation and extraction over worker processes, one contiguous run of
    files each, with two barriers: document numbering needs every run's document count, and
    the frequent grams need every run's gram counts. Calls `on_documents(outlines)` once the
    documents are known and `on_extracting()` while the workers extract; returns (outlines,
    candidates). `parent_ends`: the parent's ends of other pipes, which forked workers close."""
    from multiprocessing.connection import wait
    runs = _split_files(files, jobs)
    jieba_cut()    # loaded once here; forked workers inherit the dictionary
    conns, procs = [], []
    try:
        for run in runs:
            here, there = ctx.Pipe()
            # a forked child holds copies of the parent's pipe ends (its own one's included)
            inherited = (*parent_ends, *conns, here) if ctx.get_start_method() == "fork" else ()
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
                except (EOFError, OSError):
                    raise worker_died() from None
                if kind == "raise":
                    raise payload
                if kind == "error":
                    raise WorkerError(f"挖掘的辅助进程出错：{payload}")
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
        grams = frequent(df, cfg.min_support)
        del df
        for conn in conns:
            conn.send(grams)
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
            p.join(timeout=1)     # a worker notices at its next message; one mid-computation is stopped
            if p.is_alive():
                p.terminate()


def _outline_only(doc: Document) -> Document:
    """What the main process needs of a document after extraction: title and headings."""
    from .frame import frame_blocks
    keep = {id(b) for b in frame_blocks(doc)}     # the paragraphs the frame is mined from
    return Document(file=doc.file, title=doc.title, start_line=doc.start_line, end_line=doc.end_line,
                    blocks=[b for b in doc.blocks if hasattr(b, "level") or id(b) in keep],
                    signature=doc.signature)
