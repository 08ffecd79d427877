"""rasad.export: the documented export format (JSON, JSONL, CSV).

The structure is described in docs/export-schema.md and, machine-readably, in
``schema.json`` beside this module (:func:`load_schema`, :func:`validate`).

* ``json``: one object ``{"rasad_export": 1, "articles": [...], "entities": [...], ...}``,
  written as a stream (constant memory for articles).
* ``jsonl``: a header line ``{"record": "header", "rasad_export": 1}`` and then one
  record per line, each with a ``"record"`` key naming its list in the singular
  (``article``, ``entity``, ``time``, ``event``, ``quote``, ``claim``,
  ``contradiction``, ``story``).
* ``csv``: a folder with one file per list (``articles.csv`` ...) plus
  ``mentions.csv``; nested values are JSON strings. Made for ``pandas.read_csv``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select

from rasad.doc import Doc
from rasad.export import records
from rasad.export.schema import load_schema, validate
from rasad.store import Store
from rasad.store import models as m
from rasad.store.convert import attach, rows_from_doc

__all__ = [
    "FORMATS",
    "LISTS",
    "doc_export",
    "entity_ids",
    "export",
    "iter_lists",
    "load_schema",
    "validate",
]

#: Export format version written as ``"rasad_export"``.
EXPORT_VERSION = 1
#: The lists of the export, in order.
LISTS = ("articles", "entities", "times", "events", "quotes", "claims", "contradictions", "stories")
#: The ``record`` value of each list's lines in the JSONL format.
SINGULAR = {
    "articles": "article", "entities": "entity", "times": "time", "events": "event",
    "quotes": "quote", "claims": "claim", "contradictions": "contradiction", "stories": "story",
}  # fmt: skip
FORMATS = ("json", "jsonl", "csv")

_SIMPLE: dict[str, tuple[type[Any], Callable[[Any], dict[str, Any]]]] = {
    "articles": (m.Article, records.article),
    "times": (m.TimeExpr, records.time),
    "contradictions": (m.Contradiction, records.contradiction),
    "stories": (m.Story, records.story),
}
#: Articles whose mentions' entity ids :class:`_Refs` keeps at once (facts are stored article by article).
_REFS_CACHE = 64


class _Refs:
    """The :class:`records.ArticleRefs` of stored articles, read per article when first needed."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache: dict[int, records.ArticleRefs] = {}

    def __call__(self, article_id: int) -> records.ArticleRefs:
        refs = self.cache.pop(article_id, None)
        if refs is None:
            query = (
                select(m.Mention.entity_id, m.Mention.type, m.Mention.head, m.Mention.text)
                .where(m.Mention.article_id == article_id)
                .order_by(m.Mention.id)
            )
            with self.store.session() as session:
                refs = records.ArticleRefs(article_id, session.execute(query).all())
            if len(self.cache) >= _REFS_CACHE:
                self.cache.pop(next(iter(self.cache)))
        self.cache[article_id] = refs
        return refs


def entity_ids(store: Store) -> set[str]:
    """The ids the export's ``entities`` list holds: the entity rows', and every mention's
    (:func:`rasad.export.records.mention_entity_ids`), without building the records."""
    mention = m.Mention
    columns = (mention.article_id, mention.entity_id, mention.type, mention.head, mention.text)
    by_article: dict[int, list[Any]] = {}
    with store.session() as session:
        ids = set(session.scalars(select(m.Entity.id)))
        for row in session.execute(select(*columns).order_by(m.Mention.id)):
            by_article.setdefault(row.article_id, []).append(row)
    for article_id, rows in by_article.items():
        ids.update(records.mention_entity_ids(article_id, rows))
    return ids


def _store_entities(store: Store, ids: set[str]) -> Iterator[dict[str, Any]]:
    """The ``entities`` records; adds each id to ``ids`` as it is listed (merged events are checked against them)."""
    with store.session() as session:
        lang_of = {row.id: row.lang for row in session.execute(select(m.Article.id, m.Article.lang))}
    for record in records.entities(store.iter_rows(m.Entity), store.iter_rows(m.Mention), lang_of):
        ids.add(record["id"])
        yield record


def _store_events(store: Store, ids: set[str]) -> Iterator[dict[str, Any]]:
    """Merged events (rows without an article, written by the corpus step); the per-article
    reports only when the corpus step has not run yet.

    A merged event's participants are entity ids (the corpus step named them);
    one that the ``entities`` list does not hold (``ids``: a store whose
    linking changed since the step ran) is left out with a warning. A
    report's are resolved through its article's mentions."""
    with store.session() as session:
        merged = session.scalar(select(m.Event.id).where(m.Event.article_id.is_(None)).limit(1)) is not None
    refs = _Refs(store)
    known = records.known_ids(ids)
    for row in store.iter_rows(m.Event):
        if (row.article_id is None) == merged:
            yield records.event(row, known if merged else refs(row.article_id))


def _store_contradictions(store: Store) -> Iterator[dict[str, Any]]:
    """Conflicts and differences; confirmations (kind ``confirm``) stay in the store."""
    for row in store.iter_rows(m.Contradiction):
        if row.kind in ("conflict", "differ"):
            yield records.contradiction(row)


def iter_lists(store: Store) -> Iterator[tuple[str, Iterator[dict[str, Any]]]]:
    """(list name, records) for every list of the export, read lazily from ``store``.

    The lists are meant to be read in order: entity references in ``events``,
    ``quotes`` and ``claims`` are entity ids of the ``entities`` list
    (:func:`rasad.export.records.mention_entity_ids`), and merged events are
    checked against the ids that list held.
    """
    ids: set[str] = set()
    refs = _Refs(store)
    for name in LISTS:
        if name == "entities":
            yield name, _store_entities(store, ids)
        elif name == "events":
            yield name, _store_events(store, ids)
        elif name == "quotes":
            yield name, (records.quote(r, refs(r.article_id)) for r in store.iter_rows(m.Quote))
        elif name == "claims":
            yield name, (records.claim(r, refs(r.article_id)) for r in store.iter_rows(m.Claim))
        elif name == "contradictions":
            yield name, _store_contradictions(store)
        else:
            model, convert = _SIMPLE[name]
            yield name, (convert(row) for row in store.iter_rows(model))


def doc_export(doc: Doc, article_id: int = 1) -> dict[str, Any]:
    """The export structure for one analysed document (nothing stored).

    Its facts' entity references (mention indices, linked ids) become the ids
    of its ``entities`` (:class:`rasad.export.records.ArticleRefs`)."""
    rows = rows_from_doc(doc)
    rows.article.id = article_id
    attach(rows, article_id)
    for group in (rows.mentions, rows.times, rows.events, rows.quotes, rows.claims):
        for n, row in enumerate(group, 1):
            row.id = n
    refs = records.ArticleRefs(article_id, rows.mentions)
    return {
        "rasad_export": EXPORT_VERSION,
        "articles": [records.article(rows.article)],
        "entities": list(records.entities([], rows.mentions, {article_id: doc.lang})),
        "times": [records.time(r) for r in rows.times],
        "events": [records.event(r, refs) for r in rows.events],
        "quotes": [records.quote(r, refs) for r in rows.quotes],
        "claims": [records.claim(r, refs) for r in rows.claims],
        "contradictions": [],
        "stories": [],
    }


def _dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def write_json(lists: Iterable[tuple[str, Iterable[dict[str, Any]]]], fp: IO[str]) -> int:
    """Stream the export as one JSON object; returns the number of records."""
    count = 0
    fp.write(f'{{"rasad_export": {EXPORT_VERSION}')
    for name, items in lists:
        fp.write(f',\n "{name}": [')
        for i, record in enumerate(items):
            fp.write(("\n  " if i == 0 else ",\n  ") + _dumps(record))
            count += 1
        fp.write("]")
    fp.write("}\n")
    return count


def write_jsonl(lists: Iterable[tuple[str, Iterable[dict[str, Any]]]], fp: IO[str]) -> int:
    """Write a header line, then one typed record per line; returns the number of records."""
    count = 0
    fp.write(_dumps({"record": "header", "rasad_export": EXPORT_VERSION}) + "\n")
    for name, items in lists:
        for record in items:
            fp.write(_dumps({"record": SINGULAR[name], **record}) + "\n")
            count += 1
    return count


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return _dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def write_csv(lists: Iterable[tuple[str, Iterable[dict[str, Any]]]], folder: Path) -> int:
    """One CSV file per list in ``folder`` (header row always written); returns records."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    mentions_fp = (folder / "mentions.csv").open("w", encoding="utf-8", newline="")
    with mentions_fp:
        mentions = csv.writer(mentions_fp)
        mentions.writerow(["entity", "article", "start", "end", "text"])
        for name, items in lists:
            with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as fp:
                writer: csv.DictWriter[str] | None = None
                for record in items:
                    if name == "articles":
                        record = _flatten_date(record)
                    if name == "entities":
                        for ref in record["mentions"]:
                            mentions.writerow([record["id"], ref["article"], ref["start"], ref["end"], ref["text"]])
                    if writer is None:
                        writer = csv.DictWriter(fp, fieldnames=list(record))
                        writer.writeheader()
                    writer.writerow({k: _cell(v) for k, v in record.items()})
                    count += 1
                if writer is None:
                    fp.write(",".join(_CSV_EMPTY_HEADERS[name]) + "\n")
    return count


def _flatten_date(record: dict[str, Any]) -> dict[str, Any]:
    date = record.get("date") or {}
    flat = {k: v for k, v in record.items() if k != "date"}
    for key in ("value", "precision", "calendar", "inferred", "why"):
        flat[f"date_{key}"] = date.get(key)
    return flat


_CSV_EMPTY_HEADERS: dict[str, list[str]] = {
    "articles": ["id", "source", "url", "title", "lang", "outlet", "author", "text", "excluded",
                 "sentences", "duplicate_of", "story", "date_value", "date_precision",
                 "date_calendar", "date_inferred", "date_why"],
    "entities": ["id", "label", "type", "country", "aliases", "mentions"],
    "times": ["id", "article", "start", "end", "text", "value", "precision", "calendar", "kind", "inferred"],
    "events": ["id", "type", "mode", "context", "modality", "actors", "recipients", "location",
               "date", "sources", "english"],
    "quotes": ["id", "speaker", "article", "start", "end", "text", "cue", "same_as", "english"],
    "claims": ["id", "subjects", "value", "unit", "comparator", "time", "article", "start", "end",
               "text", "english", "quantity", "head", "scope"],
    "contradictions": ["id", "kind", "items", "why", "list", "severity", "sources"],
    "stories": ["id", "label", "articles", "start", "end"],
}  # fmt: skip


def export(store: Store, fmt: str, out: Path | IO[str]) -> int:
    """Export ``store`` as ``fmt`` (json, jsonl, csv) to a file, stream or (csv) folder."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    lists = iter_lists(store)
    if fmt == "csv":
        if not isinstance(out, Path):
            raise ValueError("the csv format writes a folder: give --out DIR")
        return write_csv(lists, out)
    writer = write_json if fmt == "json" else write_jsonl
    if isinstance(out, Path):
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fp:
            return writer(lists, fp)
    return writer(lists, out)
