"""The corpus-level step: what relates stored articles to each other, run after ingest.

:func:`run_corpus_step` runs:

1. entity resolution across articles (:func:`rasad.link.entities.link_store`);
2. event merging (:func:`rasad.analyze.contradictions.merge_events`): the
   per-article rows of the ``event`` table are *reports*; merged events are rows
   with ``article_id`` NULL whose ``sources`` list every report's sentence and
   whose ``extra["reports"]`` names the report rows. The export lists merged events;
   their participants are entity ids (:func:`name_participants`);
3. quote linking (``link_quotes``): ``quote.same_as`` holds the ids of the same
   statement's quotes in other articles;
4. contradictions and confirmations (``find_contradictions``) in the
   ``contradiction`` table (confirmations with kind ``confirm``);
5. stories (:mod:`rasad.link.stories`): ``story`` rows and ``article.story_id``,
   with each article's sentence vector cached in ``article_vector``; articles
   that share a day-dated merged event of step 2 (:func:`shared_events`) pass
   a lower cosine floor.

Steps 2-5 write in one transaction. When every article has been through the
step already, steps 2-5 are skipped. Re-running is idempotent: merged events
and contradictions keep their ids (matched on their first report / their
items), and only articles without a story are placed, so new articles join the
existing events and stories. ``relink=True`` recomputes entities and stories
from scratch, over every article.

**A batch reads what it can reach.** For new articles (those without a story),
steps 2-4 read the new articles and the stored ones :func:`batch_scope` finds
through queries, not every stored article: the merged events a new report can
join (every report of each, and no other), the articles that name a new
quote's speaker or a new claim's subject (linked entity ids) or are dated
within :data:`REACH_DAYS` of a new article and hold a quote or claim that could
pair with a new one, and the events and disagreements naming an entity whose
English label linking just changed. Only what was read
is written (:func:`_save_events`, :func:`_save_quotes`, :func:`_save_contradictions`
take the scope), so nothing outside it is dropped or rewritten. Merged events,
date conflicts of once-only events, and disagreements on linked subjects come
out as reading every article gives them (tested in
tests/test_corpus_incremental.py against ``read_all=True``, the old path, and
against one run over all articles). Two kinds of pairs are found only inside
the date window: quotes linked through their numbers and countries alone or
through an unlinked speaker, and claims whose shared subject is not a linked
entity; ``rasad relink`` finds them all. New articles whose ids lie below a
placed one's (concurrent writers) make the step read everything, since the
greedy merge follows article order.

**Memory** in a batch's step is bounded by: the new articles (text, mentions,
facts); the stored articles in reach (the same, their event reports limited to
the merged events in reach); short rows (type, mode, date, participant
references; no text) of the stored reports of the batch's event types, dated
near the batch's reports when all of those are dated, and the mentions (no
text) of the articles whose reports pass that first filter; the quote rows
(and mentions) of the articles that name a new speaker or lie in the window,
the claim rows of those that name a new subject or lie in the window; the
merged rows holding those reports (found by a LIKE in the database); the
candidate stories' latest members (:mod:`rasad.analyze.stories`). Per store,
not per batch: the English labels of every entity (read before linking, to
see which labels it changes; the entity index that linking loads holds every
entity anyway) and the rows of the ``contradiction`` table. Nothing holds
every stored article.

:func:`link_documents` does steps 2-5 for documents that are not stored (``rasad analyze``).
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rasad.doc import Doc
from rasad.doc import Mention as DocMention
from rasad.progress import Progress, silent

log = logging.getLogger(__name__)

#: Id prefixes of facts while the corpus functions run (they compare ids as strings).
EVENT_PREFIX, QUOTE_PREFIX, CLAIM_PREFIX = "ev", "qt", "cl"
#: Columns of a merged event row filled from the merged record.
_EVENT_COLUMNS = ("type", "mode", "context", "modality", "actors", "recipients", "location", "date", "sources", "english")
_FACT_FIELDS = {
    "events": ("type", "mode", "context", "modality", "actors", "recipients", "location", "date", "sources", "english"),
    "quotes": ("speaker", "start", "end", "text", "cue", "same_as", "english"),
    "claims": ("subjects", "value", "unit", "comparator", "time", "start", "end", "text", "english"),
}
_PREFIX = {"events": EVENT_PREFIX, "quotes": QUOTE_PREFIX, "claims": CLAIM_PREFIX}
#: Past perfect around an event trigger: the event is recalled as background ("وكان X قد التقى",
#: "دیدار کرده بود", "had met"), not reported as the article's news.
_RECALL_BEFORE = (
    re.compile(r"(?:^|\s)[وف]?كان(?:ت|وا|تا|ا)?\s.*\sقد\s*$", re.S),
    re.compile(r"\bhad\s+(?:\w+\s+)?$", re.I),
)
_RECALL_AFTER = re.compile(r"^[\s\u200c]*\S*?ه[\s\u200c]+بود(?:ند|یم|ید|ه|م|ی)?(?![^\W\d_])")


@dataclass
class CorpusReport:
    """What one run of the corpus step did."""

    articles: int = 0
    entities: int = 0
    events: int = 0
    reports: int = 0
    quote_links: int = 0
    contradictions: int = 0
    confirmations: int = 0
    stories: int = 0
    vectors_computed: int = 0
    #: Articles read: the new ones and the stored ones they can reach (:func:`batch_scope`).
    read: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        """One-line summary."""
        return (
            f"{self.articles} articles: {self.entities} entities, {self.events} events "
            f"(from {self.reports} reports), {self.quote_links} quote links, "
            f"{self.contradictions} contradictions, {self.confirmations} confirmations, "
            f"{self.stories} stories"
        )


def _num(fact_id: Any) -> int:
    """The row id of a prefixed fact id (``"ev12"`` -> 12)."""
    return int(str(fact_id)[2:])


# -- loading -------------------------------------------------------------------------------


def _chunked(ids: Iterable[int], size: int = 500) -> Iterator[list[int]]:
    """``ids`` sorted, in lists of at most ``size`` (one ``IN (...)`` query each)."""
    ordered = sorted(set(ids))
    for i in range(0, len(ordered), size):
        yield ordered[i : i + size]


def _mention_columns() -> tuple[Any, ...]:
    """The mention columns a Doc's mentions are made of (read as rows, not ORM objects: faster)."""
    from rasad.store import models as m

    x = m.Mention
    return (x.article_id, x.start, x.end, x.text, x.type, x.entity_id, x.country, x.head, x.score)


def load_docs(
    session: Session,
    ids: Iterable[int] | None = None,
    *,
    reports: Collection[int] | None = None,
    facts: Sequence[str] = ("events", "quotes", "claims"),
) -> dict[int, Doc]:
    """Articles as Docs with their mentions (in stored order), fact reports, outlet and
    ``meta["duplicate_of"]`` (a near-duplicate's original), in id order.

    ``ids``: only these articles (None: every stored article, for a relink);
    ``reports``: only these event reports (None: all of the articles'); ``facts``:
    which lists to read (the others stay empty).
    """
    from rasad.store import models as m

    docs: dict[int, Doc] = {}
    columns = (m.Article.id, m.Article.text, m.Article.source, m.Article.title, m.Article.lang, m.Article.outlet,
               m.Article.duplicate_of)  # fmt: skip
    chunks: list[list[int] | None] = [None] if ids is None else list(_chunked(ids))

    def where(column: Any, chunk: list[int] | None) -> list[Any]:
        return [] if chunk is None else [column.in_(chunk)]

    rows = []
    for chunk in chunks:
        rows.extend(session.execute(select(*columns).where(*where(m.Article.id, chunk))))
    for a in sorted(rows, key=lambda r: r.id):
        meta: dict[str, Any] = {"id": a.id}
        if a.duplicate_of is not None:
            meta["duplicate_of"] = a.duplicate_of  # claims of near-duplicates are not independent sources
        docs[a.id] = Doc(text=a.text, source=a.source or "", title=a.title, lang=a.lang, outlet=a.outlet, meta=meta)
    for chunk in chunks:
        query = select(*_mention_columns()).where(*where(m.Mention.article_id, chunk)).order_by(m.Mention.article_id, m.Mention.id)
        for row in session.execute(query):
            if row.article_id in docs:
                docs[row.article_id].mentions.append(
                    DocMention(row.start, row.end, row.text, row.type or "", row.entity_id, row.country, row.head, row.score)
                )
    wanted = set(reports) if reports is not None else None
    for name, model in (("events", m.Event), ("quotes", m.Quote), ("claims", m.Claim)):
        if name not in facts:
            continue
        found = []
        for chunk in chunks:
            query = select(model).where(model.article_id.is_not(None), *where(model.article_id, chunk))
            found.extend(session.scalars(query))
        for row in sorted(found, key=lambda r: r.id):
            doc = docs.get(row.article_id)
            if doc is None or (name == "events" and wanted is not None and row.id not in wanted):
                continue
            getattr(doc, name).append(fact_record(name, row))
    return docs


def fact_record(name: str, row: Any) -> dict[str, Any]:
    """A stored event report, quote or claim row as the corpus functions read it (id ``"ev12"`` ...)."""
    record = {**(row.extra or {}), **{f: getattr(row, f) for f in _FACT_FIELDS[name]}}
    record.update(id=f"{_PREFIX[name]}{row.id}", article=row.article_id)
    return record


def entity_labels(session: Session, ids: Iterable[str] | None = None) -> dict[str, str]:
    """English labels of the stored entities ("Name (Country)" for people); ``ids``: only these."""
    from rasad.english import country_name
    from rasad.store import models as m

    labels: dict[str, str] = {}
    columns = (m.Entity.id, m.Entity.label, m.Entity.type, m.Entity.country)
    if ids is None:
        rows = list(session.execute(select(*columns)))
    else:
        wanted, rows = sorted({str(x) for x in ids}), []
        for i in range(0, len(wanted), 500):
            rows.extend(session.execute(select(*columns).where(m.Entity.id.in_(wanted[i : i + 500]))))
    for eid, label, etype, country in rows:
        where = country_name(country) if etype == "PER" and country else None
        labels[eid] = f"{label} ({where})" if where else (label or eid)
    return labels


def doc_entity_ids(docs: Iterable[Doc]) -> set[str]:
    """The entity ids ``docs`` name: their linked mentions' and their facts' string references."""
    out: set[str] = set()
    for doc in docs:
        out.update(x.entity for x in doc.mentions if x.entity)
        for e in doc.events:
            out.update(r for r in (*(e.get("actors") or []), *(e.get("recipients") or []), e.get("location")) if isinstance(r, str))
        out.update(q["speaker"] for q in doc.quotes if isinstance(q.get("speaker"), str))
        out.update(r for c in doc.claims for r in c.get("subjects") or [] if isinstance(r, str))
    return out


# -- the pure part: shared by the store and by `rasad analyze` --------------------------------


@dataclass
class Linked:
    """Corpus functions' results for a set of documents (ids as the docs carry them)."""

    events: list[dict[str, Any]]
    same_as: dict[str, list[str]]
    contradictions: list[dict[str, Any]]
    confirmations: list[dict[str, Any]]


def link_facts(
    docs: Sequence[Doc],
    labels: dict[str, str] | None = None,
    new: set[int] | None = None,
    encode: Callable[[list[str]], Any] | None = None,
) -> Linked:
    """Merge events, link quotes, find contradictions over ``docs`` (their facts carry string ids).

    With ``new`` (the ids of articles not seen by an earlier run), quotes are
    linked incrementally (:func:`_link_quotes_incremental`): encoding quotes is
    the step's dearest part. ``encode`` encodes quotes (the store passes
    :class:`TextVectors`, a cache; default: afresh).
    """
    from rasad.analyze.contradictions import find_contradictions, merge_events

    events = merge_events(docs, labels=labels)
    same_as = _link_quotes_incremental(docs, new, encode) if new is not None else _link_quotes(docs, encode)
    found = find_contradictions(docs, labels)
    return Linked(events, same_as, found["contradictions"], found["confirmations"])


def name_participants(
    events: Sequence[dict[str, Any]], docs: Sequence[Doc], article_ids: Sequence[Any]
) -> None:
    """Name merged events' participants by export entity id, in place.

    :func:`~rasad.analyze.contradictions.merge_events` compares reports by
    :func:`~rasad.analyze.contradictions.ref_key` keys (an entity id, else
    ``cc:<country>``, ``per:<skeleton>`` ...), which hold across articles but
    name no entity. Each key becomes the entity id
    (:func:`rasad.export.records.mention_entity_ids`) of the first of the
    event's reports whose reference has that key, so every participant is an
    entity of the export; ``article_ids`` are the docs' article ids there. A
    key that no report's reference resolves is left out, with a warning.
    """
    from rasad.analyze.contradictions import ref_key
    from rasad.export.records import ArticleRefs

    reports: dict[str, tuple[Doc, dict[str, Any], ArticleRefs]] = {}
    for doc, aid in zip(docs, article_ids, strict=True):
        if doc.events:
            refs = ArticleRefs(aid, doc.mentions)
            for report in doc.events:
                reports[str(report.get("id"))] = (doc, report, refs)
    for event in events:
        named: dict[str, str] = {}
        for rid in event.get("merged_from", []):
            if str(rid) not in reports:
                continue
            doc, report, refs = reports[str(rid)]
            roles = [*(report.get("actors") or []), *(report.get("recipients") or [])]
            for ref in [*roles, report.get("location")]:
                key = ref_key(doc, ref)
                entity_id = refs(ref) if key and key not in named else None
                if key and entity_id:
                    named[key] = entity_id
        location = event.get("location")
        event["actors"] = _named(event.get("actors") or [], named, event, "actor")
        recipients = _named(event.get("recipients") or [], named, event, "recipient")
        event["recipients"] = [x for x in recipients if x not in event["actors"]]
        located = _named([location] if location is not None else [], named, event, "location")
        event["location"] = located[0] if located else None


def _named(
    keys: Sequence[Any], named: dict[str, str], event: dict[str, Any], role: str
) -> list[str]:
    """The entity ids ``named`` gives ``keys`` (sorted, once each); a key it lacks is logged and left out."""
    out: set[str] = set()
    for key in keys:
        if key in named:
            out.add(named[key])
        else:
            reports = event.get("merged_from")
            log.warning("merged event of %s: %s %r names no entity; left out", reports, role, key)
    return sorted(out)


def _link_quotes(docs: Sequence[Doc], encode: Callable[[list[str]], Any] | None = None) -> dict[str, list[str]]:
    """``link_quotes`` over ``docs`` from scratch: quote id -> ids of the same statement."""
    from rasad.analyze.contradictions import link_quotes

    for doc in docs:
        for q in doc.quotes:
            q["same_as"] = []
    link_quotes(docs, encode)
    return {str(q["id"]): [str(x) for x in q.get("same_as") or []] for doc in docs for q in doc.quotes}


def _link_quotes_incremental(
    docs: Sequence[Doc], new: set[int], encode: Callable[[list[str]], Any] | None = None
) -> dict[str, list[str]]:
    """Stored links kept; new articles' quotes linked against the stored quotes that could match.

    An old quote is a candidate when it has the speaker of a new quote (as
    :func:`~rasad.analyze.contradictions.ref_key`), or shares a country or
    number with one (``link_quotes`` itself then decides, as over the whole corpus).
    """
    from rasad.analyze.contradictions import ref_key
    from rasad.link.stories import text_anchors

    kept = {str(q["id"]): [f"{QUOTE_PREFIX}{x}" for x in q.get("same_as") or []] for d in docs for q in d.quotes}
    fresh = [d for d in docs if d.meta.get("id") in new and d.quotes]
    if not fresh:
        return kept
    keys = [ref_key(d, q.get("speaker")) for d in fresh for q in d.quotes]
    speakers = {k for k in keys if k}
    unknown = any(k is None for k in keys)
    anchors = set().union(*(text_anchors(q["text"]) for d in fresh for q in d.quotes))
    subset: list[Doc] = list(fresh)
    for doc in docs:
        if doc.meta.get("id") in new:
            continue
        quotes = []
        for q in doc.quotes:
            key = ref_key(doc, q.get("speaker"))
            # link_quotes never pairs two different known speakers
            if key in speakers or ((key is None or unknown) and text_anchors(q["text"]) & anchors):
                quotes.append(q)
        if quotes:
            subset.append(Doc(text=doc.text, lang=doc.lang, mentions=doc.mentions, quotes=[dict(q) for q in quotes], meta=doc.meta))
    for key, links in _link_quotes(subset, encode).items():
        kept[key] = sorted(set(kept.get(key, [])) | set(links))
    return kept


def _event_values(merged: dict[str, Any]) -> dict[str, Any]:
    """Column values of a merged event row (``extra["reports"]``: its report row ids)."""
    values = {k: merged.get(k) for k in _EVENT_COLUMNS}
    values["context"] = values["context"] or []
    values["actors"] = values["actors"] or []
    values["recipients"] = values["recipients"] or []
    values["sources"] = values["sources"] or []
    extra = {k: v for k, v in merged.items() if k not in _EVENT_COLUMNS and k not in ("id", "merged_from", "article")}
    extra["reports"] = [_num(x) for x in merged.get("merged_from", [])]
    values["extra"] = extra
    return values


def recalled(doc: Doc, event: dict[str, Any]) -> bool:
    """Whether the article recalls ``event`` as background (past perfect at its trigger)."""
    trigger = event.get("trigger") or {}
    start, end = trigger.get("start"), trigger.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(doc.text):
        return False
    sentence_start = max(doc.text.rfind(x, 0, start) for x in (".", "!", "?", "\n", "؟")) + 1
    before = doc.text[sentence_start:start]
    return any(p.search(before) for p in _RECALL_BEFORE) or bool(_RECALL_AFTER.match(doc.text[end : end + 40]))


def shared_events(
    docs: Sequence[Doc], merged: Sequence[dict[str, Any]], *, skip_recalled: bool = True
) -> dict[Any, frozenset[str]]:
    """Article id -> keys of the merged events it shares with another article, dated to a day.

    An article counts for a merged event when one of its own reports of that
    event is dated to a single day and is not recalled as background
    (:func:`recalled`); the event counts when two articles do. This is the
    stories' cross-lingual signal beside the vectors (:mod:`rasad.link.stories`).
    """
    from rasad.analyze.contradictions import article_id, date_interval

    day_reports: dict[str, Any] = {}
    for doc in docs:
        aid = doc.meta.get("id", article_id(doc))
        for e in doc.events:
            span = date_interval((e.get("date") or {}).get("value"))
            if span is not None and span[0] == span[1] and not (skip_recalled and recalled(doc, e)):
                day_reports[str(e["id"])] = aid
    out: dict[Any, set[str]] = {}
    for event in merged:
        reports = [str(x) for x in event.get("merged_from", [])]
        articles = {day_reports[x] for x in reports if x in day_reports}
        if len(articles) >= 2:
            for aid in articles:
                out.setdefault(aid, set()).add(reports[0])
    return {aid: frozenset(keys) for aid, keys in out.items()}


def article_events(docs: Sequence[Doc], merged: Sequence[dict[str, Any]]) -> dict[Any, list[dict[str, Any]]]:
    """Article id -> the asserted merged events it reports as news (not recalled), each with ``key``
    (its first report's id) beside the merged record's fields: what a story label is built from."""
    from rasad.analyze.contradictions import article_id

    owner: dict[str, Any] = {}
    for doc in docs:
        aid = doc.meta.get("id", article_id(doc))
        for e in doc.events:
            if e.get("modality", "asserted") == "asserted" and not recalled(doc, e):
                owner[str(e["id"])] = aid
    out: dict[Any, list[dict[str, Any]]] = {}
    for event in merged:
        reports = [str(x) for x in event.get("merged_from", [])]
        for aid in dict.fromkeys(owner[x] for x in reports if x in owner):
            out.setdefault(aid, []).append({**event, "key": reports[0]})
    return out


def _items(record: dict[str, Any], report_to_event: dict[int, int]) -> tuple[str, list[int]]:
    """(``events`` or ``claims``, export ids) of a contradiction's items."""
    ids = [str(x) for x in record.get("items", [])]
    if ids and all(x.startswith(EVENT_PREFIX) for x in ids):
        return "events", [report_to_event.get(_num(x), _num(x)) for x in ids]
    return "claims", [_num(x) for x in ids]


# -- what a batch can reach --------------------------------------------------------------------

#: Days around the new articles' dates within which stored articles are read for quote and
#: claim pairs that no linked entity of the new ones leads to (unlinked or unknown speakers,
#: subjects that are not entities, quotes matched by their numbers and countries only).
REACH_DAYS = 7


@dataclass
class BatchScope:
    """The stored articles a batch of new ones can change the corpus results of (:func:`batch_scope`)."""

    #: New articles, all their facts; then the stored ones read, each with the facts in reach.
    docs: dict[int, Doc]
    #: Stored event reports read: every report of each stored merged event in reach.
    reports: set[int]
    #: Merged event rows in reach: row id -> its report ids.
    merged: dict[int, list[int]]
    #: Stored articles whose quotes / claims were read (all of each one's).
    quote_articles: set[int]
    claim_articles: set[int]


@dataclass(frozen=True)
class _Report:
    """What decides, without the article, whether two event reports may merge or conflict."""

    kind: tuple[Any, Any]
    negated: bool
    planned: bool
    interval: tuple[Any, Any] | None

    @classmethod
    def of(cls, type_: Any, mode: Any, modality: Any, date: Any) -> _Report:
        from rasad.analyze.contradictions import event_interval

        planned = modality in ("planned", "conditional", "hypothetical")
        return cls((type_, mode), modality == "negated", planned, event_interval(date if isinstance(date, dict) else None))

    def may_merge(self, other: _Report) -> bool:
        """Necessary for :func:`~rasad.analyze.contradictions.same_event`."""
        if self.kind != other.kind or self.negated or other.negated or self.planned != other.planned:
            return False
        if self.interval is None or other.interval is None:
            return self.interval is None and other.interval is None
        return self.interval[0] <= other.interval[1] and other.interval[0] <= self.interval[1]

    def may_conflict(self, other: _Report) -> bool:
        """Both dated, asserted once-only events (``event_date_conflicts``; of any kind: a date pair
        is reported once, by the first pair that has it)."""
        from rasad.analyze.contradictions import ONCE_MODES

        return (
            self.kind[1] in ONCE_MODES and other.kind[1] in ONCE_MODES and not self.planned and not other.planned
            and self.interval is not None and other.interval is not None
        )  # fmt: skip


def _merged_holding(session: Session, reports: Iterable[int], types: Collection[Any]) -> dict[int, tuple[int, list[int]]]:
    """Report id -> (the stored merged event row holding it, that row's report ids).

    A LIKE on the rows' ``extra`` (``"reports": [...]``) narrows the merged rows
    of ``types`` down in the database; the lists are checked exactly here.
    """
    from sqlalchemy import Text, cast, or_

    from rasad.store import models as m

    out: dict[int, tuple[int, list[int]]] = {}
    text = cast(m.Event.extra, Text)
    for chunk in _chunked(reports, 80):
        # a member's id between list brackets and commas, JSON written with or without spaces
        forms = ("[{}]", "[{},", " {},", " {}]", ",{},", ",{}]")
        patterns = [text.like(f"%{form.format(r)}%") for r in chunk for form in forms]
        query = select(m.Event.id, m.Event.extra).where(
            m.Event.article_id.is_(None), m.Event.type.in_(sorted(t for t in types if t is not None)), or_(*patterns)
        )
        wanted = set(chunk)
        for row_id, extra in session.execute(query):
            members = [int(x) for x in (extra or {}).get("reports") or []]
            for r in wanted.intersection(members):
                out[r] = (row_id, members)
    return out


def _articles_naming(session: Session, entity_ids: Collection[str], model: Any) -> set[int]:
    """Stored articles that mention one of ``entity_ids`` and have a row in ``model`` (quotes, claims)."""
    from rasad.store import models as m

    out: set[int] = set()
    names = sorted(entity_ids)
    for i in range(0, len(names), 500):
        named = select(m.Mention.article_id).where(m.Mention.entity_id.in_(names[i : i + 500]))
        query = select(model.article_id).where(model.article_id.in_(named)).distinct()
        out.update(session.scalars(query))
    return out


def _articles_near(session: Session, dates: Iterable[Any], model: Any) -> set[int]:
    """Stored articles dated within :data:`REACH_DAYS` of one of ``dates`` (article dates) that have a row in ``model``."""
    import datetime as dt

    from rasad.store import models as m

    days = set()
    for date in dates:
        value = str((date if isinstance(date, dict) else {}).get("value") or "")[:10]
        try:
            days.add(dt.date.fromisoformat(value))
        except ValueError:
            continue
    if not days:
        return set()
    span = dt.timedelta(days=REACH_DAYS)
    low, high = (min(days) - span).isoformat(), (max(days) + span).isoformat() + "~"
    value = m.Article.date["value"].as_string()
    query = select(m.Article.id).where(value >= low, value <= high, m.Article.id.in_(select(model.article_id)))
    near = set(session.scalars(query))
    return near


def _entity_refs(doc: Doc, refs: Iterable[Any]) -> set[str]:
    """The entity ids of references: a linked mention's, or an id given as such."""
    out: set[str] = set()
    for ref in refs:
        if isinstance(ref, str) and not ref.startswith(("cc:", "name:")):
            out.add(ref)
        elif isinstance(ref, int) and 0 <= ref < len(doc.mentions) and doc.mentions[ref].entity:
            out.add(doc.mentions[ref].entity)  # type: ignore[arg-type]
    return out


def _claim_filter(session: Session, articles: set[int], fresh_claims: list[dict[str, Any]]) -> set[int]:
    """Those of ``articles`` with a claim of the same quantity, unit, topic (and noun) as one of
    ``fresh_claims`` whose time scope overlaps its (``comparable``'s tests that need no article)."""
    from rasad.analyze.contradictions import _claim_bucket, claim_scope
    from rasad.store import models as m

    wanted: dict[Any, list[Any]] = {}
    for c in fresh_claims:
        bucket = _claim_bucket(c)
        if bucket is not None:
            wanted.setdefault(bucket, []).append(claim_scope(c))
    out: set[int] = set()
    if not wanted:
        return out
    for chunk in _chunked(articles):
        for row in session.scalars(select(m.Claim).where(m.Claim.article_id.in_(chunk))):
            c = fact_record("claims", row)
            for (ta, pa) in wanted.get(_claim_bucket(c), ()):
                tb, pb = claim_scope(c)
                if (ta is None or tb is None or pa == pb) and (ta is None or tb is None or (ta[0] <= tb[1] and tb[0] <= ta[1])):
                    out.add(row.article_id)
                    break
    return out


def _quote_filter(session: Session, articles: set[int], new_docs: Sequence[Doc]) -> set[int]:
    """Those of ``articles`` with a quote that ``link_quotes`` would compare with a quote of
    ``new_docs``: the same known speaker, or no two different known speakers and a number
    or two countries in common (read from the quote rows and the articles' mentions)."""
    from rasad.analyze.contradictions import _anchors, ref_key
    from rasad.store import models as m

    new = [(ref_key(d, q.get("speaker")), _anchors(q["text"])) for d in new_docs for q in d.quotes]
    out: set[int] = set()
    for chunk in _chunked(articles):
        light = _mention_docs(session, chunk)
        query = select(m.Quote.article_id, m.Quote.speaker, m.Quote.text).where(m.Quote.article_id.in_(chunk))
        for aid, speaker, text in session.execute(query):
            if aid in out:
                continue
            key, anchors = ref_key(light[aid], speaker), _anchors(text or "")
            for new_key, new_anchors in new:
                if key and new_key and key != new_key:
                    continue
                common = anchors & new_anchors
                if (key is not None and key == new_key) or len(common) >= 2 or any(a.startswith("n:") for a in common):
                    out.add(aid)
                    break
    return out


def batch_scope(session: Session, fresh: Collection[int], relabelled: Mapping[str, str] | None = None) -> BatchScope | None:
    """What the corpus step reads for the new articles ``fresh`` instead of every stored article.

    * **Events**: the stored reports of the new reports' types are read as
      short rows (no text), and a stored merged event is in reach when each of
      its reports could merge with one new report (same type and mode, both
      asserted or both planned, overlapping dates or none: what
      :func:`~rasad.analyze.contradictions.same_event` needs before it looks at
      participants), or one could conflict with it on the date of a once-only
      event. Every report of a merged event in reach is read, and no other
      report: merging is greedy and in article order, so the stored events
      out of reach, whose reports no new one can join, stay what a full run
      gives, and those in reach come out as the full run makes them.
    * **Quotes**: of the stored articles that mention a new quote's speaker
      (an entity id) or are dated within :data:`REACH_DAYS` of a new article,
      those with a quote ``link_quotes`` would compare with a new one (the same
      speaker, or a number or two countries in common).
    * **Claims**: the stored articles that mention a new claim's subject (an
      entity id) or lie in that window, and that have a claim of the same
      quantity, unit and topic with an overlapping time scope.

    * **Labels**: ``relabelled`` (entity id -> its English label before this
      run's linking, for the entities whose label it changed) adds the merged
      events they take part in and the disagreements whose text names them,
      so that their English lines are written anew, as a full run writes them.

    Returns None when some new article has a smaller id than a placed one (the
    greedy merge would then see them in another order): the caller reads everything.
    """
    from rasad.analyze.contradictions import ONCE_MODES, _ev, same_event
    from rasad.store import models as m

    fresh = set(fresh)
    placed_max = session.scalar(select(func.max(m.Article.id)).where(m.Article.story_id.is_not(None)))
    if placed_max is not None and min(fresh) < placed_max:
        log.info("corpus step: new articles interleave with placed ones; reading every article")
        return None
    new_docs = load_docs(session, fresh)
    dates = list(_article_dates(session, fresh).values())
    new_evs = [(_Report.of(e.get("type"), e.get("mode"), e.get("modality"), e.get("date")), d, e)
               for d in new_docs.values() for e in d.events]  # fmt: skip
    new_reports = [r for r, _, _ in new_evs]
    types = {r.kind[0] for r in new_reports}
    # events: stored reports of the new reports' types, as short rows
    stored: dict[int, tuple[int, _Report, dict[str, Any]]] = {}
    columns = (m.Event.id, m.Event.article_id, m.Event.type, m.Event.mode, m.Event.modality, m.Event.date,
               m.Event.actors, m.Event.recipients, m.Event.location)  # fmt: skip
    once = any(r.kind[1] in ONCE_MODES for r in new_reports)
    queries = [_reports_of_type(type_, [r for r in new_reports if r.kind[0] == type_]) for type_ in sorted(t for t in types if t is not None)]
    queries += [m.Event.mode.in_(sorted(ONCE_MODES))] if once else []
    for where in queries:
        query = select(*columns).where(m.Event.article_id.is_not(None), where)
        for rid, aid, type_, mode, modality, date, actors, recipients, location in session.execute(query):
            if aid not in fresh:
                record = {"id": f"{EVENT_PREFIX}{rid}", "type": type_, "mode": mode, "modality": modality, "date": date,
                          "actors": actors or [], "recipients": recipients or [], "location": location}  # fmt: skip
                stored[rid] = (aid, _Report.of(type_, mode, modality, date), record)
    by_kind: dict[tuple[Any, Any], list[tuple[_Report, Doc, dict[str, Any]]]] = {}
    for x in new_evs:
        by_kind.setdefault(x[0].kind, []).append(x)
    once_reports = [x for x in new_evs if x[0].kind[1] in ONCE_MODES]

    def candidates(r: _Report) -> list[tuple[_Report, Doc, dict[str, Any]]]:
        return [*by_kind.get(r.kind, ()), *(once_reports if r.kind[1] in ONCE_MODES else ())]

    touched = [
        rid for rid, (_, r, _) in stored.items() if any(f.may_merge(r) or f.may_conflict(r) for f, _, _ in candidates(r))
    ]  # fmt: skip
    # the participants decide (same_event), read from the articles' mentions only
    light = _mention_docs(session, {stored[rid][0] for rid in touched})
    evs = {rid: _ev(light[stored[rid][0]], stored[rid][2]) for rid in touched if stored[rid][0] in light}
    new_ev = {id(e): _ev(d, e) for _, d, e in new_evs}
    # a stored event can take a new report only if its reports match it, the first one included
    matched = [
        rid for rid in touched
        if (rid in evs and any(same_event(new_ev[id(e)], evs[rid]) for _, _, e in candidates(stored[rid][1])))
        or any(f.may_conflict(stored[rid][1]) for f, _, _ in candidates(stored[rid][1]))
    ]  # fmt: skip
    holding = _merged_holding(session, matched, {stored[rid][1].kind[0] for rid in matched})
    merged: dict[int, list[int]] = {}
    for rid in matched:
        row_id, members = holding.get(rid, (-rid, [rid]))  # a report no stored event holds: its own
        if row_id in merged:
            continue
        infos = [stored[x][1] for x in members if x in stored]
        kin = candidates(infos[0]) if infos else []
        joins = any(
            all(x in evs and same_event(new_ev[id(e)], evs[x]) for x in members) for _, _, e in kin
        )  # complete linkage: a new report joins a stored event only if it matches every report of it
        if joins or any(f.may_conflict(r) for f, _, _ in kin for r in infos):
            merged[row_id] = members
    claim_articles: set[int] = set()
    if relabelled:
        more, claim_articles = _relabelled_reach(session, relabelled)
        merged.update(more)
    reports = {x for members in merged.values() for x in members}
    event_articles: set[int] = set()
    for chunk in _chunked(reports):
        query = select(m.Event.article_id).where(m.Event.id.in_(chunk), m.Event.article_id.is_not(None)).distinct()
        event_articles.update(session.scalars(query))
    # quotes and claims: the entities the new ones name, and the days around the new articles
    speakers = set().union(*(_entity_refs(d, [q.get("speaker") for q in d.quotes]) for d in new_docs.values()), set())
    subjects = set().union(*(_entity_refs(d, c.get("subjects") or []) for d in new_docs.values() for c in d.claims), set())
    has_quotes = any(d.quotes for d in new_docs.values())
    quote_articles: set[int] = set()
    if has_quotes:
        near = _articles_naming(session, speakers, m.Quote) | _articles_near(session, dates, m.Quote)
        quote_articles = _quote_filter(session, near - fresh, list(new_docs.values()))
    fresh_claims = [c for d in new_docs.values() for c in d.claims]
    if fresh_claims:
        near = _articles_naming(session, subjects, m.Claim) | _articles_near(session, dates, m.Claim)
        claim_articles |= _claim_filter(session, near - fresh, fresh_claims)
    claim_articles -= fresh
    quote_articles -= fresh
    old_ids = (event_articles | quote_articles | claim_articles) - fresh
    old = load_docs(session, old_ids, reports=reports)
    for aid, doc in old.items():
        if aid not in quote_articles:
            doc.quotes = []
        if aid not in claim_articles:
            doc.claims = []
    docs = {aid: ({**old, **new_docs})[aid] for aid in sorted({*old, *new_docs})}
    log.info(
        "corpus step: %d new articles reach %d stored ones (%d merged events, %d for quotes, %d for claims)",
        len(new_docs), len(old), len(merged), len(quote_articles), len(claim_articles),
    )  # fmt: skip
    return BatchScope(docs, reports, {k: v for k, v in merged.items() if k > 0}, quote_articles, claim_articles)


def _reports_of_type(type_: str, new: Sequence[_Report]) -> Any:
    """A SQL condition on stored reports of ``type_`` that every one that may merge with one of
    ``new`` (of that type) meets: when each of ``new`` is dated, a date value that may lie
    within :data:`~rasad.analyze.contradictions.ARTICLE_DATE_WINDOW_DAYS` of their days
    (lexically on the ISO value; ranges ``A/B`` all pass), else the type alone."""
    import datetime as dt

    from sqlalchemy import and_, func, or_

    from rasad.analyze.contradictions import ARTICLE_DATE_WINDOW_DAYS
    from rasad.store import models as m

    same_type = m.Event.type == type_
    if not new or any(r.interval is None for r in new):
        return same_type
    margin = dt.timedelta(days=ARTICLE_DATE_WINDOW_DAYS + 1)
    low = (min(r.interval[0] for r in new if r.interval) - margin).isoformat()  # type: ignore[index]
    high = (max(r.interval[1] for r in new if r.interval) + margin).isoformat()  # type: ignore[index]
    value = m.Event.date["value"].as_string()
    within = and_(value <= high, value >= func.substr(low, 1, func.length(value)))
    return and_(same_type, or_(within, value.like("%/%")))


def _mention_docs(session: Session, ids: Collection[int]) -> dict[int, Doc]:
    """Articles as Docs with their mentions only (no text, no facts): what
    :func:`~rasad.analyze.contradictions.ref_key` needs to compare event reports."""
    from rasad.store import models as m

    docs = {aid: Doc(text="", meta={"id": aid}) for aid in ids}
    for chunk in _chunked(ids):
        query = select(*_mention_columns()).where(m.Mention.article_id.in_(chunk)).order_by(m.Mention.article_id, m.Mention.id)
        for row in session.execute(query):
            docs[row.article_id].mentions.append(
                DocMention(row.start, row.end, row.text, row.type or "", row.entity_id, row.country, row.head, row.score)
            )
    return docs


def _relabelled_reach(session: Session, relabelled: Mapping[str, str]) -> tuple[dict[int, list[int]], set[int]]:
    """(merged event rows -> their reports, articles of claims) whose English text names an entity
    of ``relabelled`` (id -> its label before): the events it takes part in, and the
    disagreements whose text holds its former label, with the articles of their claims."""
    from sqlalchemy import or_

    from rasad.store import models as m

    ids = set(relabelled)
    merged: dict[int, list[int]] = {}
    where = or_(*(_json_has(c, ids) for c in (m.Event.actors, m.Event.recipients, m.Event.location)))
    for row in session.scalars(select(m.Event).where(m.Event.article_id.is_(None), where)):
        if ids & {*(row.actors or []), *(row.recipients or []), row.location}:
            merged[row.id] = [int(x) for x in (row.extra or {}).get("reports") or []]
    claims: set[int] = set()
    events: set[int] = set()
    labels = sorted({x for x in relabelled.values() if x})
    for i in range(0, len(labels), 100):
        said = [m.Contradiction.why.like(f"%{_like(x)}%", escape="\\") for x in labels[i : i + 100]]
        for row in session.scalars(select(m.Contradiction).where(or_(*said))):
            target = events if (row.extra or {}).get("list") == "events" else claims
            target.update(int(x) for x in row.items or [])
    for chunk in _chunked(events - set(merged)):
        for row in session.scalars(select(m.Event).where(m.Event.id.in_(chunk))):
            merged[row.id] = [int(x) for x in (row.extra or {}).get("reports") or []]
    articles: set[int] = set()
    for chunk in _chunked(claims):
        articles.update(session.scalars(select(m.Claim.article_id).where(m.Claim.id.in_(chunk))))
    return merged, articles


def _like(text: str) -> str:
    """``text`` with LIKE's wildcards escaped (by a backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _chunked_values(values: Sequence[Any], size: int = 500) -> Iterator[list[Any]]:
    for i in range(0, len(values), size):
        yield list(values[i : i + size])


def _article_dates(session: Session, ids: Collection[int]) -> dict[int, Any]:
    from rasad.store import models as m

    out: dict[int, Any] = {}
    for chunk in _chunked(ids):
        out.update(session.execute(select(m.Article.id, m.Article.date).where(m.Article.id.in_(chunk))).all())
    return out


# -- the store step --------------------------------------------------------------------------


def run_corpus_step(
    store: Any,
    *,
    relink: bool = False,
    link_entities: bool = True,
    progress: Progress | None = None,
    read_all: bool = False,
) -> CorpusReport:
    """Run the corpus-level step over ``store`` (see the module docstring); returns what it did.

    ``progress`` hears each part by name as it runs (:mod:`rasad.progress`).
    Processes sharing a PostgreSQL store run it one at a time (:meth:`rasad.store.Store.exclusive`).
    ``read_all`` reads every stored article even for a few new ones (what the
    step did before :func:`batch_scope`: the reference its results are tested against).
    """
    with store.exclusive("corpus step"):
        return _run_corpus_step(store, relink=relink, link_entities=link_entities, progress=progress, read_all=read_all)


def _run_corpus_step(
    store: Any, *, relink: bool, link_entities: bool, progress: Progress | None, read_all: bool = False
) -> CorpusReport:
    """:func:`run_corpus_step` once the store's corpus-step lock is held."""
    from rasad.analyze import stories as story_store

    report = CorpusReport()
    say = progress or silent
    clock = time.perf_counter()
    labels_before: dict[str, str] | None = None
    if link_entities and not relink and not read_all and not is_current(store):
        with store.session() as session:  # the English lines that linking may change (batch_scope)
            labels_before = entity_labels(session)
    if link_entities:
        from rasad.link.entities import link_store

        linked = link_store(store, relink=relink, progress=progress)
        report.failed.extend(linked.failed)
        report.entities = linked.entities
    report.seconds["entities"] = time.perf_counter() - clock
    with store.session() as session:
        fresh = None if relink else _unplaced(session)
        if fresh is not None and not fresh:
            # every article has been through the step (it commits at once): nothing to redo
            _stored_counts(session, report)
            log.info("corpus step: nothing new; %s", report.line())
            return report
        clock = time.perf_counter()
        say("reading stored facts", 0, None)
        scope = None
        if fresh is not None and not read_all:
            scope = batch_scope(session, fresh, _relabelled(session, fresh, labels_before or {}))
        docs = load_docs(session) if scope is None else scope.docs
        labels = entity_labels(session, doc_entity_ids(docs.values()))
        say("reading stored facts", len(docs), len(docs))
        report.read = len(docs)
        say("merging events, quotes and claims", 0, None)
        text_vectors = TextVectors(session, progress)
        found = link_facts(list(docs.values()), labels, fresh, text_vectors)
        name_participants(found.events, list(docs.values()), list(docs))
        say("merging events, quotes and claims", len(docs), len(docs))
        report.seconds["facts"] = time.perf_counter() - clock
        clock = time.perf_counter()
        shared = shared_events(list(docs.values()), found.events)
        reported: Mapping[Any, Sequence[Mapping[str, Any]]] = article_events(list(docs.values()), found.events)
        placing = sorted(docs) if relink else sorted(fresh or ())
        prepared = story_store.prepare(session, placing, shared, progress, candidates=not relink)
        report.seconds["vectors"] = time.perf_counter() - clock
    # Writes in a transaction of their own, begun after the slow part: no lock is held while
    # encoding, and SQLite never has to upgrade an old read snapshot to a write.
    with store.session() as session:
        clock = time.perf_counter()
        report_to_event = _save_events(session, found.events, None if scope is None else scope.merged)
        quotes = None if scope is None else {str(q["id"]) for d in docs.values() for q in d.quotes}
        report.quote_links = _save_quotes(session, found.same_as, quotes)
        claims = None if scope is None else {_num(c["id"]) for d in docs.values() for c in d.claims}
        _save_contradictions(
            session, found.contradictions, found.confirmations, report_to_event,
            None if scope is None or claims is None else (claims, set(report_to_event.values())),
        )  # fmt: skip
        text_vectors.save(session)
        report.seconds["save"] = time.perf_counter() - clock
        clock = time.perf_counter()
        say("placing stories", 0, None)
        if scope is not None:
            session.flush()
            reported = StoredReports(session)  # stories' labels: every member's events, as stored now
        story_store.save(session, prepared, reported, relink=relink)
        report.vectors_computed = len(prepared.encoded)
        report.seconds["stories"] = time.perf_counter() - clock
        _stored_counts(session, report)
        session.commit()
        say("placing stories", report.articles, report.articles)
    log.info("corpus step: %s (%d articles read)", report.line(), report.read)
    return report


def _relabelled(session: Session, fresh: Collection[int], before: Mapping[str, str]) -> dict[str, str]:
    """Entity id -> its label in ``before``, for the entities the articles ``fresh`` name whose
    label is no longer that (linking relabels the entities it adds mentions to)."""
    from rasad.store import models as m

    named: set[str] = set()
    for chunk in _chunked(fresh):
        query = select(m.Mention.entity_id).where(m.Mention.article_id.in_(chunk), m.Mention.entity_id.is_not(None))
        named.update(session.scalars(query.distinct()))
    now = entity_labels(session, named & set(before))
    changed = {eid: before[eid] for eid, label in now.items() if label != before[eid]}
    if changed:
        log.info("corpus step: %d entities relabelled: %s", len(changed), sorted(changed)[:10])
    return changed


def _stored_counts(session: Session, report: CorpusReport) -> None:
    """Fill ``report``'s counts from what the step stored earlier."""
    from sqlalchemy import func

    from rasad.store import models as m

    def count(model: Any, *where: Any) -> int:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0

    report.articles = count(m.Article)
    report.events = count(m.Event, m.Event.article_id.is_(None))
    report.reports = count(m.Event, m.Event.article_id.is_not(None))
    report.contradictions = count(m.Contradiction, m.Contradiction.kind != "confirm")
    report.confirmations = count(m.Contradiction, m.Contradiction.kind == "confirm")
    report.stories = count(m.Story)
    links = session.scalars(select(m.Quote.same_as).where(m.Quote.same_as.is_not(None)).execution_options(yield_per=2000))
    report.quote_links = sum(len(x or []) for x in links) // 2


def _unplaced(session: Session) -> set[int]:
    """Articles no earlier run of the step has placed in a story (new since the last run)."""
    from rasad.store import models as m

    return set(session.scalars(select(m.Article.id).where(m.Article.story_id.is_(None))))


def _save_events(session: Session, merged: list[dict[str, Any]], scope: dict[int, list[int]] | None = None) -> dict[int, int]:
    """Upsert merged events (keyed by their first report); returns report id -> merged event id.

    ``scope`` (merged row id -> its report ids, :attr:`BatchScope.merged`): only
    these stored rows are matched, and dropped when no longer made; None: every merged row.
    """
    from rasad.store import models as m

    existing: dict[int, m.Event] = {}
    query = select(m.Event).where(m.Event.article_id.is_(None))
    rows: list[m.Event] = []
    if scope is None:
        rows = list(session.scalars(query))
    else:
        for chunk in _chunked(scope):
            rows.extend(session.scalars(query.where(m.Event.id.in_(chunk))))
    for row in sorted(rows, key=lambda r: r.id):
        reports = (row.extra or {}).get("reports") or []
        if reports and reports[0] not in existing:
            existing[reports[0]] = row
        else:
            session.delete(row)
    mapping: dict[int, int] = {}
    kept: set[int] = set()
    for record in merged:
        values = _event_values(record)
        key = values["extra"]["reports"][0]
        row = existing.get(key)
        if row is None:
            row = m.Event(article_id=None, **values)
            session.add(row)
        else:
            for k, v in values.items():
                setattr(row, k, v)
        session.flush()
        kept.add(key)
        for rid in values["extra"]["reports"]:
            mapping[rid] = row.id
    for key, row in existing.items():
        if key not in kept:
            session.delete(row)
    return mapping


def _save_quotes(session: Session, same_as: dict[str, list[str]], scope: set[str] | None = None) -> int:
    """Write ``same_as`` (quote row ids) where it changed; returns the number of links written.

    ``scope``: only these quotes (ids ``"qt12"``); None: every stored quote.
    """
    from rasad.store import models as m

    links = 0
    rows: list[m.Quote] = []
    if scope is None:
        rows = list(session.scalars(select(m.Quote)))
    else:
        for chunk in _chunked(_num(x) for x in scope):
            rows.extend(session.scalars(select(m.Quote).where(m.Quote.id.in_(chunk))))
    for row in rows:
        want = sorted(_num(x) for x in same_as.get(f"{QUOTE_PREFIX}{row.id}", []))
        links += len(want)
        if (row.same_as or []) != want:
            row.same_as = want
    return links // 2


def _save_contradictions(
    session: Session,
    contradictions: list[dict[str, Any]],
    confirmations: list[dict[str, Any]],
    report_to_event: dict[int, int],
    scope: tuple[set[int], set[int]] | None = None,
) -> tuple[int, int]:
    """Upsert contradictions and confirmations, keyed by (kind, list, items).

    A stored one no longer found is dropped; with ``scope`` (the claim ids and
    merged event ids that were compared) only when all its items are in it.
    """
    from rasad.store import models as m

    existing: dict[tuple[str, str, tuple[int, ...]], m.Contradiction] = {}
    for row in session.scalars(select(m.Contradiction).order_by(m.Contradiction.id)):
        key = (row.kind or "", (row.extra or {}).get("list", ""), tuple(row.items or []))
        if key in existing:
            session.delete(row)
        else:
            existing[key] = row
    kept: set[tuple[str, str, tuple[int, ...]]] = set()
    for record in [*contradictions, *confirmations]:
        on, items = _items(record, report_to_event)
        key = (record["kind"], on, tuple(items))
        if key in kept:
            continue
        kept.add(key)
        extra = {"list": on, "severity": record.get("severity", "none"), "sources": record.get("sources", [])}
        row = existing.get(key)
        if row is None:
            session.add(m.Contradiction(kind=record["kind"], items=items, why=record.get("why"), extra=extra))
        else:
            row.why, row.extra = record.get("why"), extra
    for key, row in existing.items():
        compared = scope is None or set(key[2]) <= (scope[1] if key[1] == "events" else scope[0])
        if key not in kept and compared:
            session.delete(row)
    return len(contradictions), len(confirmations)


class StoredReports(Mapping[Any, Sequence[Mapping[str, Any]]]):
    """Article id -> the merged events it reports as news, as :func:`article_events` gives them,
    read from the store when asked (the members of the stories a batch changes, for their labels).

    Each article's asserted reports that it does not recall as background
    (:func:`recalled`) lead to the stored merged events that hold them, in the
    order the merge made them (by their first report).
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache: dict[Any, list[dict[str, Any]]] = {}

    def __getitem__(self, aid: Any) -> list[dict[str, Any]]:
        if aid not in self.cache:
            self.cache[aid] = self._read(aid)
        return self.cache[aid]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.cache)

    def __len__(self) -> int:
        return len(self.cache)

    def _read(self, aid: Any) -> list[dict[str, Any]]:
        from rasad.store import models as m

        if not isinstance(aid, int):
            return []
        docs = load_docs(self.session, [aid], facts=("events",))
        if aid not in docs:
            return []
        doc = docs[aid]
        own = [e for e in doc.events if e.get("modality", "asserted") == "asserted" and not recalled(doc, e)]
        holding = _merged_holding(self.session, [_num(e["id"]) for e in own], {e.get("type") for e in own})
        rows = {row_id for row_id, _ in holding.values()}
        out = []
        for chunk in _chunked(rows):
            for row in self.session.scalars(select(m.Event).where(m.Event.id.in_(chunk))):
                reports = [int(x) for x in (row.extra or {}).get("reports") or []]
                record = {k: v for k, v in (row.extra or {}).items() if k != "reports"}
                record.update({k: getattr(row, k) for k in _EVENT_COLUMNS})
                record.update(merged_from=[f"{EVENT_PREFIX}{x}" for x in reports], key=f"{EVENT_PREFIX}{reports[0]}")
                out.append((reports[0], record))
        first = {x for x, _ in out}
        article_of = dict(self.session.execute(select(m.Event.id, m.Event.article_id).where(m.Event.id.in_(sorted(first)))).all()) if first else {}
        out.sort(key=lambda x: (article_of.get(x[0]) or 0, x[0]))
        return [record for _, record in out]


# -- vectors of short texts ---------------------------------------------------------------------


class TextVectors:
    """Sentence vectors of short texts (quotes), read from the ``text_vector`` table when cached.

    Called with texts, it returns their vectors like
    :func:`rasad.link.stories.encode`, encoding only those not cached;
    :meth:`save` writes the new ones (in the step's write transaction).
    """

    #: Digests looked up per query.
    CHUNK = 500

    def __init__(self, session: Session, progress: Progress | None = None) -> None:
        self.session = session
        self.progress = progress
        self.new: dict[str, bytes] = {}

    @staticmethod
    def digest(text: str) -> str:
        from rasad.link.stories import VECTOR_MODEL

        return hashlib.blake2b(f"{VECTOR_MODEL}\n{text}".encode(), digest_size=16).hexdigest()

    def __call__(self, texts: list[str]) -> Any:
        import numpy as np

        from rasad.link import stories
        from rasad.store import models as m

        keys = [self.digest(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        wanted = sorted(set(keys))
        for i in range(0, len(wanted), self.CHUNK):
            query = select(m.TextVector.digest, m.TextVector.vector).where(m.TextVector.digest.in_(wanted[i : i + self.CHUNK]))
            found.update((d, stories.from_bytes(v)) for d, v in self.session.execute(query))
        keyset = set(keys)
        found.update((d, stories.from_bytes(v)) for d, v in self.new.items() if d in keyset)
        first_of = {key: k for k, key in reversed(list(enumerate(keys)))}
        missing = [first_of[key] for key in dict.fromkeys(keys) if key not in found]
        if missing:
            vecs = stories.encode_or_none([texts[k] for k in missing], self.progress)
            if vecs is None:
                return None
            for k, v in zip(missing, vecs, strict=True):
                found[keys[k]] = v
                self.new[keys[k]] = stories.to_bytes(v)
        return np.vstack([found[k] for k in keys]) if keys else np.zeros((0, 384), dtype=np.float32)

    def save(self, session: Session) -> int:
        """Write the vectors encoded since the last save; returns how many."""
        from rasad.store import models as m

        for digest, blob in self.new.items():
            session.merge(m.TextVector(digest=digest, vector=blob))
        count = len(self.new)
        self.new = {}
        return count


# -- documents that are not stored (`rasad analyze`) ---------------------------------------


def link_documents(docs: Sequence[Doc]) -> dict[str, Any]:
    """Corpus-level results for analysed, unstored ``docs``, numbered like ``rasad analyze``'s export.

    Articles are numbered from 1, and each list's facts from 1 across all
    documents in order. Returns ``{"events": [...merged records...],
    "same_as": {quote number: [quote numbers]}, "contradictions": [...],
    "stories": [...], "story_of": {article: story}}``.
    """
    from rasad.analyze import stories as story_store
    from rasad.export import records
    from rasad.store import models as m

    counters = {"events": 0, "quotes": 0, "claims": 0}
    for number, doc in enumerate(docs, 1):
        doc.meta.setdefault("id", number)
        for name in counters:
            for record in getattr(doc, name):
                counters[name] += 1
                record["id"] = f"{_PREFIX[name]}{counters[name]}"
                for src in record.get("sources") or []:
                    if isinstance(src, dict) and src.get("article") is None:
                        src["article"] = number
                record["article"] = number
    found = link_facts(docs)
    name_participants(found.events, docs, range(1, len(docs) + 1))
    shared = shared_events(docs, found.events)
    events = []
    report_to_event: dict[int, int] = {}
    for n, merged in enumerate(found.events, 1):
        values = _event_values(merged)
        events.append(records.event(m.Event(id=n, **{k: v for k, v in values.items() if k != "extra"})))
        for rid in values["extra"]["reports"]:
            report_to_event[rid] = n
    contradictions = []
    for record in found.contradictions:
        on, items = _items(record, report_to_event)
        contradictions.append(
            {"id": len(contradictions) + 1, "kind": record["kind"], "items": items, "why": record.get("why"),
             "list": on, "severity": record.get("severity"), "sources": record.get("sources", [])}
        )  # fmt: skip
    same_as = {_num(k): [_num(x) for x in v] for k, v in found.same_as.items()}
    story_records, story_of = story_store.doc_stories(docs, shared, article_events(docs, found.events))
    return {"events": events, "same_as": same_as, "contradictions": contradictions,
            "stories": story_records, "story_of": story_of}  # fmt: skip


# -- reading what the step stored (CLI) ------------------------------------------------------


def is_current(store: Any) -> bool:
    """True when every stored article has been through the step (each has a story)."""
    from rasad.store import models as m

    with store.session() as session:
        return session.scalar(select(m.Article.id).where(m.Article.story_id.is_(None)).limit(1)) is None


def ensure_current(store: Any) -> CorpusReport | None:
    """Run the step when some article has not been through it; the report, or None if nothing ran."""
    return None if is_current(store) else run_corpus_step(store)


def stored_events(store: Any) -> list[dict[str, Any]]:
    """The merged events, as export records, each with ``reports`` (its report row ids).

    Participants are checked against the export's entity ids, as the export does."""
    from rasad.export import entity_ids, records
    from rasad.store import models as m

    known = records.known_ids(entity_ids(store))
    with store.session() as session:
        rows = session.scalars(select(m.Event).where(m.Event.article_id.is_(None)).order_by(m.Event.id))
        return [
            {**records.event(r, known), "reports": (r.extra or {}).get("reports", [])} for r in rows
        ]


def stored_contradictions(store: Any) -> dict[str, list[dict[str, Any]]]:
    """``{"contradictions": [...], "confirmations": [...]}`` as the step stored them."""
    from rasad.export import records
    from rasad.store import models as m

    out: dict[str, list[dict[str, Any]]] = {"contradictions": [], "confirmations": []}
    with store.session() as session:
        for row in session.scalars(select(m.Contradiction).order_by(m.Contradiction.id)):
            out["confirmations" if row.kind == "confirm" else "contradictions"].append(records.contradiction(row))
    return out


# -- listings, filtered and paged in SQL (`rasad events|quotes|claims`) -----------------------


def _json_has(column: Any, values: Iterable[str]) -> Any:
    """A SQL test that the JSON ``column`` (a list of strings or one string) may hold one of ``values``.

    A LIKE on the stored JSON text of each value, escaped both ways (``\\uXXXX``
    and as is); callers check the matches exactly, so it only has to let none through.
    """
    import json

    from sqlalchemy import Text, cast, or_

    tests = []
    for value in values:
        for encoded in dict.fromkeys((json.dumps(value), json.dumps(value, ensure_ascii=False))):
            escaped = encoded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            tests.append(cast(column, Text).like(f"%{escaped}%", escape="\\"))
    return or_(*tests) if tests else None


def known_entity_ids(session: Session, ids: Iterable[str]) -> set[str]:
    """Those of ``ids`` that the export's ``entities`` list holds (:func:`rasad.export.entity_ids`),
    read for these ids only: entity rows, linked mentions, and each ``local-<article>-<n>``
    id of its own article's unlinked mentions."""
    from rasad.export.records import mention_entity_ids
    from rasad.store import models as m

    wanted = {x for x in ids if isinstance(x, str)}
    known: set[str] = set()
    names = sorted(wanted)
    for i in range(0, len(names), 500):
        chunk = names[i : i + 500]
        known.update(session.scalars(select(m.Entity.id).where(m.Entity.id.in_(chunk))))
        known.update(session.scalars(select(m.Mention.entity_id).where(m.Mention.entity_id.in_(chunk)).distinct()))
    local: dict[int, set[str]] = {}
    for x in wanted - known:
        parts = x.split("-")
        if len(parts) == 3 and parts[0] == "local" and parts[1].isdigit():
            local.setdefault(int(parts[1]), set()).add(x)
    columns = (m.Mention.article_id, m.Mention.entity_id, m.Mention.type, m.Mention.head, m.Mention.text)
    for chunk in _chunked(local):
        rows: dict[int, list[Any]] = {}
        for row in session.execute(select(*columns).where(m.Mention.article_id.in_(chunk)).order_by(m.Mention.id)):
            rows.setdefault(row.article_id, []).append(row)
        for aid, mentions in rows.items():
            known.update(set(mention_entity_ids(aid, mentions)) & local[aid])
    return known


def event_page(
    store: Any,
    *,
    etype: str | None = None,
    entities: set[str] | None = None,
    min_confidence: float | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """(how many merged events match, one page of them as :func:`stored_events` gives them), in id order.

    ``etype`` (a PLOVER type) and ``min_confidence`` (events without a
    confidence pass) are SQL conditions; ``entities`` (ids, one of which must
    take part: actor, recipient or place) is a LIKE on the participant lists,
    checked exactly on the rows it lets through. Only the page's participants
    are checked against the export's entity ids (:func:`known_entity_ids`).
    """
    from sqlalchemy import or_

    from rasad.export import records
    from rasad.store import models as m

    where: list[Any] = [m.Event.article_id.is_(None)]
    if etype is not None:
        where.append(m.Event.type == etype.upper())
    if min_confidence is not None:
        confidence = m.Event.extra["confidence"].as_float()
        where.append(or_(confidence.is_(None), confidence >= min_confidence))

    def record(session: Session, rows: Sequence[Any]) -> list[dict[str, Any]]:
        ids = {x for r in rows for x in (*(r.actors or []), *(r.recipients or []), r.location) if x}
        resolve = records.known_ids(known_entity_ids(session, ids))
        return [{**records.event(r, resolve), "reports": (r.extra or {}).get("reports", [])} for r in rows]

    with store.session() as session:
        if entities is None:
            total = session.scalar(select(func.count()).select_from(m.Event).where(*where)) or 0
            query = select(m.Event).where(*where).order_by(m.Event.id).offset(offset)
            rows = list(session.scalars(query.limit(limit) if limit is not None else query))
            return total, record(session, rows)
        where.append(or_(*(_json_has(c, entities) for c in (m.Event.actors, m.Event.recipients, m.Event.location))))
        total, page = 0, []
        query = select(m.Event).where(*where).order_by(m.Event.id).execution_options(yield_per=500)
        for partition in session.scalars(query).partitions():
            for event in record(session, partition):
                if entities & {*event["actors"], *event["recipients"], event.get("location")}:
                    if total >= offset and (limit is None or len(page) < limit):
                        page.append(event)
                    total += 1
        return total, page


def fact_page(
    store: Any,
    name: str,
    *,
    speakers: set[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[int, list[tuple[Doc, dict[str, Any]]]]:
    """(how many ``name`` facts (quotes or claims) match, one page of (article Doc, fact record)),
    in the order of articles and then of facts.

    Only the page's articles are read. ``speakers`` (quotes only: entity ids)
    keeps quotes whose speaker (as :func:`~rasad.analyze.contradictions.ref_key`)
    is one of them: the articles that mention one of them, or whose quote names
    one by id, are read in turns of :data:`ARTICLES_PER_READ`.
    """
    from sqlalchemy import or_

    from rasad.analyze.contradictions import ref_key
    from rasad.store import models as m

    model = {"quotes": m.Quote, "claims": m.Claim}[name]
    with store.session() as session:
        if speakers is None:
            total = session.scalar(select(func.count()).select_from(model)) or 0
            query = select(model.id, model.article_id).order_by(model.article_id, model.id).offset(offset)
            chosen = list(session.execute(query.limit(limit) if limit is not None else query))
            docs = load_docs(session, {r.article_id for r in chosen}, facts=(name,))
            ids = {f"{_PREFIX[name]}{r.id}" for r in chosen}
            return total, [(d, f) for d in docs.values() for f in getattr(d, name) if f["id"] in ids]
        mentioned = select(m.Mention.article_id).where(m.Mention.entity_id.in_(sorted(speakers)))
        named = _json_has(model.speaker, speakers)
        query = select(model.article_id).where(or_(model.article_id.in_(mentioned), named)).distinct()
        articles = sorted(set(session.scalars(query)))
        total, page = 0, []
        for i in range(0, len(articles), ARTICLES_PER_READ):
            for doc in load_docs(session, articles[i : i + ARTICLES_PER_READ], facts=(name,)).values():
                for fact in getattr(doc, name):
                    if ref_key(doc, fact.get("speaker")) in speakers:
                        if total >= offset and (limit is None or len(page) < limit):
                            page.append((doc, fact))
                        total += 1
        return total, page


#: Articles read at a time when a listing filters in Python what SQL narrowed down.
ARTICLES_PER_READ = 200


def contradiction_page(
    store: Any, *, severity: str | None = None, limit: int | None = None, offset: int = 0
) -> tuple[dict[str, int], dict[str, list[dict[str, Any]]]]:
    """({"contradictions": n, "confirmations": n} matching, one page as :func:`stored_contradictions`
    gives them): disagreements first, then confirmations, each in id order. ``severity``: only
    disagreements of that severity (no confirmations)."""
    from sqlalchemy import case

    from rasad.export import records
    from rasad.store import models as m

    c = m.Contradiction
    where: list[Any] = []
    if severity is not None:
        where += [c.kind != "confirm", c.extra["severity"].as_string() == severity]
    confirm = case((c.kind == "confirm", 1), else_=0)
    out: dict[str, list[dict[str, Any]]] = {"contradictions": [], "confirmations": []}
    with store.session() as session:
        totals = {"contradictions": 0, "confirmations": 0}
        for flag, n in session.execute(select(confirm, func.count()).where(*where).group_by(confirm)):
            totals["confirmations" if flag else "contradictions"] = n
        query = select(c).where(*where).order_by(confirm, c.id).offset(offset)
        for row in session.scalars(query.limit(limit) if limit is not None else query):
            out["confirmations" if row.kind == "confirm" else "contradictions"].append(records.contradiction(row))
    return totals, out
