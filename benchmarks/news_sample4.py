"""Held-out sample 4 (issue 12): events, dates and quote speakers on politics and international news.

A fourth sample of real news, drawn before any issue-12 change and judged on
what the code output then (the "before" figures); it is judged again only at
the end. No article text is stored: judgements are keyed by dump row, offsets
and hashes, as in ``events_news_judged.py`` and ``quotes_news_judged.py``.

Selection (fixed before any output was read):

- Persian: ``farsnews_fa.jsonl.gz`` (no row of it was ever judged; the Fars
  1402 dump has only 243 rows, and rows 0-239 were used). An article is
  politics or international relations when the dump's own ``category`` field is
  ``politics``, ``world`` or ``foreign-policy`` and its body is not empty (318
  rows). 60 of them are drawn with ``random.Random(SEED)``.
- Arabic: ``saudinewsnet_ar.jsonl.gz`` rows 5000-14999 (earlier samples used
  rows 0-179, 1000-1059, 2000-2059 and 3000-3059). The dump has no section
  field, so an article qualifies when its title and content together contain
  at least 2 distinct keywords of ``AR_KEYWORDS`` (plain substring match;
  951 rows); 60 of them are drawn with ``random.Random(SEED + 1)``.

Both rules are mechanical, so a few sports or social pieces filed under
``world``/``politics`` (or naming two keywords) are in the sample; they stay.

Each article is built from its row with ``rasad.ingest.dumps.row_to_doc`` (as
``rasad ingest`` does: lead before the body, the row's date as ``Doc.date``)
and run through the whole default pipeline (``pipeline.STAGES``) with the
default entity tagger (the script removes ``RASAD_NER`` from its environment).
The "before" judgements were made on the output of the commit named in
``benchmarks/data/sample4_meta.jsonl``, run from a clean copy of that commit:
120 articles, 329 events (128 fa, 201 ar) and 485 quotes (261 fa, 224 ar),
every one judged (no subset was needed), by one reader.

Judgements:

- ``sample4_events.jsonl``: one line per event, keyed by ``source``
  (``dump:ROW``), ``trigger_start``, ``type``, ``mode`` and ``line_sha`` (sha1 of
  the English line, first 12 hex digits); ``modality`` and ``date`` are kept to
  check the key. ``right``: an analyst would code the sentence so, with type,
  mode, modality, actors and recipients all right (a missing actor or recipient
  is wrong here); ``missing_role``: the only fault is a missing actor or
  recipient; ``dated``: the event has a date; ``date_right`` (dated events
  only): it is the date of the happening within its precision, taking the
  article's metadata date as its publication date (the Fars dump's dates are
  derived from URL ids and are sometimes wrong; that is not the code's fault).
- ``sample4_quotes.jsonl``: keyed by ``source``, ``start`` and ``sha`` (hash of
  text, English line and cue, as in ``quotes_news_judged.py``). ``right``: a
  quote (direct or reported speech) of someone, with roughly the right span;
  ``speaker``: true (the right person or organisation), false (a wrong one),
  null (no speaker given); ``speaker_in_text`` (for null): whether the text
  names who spoke; ``cue``: the cue is right.

Each judgement also carries ``roles_sha`` (events) or ``speaker_sha`` (quotes):
a key of what it rests on without the English line (``event_roles_key``,
``quote_speaker_key``), so that an item whose only change is an entity's
English label keeps its judgement (``rekey`` adds them to judged files on the
code the judgements were made on).

docs/judging.md gives the guidelines. Figures printed, per language and
overall: strict event precision (right / judged), lenient precision (right or
only a missing role), the share of asserted events that have a date (all
asserted events found, judged or not, and of those judged right, leniently)
and of the dated judged events whose date is right, the share of judged
quotes whose speaker is right (also counting a missing speaker as right where
the text names nobody; and the count of quotes with no speaker), and how many
items are unjudged (their key changed since the judging).

Usage: PYTHONPATH=src .venv/bin/python benchmarks/news_sample4.py [--show] [--lang fa|ar]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import itertools
import json
import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.pop("RASAD_NER", None)  # the default tagger, as judged

from facts_speed import NEWS

from rasad import pipeline
from rasad.doc import Doc
from rasad.ingest.dumps import row_to_doc

DATA = Path(__file__).with_name("data")
EVENTS = DATA / "sample4_events.jsonl"
QUOTES = DATA / "sample4_quotes.jsonl"
SEED = 4
PER_LANG = 60
FA_DUMP = "farsnews_fa.jsonl.gz"
FA_CATEGORIES = ("politics", "world", "foreign-policy")
AR_DUMP = "saudinewsnet_ar.jsonl.gz"
AR_ROWS = (5000, 15000)  # first row read, first row not read
AR_KEYWORDS = (
    "وزير الخارجية", "وزراء الخارجية", "وزارة الخارجية", "سفير", "سفارة", "مفاوضات", "محادثات",
    "عقوبات", "الأمم المتحدة", "مجلس الأمن", "دبلوماسي", "الجامعة العربية", "رئيس الوزراء",
    "البرلمان", "العلاقات الثنائية", "الاتفاق النووي", "التحالف", "القمة", "المعارضة",
    "الانتخابات", "وزير الدفاع", "الاتحاد الأوروبي",
)  # fmt: skip
MIN_KEYWORDS = 2


def _rows(
    name: str, start: int = 0, stop: int | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    with gzip.open(NEWS / name, "rt", encoding="utf-8") as fh:
        for k, line in enumerate(itertools.islice(fh, start, stop), start=start):
            yield k, json.loads(line)


def fa_qualifies(row: dict[str, Any]) -> bool:
    return row.get("category") in FA_CATEGORIES and bool((row.get("body") or "").strip())


def ar_qualifies(row: dict[str, Any]) -> bool:
    text = f"{row.get('title') or ''}\n{row.get('content') or ''}"
    return (
        bool((row.get("content") or "").strip())
        and sum(w in text for w in AR_KEYWORDS) >= MIN_KEYWORDS
    )


def select() -> list[tuple[str, str, dict[str, Any]]]:
    """The sampled rows as ``(lang, source, row)``, Persian first, each language in row order."""
    fa = [(k, r) for k, r in _rows(FA_DUMP) if fa_qualifies(r)]
    ar = [(k, r) for k, r in _rows(AR_DUMP, *AR_ROWS) if ar_qualifies(r)]
    return draw(fa, ar, SEED)


def draw(
    fa: list[tuple[int, dict[str, Any]]], ar: list[tuple[int, dict[str, Any]]], seed: int
) -> list[tuple[str, str, dict[str, Any]]]:
    """``PER_LANG`` rows of each pool (``random.Random(seed)``, ``seed + 1``) as ``(lang, source, row)``."""
    out: list[tuple[str, str, dict[str, Any]]] = []
    for lang, name, pool, s in (("fa", FA_DUMP, fa, seed), ("ar", AR_DUMP, ar, seed + 1)):
        picked = sorted(random.Random(s).sample(range(len(pool)), min(PER_LANG, len(pool))))
        out += [(lang, f"{name}:{pool[i][0]}", pool[i][1]) for i in picked]
    return out


def run_rows(
    rows: list[tuple[str, str, dict[str, Any]]], langs: tuple[str, ...] = ("fa", "ar")
) -> list[tuple[str, Doc]]:
    """Sampled rows as ingest builds them, through the whole default pipeline."""
    return [(lang, pipeline.run(row_to_doc(row, source, "jsonl")))
            for lang, source, row in rows if lang in langs]  # fmt: skip


def run_sample(langs: tuple[str, ...] = ("fa", "ar")) -> list[tuple[str, Doc]]:
    """The sampled articles as ingest builds them, through the whole default pipeline."""
    return run_rows(select(), langs)


def sha(*parts: Any) -> str:
    """A short hash of the parts (what is judged, without storing the text)."""
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


def event_key(doc: Doc, e: dict[str, Any]) -> tuple[str, int, str, str, str]:
    line = hashlib.sha1(e["english"].encode("utf-8")).hexdigest()[:12]
    return (doc.source, e["trigger"]["start"], e["type"], e["mode"], line)


def quote_key(doc: Doc, q: dict[str, Any]) -> tuple[str, int, str]:
    return (doc.source, q["start"], sha(q["text"], q["english"], q["cue"]))


def _spans(doc: Doc, refs: list[Any], lo: int, hi: int) -> list[list[tuple[int, int]]]:
    """Where each role reference is written in ``[lo, hi)`` (mention offsets): what was judged."""
    return [
        sorted((m.start, m.end) for i, m in enumerate(doc.mentions)
               if (r == i or (m.entity is not None and m.entity == r)) and lo <= m.start and m.end <= hi)
        for r in refs
    ]  # fmt: skip


def event_roles_key(doc: Doc, e: dict[str, Any]) -> str:
    """A key of what a judgement of an event rests on, without its English line.

    Type, mode, modality, date and the written spans of actors, recipients and
    location: an English label that changes (a better transliteration) leaves
    it, and the judgement, as they were.
    """
    src = e["sources"][0]
    lo, hi = src["start"], src["end"]
    loc = [e["location"]] if e.get("location") is not None else []
    return sha(doc.source, e["trigger"]["start"], e["type"], e["mode"], e["modality"], event_date(e),
               _spans(doc, e["actors"], lo, hi), _spans(doc, e["recipients"], lo, hi), _spans(doc, loc, lo, hi))  # fmt: skip


def quote_speaker_key(doc: Doc, q: dict[str, Any]) -> str:
    """A key of what a judgement of a quote rests on: its span, cue and where its speaker is written."""
    speaker = [] if q.get("speaker") is None else _spans(doc, [q["speaker"]], 0, len(doc.text))
    return sha(doc.source, q["start"], q["end"], q["cue"], speaker)


def event_date(e: dict[str, Any]) -> str | None:
    return (e.get("date") or {}).get("value")


def read(path: Path, fields: tuple[str, ...]) -> dict[tuple[Any, ...], dict[str, Any]]:
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                out[tuple(r[f] for f in fields)] = r
    return out


def names(doc: Doc, refs: list[Any]) -> list[str]:
    """Mention indices (or entity keys) as the names they stand for."""
    return [
        doc.mentions[r].text if isinstance(r, int) and 0 <= r < len(doc.mentions) else str(r)
        for r in refs
    ]


def show_event(doc: Doc, e: dict[str, Any], k: tuple[Any, ...]) -> None:
    print(
        json.dumps(
            dict(zip(("source", "trigger_start", "type", "mode", "line_sha"), k, strict=True))
        )
    )
    print(
        f"   {e['modality']} | {e['english']} | trigger {e['trigger']['text']!r} | date {event_date(e)}"
        f" ({(e.get('date') or {}).get('basis')}) | confidence {e.get('confidence')}"
    )
    print(f"   actors {names(doc, e['actors'])} recipients {names(doc, e['recipients'])}")
    print(f"   {e['sources'][0]['text'][:400]}")


def show_quote(doc: Doc, q: dict[str, Any], k: tuple[Any, ...]) -> None:
    before = doc.text[max(0, q["start"] - 300) : q["start"]].replace("\n", " ")
    print(json.dumps({"source": k[0], "start": k[1], "sha": k[2]}))
    speaker = names(doc, [q["speaker"]]) if q.get("speaker") is not None else None
    print(f"   {q['kind']} cue={q['cue']!r} speaker={speaker} | {q['english'][:120]}")
    print(f"   BEFORE: {before}\n   TEXT: {q['text'][:200]}")


def ratio(ok: int, n: int) -> str:
    return f"{ok / n:.3f} ({ok}/{n})" if n else "n/a (0)"


def score(
    docs: list[tuple[str, Doc]],
    show: bool,
    floor: float = 0.0,
    events_path: Path = EVENTS,
    quotes_path: Path = QUOTES,
) -> dict[str, dict[str, int]]:
    """Counts per language (and ``all``) of what the figures are made of.

    Events whose confidence is below ``floor`` are left out (as ``rasad events``
    leaves them out at that ``--min-confidence``); quotes are all counted.
    Judgements are read from ``events_path`` and ``quotes_path``.
    """
    ev_judged = read(events_path, ("source", "trigger_start", "type", "mode", "line_sha"))
    qt_judged = read(quotes_path, ("source", "start", "sha"))
    ev_by_roles = {v["roles_sha"]: v for v in ev_judged.values() if v.get("roles_sha")}
    qt_by_speaker = {v["speaker_sha"]: v for v in qt_judged.values() if v.get("speaker_sha")}
    counts: dict[str, dict[str, int]] = {}
    for lang, doc in docs:
        for group in (lang, "all"):
            c = counts.setdefault(group, dict.fromkeys(
                ("articles", "events", "ev_judged", "strict", "lenient", "ev_unjudged", "asserted",
                 "asserted_dated", "ok_asserted", "ok_asserted_dated", "dated_judged", "date_right",
                 "quotes", "qt_judged", "qt_right", "speaker_right", "speaker_ok", "speaker_null",
                 "qt_unjudged"), 0))  # fmt: skip
            c["articles"] += 1
        for e in doc.events:
            if (e.get("confidence") or 0.0) < floor:
                continue
            k = event_key(doc, e)
            v = ev_judged.get(k)
            if v is not None and v.get("modality", e["modality"]) != e["modality"]:
                v = None  # the key matched but what was judged changed
            if v is None:  # only the English line changed (a label): the same judgement
                v = ev_by_roles.get(event_roles_key(doc, e))
            for group in (lang, "all"):
                c = counts[group]
                c["events"] += 1
                if e["modality"] == "asserted":
                    c["asserted"] += 1
                    c["asserted_dated"] += event_date(e) is not None
                if v is None:
                    c["ev_unjudged"] += 1
                    continue
                c["ev_judged"] += 1
                c["strict"] += bool(v["right"])
                c["lenient"] += bool(v["right"] or v.get("missing_role"))
                if e["modality"] == "asserted" and (v["right"] or v.get("missing_role")):
                    c["ok_asserted"] += 1
                    c["ok_asserted_dated"] += event_date(e) is not None
                if (
                    event_date(e) is not None
                    and v.get("date") == event_date(e)
                    and "date_right" in v
                ):
                    c["dated_judged"] += 1
                    c["date_right"] += bool(v["date_right"])
            if v is None and show:
                show_event(doc, e, k)
        for q in doc.quotes:
            k = quote_key(doc, q)
            v = qt_judged.get(k)
            if v is None:
                v = qt_by_speaker.get(quote_speaker_key(doc, q))
            for group in (lang, "all"):
                c = counts[group]
                c["quotes"] += 1
                if v is None:
                    c["qt_unjudged"] += 1
                    continue
                c["qt_judged"] += 1
                c["qt_right"] += bool(v["right"])
                c["speaker_right"] += bool(v["right"] and v.get("speaker") is True)
                c["speaker_ok"] += bool(
                    v["right"]
                    and (
                        v.get("speaker") is True
                        or (v.get("speaker") is None and v.get("speaker_in_text") is False)
                    )
                )
                c["speaker_null"] += q.get("speaker") is None
            if v is None and show:
                show_quote(doc, q, k)
    return counts


def report(counts: dict[str, dict[str, int]]) -> None:
    for group in [g for g in ("fa", "ar", "all") if g in counts]:
        c = counts[group]
        print(f"[{group}] {c['articles']} articles, {c['events']} events "
              f"({c['ev_judged']} judged, {c['ev_unjudged']} unjudged), {c['quotes']} quotes "
              f"({c['qt_judged']} judged, {c['qt_unjudged']} unjudged)")  # fmt: skip
        print(f"  events strict precision (type, mode, modality, actors, recipients): "
              f"{ratio(c['strict'], c['ev_judged'])}")  # fmt: skip
        print(
            f"  events lenient precision (a missing role allowed): {ratio(c['lenient'], c['ev_judged'])}"
        )
        print(
            f"  asserted events with a date: {ratio(c['asserted_dated'], c['asserted'])}; "
            f"among those judged right (lenient): {ratio(c['ok_asserted_dated'], c['ok_asserted'])}"
        )
        print(
            f"  dated judged events whose date is right: {ratio(c['date_right'], c['dated_judged'])}"
        )
        print(f"  quotes right: {ratio(c['qt_right'], c['qt_judged'])}; speaker right: "
              f"{ratio(c['speaker_right'], c['qt_judged'])}; speaker right or rightly none: "
              f"{ratio(c['speaker_ok'], c['qt_judged'])}; no speaker given: {c['speaker_null']}")  # fmt: skip


def run_main(
    description: str,
    run: Any,
    events_path: Path,
    quotes_path: Path,
    argv: list[str] | None = None,
) -> None:
    """The command line of a judged sample: ``run(langs)`` gives its documents."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument(
        "--show", action="store_true", help="print unjudged events and quotes with their sentences"
    )
    ap.add_argument("--lang", choices=("fa", "ar"), help="one language only")
    ap.add_argument("--min-confidence", type=float, default=None,
                    help="events at least this confident (default: the event filter's threshold)")  # fmt: skip
    args = ap.parse_args(argv)
    from rasad.extract.event_filter import default_threshold

    floor = default_threshold() if args.min_confidence is None else args.min_confidence
    docs = run((args.lang,) if args.lang else ("fa", "ar"))
    print("== every event (confidence >= 0) ==")
    report(score(docs, args.show and floor == 0.0, 0.0, events_path, quotes_path))
    if floor > 0:
        print(f"== events at the default confidence (>= {floor:g}) ==")
        report(score(docs, args.show, floor, events_path, quotes_path))


def main(argv: list[str] | None = None) -> None:
    run_main(__doc__.splitlines()[0], run_sample, EVENTS, QUOTES, argv)


if __name__ == "__main__":
    main()
