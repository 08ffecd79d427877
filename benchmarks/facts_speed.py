"""Throughput of the fact stages (events, quotes, claims) and of the cross-article functions.

Runs the text and time stages first (their cost is reported too), then each
fact stage, over real news from ../shared/data/news (Persian Fars 1402 and
Arabic SaudiNewsNet), one process. The entity stage is included when its
trained models are present (``--entities``). Reports articles/s per stage and
the time of merge_events / link_quotes / find_contradictions over the batch.

Usage: PYTHONPATH=src .venv/bin/python benchmarks/facts_speed.py [--articles N] [--entities]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import time
from pathlib import Path

from rasad import pipeline
from rasad.analyze import contradictions
from rasad.doc import Doc

NEWS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news"


def load(n: int, offset: dict[str, int] | None = None) -> list[Doc]:
    """Up to ``n`` articles from each of the Persian and Arabic dumps, from row ``offset[lang]`` on."""
    docs: list[Doc] = []
    for lang, name, field in (
        ("fa", "farsnews_1402_fa.jsonl.gz", "body"),
        ("ar", "saudinewsnet_ar.jsonl.gz", "content"),
    ):
        start = (offset or {}).get(lang, 0)
        with gzip.open(NEWS / name, "rt", encoding="utf-8") as fh:
            for k, line in enumerate(itertools.islice(fh, start, start + n), start=start):
                text = json.loads(line).get(field) or ""
                if text.strip():
                    docs.append(Doc(text=text, source=f"{name}:{k}"))
    return docs


def _time_parser() -> list[float]:
    """Wrap the parser to add up its own time: ``[seconds, sentences]``, filled as documents run."""
    from rasad.extract.parse import model

    spent = [0.0, 0]
    inner = model.Parser.parse

    def timed(self: model.Parser, sentences, budget=4096, states=None):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        try:
            return inner(self, sentences, budget, states)
        finally:
            spent[0] += time.perf_counter() - t0
            spent[1] += len(sentences)

    model.Parser.parse = timed  # type: ignore[method-assign]
    return spent


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100, help="articles per language (default 100)")
    ap.add_argument(
        "--entities", action="store_true", help="also run rasad.extract.entities (needs its models)"
    )
    args = ap.parse_args(argv)
    docs = load(args.articles)
    stages = ["rasad.text", *(["rasad.extract.entities"] if args.entities else []), "rasad.extract.time",
              "rasad.extract.events", "rasad.extract.quotes", "rasad.extract.claims"]  # fmt: skip
    warm = Doc(text=docs[0].text)
    pipeline.run(warm, stages)  # load tables and models once
    parse_seconds = _time_parser()
    spent = dict.fromkeys(stages, 0.0)
    for doc in docs:
        for name in stages:
            t0 = time.perf_counter()
            pipeline.stage(name)(doc)
            spent[name] += time.perf_counter() - t0
    n = len(docs)
    total = sum(spent.values())
    print(f"{n} articles ({sum(len(d.text) for d in docs) / n:.0f} chars on average)")
    for name, sec in spent.items():
        print(f"  {name:24s} {sec:7.2f}s  {n / sec if sec else float('inf'):8.1f} articles/s")
    print(f"  {'all stages':24s} {total:7.2f}s  {n / total:8.1f} articles/s")
    slowest = max(spent, key=lambda k: spent[k])
    print(f"slowest stage: {slowest} ({spent[slowest] / total:.0%} of the time)")
    if parse_seconds[0]:
        print(f"  dependency parser (inside events and quotes): {parse_seconds[0]:.2f}s, "
              f"{parse_seconds[1]} sentences, {parse_seconds[0] / total:.0%} of the time")  # fmt: skip
    facts = {k: sum(len(getattr(d, k)) for d in docs) for k in ("events", "quotes", "claims")}
    print(f"facts: {facts}")
    for fn in (
        contradictions.merge_events,
        contradictions.link_quotes,
        contradictions.find_contradictions,
    ):
        t0 = time.perf_counter()
        fn(docs)
        print(f"  {fn.__name__:24s} {time.perf_counter() - t0:7.2f}s over {n} articles")


if __name__ == "__main__":
    main()
