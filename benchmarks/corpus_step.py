"""Time the corpus step (rasad.analyze.corpus.run_corpus_step) on real articles.

Ingests N articles (half Persian from the Fars dumps, half Arabic from
SaudiNewsNet, interleaved) with the full pipeline into a fresh SQLite file
*without* the corpus step, then times: the first run of the step over all of
them (every article vector computed), a second run (nothing new: idempotent),
and an incremental run after M more articles.

    PYTHONPATH=src .venv/bin/python benchmarks/corpus_step.py [--articles 500] [--more 20] [--db /tmp/bench.db]
    PYTHONPATH=src .venv/bin/python benchmarks/corpus_step.py --inputs examples/seeds --db /tmp/seeds.db

The ingested store (before any run of the step) is kept beside --db as
``<db>.base`` and copied back at the start of later calls, so that every call
times the same first run; delete it to ingest afresh. Peak memory (RSS) of
the process is printed at the end.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import sqlite3
import time
from itertools import islice
from pathlib import Path

from rasad.analyze.corpus import run_corpus_step
from rasad.doc import Doc
from rasad.pipeline import run as run_stages
from rasad.store import Store
from rasad.store import models as m

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news"


def _docs(path: Path, lang: str) -> list[Doc]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fp:
        for line in fp:
            r = json.loads(line)
            body = r.get("content") or r.get("body") or ""
            if len(body) >= 300:
                out.append(Doc(text=body, title=r.get("title"), lang=lang, source=r.get("url") or r.get("id") or ""))
    return out


def _interleaved(n: int) -> list[Doc]:
    fa = _docs(DATA / "farsnews_1402_fa.jsonl.gz", "fa") + _docs(DATA / "farsnews_fa.jsonl.gz", "fa")
    ar = _docs(DATA / "saudinewsnet_ar.jsonl.gz", "ar")[: n]
    mixed = [d for pair in zip(fa, ar, strict=False) for d in pair]
    return mixed[:n]


def _ingest(store: Store, docs: list[Doc]) -> float:
    started = time.perf_counter()
    for doc in docs:
        store.add_doc(run_stages(doc))
    return time.perf_counter() - started


def _time_inputs(inputs: list[str], db: str) -> None:
    """Ingest ``inputs`` without the step into a fresh ``db``, then time one run of the step."""
    from rasad.service import ingest_into_store

    Path(db).unlink(missing_ok=True)
    with Store(f"sqlite:///{db}") as store:
        started = time.perf_counter()
        summary = ingest_into_store(inputs, store, corpus_step=False)
        ingest_s = time.perf_counter() - started
        started = time.perf_counter()
        report = run_corpus_step(store)
        print(f"{summary.line()}: ingest without the step {ingest_s:.1f} s; corpus step "
              f"{time.perf_counter() - started:.1f} s — {report.line()}; stages "
              + ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items()))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--more", type=int, default=20)
    parser.add_argument("--db", default="/tmp/rasad_corpus_bench.db")
    parser.add_argument("--inputs", nargs="*", help="ingest these paths (e.g. examples/seeds) instead of the dumps")
    args = parser.parse_args()
    if args.inputs:
        _time_inputs(args.inputs, args.db)
        return
    docs = _interleaved(args.articles + args.more)
    base = Path(f"{args.db}.base")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    if base.is_file():
        shutil.copyfile(base, args.db)
    with Store(f"sqlite:///{args.db}") as store:
        if store.count(m.Article) == 0:
            seconds = _ingest(store, list(islice(docs, args.articles)))
            print(f"ingest (pipeline, no corpus step): {store.count(m.Article)} articles in {seconds:.1f} s")
            store.engine.dispose()
            with sqlite3.connect(args.db) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copyfile(args.db, base)
        else:
            print(f"copied {base} ({store.count(m.Article)} articles, the step not yet run)")
        for name in ("first run", "second run (nothing new)"):
            started = time.perf_counter()
            report = run_corpus_step(store)
            print(f"{name}: {time.perf_counter() - started:.1f} s — {report.line()}; "
                  f"vectors computed {report.vectors_computed}; stages "
                  + ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items()))  # fmt: skip
        before = store.count(m.Article)
        _ingest(store, docs[args.articles : args.articles + args.more])
        started = time.perf_counter()
        report = run_corpus_step(store)
        print(f"incremental run after {store.count(m.Article) - before} new articles: "
              f"{time.perf_counter() - started:.1f} s — {report.line()}; stages "
              + ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items()))  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MiB; load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
