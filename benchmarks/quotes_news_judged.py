"""Precision and speaker accuracy of the quote stage on real news, against one reader's judgements.

Runs the text, entity, time, event and quote stages over a seeded random
sample of Persian (Fars 1402) and Arabic (SaudiNewsNet) articles from
``../shared/data/news`` and counts every quote recorded in
``benchmarks/data/quotes_news_dev.jsonl`` (development sample) or
``benchmarks/data/quotes_news_heldout.jsonl`` (``--heldout``). Each judgement
says whether the item is a quote (direct or reported speech) with roughly the
right span (``right``), whether its speaker is right (``speaker``: the named
speaker, or ``null`` when the text does not say who spoke; a wrong guess is
wrong) and whether its cue is right (``cue``). Entries are keyed by dump row,
start offset and a hash of the quote's text, speaker and cue, so a quote that
changes shows as unjudged. No article text is stored. Judged with
``RASAD_NER=fast`` (the speakers depend on the entity tagger).

The held-out sample (rows 180-239 of the Persian dump, 3000-3059 of the Arabic
one, seed 1) was judged before any change to the quote and claim stages; the
development sample (rows 60-119 and 2000-2059, seed 0) was used to find
general causes of errors.

Usage: RASAD_NER=fast PYTHONPATH=src .venv/bin/python benchmarks/quotes_news_judged.py [--heldout] [--show]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from facts_speed import load

from rasad import pipeline
from rasad.doc import Doc

DATA = Path(__file__).with_name("data")
DEV_OFFSET = {"fa": 60, "ar": 2000}  # first dump row read for the development sample
HELDOUT_OFFSET = {"fa": 180, "ar": 3000}  # first dump row read for the held-out sample
ARTICLES = 60  # rows read per language
SAMPLE = 10  # articles sampled per language
SEEDS = {"dev": 0, "heldout": 1}
STAGES = ["rasad.text", "rasad.extract.entities", "rasad.extract.time", "rasad.extract.events",
          "rasad.extract.quotes", "rasad.extract.claims"]  # fmt: skip


def sha(*parts: Any) -> str:
    """A short hash of the parts (what is judged, without storing the text)."""
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


def sample_docs(heldout: bool) -> list[Doc]:
    """The sampled articles of one sample, run through all fact stages."""
    docs = load(ARTICLES, HELDOUT_OFFSET if heldout else DEV_OFFSET)
    rng = random.Random(SEEDS["heldout" if heldout else "dev"])
    out: list[Doc] = []
    for lang in ("farsnews", "saudinewsnet"):
        group = [d for d in docs if d.source.startswith(lang)]
        out += [pipeline.run(d, STAGES) for d in rng.sample(group, min(SAMPLE, len(group)))]
    return out


def read_judgements(path: Path) -> dict[tuple[str, int, str], dict[str, Any]]:
    """Judgements keyed by (source, start, sha)."""
    judged: dict[tuple[str, int, str], dict[str, Any]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                judged[(r["source"], r["start"], r["sha"])] = r
    return judged


def quote_key(doc: Doc, q: dict[str, Any]) -> tuple[str, int, str]:
    return (doc.source, q["start"], sha(q["text"], q["english"], q["cue"]))


def quote_show(doc: Doc, q: dict[str, Any]) -> str:
    before = doc.text[max(0, q["start"] - 300) : q["start"]].replace("\n", " ")
    return (f"   {q['kind']} cue={q['cue']!r} | {q['english'][:100]}\n"
            f"   BEFORE: {before}\n   TEXT: {q['text'][:200]}")  # fmt: skip


def score(
    name: str,
    heldout: bool,
    show: bool,
    items: Callable[[Doc], list[dict[str, Any]]],
    keyf: Callable[[Doc, dict[str, Any]], tuple[str, int, str]],
    showf: Callable[[Doc, dict[str, Any]], str],
    fields: tuple[str, ...],
) -> None:
    """Score one stage's items against the judgements of one sample and print the figures."""
    path = DATA / f"{name}_news_{'heldout' if heldout else 'dev'}.jsonl"
    judged = read_judgements(path)
    found: list[tuple[Doc, dict[str, Any]]] = []
    for doc in sample_docs(heldout):
        found += [(doc, it) for it in items(doc)]
    right = wrong = unjudged = 0
    sub = {f: [0, 0] for f in fields}
    for doc, it in found:
        k = keyf(doc, it)
        verdict = judged.get(k)
        if verdict is None:
            unjudged += 1
            if show:
                print(json.dumps({"source": k[0], "start": k[1], "sha": k[2]}))
                print(showf(doc, it))
            continue
        if not verdict["right"]:
            wrong += 1
            continue
        right += 1
        for f in fields:
            sub[f][0] += bool(verdict[f])
            sub[f][1] += 1
    label = "held-out" if heldout else "development"
    print(f"{len(found)} {name} in {2 * SAMPLE} sampled {label} articles: "
          f"{right} right, {wrong} wrong, {unjudged} unjudged")  # fmt: skip
    if right + wrong:
        print(f"precision over judged {name}: {right / (right + wrong):.3f} ({right}/{right + wrong})")
    for f, (ok, n) in sub.items():
        if n:
            print(f"{f} right among the right {name}: {ok / n:.3f} ({ok}/{n})")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print unjudged quotes with their text")
    ap.add_argument("--heldout", action="store_true", help="score the held-out sample instead")
    args = ap.parse_args(argv)
    score("quotes", args.heldout, args.show, lambda d: d.quotes, quote_key, quote_show, ("speaker", "cue"))


if __name__ == "__main__":
    main()
