"""Precision of `rasad claims --conflicts` on real news: held-out sample 4, judged by one reader.

Articles: the 120 of held-out sample 4 (``benchmarks/news_sample4.py``: 60 Fars
politics/world articles and 60 SaudiNewsNet international ones, drawn by a fixed
rule before any issue-12 change). They were drawn before the contradiction code
of issue 12 (quantity head nouns, time scopes, severities) was written, but
judged after it was written, by its author: the reader who judged them also
wrote the rules, so the figure is one careful reader's, not an independent
annotator's. The rules were developed on other rows (SaudiNewsNet rows 15,000
to 24,999, Fars economy/social/province articles and the Fars 1402 dump), not
on these; only the contradictions the old code gave on them had been seen
before (27 "differ" lines).

Pipeline, as ``rasad ingest`` does it: each dump row becomes a Doc
(``rasad.ingest.dumps.row_to_doc``), goes through the whole default pipeline
(``pipeline.STAGES``; ``RASAD_NER`` is removed from the environment) and is saved
with ``Store.add_doc`` into a temporary SQLite file; then the corpus step
(``run_corpus_step``: entity linking, event merging, quote links,
contradictions, stories) runs once, and the stored contradictions are read
back (``stored_contradictions``, what ``rasad claims --conflicts --json``
prints).

Two denser samples follow, since the 120 articles of sample 4 are spread over
17 years of Fars and a month of SaudiNewsNet and so rarely report the same
figure: every SaudiNewsNet row from row 25,000 on (rows that no earlier sample
or development run read) dated one of two days, with a non-empty body
(``DENSE_DAYS``; all topics, ten to thirteen outlets):

- ``--sample dense`` (2015-08-10 and 2015-08-11, 3,277 articles stored): drawn,
  and the code frozen (commit 5f8c9bb), before any output on it was read; then
  judged by the same author (8 high, 21 medium, every one wrong). Its errors
  were then read to write the second round of rules (commit 6fa7da0), so its
  figure after that round is a development figure, not a held-out one.
- ``--sample dense2`` (2015-08-08 and 2015-08-09, 2,571 articles stored): drawn
  and run only with the second round frozen, and judged after, by the same
  author: the clean figure for the rules as they stand.

Judgements: ``benchmarks/data/conflicts_{sample4,dense,dense2}.jsonl``; each
line names the commit whose output it judged (``code``).

Judged: every contradiction of severity ``high`` or ``medium`` (``conflict``
pairs; ``differ`` pairs are ``low`` and are only counted). A pair is ``right``
when a careful reader of both sentences, reading the article around them where
needed, agrees that (``same_thing``) both figures measure the same quantity of
the same thing (the same people, place, event or account) at the same time, and
(``disagree``) the figures really disagree (not a rounding, not one a part of
the other, not a later toll that both sources would accept).

Judgements are one line per pair, keyed by both claims' dump source and start
offset (in the order the pair lists them) and ``sha`` (a hash of kind,
severity, both claims' text, value, unit and quantity); no article text is
stored, only verdicts and a short note in English. A pair whose key changes (a
new severity, another quantity) shows as unjudged.

Usage: PYTHONPATH=src .venv/bin/python benchmarks/conflicts_judged.py [--sample 4|dense|dense2] [--show] [--db PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.pop("RASAD_NER", None)  # the default tagger, as for the rest of sample 4

from news_sample4 import AR_DUMP, _rows, select, sha
from sqlalchemy import select as sql_select

from rasad import pipeline
from rasad.analyze.corpus import run_corpus_step, stored_contradictions
from rasad.ingest.dumps import row_to_doc
from rasad.store import Store
from rasad.store import models as m

DATA = Path(__file__).with_name("data")
JUDGED = {
    name: DATA / f"conflicts_{'sample4' if name == '4' else name}.jsonl"
    for name in ("4", "dense", "dense2")
}
#: Severities whose pairs are judged.
JUDGED_SEVERITIES = ("high", "medium")
#: The dense samples: SaudiNewsNet rows from DENSE_FIRST_ROW on, dated one of their days.
DENSE_FIRST_ROW = 25000
DENSE_DAYS = {"dense": ("2015-08-10", "2015-08-11"), "dense2": ("2015-08-08", "2015-08-09")}


def select_dense(days: tuple[str, ...]) -> list[tuple[str, str, dict[str, Any]]]:
    """A dense sample's rows as ``(lang, source, row)``, in row order."""
    return [
        ("ar", f"{AR_DUMP}:{k}", r)
        for k, r in _rows(AR_DUMP, DENSE_FIRST_ROW)
        if (r.get("date_extracted") or "")[:10] in days and (r.get("content") or "").strip()
    ]


def build(db: Path, sample: str) -> float:
    """Ingest the sample into ``db`` (pipeline, store) and run the corpus step; seconds taken."""
    started = time.perf_counter()
    rows = select() if sample == "4" else select_dense(DENSE_DAYS[sample])
    with Store(f"sqlite:///{db}") as store:
        for _lang, source, row in rows:
            store.add_doc(pipeline.run(row_to_doc(row, source, "jsonl")))
        run_corpus_step(store)
    return time.perf_counter() - started


def claims_by_id(store: Store) -> dict[int, dict[str, Any]]:
    """Every stored claim with its article's source and text (for showing, never stored)."""
    with store.session() as s:
        articles = {a.id: (a.source, a.text) for a in s.scalars(sql_select(m.Article))}
        out: dict[int, dict[str, Any]] = {}
        for c in s.scalars(sql_select(m.Claim)):
            source, text = articles[c.article_id]
            sentence = (c.extra or {}).get("sentence") or {"start": c.start, "end": c.end}
            out[c.id] = {
                "source": source, "start": c.start, "text": c.text, "value": c.value, "unit": c.unit,
                "quantity": (c.extra or {}).get("quantity"), "scope": (c.extra or {}).get("scope"),
                "sentence": text[sentence["start"] : sentence["end"]],
            }  # fmt: skip
    return out


def key(x: dict[str, Any], claims: dict[int, dict[str, Any]]) -> tuple[str, int, str, int, str]:
    a, b = (claims[i] for i in x["items"])
    digest = sha(
        x["kind"],
        x["severity"],
        *(c[f] for c in (a, b) for f in ("text", "value", "unit", "quantity")),
    )
    return (a["source"], a["start"], b["source"], b["start"], digest)


def read_judged(path: Path) -> dict[tuple[Any, ...], dict[str, Any]]:
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                out[(r["a"], r["a_start"], r["b"], r["b_start"], r["sha"])] = r
    return out


def ratio(ok: int, n: int) -> str:
    return f"{ok / n:.3f} ({ok}/{n})" if n else "n/a (0 judged)"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print unjudged pairs with both sentences")
    ap.add_argument("--db", type=Path, help="SQLite file to build (or, if it exists, to reuse)")
    ap.add_argument(
        "--sample", choices=sorted(JUDGED), default="4", help="sample 4 (default) or the dense one"
    )
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / f"sample-{args.sample}.db"
        if not db.exists():
            print(f"ingest + corpus step: {build(db, args.sample):.1f} s")
        with Store(f"sqlite:///{db}") as store:
            found = stored_contradictions(store)
            claims = claims_by_id(store)
            n_articles = store.count(m.Article)
    judged = read_judged(JUDGED[args.sample])
    listed = [x for x in found["contradictions"] if x["list"] == "claims"]
    events = [x for x in found["contradictions"] if x["list"] != "claims"]
    print(f"{n_articles} articles: {len(listed)} claim disagreements, {len(events)} event date conflicts, "
          f"{len(found['confirmations'])} confirmations")  # fmt: skip
    for severity in ("high", "medium", "low"):
        kinds = [x["kind"] for x in listed if x["severity"] == severity]
        print(
            f"  {severity}: {len(kinds)} ({', '.join(f'{k} {kinds.count(k)}' for k in sorted(set(kinds))) or '-'})"
        )
    totals = {s: [0, 0, 0] for s in JUDGED_SEVERITIES}  # pairs, judged, right
    for x in listed:
        if x["severity"] not in JUDGED_SEVERITIES:
            continue
        k = key(x, claims)
        v = judged.get(k)
        t = totals[x["severity"]]
        t[0] += 1
        if v is not None:
            t[1] += 1
            t[2] += bool(v["right"])
        elif args.show:
            a, b = (claims[i] for i in x["items"])
            print(json.dumps({"a": k[0], "a_start": k[1], "b": k[2], "b_start": k[3], "sha": k[4],
                              "kind": x["kind"], "severity": x["severity"]}, ensure_ascii=False))  # fmt: skip
            print(f"   {x['why']}")
            for c in (a, b):
                print(
                    f"   [{c['source']}] {c['quantity']} {c['scope']} | {c['text']!r}\n      {c['sentence'][:500]}"
                )
    for x in events:
        print(f"  event date conflict ({x['severity']}, not judged here): {x['why']}")
    print("precision (right / judged):")
    for severity, (n, j, ok) in totals.items():
        print(f"  {severity}: {ratio(ok, j)}; {n - j} unjudged of {n}")
    n, j, ok = (sum(t[i] for t in totals.values()) for i in range(3))
    print(f"  high + medium: {ratio(ok, j)}; {n - j} unjudged of {n}")


if __name__ == "__main__":
    main()
