"""Stories in the store: the corpus step's placement of new articles, through queries.

:func:`prepare` reads what placement needs (no writes, so that the slow
encoding holds no lock): the new articles' rows, passage vectors (cached in
``article_vector``, else encoded), entity keys and dates; the candidate stories
the ``story_key`` index finds for them (:func:`candidate_stories`: a day in the
window shared with an entity, or a key few stories hold); the latest members
of those stories and the rarity of every key in play. Nothing reads every
stored article or story: the cost of a batch follows the batch and the
stories it can join.

:func:`save` places the articles (:func:`rasad.link.stories.assign`) and writes
the stories that changed: members, span, English label, and their keys in
``story_key``.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from rasad.link import stories
from rasad.progress import Progress

log = logging.getLogger(__name__)

#: Ids per ``IN (...)`` query.
ID_CHUNK = 500
#: Prefix of a day key in ``story_key``.
DAY_KEY = "d:"


@dataclass
class Prepared:
    """What :func:`save` needs, read before the write transaction."""

    #: Articles to place, in id order.
    new: list[int]
    #: Items of the new articles and of the candidate stories' compared members.
    items: dict[int, stories.StoryItem]
    #: Candidate stories (their latest members) and their stored spans.
    groups: list[stories.StoryGroup]
    spans: dict[int, stories.Period]
    weights: dict[str, float]
    #: Passage vectors encoded now (article id -> rows), written by :func:`save`.
    encoded: dict[int, np.ndarray] = field(default_factory=dict)


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    ids = list(ids)
    for i in range(0, len(ids), ID_CHUNK):
        yield ids[i : i + ID_CHUNK]


def _rows(session: Session, ids: Sequence[int]) -> list[Any]:
    from rasad.store import models as m

    columns = (m.Article.id, m.Article.title, m.Article.lang, m.Article.norm, m.Article.text, m.Article.sentences,
               m.Article.excluded, m.Article.date, m.Article.duplicate_of)  # fmt: skip
    out: list[Any] = []
    for chunk in _chunks(ids):
        out.extend(session.execute(select(*columns).where(m.Article.id.in_(chunk))))
    return sorted(out, key=lambda r: r.id)


def article_passages(row: Any) -> list[str]:
    """The passage texts of a stored article row (its kept sentences of the original text)."""
    excluded = [tuple(x[:2]) for x in (row.excluded or [])]
    spans = [
        (int(s[0]), int(s[1])) for s in (row.sentences or [])
        if not any(a <= s[0] and s[1] <= b for a, b in excluded)
    ]  # fmt: skip
    if spans:
        return stories.passages(row.title, row.text, spans)
    return stories.passages(row.title, row.norm or row.text)


def _vectors(
    session: Session, rows: Sequence[Any], progress: Progress | None
) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
    """Passage vectors of ``rows``: (all, those encoded now)."""
    from rasad.store import models as m

    found: dict[int, np.ndarray] = {}
    for chunk in _chunks([r.id for r in rows]):
        query = select(m.ArticleVector.article_id, m.ArticleVector.vector).where(
            m.ArticleVector.article_id.in_(chunk), m.ArticleVector.model == stories.PASSAGE_MODEL
        )
        found.update((aid, stories.rows_from_bytes(blob)) for aid, blob in session.execute(query))
    missing = [r for r in rows if r.id not in found]
    encoded: dict[int, np.ndarray] = {}
    if missing:
        vecs = stories.encode_passages([article_passages(r) for r in missing], progress)
        encoded = {r.id: v for r, v in zip(missing, vecs, strict=True)}
        found.update(encoded)
    return found, encoded


def mention_key(
    entity_id: str | None, etype: str | None, country: str | None, head: str | None, text: str
) -> str | None:
    """The key of a mention for stories: its entity id, else :func:`rasad.analyze.contradictions.ref_key`'s."""
    if entity_id:
        return entity_id
    from rasad.analyze.contradictions import ref_key
    from rasad.doc import Doc, Mention

    doc = Doc(text=text, mentions=[Mention(0, len(text), text, etype or "", None, country, head)])
    return ref_key(doc, 0)


def entity_keys(session: Session, ids: Sequence[int]) -> dict[int, frozenset[str]]:
    """Article id -> the keys of the entities it names."""
    from rasad.store import models as m

    out: dict[int, set[str]] = {aid: set() for aid in ids}
    columns = (
        m.Mention.article_id,
        m.Mention.entity_id,
        m.Mention.type,
        m.Mention.country,
        m.Mention.head,
        m.Mention.text,
    )
    for chunk in _chunks(ids):
        for aid, *rest in session.execute(select(*columns).where(m.Mention.article_id.in_(chunk))):
            key = mention_key(*rest)
            if key:
                out[aid].add(key)
    return {aid: frozenset(keys) for aid, keys in out.items()}


def _items(
    session: Session,
    ids: Sequence[int],
    shared: Mapping[Any, frozenset[str]],
    progress: Progress | None,
) -> tuple[dict[int, stories.StoryItem], dict[int, np.ndarray]]:
    rows = _rows(session, ids)
    vectors, encoded = _vectors(session, rows, progress)
    keys = entity_keys(session, [r.id for r in rows])
    items = {
        r.id: stories.StoryItem(
            article=r.id,
            passages=vectors[r.id],
            lang=r.lang,
            when=stories.known_date(r.date),
            entities=keys.get(r.id, frozenset()),
            events=shared.get(r.id, frozenset()),
            duplicate_of=r.duplicate_of,
        )
        for r in rows
    }
    return items, encoded


def day_keys(period: stories.Period, margin: int = 0) -> list[str]:
    """``d:<day>`` keys of each day of ``period`` widened by ``margin`` days on both sides."""
    import datetime as dt

    out, day = [], period[0] - dt.timedelta(days=margin)
    while day <= period[1] + dt.timedelta(days=margin):
        out.append(f"{DAY_KEY}{day.isoformat()}")
        day += dt.timedelta(days=1)
    return out


def stored_keys(item: stories.StoryItem) -> list[str]:
    """The keys an item adds to its story in ``story_key``: entities, merged events, known days."""
    keys = stories.item_keys(item)
    if item.when is not None:
        keys.extend(day_keys(item.when))
    return keys


def candidate_stories(session: Session, item: stories.StoryItem) -> list[int]:
    """Stored stories ``item`` may join, as :class:`rasad.link.stories.assign` finds them in memory:
    those with a day in the date window that share a key with it (any, when it has none), and those
    holding one of its keys that at most :data:`rasad.link.stories.STORY_KEY_MAX_STORIES` stories
    hold; the :data:`rasad.link.stories.STORY_MAX_CANDIDATES` sharing the most keys."""
    from rasad.store import models as m

    sk = m.StoryKey
    keys = stories.item_keys(item)
    found: set[int] = set()
    if item.when is not None:
        in_window = select(sk.story_id).where(
            sk.key.in_(day_keys(item.when, stories.STORY_MAX_DAYS))
        )
        if keys:
            query = (
                select(sk.story_id).where(sk.key.in_(keys), sk.story_id.in_(in_window)).distinct()
            )
        else:
            query = in_window.distinct()
        found.update(session.scalars(query))
    for key in keys:
        limit = stories.STORY_KEY_MAX_STORIES + 1
        held = list(session.scalars(select(sk.story_id).where(sk.key == key).limit(limit)))
        if len(held) <= stories.STORY_KEY_MAX_STORIES:
            found.update(held)
    shared = dict.fromkeys(found, 0)
    for chunk in _chunks(sorted(found)):
        query = (
            select(sk.story_id, func.count())
            .where(sk.story_id.in_(chunk), sk.key.in_(keys))
            .group_by(sk.story_id)
        )
        shared.update((sid, n) for sid, n in session.execute(query))
    return stories.rank_candidates(shared)


def key_weights(session: Session, keys: Iterable[str]) -> dict[str, float]:
    """Rarity of each entity key over the stored articles (:func:`rasad.link.stories.key_weights`).

    One grouped query per :data:`ID_CHUNK` keys, through the index on
    ``mention.entity_id``: the cost follows the mentions of the keys in play.
    """
    from rasad.store import models as m

    total = session.scalar(select(func.count()).select_from(m.Article)) or 0
    counts: dict[str, int] = dict.fromkeys(set(keys), 0)
    for chunk in _chunks(sorted(counts)):  # type: ignore[arg-type]
        query = (
            select(m.Mention.entity_id, func.count(func.distinct(m.Mention.article_id)))
            .where(m.Mention.entity_id.in_(chunk))
            .group_by(m.Mention.entity_id)
        )
        counts.update((key, n) for key, n in session.execute(query))
    return stories.key_weights(counts, max(total, 1))


def _latest_members(session: Session, story_ids: Sequence[int]) -> dict[int, list[int]]:
    """Story id -> its latest :data:`rasad.link.stories.STORY_MAX_COMPARED` member ids, in id order."""
    from rasad.store import models as m

    out: dict[int, list[int]] = {}
    for chunk in _chunks(sorted(story_ids)):
        rank = (
            func.row_number()
            .over(partition_by=m.Article.story_id, order_by=m.Article.id.desc())
            .label("rank")
        )
        inner = (
            select(m.Article.id, m.Article.story_id, rank)
            .where(m.Article.story_id.in_(chunk))
            .subquery()
        )
        query = select(inner.c.id, inner.c.story_id).where(
            inner.c.rank <= stories.STORY_MAX_COMPARED
        )
        for aid, sid in session.execute(query):
            out.setdefault(sid, []).append(aid)
    return {sid: sorted(ids) for sid, ids in out.items()}


def prepare(
    session: Session,
    new: Sequence[int],
    shared: Mapping[Any, frozenset[str]],
    progress: Progress | None = None,
    *,
    candidates: bool = True,
) -> Prepared:
    """Read (and encode) what placing the articles ``new`` needs; ``shared``: article id -> its
    shared day-dated merged events (:func:`rasad.analyze.corpus.shared_events`). Without
    ``candidates`` no stored story is considered (a relink places every article afresh)."""
    from rasad.store import models as m

    items, encoded = _items(session, sorted(new), shared, progress)
    found: set[int] = set()
    indexed = session.scalar(select(m.StoryKey.story_id).limit(1)) is not None
    for item in items.values() if candidates and indexed else ():
        found.update(candidate_stories(session, item))
    members = _latest_members(session, sorted(found))
    old_ids = sorted({a for ids in members.values() for a in ids} - set(items))
    old, old_encoded = _items(session, old_ids, shared, progress)
    items.update(old)
    encoded.update(old_encoded)
    spans: dict[int, stories.Period] = {}
    for chunk in _chunks(sorted(members)):
        for sid, start, end in session.execute(
            select(m.Story.id, m.Story.start, m.Story.end).where(m.Story.id.in_(chunk))
        ):
            first, last = stories.parse_day(start), stories.parse_day(end)
            if first and last:
                spans[sid] = (first, last)
    groups = [stories.StoryGroup(sid, ids) for sid, ids in sorted(members.items())]
    weights = key_weights(session, {k for x in items.values() for k in x.entities})
    return Prepared(sorted(new), items, groups, spans, weights, encoded)


# -- writing -------------------------------------------------------------------------------------


def _entity_names(session: Session, ids: Iterable[str]) -> tuple[dict[str, str], dict[str, str]]:
    """English names of entities in a story label: (as a participant, as a place).

    A participant with a country is named by it (a minister, a ministry, a
    capital stand for their country); a place by its own label.
    """
    from rasad.english import country_name
    from rasad.store import models as m

    participants: dict[str, str] = {}
    places: dict[str, str] = {}
    for chunk in _chunks(sorted(set(ids))):  # type: ignore[arg-type]
        query = select(m.Entity.id, m.Entity.label, m.Entity.country).where(m.Entity.id.in_(chunk))
        for eid, label, country in session.execute(query):
            places[eid] = label or eid
            participants[eid] = country_name(country) or places[eid]
    return participants, places


def labels_for(
    session: Session,
    members: Mapping[int, Sequence[int]],
    days: Mapping[int, str | None],
    reported: Mapping[Any, Sequence[Mapping[str, Any]]],
) -> dict[int, str]:
    """English labels (:func:`rasad.link.stories.story_label`) of stories, read in a few queries.

    ``members``: story id -> its articles; ``days``: story id -> its first known
    day; ``reported``: article id -> the merged events it reports (participants
    as entity ids).
    """
    from rasad.store import models as m

    named: dict[int, set[str]] = {}
    for chunk in _chunks(sorted({a for ids in members.values() for a in ids})):
        query = (
            select(m.Mention.article_id, m.Mention.entity_id)
            .where(m.Mention.article_id.in_(chunk), m.Mention.entity_id.is_not(None))
            .distinct()
        )
        for aid, eid in session.execute(query):
            named.setdefault(aid, set()).add(eid)
    inputs: dict[int, tuple[list[tuple[int, Mapping[str, Any]]], Counter[str]]] = {}
    wanted: set[str] = set()
    for sid, ids in members.items():
        events = [(a, e) for a in ids for e in reported.get(a, ())]
        counts: Counter[str] = Counter(eid for a in ids for eid in sorted(named.get(a, ())))
        inputs[sid] = (events, counts)
        wanted |= {k for k, _ in counts.most_common(stories.LABEL_PARTICIPANTS * 3)}
        for _, e in events:
            wanted |= {
                r
                for r in (*(e.get("actors") or []), *(e.get("recipients") or []), e.get("location"))
                if r
            }
    participants, places = _entity_names(session, wanted)
    return {
        sid: stories.story_label(events, counts, participants.get, places.get, days.get(sid))
        for sid, (events, counts) in inputs.items()
    }


def save(
    session: Session,
    prepared: Prepared,
    reported: Mapping[Any, Sequence[Mapping[str, Any]]],
    *,
    relink: bool,
) -> int:
    """Place the prepared articles and write the stories that changed; returns how many stories changed.

    With ``relink`` every story and key is dropped first (``prepared`` then holds every article).
    """
    from rasad.store import models as m

    if relink:
        session.execute(update(m.Article).values(story_id=None))
        session.execute(delete(m.StoryKey))
        session.execute(delete(m.Story))
        session.flush()
    for chunk in _chunks(sorted(prepared.encoded)):
        session.execute(delete(m.ArticleVector).where(m.ArticleVector.article_id.in_(chunk)))
    if prepared.encoded:
        session.execute(
            insert(m.ArticleVector),
            [{"article_id": aid, "model": stories.PASSAGE_MODEL, "vector": stories.to_bytes(rows)}
             for aid, rows in sorted(prepared.encoded.items())],
        )  # fmt: skip
    known = {
        a: prepared.items[a] for g in prepared.groups for a in g.articles if a in prepared.items
    }
    groups = stories.assign(
        [prepared.items[a] for a in prepared.new],
        prepared.groups,
        known,
        prepared.weights,
        prepared.spans,
    )
    before = {g.id: set(g.articles) for g in prepared.groups}
    changed = [(g, [a for a in g.articles if a not in before.get(g.id, set())]) for g in groups]
    changed = [(g, added) for g, added in changed if added]
    rows: dict[int, Any] = {}
    for chunk in _chunks(sorted(g.id for g, _ in changed if g.id is not None)):
        rows.update(
            (r.id, r) for r in session.scalars(select(m.Story).where(m.Story.id.in_(chunk)))
        )
    fresh = [(g, m.Story(articles=[])) for g, _ in changed if g.id is None or g.id not in rows]
    session.add_all([row for _, row in fresh])
    session.flush()
    row_of = {id(g): row for g, row in fresh}
    have: set[tuple[int, str]] = set()
    for chunk in _chunks(sorted(rows)):
        query = select(m.StoryKey.story_id, m.StoryKey.key).where(m.StoryKey.story_id.in_(chunk))
        have.update((sid, key) for sid, key in session.execute(query))
    members: dict[int, list[int]] = {}
    days: dict[int, str | None] = {}
    placed: list[dict[str, int]] = []
    keys: list[dict[str, Any]] = []
    for group, added in changed:
        row = row_of.get(id(group)) or rows[group.id]  # type: ignore[index]
        start, end = stories.story_span([prepared.items[a] for a in added])
        row.articles = [*(row.articles or []), *added]
        row.start = min(x for x in (row.start, start) if x) if (row.start or start) else None
        row.end = max(x for x in (row.end, end) if x) if (row.end or end) else None
        members[row.id], days[row.id] = row.articles, row.start
        placed.extend({"id": a, "story_id": row.id} for a in added)
        for key in dict.fromkeys(k for a in added for k in stored_keys(prepared.items[a])):
            if (row.id, key) not in have:
                have.add((row.id, key))
                keys.append({"key": key, "story_id": row.id})
    by_id = {r.id: r for r in [*rows.values(), *(r for _, r in fresh)]}
    for sid, label in labels_for(session, members, days, reported).items():
        by_id[sid].label = label
    if placed:
        session.execute(update(m.Article), placed)
    if keys:
        session.execute(insert(m.StoryKey), keys)
    session.flush()
    return len(changed)


# -- documents that are not stored (`rasad analyze`) ------------------------------------------------


def doc_passage_vectors(docs: Sequence[Any]) -> Any:
    """The passage vectors of analysed (unstored) documents: their kept sentences, else their text."""
    texts = []
    for d in docs:
        spans = [(x.start, x.end) for x in d.sentences if not d.is_excluded(x.start, x.end)]
        texts.append(
            stories.passages(d.title, d.text, spans)
            if spans
            else stories.passages(d.title, d.norm or d.text)
        )
    return stories.encode_passages(texts)


def doc_stories(
    docs: Sequence[Any],
    shared: Mapping[Any, frozenset[str]],
    reported: Mapping[Any, Sequence[Mapping[str, Any]]],
) -> tuple[list[dict[str, Any]], dict[int, int]]:
    """Stories of analysed, unstored documents (numbered from 1): (story records, article -> story).

    Entity keys are :func:`rasad.analyze.contradictions.ref_key`'s (the
    documents are not linked across each other); ``shared`` and ``reported``
    are keyed by ``doc.meta["id"]``; participants of ``reported`` events are
    export entity ids (:func:`rasad.export.records.mention_entity_ids`).
    """
    from rasad.analyze.contradictions import ref_key
    from rasad.english import country_name, label
    from rasad.export.records import mention_entity_ids

    vectors = doc_passage_vectors(docs)
    keys = [
        frozenset(k for k in (ref_key(d, i) for i in range(len(d.mentions))) if k) for d in docs
    ]
    counts = Counter(k for ks in keys for k in ks)
    weights = stories.key_weights(counts, len(docs))
    items = []
    for n, d in enumerate(docs, 1):
        date = d.date
        when = stories.known_date(
            {"value": date.value, "inferred": date.inferred, "confidence": date.confidence}
            if date
            else None
        )
        aid = d.meta.get("id", n)
        items.append(
            stories.StoryItem(
                n, vectors[n - 1], d.lang, when, keys[n - 1], shared.get(aid, frozenset())
            )
        )
    groups = stories.assign(items, [], {}, weights)
    mention_of: dict[str, tuple[Any, int]] = {}
    for n, d in enumerate(docs, 1):
        for i, eid in enumerate(mention_entity_ids(n, d.mentions)):
            mention_of.setdefault(eid, (d, i))

    def place(eid: str) -> str | None:
        if eid not in mention_of:
            return None
        d, i = mention_of[eid]
        return label(i, d)

    def participant(eid: str) -> str | None:
        if eid not in mention_of:
            return None
        d, i = mention_of[eid]
        return country_name(d.mentions[i].country) or label(i, d)

    records, story_of = [], {}
    for number, group in enumerate(groups, 1):
        members = [items[a - 1] for a in group.articles]
        start, end = stories.story_span(members)
        events = [
            (a, e) for a in group.articles for e in reported.get(docs[a - 1].meta.get("id", a), ())
        ]
        entity_counts: Counter[str] = Counter()
        for a in group.articles:
            entity_counts.update(set(mention_entity_ids(a, docs[a - 1].mentions)))
        records.append({"id": number, "label": stories.story_label(events, entity_counts, participant, place, start),
                        "articles": group.articles, "start": start, "end": end})  # fmt: skip
        story_of.update({a: number for a in group.articles})
    return records, story_of
