"""Throughput of the time stage (rasad.extract.time.process), in sentences per second.

Runs the stage over real news articles from ../shared/data/news (Persian Fars
and Arabic SaudiNewsNet), one process, one core, after a warm-up that
compiles the grammar. Sentences are counted by splitting on . ! ? ؟ and line
breaks. Goal: >= 2,000 sentences/s.

Usage: PYTHONPATH=src .venv/bin/python benchmarks/time_speed.py [--articles N] [--repeat R]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import itertools
import json
import re
import sys
import time
from pathlib import Path

from rasad.doc import Doc
from rasad.extract.time import process

NEWS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news"
_SENT = re.compile(r"[^.!?؟\n]+")


def load(n: int) -> list[tuple[str, str]]:
    """Up to ``n`` articles from each of the Persian and Arabic dumps: (lang, text)."""
    out: list[tuple[str, str]] = []
    for name, lang, field in (("farsnews_1402_fa.jsonl.gz", "fa", "body"), ("saudinewsnet_ar.jsonl.gz", "ar", "content")):
        with gzip.open(NEWS / name, "rt", encoding="utf-8") as fh:
            for line in itertools.islice(fh, n):
                text = json.loads(line).get(field) or ""
                if text.strip():
                    out.append((lang, text))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=200, help="articles per language")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    if not NEWS.is_dir():
        print(f"error: {NEWS} not found (the news dumps live in ../shared/data/news)", file=sys.stderr)
        return 2
    articles = load(args.articles)
    sentences = sum(len([s for s in _SENT.findall(t) if s.strip()]) for _, t in articles)
    chars = sum(len(t) for _, t in articles)
    now = dt.date(2026, 1, 1)
    process(Doc(text="warm-up: ۹ فروردین ۱۴۰۲", lang="fa"), now=now)
    best = float("inf")
    found = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        found = 0
        for lang, text in articles:
            found += len(process(Doc(text=text, lang=lang), now=now).times)
        best = min(best, time.perf_counter() - t0)
    print(f"articles: {len(articles)}  sentences: {sentences}  characters: {chars}")
    print(f"expressions found: {found}")
    print(f"best of {args.repeat}: {best:.3f} s  ->  {sentences / best:,.0f} sentences/s, "
          f"{chars / best / 1000:,.0f} k chars/s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
