"""Store rows to export records (plain, JSON-ready dictionaries).

One function per list of the export schema (docs/export-schema.md). They take
ORM rows, saved or not, so the same code serves ``rasad export`` (rows read
from the database) and ``rasad analyze`` (rows built from one Doc).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from rasad.store import models as m
from rasad.text.fold import fold

log = logging.getLogger(__name__)

_DATE_KEYS = ("value", "precision", "calendar", "inferred", "why")

#: Turns a stored entity reference into the id of an entity of the same output, or ``None``.
Resolve = Callable[[Any], "str | None"]


# -- entity references -------------------------------------------------------------------


def _linked(mention: Any) -> str | None:
    """The entity id a mention is linked to: a store row's ``entity_id``, a Doc mention's ``entity``."""
    if hasattr(mention, "entity_id"):
        return mention.entity_id
    return getattr(mention, "entity", None)


def mention_entity_ids(article_id: Any, mentions: Iterable[Any]) -> list[str]:
    """The export entity id of each of one article's mentions, in the order given (stored order).

    A linked mention's id is its entity's. The article's unlinked mentions are
    grouped by type and folded head (or text); each group is one entity, with
    the id ``local-<article>-<n>``, ``n`` counting the groups in order of their
    first mention. :func:`entities` lists exactly these ids, so a fact's
    reference resolved here always names an entity of the same output.
    ``mentions`` are store rows or result rows (``entity_id``) or
    :class:`rasad.doc.Mention` objects (``entity``), in the order the fact
    stages indexed them.
    """
    ids: list[str] = []
    local: dict[tuple[str | None, str], str] = {}
    for mention in mentions:
        entity_id = _linked(mention)
        if not entity_id:
            key = (mention.type, fold(mention.head or mention.text))
            entity_id = local.setdefault(key, f"local-{article_id}-{len(local) + 1}")
        ids.append(entity_id)
    return ids


class ArticleRefs:
    """Resolves one article's stored entity references to export entity ids.

    The fact stages store a participant, speaker or subject as the index of
    its mention in the document's mentions, or (when the mention was linked
    already) as the mention's entity id. An index becomes that mention's id of
    :func:`mention_entity_ids`; an entity id is kept when one of the article's
    mentions is linked to it. Anything else (an index out of range, an id no
    mention of the article carries any more, another value) names no entity of
    the output: it resolves to ``None``, and the record functions leave it out
    with a warning.
    """

    def __init__(self, article_id: Any, mentions: Iterable[Any]) -> None:
        self.article_id = article_id
        self.ids = mention_entity_ids(article_id, mentions)
        self._known = frozenset(self.ids)

    def __call__(self, ref: Any) -> str | None:
        if isinstance(ref, bool):
            return None
        if isinstance(ref, int):
            return self.ids[ref] if 0 <= ref < len(self.ids) else None
        if isinstance(ref, str) and ref in self._known:
            return ref
        return None


def known_ids(ids: Iterable[str]) -> Resolve:
    """A :data:`Resolve` that keeps references already named by export entity id when ``ids`` holds them."""
    known = ids if isinstance(ids, set | frozenset) else frozenset(ids)
    return lambda ref: ref if isinstance(ref, str) and ref in known else None


def resolve_ref(ref: Any, resolve: Resolve | None, where: str) -> str | None:
    """``ref`` as an entity id by ``resolve`` (None: as stored); ``None``, with a warning naming
    ``where``, when it names no entity."""
    if ref is None or resolve is None:
        return ref
    entity_id = resolve(ref)
    if entity_id is None:
        log.warning("%s: entity reference %r names no entity of the output; left out", where, ref)
    return entity_id


def resolve_refs(refs: Sequence[Any] | None, resolve: Resolve | None, where: str) -> list[Any]:
    """:func:`resolve_ref` of each of ``refs``, those that name no entity left out, each id once."""
    out: list[Any] = []
    for ref in refs or []:
        entity_id = resolve_ref(ref, resolve, where)
        if entity_id is not None and entity_id not in out:
            out.append(entity_id)
    return out


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
    """``entities`` records: the entity rows, then the entities of mentions that have none.

    Each mention belongs to the entity :func:`mention_entity_ids` names: its
    linked entity, else the article's local entity ``local-<article>-<n>``
    (its unlinked mentions grouped by type and folded head or text). A linked
    id with no entity row yet is listed from its mentions.
    """
    by_article: dict[int, list[m.Mention]] = {}
    for mention in mentions:
        by_article.setdefault(mention.article_id, []).append(mention)
    groups: dict[str, list[m.Mention]] = {}
    for article_id, group in by_article.items():
        for mention, entity_id in zip(group, mention_entity_ids(article_id, group), strict=True):
            groups.setdefault(entity_id, []).append(mention)
    for row in entity_rows:
        group = groups.pop(row.id, [])
        aliases = {"fa": [], "ar": [], "en": [], **(row.aliases or {})}
        yield {
            "id": row.id, "label": row.label, "type": row.type, "country": row.country,
            "aliases": aliases if row.aliases else _aliases(group, lang_of),
            "mentions": [_mention_ref(x) for x in group],
        }  # fmt: skip
    for entity_id, group in groups.items():
        yield {
            "id": entity_id, "label": group[0].head or group[0].text, "type": group[0].type,
            "country": group[0].country, "aliases": _aliases(group, lang_of),
            "mentions": [_mention_ref(x) for x in group],
        }  # fmt: skip


def time(row: m.TimeExpr) -> dict[str, Any]:
    """A ``times`` record."""
    return {
        "id": row.id, "article": row.article_id, "start": row.start, "end": row.end,
        "text": row.text, "value": row.value, "precision": row.precision,
        "calendar": row.calendar, "kind": row.kind, "inferred": bool(row.inferred),
    }  # fmt: skip


def event(row: m.Event, resolve: Resolve | None = None) -> dict[str, Any]:
    """An ``events`` record; ``resolve`` names its participants by export entity id.

    A report's participants are stored references (:class:`ArticleRefs`
    resolves them); a merged event's are entity ids already (the corpus step
    names them), so ``resolve`` may be ``None``, or :func:`known_ids` to check them.
    """
    date = row.date
    if isinstance(date, dict):
        # value and precision; the basis (clause, sentence, article) and, for an article-dated event, its relation
        date = {k: date.get(k) for k in ("value", "precision", "basis", "relation") if k in date or k in ("value", "precision")}
    where = f"event {row.id}"
    return {
        "id": row.id, "type": row.type, "mode": row.mode, "context": row.context or [],
        "modality": row.modality, "actors": resolve_refs(row.actors, resolve, where),
        "recipients": resolve_refs(row.recipients, resolve, where), "location": resolve_ref(row.location, resolve, where),
        "date": date, "sources": row.sources or [], "english": row.english,
        "confidence": (row.extra or {}).get("confidence"),
    }  # fmt: skip


def quote(row: m.Quote, resolve: Resolve) -> dict[str, Any]:
    """A ``quotes`` record; ``resolve`` (:class:`ArticleRefs` of its article) names the speaker by entity id."""
    return {
        "id": row.id, "speaker": resolve_ref(row.speaker, resolve, f"quote {row.id}"), "article": row.article_id,
        "start": row.start, "end": row.end, "text": row.text, "cue": row.cue, "same_as": row.same_as,
        "english": row.english,
    }  # fmt: skip


def claim(row: m.Claim, resolve: Resolve) -> dict[str, Any]:
    """A ``claims`` record; ``resolve`` (:class:`ArticleRefs` of its article) names the subjects by entity id.

    ``quantity`` (what the figure measures), ``head`` (the word saying so) and ``scope`` (its
    time scope) are what the contradiction finder compares (docs/facts.md, *Claims*)."""
    extra = row.extra or {}
    return {
        "id": row.id, "subjects": resolve_refs(row.subjects, resolve, f"claim {row.id}"), "value": row.value,
        "unit": row.unit, "comparator": row.comparator, "time": row.time, "article": row.article_id,
        "start": row.start, "end": row.end, "text": row.text, "english": row.english,
        "quantity": extra.get("quantity"), "head": extra.get("head"), "scope": extra.get("scope"),
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
