"""Annotated event sentences (issue 12): draw the pool, show it, store the labels.

The learned event filter is trained and measured on sentences the team reads
and codes by hand, following ``docs/event-annotation.md``. This script:

- ``draw``: picks the sentences, once, and writes ``event_sentences/pool.jsonl``
  (no text: dump, row, sentence offsets, a hash, the split). The split
  (train / dev / test) is fixed by article here, before any modelling.
- ``show --lang L [--split S] [--start N] [--count K]``: prints pooled
  sentences with their ids and the lexicon's trigger proposals, for reading.
- ``commit FILE``: reads a working file of labels written with the sentence's
  own words (trigger, actor and recipient as exact substrings), checks each
  substring occurs in the sentence, and appends the labels to
  ``event_sentences/labels-ANNOTATOR.jsonl`` as offsets (again no text).
- ``stats``: counts per language, split and type.
- ``text ID``: one sentence, for a reader.

Selection (fixed before any label was written):

- Persian: ``farsnews_fa.jsonl.gz`` rows in the categories ``politics``,
  ``world`` and ``foreign-policy`` that held-out sample 4 did not draw.
- Arabic: ``saudinewsnet_ar.jsonl.gz`` rows from 15000 on (no earlier sample
  read them) whose title and content name at least 2 of sample 4's keywords.
- Articles are shuffled with ``random.Random(SEED)``; from each, up to
  ``PER_ARTICLE`` sentences are drawn: those where the lexicon proposes a
  trigger first (what the filter must decide), then others (for recall), in
  the ratio ``PROPOSED_SHARE``. Sentences shorter than ``MIN_CHARS`` or longer
  than ``MAX_CHARS`` are skipped.
- Split by article: 70% train, 15% dev, 15% test (``random.Random(SEED)``).

Rebuilding the text needs ``../shared/data/news``.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import random
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from news_sample4 import (  # noqa: E402
    AR_DUMP,
    FA_DUMP,
    NEWS,
    ar_qualifies,
    fa_qualifies,
    select,
)

from rasad.extract import events as ev  # noqa: E402
from rasad.extract.event_filter_train import labels, pool, sentence_sha  # noqa: E402
from rasad.ingest.dumps import row_to_doc  # noqa: E402
from rasad.pipeline import run  # noqa: E402

FOLDER = Path(__file__).with_name("data") / "event_sentences"
POOL = FOLDER / "pool.jsonl"
SEED = 12
AR_FIRST_ROW = 15000
ARTICLES_PER_LANG = {"fa": 200, "ar": 200}
PER_ARTICLE = 4
PROPOSED_SHARE = 0.75
MIN_CHARS = 30
MAX_CHARS = 600
SPLITS = (("train", 0.70), ("dev", 0.15), ("test", 0.15))
TEXT_STAGES = ["rasad.text"]


def _rows(name: str, start: int = 0) -> Iterator[tuple[int, dict[str, Any]]]:
    with gzip.open(NEWS / name, "rt", encoding="utf-8") as fh:
        for k, line in enumerate(itertools.islice(fh, start, None), start=start):
            yield k, json.loads(line)


def candidate_articles(lang: str) -> list[tuple[str, dict[str, Any]]]:
    used = {src for _, src, _ in select()}
    if lang == "fa":
        rows = [(f"{FA_DUMP}:{k}", r) for k, r in _rows(FA_DUMP) if fa_qualifies(r)]
    else:
        rows = [(f"{AR_DUMP}:{k}", r) for k, r in _rows(AR_DUMP, AR_FIRST_ROW) if ar_qualifies(r)]
    rows = [(s, r) for s, r in rows if s not in used]
    random.Random(SEED).shuffle(rows)
    return rows[: ARTICLES_PER_LANG[lang]]


def split_of(k: int, n: int) -> str:
    edge = 0.0
    for name, share in SPLITS:
        edge += share
        if k < round(edge * n):
            return name
    return SPLITS[-1][0]


def draw() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    out: list[dict[str, Any]] = []
    for lang in ("fa", "ar"):
        arts = candidate_articles(lang)
        order = list(range(len(arts)))
        random.Random(SEED + 1).shuffle(order)
        split = {i: split_of(rank, len(arts)) for rank, i in enumerate(order)}
        for i, (source, row) in enumerate(arts):
            doc = run(row_to_doc(row, source, "jsonl"), TEXT_STAGES)
            views = [v for v in ev.sentence_views(doc) if v.lang == lang]
            proposed, other = [], []
            for v in views:
                text = doc.text[v.start : v.end]
                if not MIN_CHARS <= len(text.strip()) <= MAX_CHARS:
                    continue
                (proposed if ev.find_triggers(v) else other).append(v)
            rng = random.Random(f"{SEED}:{source}")
            n_prop = min(len(proposed), round(PER_ARTICLE * PROPOSED_SHARE))
            picked = rng.sample(proposed, n_prop)
            picked += rng.sample(other, min(len(other), PER_ARTICLE - n_prop))
            for v in sorted(picked, key=lambda v: v.start):
                text = doc.text[v.start : v.end]
                out.append({
                    "id": f"{lang}-{len(out):05d}", "lang": lang, "source": source,
                    "start": v.start, "end": v.end, "sha": sentence_sha(text), "split": split[i],
                    "proposed": bool(ev.find_triggers(v)),
                })  # fmt: skip
    POOL.write_text("".join(json.dumps(r) + "\n" for r in out), encoding="utf-8")
    print(f"{len(out)} sentences -> {POOL}")


_docs: dict[str, Any] = {}


def sentence_text(item: dict[str, Any]) -> str:
    """The pooled sentence's text, rebuilt from the dump (checked against its hash)."""
    source = item["source"]
    if source not in _docs:
        name, row = source.rsplit(":", 1)
        data = next(r for k, r in _rows(name, int(row)) if k == int(row))
        _docs[source] = run(row_to_doc(data, source, "jsonl"), TEXT_STAGES)
    text = _docs[source].text[item["start"] : item["end"]]
    if sentence_sha(text) != item["sha"]:
        raise SystemExit(f"{item['id']}: text changed since the draw")
    return text


def proposals(item: dict[str, Any]) -> list[str]:
    doc = _docs[item["source"]]
    view = next(v for v in ev.sentence_views(doc) if v.start == item["start"])
    return [f"{h.trig.type}/{h.trig.mode}:{doc.text[slice(*view.orig(h.start, h.end))]}"
            for h in ev.find_triggers(view)]  # fmt: skip


def labels_file(annotator: str) -> Path:
    return FOLDER / f"labels-{annotator}.jsonl"


def show(lang: str, split: str | None, start: int, count: int, unlabelled: bool) -> None:
    done = labels()
    items = [p for p in pool() if p["lang"] == lang and (split is None or p["split"] == split)]
    if unlabelled:
        items = [p for p in items if p["id"] not in done]
    for item in items[start : start + count]:
        text = sentence_text(item)
        print(json.dumps({"id": item["id"], "split": item["split"]}))
        print(f"   TEXT: {text}")
        print(f"   LEXICON: {proposals(item)}")


def _span(text: str, needle: str | None, what: str, sid: str) -> list[int] | None:
    if not needle:
        return None
    at = text.find(needle)
    if at < 0:
        raise ValueError(f"{sid}: {what} {needle!r} is not in the sentence")
    return [at, at + len(needle)]


def commit(path: Path, annotator: str) -> None:
    """Add a working file's labels (substrings) to ``labels-ANNOTATOR.jsonl`` (offsets)."""
    by_id = {p["id"]: p for p in pool()}
    target = labels_file(annotator)
    done = {
        r["id"]: r
        for r in map(
            json.loads, target.read_text(encoding="utf-8").splitlines() if target.exists() else []
        )
    }
    new: list[dict[str, Any]] = []
    errors = 0
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            item = by_id[r["id"]]
            text = sentence_text(item)
            events = []
            for e in r.get("events", []):
                if e["type"] not in ev.event_types():
                    raise ValueError(f"{r['id']}: unknown type {e['type']!r}")
                if e.get("modality", "asserted") not in ev.MODALITY_ORDER:
                    raise ValueError(f"{r['id']}: unknown modality {e['modality']!r}")
                events.append({
                    "type": e["type"], "modality": e.get("modality", "asserted"),
                    "trigger": _span(text, e["trigger"], "trigger", r["id"]),
                    "actor": _span(text, e.get("actor"), "actor", r["id"]),
                    "recipient": _span(text, e.get("recipient"), "recipient", r["id"]),
                })  # fmt: skip
            new.append({"id": r["id"], "sha": item["sha"], "events": events,
                        "annotator": annotator})  # fmt: skip
        except (KeyError, ValueError, json.JSONDecodeError) as exc:
            errors += 1
            print(f"line {n}: {exc}", file=sys.stderr)
    for r in new:
        done[r["id"]] = r
    target.write_text(
        "".join(json.dumps(done[k], ensure_ascii=False) + "\n" for k in sorted(done)),
        encoding="utf-8",
    )
    print(f"{len(new)} labelled sentences stored, {errors} lines refused; {len(done)} in all")


def stats() -> None:
    by_id = {p["id"]: p for p in pool()}
    counts: Counter[tuple[str, str]] = Counter()
    types: Counter[str] = Counter()
    for r in labels().values():
        p = by_id[r["id"]]
        counts[(p["lang"], p["split"])] += 1
        types.update(e["type"] for e in r["events"])
    print("pool:", Counter((p["lang"], p["split"]) for p in by_id.values()))
    print("labelled:", dict(counts))
    print("types:", dict(types.most_common()))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("draw")
    s = sub.add_parser("show")
    s.add_argument("--lang", required=True, choices=("fa", "ar"))
    s.add_argument("--split", choices=[n for n, _ in SPLITS])
    s.add_argument("--start", type=int, default=0)
    s.add_argument("--count", type=int, default=20)
    s.add_argument("--unlabelled", action="store_true")
    c = sub.add_parser("commit")
    c.add_argument("file", type=Path)
    c.add_argument(
        "--annotator", required=True, help="annotator name; labels go to labels-NAME.jsonl"
    )
    sub.add_parser("stats")
    t = sub.add_parser("text")
    t.add_argument("id")
    a = ap.parse_args(argv)
    if a.cmd == "draw":
        draw()
    elif a.cmd == "show":
        show(a.lang, a.split, a.start, a.count, a.unlabelled)
    elif a.cmd == "commit":
        commit(a.file, a.annotator)
    elif a.cmd == "stats":
        stats()
    else:
        item = next(p for p in pool() if p["id"] == a.id)
        print(sentence_text(item))


if __name__ == "__main__":
    main()
