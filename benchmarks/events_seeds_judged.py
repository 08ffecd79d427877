"""Precision of the event stage on the demo seeds, against one reader's judgements.

``benchmarks/data/events_seeds_judgements.jsonl`` records, for each event the
stage reported on ``examples/seeds`` when it was judged, whether a careful
analyst reading both languages would code it so (type, mode, modality, actors,
recipients; a missing role is allowed, a wrong one is not; dates are not
judged). An entry names the seed by its three-digit prefix, the trigger's start
offset, type and mode, and a hash of the event's English line (so no seed
text is stored). An event whose line has changed since it was judged is
reported as unjudged, never counted.

Usage: PYTHONPATH=src .venv/bin/python benchmarks/events_seeds_judged.py [--show]
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

from rasad import pipeline
from rasad.ingest import iter_documents

ROOT = Path(__file__).resolve().parents[1]
JUDGED = Path(__file__).with_name("data") / "events_seeds_judgements.jsonl"
STAGES = ["rasad.text", "rasad.extract.entities", "rasad.extract.time", "rasad.extract.events"]


def line_hash(event: dict[str, Any]) -> str:
    """Short hash of an event's English line."""
    return hashlib.sha1(event["english"].encode("utf-8")).hexdigest()[:12]


def key(article: str, event: dict[str, Any]) -> tuple[str, int, str, str, str]:
    return (article, event["trigger"]["start"], event["type"], event["mode"], line_hash(event))


def seed_events() -> list[tuple[str, dict[str, Any]]]:
    """(seed prefix, event) for every event the stages find in the seeds."""
    out: list[tuple[str, dict[str, Any]]] = []
    for doc in iter_documents([ROOT / "examples" / "seeds"]):
        if not hasattr(doc, "text"):
            continue
        doc = pipeline.run(doc, STAGES)
        out += [(Path(doc.source).name[:3], e) for e in doc.events]
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="list unjudged events with their lines")
    args = ap.parse_args(argv)
    judged = {}
    for line in JUDGED.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            judged[(r["article"], r["trigger_start"], r["type"], r["mode"], r["line_sha"])] = r["right"]
    events = seed_events()
    right = wrong = unjudged = 0
    for article, ev in events:
        verdict = judged.get(key(article, ev))
        if verdict is None:
            unjudged += 1
            if args.show:
                print(f"unjudged: {article} {ev['trigger']['start']} {ev['type']}/{ev['mode']} {ev['english']}")
        elif verdict:
            right += 1
        else:
            wrong += 1
    n = right + wrong
    print(f"{len(events)} events on the seeds: {right} right, {wrong} wrong, {unjudged} unjudged")
    if n:
        print(f"precision over judged events: {right / n:.3f} ({right}/{n})")


if __name__ == "__main__":
    main()
