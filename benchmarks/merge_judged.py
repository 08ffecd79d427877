"""Event merging on held-out sample 4 (issue 12): pairs merged rightly and wrongly, and pairs the dates kept apart.

The 120 sample-4 articles (``news_sample4.py``) run through the whole
pipeline; :func:`rasad.analyze.contradictions.merge_events` merges their event
reports. Two kinds of report pairs are listed and judged by a reader:

- ``merged``: two reports the merge put in one event;
- ``kept-apart``: two reports that would merge if dates were ignored (same
  type, mode, status and participants) but whose dates cannot overlap, so the
  merge keeps them apart.

Each pair is judged ``same`` (the two reports describe one happening) or not.
Judgements are keyed by both reports' ``source``, trigger offset and type, with
no article text, in ``data/merge_sample4.jsonl``. The sample was drawn before
the merge code changed; the pairs were judged after it changed, by a reader who
did not write it.

Usage: python benchmarks/merge_judged.py [--show]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from news_sample4 import run_sample

from rasad.analyze import contradictions as cx

JUDGED = Path(__file__).with_name("data") / "merge_sample4.jsonl"


def report_key(doc: Any, e: dict[str, Any]) -> str:
    return f"{doc.source}@{e['trigger']['start']}:{e['type']}"


def pairs() -> tuple[list[tuple[str, Any, Any]], dict[str, tuple[Any, dict[str, Any]]]]:
    """``(kind, report a, report b)`` pairs and the reports by key."""
    docs = [d for _, d in run_sample(("fa", "ar"))]
    reports = {report_key(d, e): (d, e) for d in docs for e in d.events}
    by_id = {e["id"]: k for k, (d, e) in reports.items()}
    out: list[tuple[str, Any, Any]] = []
    merged_pairs: set[frozenset[str]] = set()
    for m in cx.merge_events(docs):
        keys = [by_id[i] for i in m["merged_from"] if i in by_id]
        for a, b in itertools.combinations(keys, 2):
            merged_pairs.add(frozenset((a, b)))
            out.append(("merged", a, b))
    evs = {k: cx._ev(d, e) for k, (d, e) in reports.items()}
    for a, b in itertools.combinations(sorted(evs), 2):
        if frozenset((a, b)) in merged_pairs:
            continue
        ea, eb = evs[a], evs[b]
        if ea.interval is None or eb.interval is None or cx._overlap(ea.interval, eb.interval):
            continue
        undated_a = cx._Ev(ea.doc, ea.event, ea.parts, ea.actors, ea.location, None, ea.persons, ea.location_country)
        undated_b = cx._Ev(eb.doc, eb.event, eb.parts, eb.actors, eb.location, None, eb.persons, eb.location_country)
        if cx.same_event(undated_a, undated_b):
            out.append(("kept-apart", a, b))
    return out, reports


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print unjudged pairs with their sentences")
    args = ap.parse_args(argv)
    found, reports = pairs()
    judged: dict[str, dict[str, Any]] = {}
    if JUDGED.exists():
        for line in JUDGED.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                judged[r["pair"]] = r
    counts = {"merged": [0, 0, 0], "kept-apart": [0, 0, 0]}  # same, different, unjudged
    for kind, a, b in found:
        key = f"{a}|{b}"
        v = judged.get(key)
        if v is None:
            counts[kind][2] += 1
            if args.show:
                print(json.dumps({"pair": key, "kind": kind}))
                for k in (a, b):
                    _doc, e = reports[k]
                    src = e["sources"][0]
                    print(f"   {k} | {e['english']} | date {e.get('date')}")
                    print(f"     {src['text'][:300]}")
            continue
        counts[kind][0 if v["same"] else 1] += 1
    for kind, (same, diff, todo) in counts.items():
        print(f"{kind}: {same + diff + todo} pairs; judged one happening {same}, two {diff}, unjudged {todo}")


if __name__ == "__main__":
    main()
