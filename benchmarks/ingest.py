"""Benchmark: ingest + text layer + store on the real news dumps.

Reads ../shared/data/news (SaudiNewsNet, 31,030 Arabic articles; two Persian
Fars dumps), runs each article through the text layer (or every stage with
--all-stages) and saves it into a fresh SQLite database in a temporary folder,
as ``rasad ingest`` does. Prints articles/s per file and overall, and the peak
resident memory of the process.

With --dedup-report it also lists the near-duplicate links found, with the
exact Jaccard similarity of their shingle sets, to calibrate
``rasad.link.dedup.NEAR_DUP_THRESHOLD`` and count false positives.

    PYTHONPATH=src .venv/bin/python benchmarks/ingest.py [--limit N] [--dedup-report]
"""

from __future__ import annotations

import argparse
import logging
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from rasad import pipeline, service
from rasad.link import dedup
from rasad.store import Store
from rasad.store import models as m

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "news"
FILES = ("saudinewsnet_ar.jsonl.gz", "farsnews_fa.jsonl.gz", "farsnews_1402_fa.jsonl.gz")


def peak_rss_mb() -> float:
    """Peak resident set size of this process, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_rss_mb() -> float:
    """Peak resident set size of the largest finished worker process, in MiB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def dedup_report(store: Store, show: int) -> None:
    """Print every near-duplicate link with its exact shingle Jaccard."""
    with store.session() as session:
        pairs = list(
            session.execute(
                select(m.Article.id, m.Article.duplicate_of, m.Article.duplicate_score).where(
                    m.Article.duplicate_of.is_not(None)
                )
            )
        )
        exact: list[tuple[float, float, int, int]] = []
        for article_id, original, score in pairs:
            a, b = session.get(m.Article, article_id), session.get(m.Article, original)
            assert a is not None and b is not None
            sa = dedup.shingles(dedup.body_text(a.text, a.excluded))
            sb = dedup.shingles(dedup.body_text(b.text, b.excluded))
            exact.append((len(sa & sb) / len(sa | sb), score or 0.0, article_id, original))
        exact.sort()
        below = sum(1 for j, *_ in exact if j < dedup.NEAR_DUP_THRESHOLD - 0.1)
        print(f"near-duplicate links: {len(pairs)}; exact Jaccard below {dedup.NEAR_DUP_THRESHOLD - 0.1:.2f}: {below}")
        for j, score, article_id, original in exact[:show]:
            a, b = session.get(m.Article, article_id), session.get(m.Article, original)
            assert a is not None and b is not None
            print(f"  J={j:.2f} est={score:.2f}  #{article_id} {a.outlet} | {a.title}")
            print(f"  {'':15} #{original} {b.outlet} | {b.title}")


class Timed:
    """Wraps a callable and adds up the CPU seconds spent in it (robust on a busy machine)."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn, self.seconds = fn, 0.0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return self.fn(*args, **kwargs)
        finally:
            self.seconds += time.process_time() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="at most N articles per file")
    parser.add_argument("--files", nargs="*", default=list(FILES), help="dump names under ../shared/data/news")
    parser.add_argument("--all-stages", action="store_true", help="run every stage, not only rasad.text")
    parser.add_argument("--dedup-report", action="store_true", help="list near-duplicate links")
    parser.add_argument("--show", type=int, default=15, help="links to print in the dedup report")
    parser.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes for the stages (rasad ingest -j)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if not DATA.is_dir():
        print(f"no data: {DATA} is missing", file=sys.stderr)
        return 2
    stages = None if args.all_stages else ["rasad.text"]
    print(f"stages: {', '.join(stages or pipeline.STAGES)}; limit per file: {args.limit or 'none'}")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(args.db or f"sqlite:///{Path(tmp) / 'bench.db'}")
        # Time the two phases inside ingest_into_store: the stages and the store.
        stages_timer = Timed(pipeline.run)
        store_timer = Timed(store.add_doc)
        pipeline.run = stages_timer  # type: ignore[assignment]
        store.add_doc = store_timer  # type: ignore[method-assign]
        reasons: Counter[str] = Counter()
        total, seconds, cpu_started = 0, 0.0, time.process_time()
        for name in args.files:
            started = time.perf_counter()
            summary = service.ingest_into_store(
                [str(DATA / name)], store, stages=stages, limit=args.limit,
                workers=args.workers, corpus_step=False,
            )
            reasons.update(f.reason or "" for f in summary.failures)
            elapsed = time.perf_counter() - started
            n = summary.ingested + summary.duplicates + summary.failed
            total, seconds = total + n, seconds + elapsed
            print(
                f"{name}: {n} articles in {elapsed:.1f} s = {n / elapsed:.0f} articles/s "
                f"({summary.line()}); peak RSS so far {peak_rss_mb():.0f} MiB"
            )
        print(f"overall: {total} articles in {seconds:.1f} s = {total / seconds:.0f} articles/s; "
              f"peak RSS {peak_rss_mb():.0f} MiB (main process)"
              + (f", {children_rss_mb():.0f} MiB (largest worker) x {args.workers} workers" if args.workers > 1 else ""))  # fmt: skip
        cpu = time.process_time() - cpu_started
        print(f"CPU: {cpu:.1f} s = {total / cpu:.0f} articles per CPU-second "
              f"(wall-clock rates above fall when other processes share the cores)")  # fmt: skip
        if args.workers > 1:
            print(f"CPU per article in the main process: store (dedup, index, write) "
                  f"{store_timer.seconds / total * 1000:.1f} ms; the stages ran in {args.workers} workers")  # fmt: skip
        else:
            print(f"CPU per article: stages {stages_timer.seconds / total * 1000:.1f} ms, "
                  f"store (dedup, index, write) {store_timer.seconds / total * 1000:.1f} ms, "
                  f"reading and the rest {(cpu - stages_timer.seconds - store_timer.seconds) / total * 1000:.1f} ms")  # fmt: skip
        for reason, n in reasons.most_common(5):
            print(f"failed {n}: {reason}")
        if args.dedup_report:
            dedup_report(store, args.show)
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
