"""Store rows to export records (plain, JSON-ready dictionaries).

One function per list of the export schema (docs/export-schema.md). They take
ORM rows, saved or not, so the same code serves ``rasad export`` (rows read
from the database) and ``rasad analyze`` (rows built from one Doc).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rasad.store import models as m
from rasad.text.fold import fold

_DATE_KEYS = ("value", "precision", "calendar", "inferred", "why")


def article(row: m.Article) -> dict[str, Any]:
    """An ``articles`` record."""
    date = None
    if row.date:
        date = {k: row.date.get(k) for k in _DATE_KEYS}
        date["inferred"] = bool(date["inferred"])
        date["why"] = date["why"] or ""
    return {
        "id": row.id,
        "source": row.source or "",
        "url": row.url,
        "title": row.title,
        "lang": row.lang,
        "outlet": row.outlet,
        "author": row.author,
        "date": date,
        "text": row.text,
        "excluded": [list(x) for x in (row.excluded or [])],
        "sentences": [list(x) for x in (row.sentences or [])],
        "duplicate_of": row.duplicate_of,
        "story": row.story_id,
    }


def _aliases(mentions: Iterable[m.Mention], lang_of: dict[int, str | None]) -> dict[str, list[str]]:
    aliases: dict[str, list[str]] = {"fa": [], "ar": [], "en": []}
    for mention in mentions:
        lang = lang_of.get(mention.article_id) or "other"
        forms = aliases.setdefault(lang, [])
        if mention.text not in forms:
            forms.append(mention.text)
    return aliases


def _mention_ref(mention: m.Mention) -> dict[str, Any]:
    return {"article": mention.article_id, "start": mention.start, "end": mention.end, "text": mention.text}


def entities(
    entity_rows: Iterable[m.Entity], mentions: Iterable[m.Mention], lang_of: dict[int, str | None]
) -> Iterator[dict[str, Any]]:
    """``entities`` records: linked entities with their mentions.

    Mentions no entity-linking step has linked yet are grouped per article by
    type and folded head (or text), under ids ``local-<article>-<n>``.
    """
    linked: dict[str, list[m.Mention]] = {}
    local: dict[tuple[int, str | None, str], list[m.Mention]] = {}
    for mention in mentions:
        if mention.entity_id:
            linked.setdefault(mention.entity_id, []).append(mention)
        else:
            key = (mention.article_id, mention.type, fold(mention.head or mention.text))
            local.setdefault(key, []).append(mention)
    for row in entity_rows:
        group = linked.pop(row.id, [])
        aliases = {"fa": [], "ar": [], "en": [], **(row.aliases or {})}
        yield {
            "id": row.id, "label": row.label, "type": row.type, "country": row.country,
            "aliases": aliases if row.aliases else _aliases(group, lang_of),
            "mentions": [_mention_ref(x) for x in group],
        }  # fmt: skip
    # Mentions that name an entity id with no entity row yet.
    for entity_id, group in linked.items():
        yield {
            "id": entity_id, "label": group[0].head or group[0].text, "type": group[0].type,
            "country": group[0].country, "aliases": _aliases(group, lang_of),
            "mentions": [_mention_ref(x) for x in group],
        }  # fmt: skip
    counters: dict[int, int] = {}
    for (article_id, etype, _key), group in local.items():
        counters[article_id] = counters.get(article_id, 0) + 1
        yield {
            "id": f"local-{article_id}-{counters[article_id]}",
            "label": group[0].head or group[0].text, "type": etype, "country": group[0].country,
            "aliases": _aliases(group, lang_of), "mentions": [_mention_ref(x) for x in group],
        }  # fmt: skip


def time(row: m.TimeExpr) -> dict[str, Any]:
    """A ``times`` record."""
    return {
        "id": row.id, "article": row.article_id, "start": row.start, "end": row.end,
        "text": row.text, "value": row.value, "precision": row.precision,
        "calendar": row.calendar, "kind": row.kind, "inferred": bool(row.inferred),
    }  # fmt: skip


def event(row: m.Event) -> dict[str, Any]:
    """An ``events`` record."""
    date = row.date
    if isinstance(date, dict):
        date = {"value": date.get("value"), "precision": date.get("precision")}
    return {
        "id": row.id, "type": row.type, "mode": row.mode, "context": row.context or [],
        "modality": row.modality, "actors": row.actors or [], "recipients": row.recipients or [],
        "location": row.location, "date": date, "sources": row.sources or [],
        "english": row.english,
    }  # fmt: skip


def quote(row: m.Quote) -> dict[str, Any]:
    """A ``quotes`` record."""
    return {
        "id": row.id, "speaker": row.speaker, "article": row.article_id, "start": row.start,
        "end": row.end, "text": row.text, "cue": row.cue, "same_as": row.same_as,
        "english": row.english,
    }  # fmt: skip


def claim(row: m.Claim) -> dict[str, Any]:
    """A ``claims`` record."""
    return {
        "id": row.id, "subjects": row.subjects or [], "value": row.value, "unit": row.unit,
        "comparator": row.comparator, "time": row.time, "article": row.article_id,
        "start": row.start, "end": row.end, "text": row.text, "english": row.english,
    }  # fmt: skip


def contradiction(row: m.Contradiction) -> dict[str, Any]:
    """A ``contradictions`` record; ``list`` names the list its ``items`` are ids in (events or claims)."""
    extra = row.extra or {}
    return {
        "id": row.id, "kind": row.kind, "items": row.items or [], "why": row.why,
        "list": extra.get("list"), "severity": extra.get("severity"), "sources": extra.get("sources", []),
    }  # fmt: skip


def story(row: m.Story) -> dict[str, Any]:
    """A ``stories`` record."""
    return {
        "id": row.id, "label": row.label, "articles": row.articles or [],
        "start": row.start, "end": row.end,
    }  # fmt: skip
