"""Benchmark: search latency on a store of every article in ../shared/data/news (about 32,700), SQLite and PostgreSQL.

Builds each store with the text stage only (what search needs), as
``rasad ingest DUMPS --stages rasad.text --no-corpus-step -j 2`` does, unless
it exists already (``--keep``), then times 100 searches through
``rasad.store.Store.search`` (20 hits each, the CLI's default) in one process
after one warm-up pass, and prints p50, p95 and max in milliseconds with the
process's peak memory. The queries are drawn with a fixed seed from the
stored texts themselves: 60 single words and 40 two-word phrases of at least
four letters, half Persian and half Arabic.

    PYTHONPATH=src .venv/bin/python benchmarks/search_scale.py [--sqlite PATH] [--pg URL] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "news"
FILES = ("saudinewsnet_ar.jsonl.gz", "farsnews_fa.jsonl.gz", "farsnews_1402_fa.jsonl.gz")
QUERIES = 100
SEED = 30000
_WORD = re.compile(r"[\u0600-\u06ff\u200c]{4,}")


def build(url: str) -> float:
    """Ingest every dump row into ``url`` with the text stage; returns the wall seconds."""
    started = time.perf_counter()
    cmd = [sys.executable, "-m", "rasad.cli", "ingest", *(str(DATA / f) for f in FILES), "--db", url,
           "--stages", "rasad.text", "--no-corpus-step", "-j", "2", "-q"]  # fmt: skip
    # rows with no text are refused one line each on stderr (a few hundred in SaudiNewsNet): not shown here
    subprocess.run(cmd, check=False, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def queries(store: object) -> list[str]:
    """Words and two-word phrases drawn from stored texts (fixed seed), half Persian, half Arabic."""
    from sqlalchemy import select

    from rasad.store import models as m

    rng = random.Random(SEED)
    out: list[str] = []
    with store.session() as session:  # type: ignore[attr-defined]
        for lang in ("fa", "ar"):
            ids = list(session.scalars(select(m.Article.id).where(m.Article.lang == lang)))
            while len(out) < (QUERIES // 2 if lang == "fa" else QUERIES):
                text = session.scalar(select(m.Article.text).where(m.Article.id == rng.choice(ids))) or ""
                words = _WORD.findall(text)
                if len(words) < 2:
                    continue
                i = rng.randrange(len(words) - 1)
                phrase = len(out) % 5 >= 3  # two in five are phrases
                out.append(f'"{words[i]} {words[i + 1]}"' if phrase else words[i])
    return out


def measure(url: str) -> dict[str, float]:
    from rasad.store import Store

    with Store(url) as store:
        n = store.count()
        asked = queries(store)
        for q in asked:  # warm-up: the first pass reads the index from disk
            store.search(q, limit=20)
        times = []
        for q in asked:
            started = time.perf_counter()
            store.search(q, limit=20)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"articles": n, "p50_ms": statistics.median(times), "p95_ms": times[int(0.95 * len(times)) - 1],
            "max_ms": times[-1], "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sqlite", default="/tmp/rasad_search_scale.db", help="SQLite file to build or reuse")
    ap.add_argument("--pg", default=None, help="PostgreSQL URL to build or reuse (an existing, empty database)")
    ap.add_argument("--keep", action="store_true", help="Reuse the stores as they are (do not ingest)")
    ap.add_argument("--measure", metavar="URL", help=argparse.SUPPRESS)  # one store, in a process of its own
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    urls = [f"sqlite:///{args.sqlite}"] + ([args.pg] if args.pg else [])
    for url in urls:
        if not args.keep:
            print(f"{url}: built in {build(url):.0f} s", flush=True)
        done = subprocess.run([sys.executable, __file__, "--measure", url], check=True, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT / "src")})  # fmt: skip
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{url}: {r['articles']} articles; {QUERIES} searches: p50 {r['p50_ms']:.1f} ms, "
              f"p95 {r['p95_ms']:.1f} ms, max {r['max_ms']:.1f} ms; peak memory {r['peak_rss_mb']:.0f} MiB", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
