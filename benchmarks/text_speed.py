"""Throughput of ``rasad.text.process`` on the Arabic news dump.

Usage: ``PYTHONPATH=src python benchmarks/text_speed.py [--limit N] [--data DIR]``

Reads the article texts of ``saudinewsnet_ar.jsonl.gz`` into memory first, then
times building a :class:`rasad.doc.Doc` and running ``process`` on each, one
process, one core, streaming (each processed document is dropped, as a pipeline
writing to the store would). Reports articles/s (wall clock), articles per CPU-second (less sensitive to a
busy machine), characters/s and peak resident
memory (which includes the raw texts held for the run).
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
    texts: list[str] = []
    with gzip.open(args.data / "saudinewsnet_ar.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            texts.append(str(d.get("content") or ""))
            if args.limit and len(texts) >= args.limit:
                break
    process(Doc(text="تحميل"))  # load the models outside the timing
    chars = sum(len(t) for t in texts)
    langs: Counter[str] = Counter()
    t0, c0 = time.perf_counter(), time.process_time()
    for text in texts:
        langs[process(Doc(text=text)).lang or "?"] += 1
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{len(texts)} articles, {chars / 1e6:.1f}M chars in {dt:.1f}s: {len(texts) / dt:.0f} articles/s, "
        f"{chars / dt / 1e6:.2f}M chars/s; {len(texts) / cpu:.0f} articles per CPU-second; peak RSS {rss_mb:.0f} MB; languages {dict(langs)}"
    )


if __name__ == "__main__":
    main()
