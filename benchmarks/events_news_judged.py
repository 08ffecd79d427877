"""Precision of the event stage on real news, against one reader's judgements of a random sample.

Runs the text, entity, time and event stages over a seeded random sample of
the first N articles of the Persian (Fars 1402) and Arabic (SaudiNewsNet)
dumps in ``../shared/data/news``, and counts every event found there that is recorded in
``benchmarks/data/events_news_judgements.jsonl`` as right or wrong (an analyst
would code the sentence so: type, mode, modality, and no wrong actor or
recipient; a missing role is allowed; dates are not judged). Entries are keyed
by dump row, trigger offset, type, mode and a hash of the English line, so an
event whose line changes shows as unjudged. Judged with ``RASAD_NER=fast``
(the sample depends on the entity tagger).

``--heldout`` scores a second, disjoint sample kept aside while the rules were
tuned: rows 120-179 of the Persian dump and 1000-1059 of the Arabic one, seed 1, judged in
``benchmarks/data/events_news_heldout.jsonl`` before any change was made, and
rejudged only for events that are new or changed at the end.

``--sample 3`` scores a third held-out sample drawn in round 3: rows 180-239 of
the Persian dump and 2000-2059 of the Arabic one, seed 2, judged in
``benchmarks/data/events_news_sample3.jsonl`` before any round-3 change.
``--sample 1`` is the development sample (the default), ``--sample 2`` the
same as ``--heldout``.

Usage: RASAD_NER=fast PYTHONPATH=src .venv/bin/python benchmarks/events_news_judged.py [--sample 1|2|3] [--show]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from pathlib import Path
from typing import Any

from facts_speed import load

from rasad import pipeline

JUDGED = Path(__file__).with_name("data") / "events_news_judgements.jsonl"
HELDOUT = Path(__file__).with_name("data") / "events_news_heldout.jsonl"
HELDOUT_OFFSET = {"fa": 120, "ar": 1000}  # dump rows skipped for the held-out sample
HELDOUT_SEED = 1
STAGES = ["rasad.text", "rasad.extract.entities", "rasad.extract.time", "rasad.extract.events"]
ARTICLES = 60  # read per language
SAMPLE = 48  # articles sampled from those, all of whose events are judged
SEED = 0
SAMPLE3 = Path(__file__).with_name("data") / "events_news_sample3.jsonl"
SAMPLE3_OFFSET = {"fa": 180, "ar": 2000}
SAMPLE3_SEED = 2


def key(source: str, event: dict[str, Any]) -> tuple[str, int, str, str, str]:
    line = hashlib.sha1(event["english"].encode("utf-8")).hexdigest()[:12]
    return (source, event["trigger"]["start"], event["type"], event["mode"], line)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print unjudged sampled events with their sentences")
    ap.add_argument("--heldout", action="store_true", help="score the held-out sample instead (= --sample 2)")
    ap.add_argument("--sample", type=int, choices=(1, 2, 3), default=1, help="1 development, 2 and 3 held out")
    args = ap.parse_args(argv)
    which = 2 if args.heldout else args.sample
    path = {1: JUDGED, 2: HELDOUT, 3: SAMPLE3}[which]
    judged: dict[tuple[str, int, str, str, str], bool] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                judged[(r["source"], r["trigger_start"], r["type"], r["mode"], r["line_sha"])] = r["right"]
    offset, seed = {1: (None, SEED), 2: (HELDOUT_OFFSET, HELDOUT_SEED), 3: (SAMPLE3_OFFSET, SAMPLE3_SEED)}[which]
    docs = load(ARTICLES, offset)
    sample: list[tuple[str, dict[str, Any]]] = []
    for doc in random.Random(seed).sample(docs, min(SAMPLE, len(docs))):
        doc = pipeline.run(doc, STAGES)
        sample += [(doc.source, e) for e in doc.events]
    right = wrong = unjudged = 0
    for source, ev in sample:
        verdict = judged.get(key(source, ev))
        if verdict is None:
            unjudged += 1
            if args.show:
                k = key(source, ev)
                print(json.dumps({"source": k[0], "trigger_start": k[1], "type": k[2], "mode": k[3],
                                  "line_sha": k[4]}, ensure_ascii=False))  # fmt: skip
                print(f"   {ev['modality']} | {ev['english']} | trigger {ev['trigger']['text']!r}")
                print(f"   {ev['sources'][0]['text'][:400]}")
        elif verdict:
            right += 1
        else:
            wrong += 1
    print(f"{len(sample)} events in {SAMPLE} sampled articles (sample {which}): "
          f"{right} right, {wrong} wrong, {unjudged} unjudged")  # fmt: skip
    if right + wrong:
        print(f"precision over judged events: {(right / (right + wrong)):.3f} ({right}/{right + wrong})")


if __name__ == "__main__":
    main()
