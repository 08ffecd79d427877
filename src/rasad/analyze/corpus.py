"""The corpus-level step: what needs every stored article, run after ingest.

:func:`run_corpus_step` runs, over the whole store:

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
from scratch.

:func:`link_documents` does steps 2-5 for documents that are not stored (``rasad analyze``).
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Sequence
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


def load_docs(session: Session) -> dict[int, Doc]:
    """Every article as a Doc with its mentions (in stored order), fact reports, outlet and
    ``meta["duplicate_of"]`` (a near-duplicate's original)."""
    from rasad.store import models as m

    docs: dict[int, Doc] = {}
    columns = (m.Article.id, m.Article.text, m.Article.source, m.Article.title, m.Article.lang, m.Article.outlet,
               m.Article.duplicate_of)  # fmt: skip
    for a in session.execute(select(*columns).order_by(m.Article.id)):
        meta: dict[str, Any] = {"id": a.id}
        if a.duplicate_of is not None:
            meta["duplicate_of"] = a.duplicate_of  # claims of near-duplicates are not independent sources
        docs[a.id] = Doc(text=a.text, source=a.source or "", title=a.title, lang=a.lang, outlet=a.outlet, meta=meta)
    for row in session.scalars(select(m.Mention).order_by(m.Mention.article_id, m.Mention.id)):
        if row.article_id in docs:
            docs[row.article_id].mentions.append(
                DocMention(row.start, row.end, row.text, row.type or "", row.entity_id, row.country, row.head, row.score)
            )
    for name, model in (("events", m.Event), ("quotes", m.Quote), ("claims", m.Claim)):
        query = select(model).where(model.article_id.is_not(None)).order_by(model.id)
        for row in session.scalars(query):
            doc = docs.get(row.article_id)
            if doc is None:
                continue
            record = {**(row.extra or {}), **{f: getattr(row, f) for f in _FACT_FIELDS[name]}}
            record.update(id=f"{_PREFIX[name]}{row.id}", article=row.article_id)
            getattr(doc, name).append(record)
    return docs


def entity_labels(session: Session) -> dict[str, str]:
    """English labels of the stored entities ("Name (Country)" for people)."""
    from rasad.english import country_name
    from rasad.store import models as m

    labels: dict[str, str] = {}
    for eid, label, etype, country in session.execute(select(m.Entity.id, m.Entity.label, m.Entity.type, m.Entity.country)):
        where = country_name(country) if etype == "PER" and country else None
        labels[eid] = f"{label} ({where})" if where else (label or eid)
    return labels


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


# -- the store step --------------------------------------------------------------------------


def run_corpus_step(
    store: Any, *, relink: bool = False, link_entities: bool = True, progress: Progress | None = None
) -> CorpusReport:
    """Run the corpus-level step over ``store`` (see the module docstring); returns what it did.

    ``progress`` hears each part by name as it runs (:mod:`rasad.progress`).
    Processes sharing a PostgreSQL store run it one at a time (:meth:`rasad.store.Store.exclusive`).
    """
    with store.exclusive("corpus step"):
        return _run_corpus_step(store, relink=relink, link_entities=link_entities, progress=progress)


def _run_corpus_step(store: Any, *, relink: bool, link_entities: bool, progress: Progress | None) -> CorpusReport:
    """:func:`run_corpus_step` once the store's corpus-step lock is held."""
    from rasad.analyze import stories as story_store
    from rasad.store import models as m

    report = CorpusReport()
    say = progress or silent
    clock = time.perf_counter()
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
        docs = load_docs(session)
        labels = entity_labels(session)
        say("reading stored facts", len(docs), len(docs))
        report.articles = len(docs)
        report.reports = sum(len(d.events) for d in docs.values())
        say("merging events, quotes and claims", 0, None)
        text_vectors = TextVectors(session, progress)
        found = link_facts(list(docs.values()), labels, fresh, text_vectors)
        name_participants(found.events, list(docs.values()), list(docs))
        say("merging events, quotes and claims", len(docs), len(docs))
        report.seconds["facts"] = time.perf_counter() - clock
        clock = time.perf_counter()
        shared = shared_events(list(docs.values()), found.events)
        reported = article_events(list(docs.values()), found.events)
        placing = sorted(docs) if relink else sorted(fresh or ())
        prepared = story_store.prepare(session, placing, shared, progress, candidates=not relink)
        report.seconds["vectors"] = time.perf_counter() - clock
    # Writes in a transaction of their own, begun after the slow part: no lock is held while
    # encoding, and SQLite never has to upgrade an old read snapshot to a write.
    with store.session() as session:
        clock = time.perf_counter()
        report_to_event = _save_events(session, found.events)
        report.events = len(found.events)
        report.quote_links = _save_quotes(session, found.same_as)
        report.contradictions, report.confirmations = _save_contradictions(
            session, found.contradictions, found.confirmations, report_to_event
        )
        text_vectors.save(session)
        report.seconds["save"] = time.perf_counter() - clock
        clock = time.perf_counter()
        say("placing stories", 0, None)
        story_store.save(session, prepared, reported, relink=relink)
        report.vectors_computed = len(prepared.encoded)
        report.stories = session.scalar(select(func.count()).select_from(m.Story)) or 0
        report.seconds["stories"] = time.perf_counter() - clock
        session.commit()
        say("placing stories", report.articles, report.articles)
    log.info("corpus step: %s", report.line())
    return report


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
    report.quote_links = sum(len(x or []) for x in session.scalars(select(m.Quote.same_as))) // 2


def _unplaced(session: Session) -> set[int]:
    """Articles no earlier run of the step has placed in a story (new since the last run)."""
    from rasad.store import models as m

    return set(session.scalars(select(m.Article.id).where(m.Article.story_id.is_(None))))


def _save_events(session: Session, merged: list[dict[str, Any]]) -> dict[int, int]:
    """Upsert merged events (keyed by their first report); returns report id -> merged event id."""
    from rasad.store import models as m

    existing: dict[int, m.Event] = {}
    for row in session.scalars(select(m.Event).where(m.Event.article_id.is_(None))):
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


def _save_quotes(session: Session, same_as: dict[str, list[str]]) -> int:
    """Write ``same_as`` (quote row ids) where it changed; returns the number of links."""
    from rasad.store import models as m

    links = 0
    for row in session.scalars(select(m.Quote)):
        want = sorted(_num(x) for x in same_as.get(f"{QUOTE_PREFIX}{row.id}", []))
        links += len(want)
        if (row.same_as or []) != want:
            row.same_as = want
    return links // 2


def _save_contradictions(
    session: Session, contradictions: list[dict[str, Any]], confirmations: list[dict[str, Any]], report_to_event: dict[int, int]
) -> tuple[int, int]:
    """Upsert contradictions and confirmations, keyed by (kind, list, items)."""
    from rasad.store import models as m

    existing: dict[tuple[str, str, tuple[int, ...]], m.Contradiction] = {}
    for row in session.scalars(select(m.Contradiction)):
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
        if key not in kept:
            session.delete(row)
    return len(contradictions), len(confirmations)


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
