"""Throughput of ``rasad.text.process`` on the Arabic news dump.

Usage: ``PYTHONPATH=src python benchmarks/text_speed.py [--limit N] [--data DIR]``

Reads articles of ``saudinewsnet_ar.jsonl.gz`` into :class:`rasad.doc.Doc`
(title + content) first, then times ``process`` alone over them, one process,
one core. Reports articles/s, characters/s and peak resident memory.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import time
from collections import Counter
from pathlib import Path

from rasad.doc import Doc
from rasad.text import process
from rasad.text.train_zwnj import DEFAULT_DATA


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=0, help="articles to read (0: all)")
    args = ap.parse_args()
    docs = []
    with gzip.open(args.data / "saudinewsnet_ar.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            docs.append(Doc(text=str(d.get("content") or ""), title=d.get("title")))
            if args.limit and len(docs) >= args.limit:
                break
    process(Doc(text="تحميل"))  # load the models outside the timing
    chars = sum(len(d.text) for d in docs)
    langs: Counter[str] = Counter()
    t0 = time.perf_counter()
    for doc in docs:
        langs[process(doc).lang or "?"] += 1
    dt = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{len(docs)} articles, {chars / 1e6:.1f}M chars in {dt:.1f}s: {len(docs) / dt:.0f} articles/s, "
        f"{chars / dt / 1e6:.2f}M chars/s; peak RSS {rss_mb:.0f} MB (docs held in memory); languages {dict(langs)}"
    )


if __name__ == "__main__":
    main()
