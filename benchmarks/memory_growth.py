"""How a process's memory grows over many articles, with and without trimming the C heap.

Runs every pipeline stage over the first ``--articles`` SaudiNewsNet articles
(../shared/data/news) in one process and prints the resident memory (now and
peak) every 50 articles. ``--trim N`` calls glibc's ``malloc_trim(0)`` after
every N articles (0: never), as ``rasad ingest`` does after each document
(``rasad.service._release_memory``).

    RASAD_THREADS=1 PYTHONPATH=src .venv/bin/python benchmarks/memory_growth.py --trim 0
    RASAD_THREADS=1 PYTHONPATH=src .venv/bin/python benchmarks/memory_growth.py --trim 10
"""

from __future__ import annotations

import argparse
import ctypes
import gzip
import itertools
import json
import resource
import time
from pathlib import Path

from rasad import pipeline
from rasad.doc import Doc

NEWS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news"


def _rss_mb() -> int:
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * 4096 // 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--trim", type=int, default=0, help="malloc_trim after every N articles (0: never)")
    args = ap.parse_args()
    trim = ctypes.CDLL("libc.so.6").malloc_trim if args.trim else None
    texts = []
    with gzip.open(NEWS / "saudinewsnet_ar.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in itertools.islice(f, args.articles):
            text = json.loads(line).get("content") or ""
            if text.strip():
                texts.append(text)
    started = time.perf_counter()
    for k, text in enumerate(texts, start=1):
        pipeline.run(Doc(text=text))
        if trim is not None and k % args.trim == 0:
            trim(0)
        if k % 50 == 0:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
            print(f"{k} articles, {time.perf_counter() - started:.0f} s: RSS {_rss_mb()} MiB, peak {peak} MiB", flush=True)


if __name__ == "__main__":
    main()
