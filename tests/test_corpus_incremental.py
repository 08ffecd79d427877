"""The corpus step reads only what a batch can reach, and stores what reading everything stores.

The seeds and a few articles written here go through the real pipeline once;
then three SQLite stores get the same articles in the same order:

* ``batched``: a first batch, the step, a second batch, the step (it reads
  the new articles and what they can reach: :func:`rasad.analyze.corpus.batch_scope`);
* ``read_all``: the same two batches, the second step reading every article
  (as the step did before);
* ``one_run``: every article, then the step once.

Merged events, quote links and disagreements of all three must be equal by
content (row ids of merged events and stories may differ); stories of the two
batched stores too.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from rasad.analyze.corpus import run_corpus_step
from rasad.doc import Doc
from rasad.ingest import Failure, iter_documents
from rasad.pipeline import run as run_stages
from rasad.store import Store
from rasad.store import models as m

# Written for this test: a second report of one meeting, a restated quote, and a toll that
# another article gives differently, in the second batch, each with a partner in the first.
WRITTEN_FIRST = [
    ("fa", "2025-02-10",
     "در انفجاری در شهر موصل ۱۲ نفر کشته شدند. "
     "وزیر امور خارجه ترکیه روز دوشنبه در دوحه با وزیر امور خارجه قطر دیدار کرد. "
     "او گفت: «ما برای گسترش همکاری‌های اقتصادی میان دو کشور آماده‌ایم.»"),
    # out of the second batch's reach: years earlier, other people, no shared figure
    ("fa", "2016-06-02",
     "تیم فوتبال تراکتور تبریز روز پنجشنبه در ورزشگاه یادگار امام با نتیجه سه بر یک پیروز شد. "
     "سرمربی این تیم گفت: «بازیکنان ما امروز عالی بودند.» ۴۵ هزار تماشاگر این بازی را دیدند."),
]
WRITTEN_SECOND = [
    ("ar", "2025-02-10",
     "قتل 20 شخصا في انفجار في مدينة الموصل. "
     "التقى وزير الخارجية التركي يوم الاثنين في الدوحة وزير الخارجية القطري. "
     "وقال: «نحن مستعدون لتوسيع التعاون الاقتصادي بين البلدين»."),
    ("fa", "2025-02-11",
     "وزیر امور خارجه ترکیه پس از دیدار با همتای قطری خود در دوحه گفت: "
     "«ما برای گسترش همکاری‌های اقتصادی میان دو کشور آماده‌ایم.»"),
]


def _written(rows: list[tuple[str, str, str]], name: str) -> list[Doc]:
    return [
        Doc(text=text, lang=lang, date_raw=date, source=f"{name}-{n}.txt", outlet=f"outlet-{name}-{n}")
        for n, (lang, date, text) in enumerate(rows)
    ]


def _staged(paths: list[Path], written: list[Doc]) -> list[Doc]:
    docs = []
    for item in iter_documents([str(p) for p in paths]):
        assert not isinstance(item, Failure), item
        docs.append(run_stages(item))
    return docs + [run_stages(d) for d in written]


@pytest.fixture(scope="module")
def batches(seeds_dir: Path) -> tuple[list[Doc], list[Doc]]:
    seeds = sorted(seeds_dir.glob("*.txt"))
    assert len(seeds) >= 5
    first = _staged(seeds[:3], _written(WRITTEN_FIRST, "first"))
    second = _staged(seeds[3:5], _written(WRITTEN_SECOND, "second"))
    return first, second


def _store(path: Path, docs: list[Doc]) -> Store:
    store = Store(f"sqlite:///{path}")
    for doc in docs:
        assert store.add_doc(copy.deepcopy(doc)).status == "ingested"
    return store


def _content(store: Store) -> dict[str, Any]:
    """What the step stored, by content: ids only where they are the articles' and facts' own."""
    with store.session() as session:
        # merged event rows share the event table with reports: a report is named by its
        # article and its rank there, which do not depend on when the step ran
        query = select(m.Event.id, m.Event.article_id).where(m.Event.article_id.is_not(None)).order_by(m.Event.id)
        rank: dict[int, tuple[int, int]] = {}
        for rid, aid in session.execute(query):
            rank[rid] = (aid, sum(1 for a, _ in rank.values() if a == aid))
        merged = {}
        event_key = {}
        for row in session.scalars(select(m.Event).where(m.Event.article_id.is_(None))):
            extra = dict(row.extra or {})
            reports = tuple(rank[x] for x in extra.pop("reports", []))
            event_key[row.id] = reports[0]
            merged[reports] = (
                row.type, row.mode, row.modality, row.context, row.actors, row.recipients, row.location,
                row.date, row.sources, row.english, extra,
            )  # fmt: skip
        quotes = {row.id: tuple(row.same_as or []) for row in session.scalars(select(m.Quote))}
        contradictions = set()
        for row in session.scalars(select(m.Contradiction)):
            extra = row.extra or {}
            items = row.items or []
            if extra.get("list") == "events":
                items = [event_key[x] for x in items]
            contradictions.add((row.kind, extra.get("list"), tuple(items), row.why, repr(extra)))
        story_of = dict(session.execute(select(m.Article.id, m.Article.story_id)).all())
        stories = {
            (tuple(row.articles or []), row.label, row.start, row.end)
            for row in session.scalars(select(m.Story))
        }
        keys = {
            (tuple(session.get(m.Story, sid).articles or []), key)
            for key, sid in session.execute(select(m.StoryKey.key, m.StoryKey.story_id))
        }
    grouped = {frozenset(a for a, s in story_of.items() if s == sid) for sid in set(story_of.values())}
    return {"merged": merged, "quotes": quotes, "contradictions": contradictions,
            "stories": stories, "story_keys": keys, "grouping": grouped}  # fmt: skip


def test_a_batch_reads_its_reach_and_stores_what_reading_all_stores(
    tmp_path: Path, batches: tuple[list[Doc], list[Doc]]
) -> None:
    first, second = batches
    results = {}
    reports = {}
    for name in ("batched", "read_all"):
        with _store(tmp_path / f"{name}.db", first) as store:
            run_corpus_step(store)
            for doc in second:
                assert store.add_doc(copy.deepcopy(doc)).status == "ingested"
            reports[name] = run_corpus_step(store, read_all=name == "read_all")
            results[name] = _content(store)
    with _store(tmp_path / "one_run.db", [*first, *second]) as store:
        reports["one_run"] = run_corpus_step(store)
        results["one_run"] = _content(store)
    batched, read_all, one_run = results["batched"], results["read_all"], results["one_run"]
    # something to compare: events merged across articles, quote links, a disagreement, stories
    assert any(len({s["article"] for s in v[8]}) > 1 for v in batched["merged"].values())
    assert any(batched["quotes"].values())
    assert batched["contradictions"]
    assert any(len(g) > 1 for g in batched["grouping"])
    # the second step read fewer articles than the store holds, yet stored the same
    assert reports["batched"].read < reports["read_all"].read == reports["read_all"].articles
    assert batched == read_all
    for part in ("merged", "quotes", "contradictions"):
        assert batched[part] == one_run[part], part
    counts = ("events", "reports", "quote_links", "contradictions", "confirmations", "stories")
    assert {k: getattr(reports["batched"], k) for k in counts} == {k: getattr(reports["read_all"], k) for k in counts}


def test_a_batch_without_new_facts_changes_nothing_stored(
    tmp_path: Path, batches: tuple[list[Doc], list[Doc]]
) -> None:
    first, _ = batches
    with _store(tmp_path / "again.db", first) as store:
        run_corpus_step(store)
        before = _content(store)
        report = run_corpus_step(store)
        assert _content(store) == before and report.read == 0


def test_postgresql_batch_stores_what_reading_all_stores(batches: tuple[list[Doc], list[Doc]]) -> None:
    """The batch's queries (JSON read as text, LIKE, date values) on PostgreSQL: the same equality."""
    from pg_support import require_server, temporary_database

    require_server()
    first, second = batches
    results = {}
    for name in ("batched", "read_all"):
        with temporary_database(f"rasad_test_batch_{name}") as url, Store(url) as store:
            for doc in first:
                store.add_doc(copy.deepcopy(doc))
            run_corpus_step(store)
            for doc in second:
                store.add_doc(copy.deepcopy(doc))
            report = run_corpus_step(store, read_all=name == "read_all")
            results[name] = (_content(store), report.read)
    assert results["batched"][0] == results["read_all"][0]
    assert results["batched"][1] < results["read_all"][1]


def test_new_articles_below_a_placed_one_make_the_step_read_everything(
    tmp_path: Path, batches: tuple[list[Doc], list[Doc]]
) -> None:
    """An unplaced article older than a placed one (a concurrent writer's) would be merged out of
    article order: the step reads every article, and stores what reading all stores."""
    first, second = batches
    results = {}
    for name in ("batched", "read_all"):
        with _store(tmp_path / f"{name}.db", [*first, *second]) as store:
            run_corpus_step(store)
            with store.session() as session:
                oldest = session.scalar(select(m.Article.id).order_by(m.Article.id).limit(1))
                session.get(m.Article, oldest).story_id = None
                session.commit()
            report = run_corpus_step(store, read_all=name == "read_all")
            assert report.read == report.articles
            results[name] = _content(store)
    assert results["batched"] == results["read_all"]
