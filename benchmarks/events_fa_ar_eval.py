"""Event accuracy on hand-written Persian and Arabic news sentences.

``benchmarks/data/events_fa_ar_gold.jsonl`` holds 40 Persian and 40 Arabic
sentences written by the rasad team for this benchmark (not taken or
translated from any article), each with its entity mentions and one gold event:
PLOVER type, mode, modality, actors and recipients (mention surfaces). Items
alternate between a dev and a test split; the lexicon was not tuned on test.

Each sentence runs through the text, time and event stages with the gold
mentions in place of the entity stage (so entity errors do not count). Scores:

- type accuracy: a predicted event of the gold type exists;
- mode and modality accuracy: of that event, over all gold events;
- role F1: (role, mention) pairs of that event against the gold actors and
  recipients, micro-averaged (a missed event counts its gold roles as missed);
- type precision: predicted events of the gold type / all predicted events.

Usage: PYTHONPATH=src .venv/bin/python benchmarks/events_fa_ar_eval.py [--split test|dev|all] [--show]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from rasad import pipeline
from rasad.doc import Doc, Mention

GOLD = Path(__file__).with_name("data") / "events_fa_ar_gold.jsonl"


def load(split: str) -> list[dict[str, Any]]:
    """Gold items of a split ("all" for both)."""
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split == "all" or r["split"] == split]


def predict(item: dict[str, Any]) -> tuple[Doc, list[dict[str, Any]]]:
    """Events the stage finds in one gold sentence, with its gold mentions."""
    doc = pipeline.run(Doc(text=item["text"], lang=item["lang"]), ["rasad.text"])
    pos = 0
    for surface, typ in item["mentions"]:
        start = item["text"].find(surface, pos)
        if start < 0:
            start = item["text"].find(surface)
        doc.mentions.append(Mention(start, start + len(surface), surface, typ, head=surface))
        pos = start + len(surface)
    doc.mentions.sort(key=lambda m: m.start)
    doc = pipeline.run(doc, ["rasad.extract.time", "rasad.extract.events"])
    return doc, doc.events


def surfaces(doc: Doc, refs: list[Any]) -> set[str]:
    return {doc.mentions[r].text if isinstance(r, int) else str(r) for r in refs}


def score(items: list[dict[str, Any]], show: bool = False) -> dict[str, float]:
    """Type, mode, modality accuracy and role F1 over ``items``."""
    n = len(items)
    c: Counter[str] = Counter()
    for item in items:
        gold = item["events"][0]
        doc, events = predict(item)
        c["predicted"] += len(events)
        c["predicted_right_type"] += sum(e["type"] == gold["type"] for e in events)
        match = next((e for e in events if e["type"] == gold["type"]), None)
        g = {("A", s) for s in gold["actors"]} | {("R", s) for s in gold["recipients"]}
        p: set[tuple[str, str]] = set()
        if match is not None:
            c["type"] += 1
            c["mode"] += match["mode"] == gold["mode"]
            c["modality"] += match["modality"] == gold["modality"]
            p = {("A", s) for s in surfaces(doc, match["actors"])} | {
                ("R", s) for s in surfaces(doc, match["recipients"])
            }
        c["tp"] += len(g & p)
        c["fp"] += len(p - g)
        c["fn"] += len(g - p)
        if show:
            got = (
                f"{match['type']}/{match['mode']}/{match['modality']} A={sorted(surfaces(doc, match['actors']))} "
                f"R={sorted(surfaces(doc, match['recipients']))}"
                if match
                else f"none of {[e['type'] for e in events]}"
            )
            print(f"{item['id']} gold {gold['type']}/{gold['mode']}/{gold['modality']} "
                  f"A={gold['actors']} R={gold['recipients']} | got {got}")  # fmt: skip
    prec = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    rec = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    return {
        "n": n,
        "type_accuracy": c["type"] / n,
        "mode_accuracy": c["mode"] / n,
        "modality_accuracy": c["modality"] / n,
        "role_precision": prec,
        "role_recall": rec,
        "role_f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
        "type_precision": c["predicted_right_type"] / c["predicted"] if c["predicted"] else 0.0,
        "events_per_sentence": c["predicted"] / n,
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="test", choices=("test", "dev", "all"))
    ap.add_argument("--show", action="store_true", help="print every item's gold and prediction")
    args = ap.parse_args(argv)
    items = load(args.split)
    print(f"split={args.split}")
    print("lang  n   type  mode  modality  role-P  role-R  role-F1  type-prec  events/sent")
    for lang in ("fa", "ar"):
        s = score([i for i in items if i["lang"] == lang], args.show)
        print(f"{lang:4s} {s['n']:3d}  {s['type_accuracy']:.3f} {s['mode_accuracy']:.3f}  {s['modality_accuracy']:.3f}"
              f"    {s['role_precision']:.3f}   {s['role_recall']:.3f}   {s['role_f1']:.3f}    "
              f"{s['type_precision']:.3f}      {s['events_per_sentence']:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
