"""The store: one transaction per document, exact and near duplicates, search, migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from rasad.doc import DateValue, Doc, Mention, Sentence, TimeExpr
from rasad.link import dedup
from rasad.store import Store
from rasad.store import models as m
from rasad.store.search import fold_with_map, parse_query

# Texts written for these tests (not from any seed).
WIRE = (
    "وزیر اقتصاد روز دوشنبه در نشستی با نمایندگان اتاق بازرگانی گفت دولت برنامه‌ای تازه "
    "برای کاهش تورم و حمایت از تولید داخلی آماده کرده است. او افزود این برنامه در سه مرحله "
    "اجرا می‌شود و نخستین مرحله از ماه آینده آغاز خواهد شد. به گفته او بانک مرکزی نیز در "
    "تدوین این برنامه مشارکت داشته و گزارش پیشرفت آن هر سه ماه یک بار منتشر می‌شود."
)
OTHER = (
    "تیم ملی فوتبال در دیداری دوستانه برابر میزبان خود به تساوی رسید و مربی تیم پس از بازی "
    "گفت بازیکنان جوان فرصت خوبی برای محک زدن توان خود پیدا کردند. این دیدار با حضور "
    "هزاران تماشاگر در ورزشگاه اصلی شهر برگزار شد و داور بازی دو کارت زرد نشان داد."
)
ARABIC = (
    "قال وزير الخارجية في مؤتمر صحفي مشترك إن البلدين اتفقا على توسيع التعاون الاقتصادي "
    "وتبادل الخبرات في مجالات الطاقة والزراعة والتعليم خلال السنوات المقبلة."
)


def _store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'test.db'}")


def _doc(text: str, lang: str = "fa", **kw: object) -> Doc:
    return Doc(text=text, lang=lang, norm=text, source=kw.pop("source", "mem"), **kw)  # type: ignore[arg-type]


def test_add_doc_stores_article_and_facts_together(tmp_path: Path) -> None:
    doc = _doc(WIRE, title="اقتصاد")
    doc.sentences = [Sentence(0, 10, "fa")]
    doc.mentions = [Mention(0, 10, WIRE[:10], "PER")]
    doc.times = [TimeExpr(14, 21, WIRE[14:21], None, None, "unknown", "date")]
    doc.quotes = [{"speaker": "x", "start": 0, "end": 5, "text": WIRE[:5], "cue": "گفت"}]
    doc.date = DateValue("2024-01-02", "day", "gregorian")
    with _store(tmp_path) as store:
        result = store.add_doc(doc)
        assert result.status == "ingested" and result.duplicate_of is None
        row = store.get_article(result.id)
        assert row is not None and row.text == WIRE and row.date["value"] == "2024-01-02"
        facts = store.facts(result.id)
        assert [len(facts[k]) for k in ("mentions", "times", "quotes")] == [1, 1, 1]
        assert facts["quotes"][0].cue == "گفت"


def test_failed_fact_rolls_back_the_whole_document(tmp_path: Path) -> None:
    doc = _doc(WIRE)
    doc.claims = [{"text": "no offsets"}]  # start/end are NOT NULL: the insert fails
    with _store(tmp_path) as store:
        with pytest.raises(Exception, match="NOT NULL"):
            store.add_doc(doc)
        assert store.count() == 0
        assert store.count(m.Mention) == 0 and store.count(m.DedupBand) == 0


def test_exact_duplicate_is_stored_once(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        first = store.add_doc(_doc(WIRE, source="a.txt"))
        again = store.add_doc(_doc(WIRE, source="b.txt"))
        assert again.status == "duplicate" and again.id == first.id
        assert store.count() == 1


def test_near_duplicate_with_new_headline_and_edits_is_linked(tmp_path: Path) -> None:
    edited = WIRE.replace("روز دوشنبه", "روز سه‌شنبه").replace("سه مرحله", "چهار مرحله")
    with _store(tmp_path) as store:
        first = store.add_doc(_doc(WIRE, title="برنامه تازه دولت"))
        other = store.add_doc(_doc(OTHER))
        near = store.add_doc(_doc(edited + " پایان خبر.", title="عنوانی دیگر"))
        assert other.duplicate_of is None
        assert near.status == "ingested" and near.near_duplicate and near.duplicate_of == first.id
        assert store.count() == 3 and store.stats()["near_duplicates"] == 1


def test_near_duplicate_ignores_boilerplate() -> None:
    furniture = " ".join(["اخبار مرتبط بیشتر بخوانید نظر شما چیست"] * 20)
    a = OTHER + "\n" + furniture
    b = WIRE + "\n" + furniture
    span_a = [(len(OTHER) + 1, len(a), "boilerplate")]
    span_b = [(len(WIRE) + 1, len(b), "boilerplate")]
    sig_a = dedup.signature(dedup.body_text(a, span_a))
    sig_b = dedup.signature(dedup.body_text(b, span_b))
    assert sig_a is not None and sig_b is not None
    assert not dedup.is_near_duplicate(dedup.similarity(sig_a, sig_b))


def test_short_texts_are_never_near_duplicates() -> None:
    assert dedup.signature("خبر کوتاه") is None


def test_signatures_are_stable_bytes() -> None:
    sig = dedup.signature(WIRE)
    assert sig is not None and len(sig) == dedup.NUM_PERM
    assert (dedup.from_bytes(dedup.to_bytes(sig)) == sig).all()
    assert len(dedup.buckets(sig)) == dedup.BANDS


def test_search_folds_arabic_letters_and_zwnj(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        wire = store.add_doc(_doc(WIRE)).id
        store.add_doc(_doc(OTHER))
        store.add_doc(_doc(ARABIC, lang="ar"))
        # Typed with Arabic ي and ك, without ZWNJ: the text has برنامه‌ای and ی/ک.
        hits = store.search("برنامهاي كاهش")
        assert [h.article_id for h in hits] == [wire]
        hit = hits[0]
        # The snippet is original text, and its marks point at the matched words.
        row = store.get_article(wire)
        assert row is not None and row.text[hit.offset : hit.offset + len(hit.snippet)] == hit.snippet
        marked = [hit.snippet[s:e] for s, e in hit.marks]
        assert "برنامه‌ای" in marked and "کاهش" in marked


def test_search_lang_filter_phrase_prefix_and_limit(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        store.add_doc(_doc(WIRE))
        ar = store.add_doc(_doc(ARABIC, lang="ar")).id
        assert [h.article_id for h in store.search("التعاون", lang="ar")] == [ar]
        assert store.search("التعاون", lang="fa") == []
        assert [h.article_id for h in store.search('"التعاون الاقتصادي"')] == [ar]
        assert store.search('"الاقتصادي التعاون"') == []
        assert [h.article_id for h in store.search("التعا*")] == [ar]
        assert store.search("التعاون", limit=0) == []
        # FTS5 syntax in a query is taken literally, never an error.
        assert store.search('AND OR NOT ( ) " *') == []


def test_search_ranks_more_matches_higher(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        once = store.add_doc(_doc(OTHER + " بازرگانی")).id
        many = store.add_doc(_doc(WIRE + " بازرگانی بازرگانی بازرگانی")).id
        assert [h.article_id for h in store.search("بازرگانی")] == [many, once]


def test_like_fallback_matches_fts(tmp_path: Path) -> None:
    """The dialect-neutral search (used off SQLite) finds what FTS5 finds."""
    with _store(tmp_path) as store:
        wire = store.add_doc(_doc(WIRE)).id
        store.add_doc(_doc(OTHER))
        with store.session() as session:
            ranked = store._search_like(session, parse_query("برنامهاي كاهش"), None, 10)
        assert [r[0] for r in ranked] == [wire]


def test_fold_with_map_points_back() -> None:
    text = "مي‌كنند  ۱۲ كتاب"
    folded, index = fold_with_map(text)
    assert folded == "میکنند 12 کتاب"
    assert text[index[folded.index("12")]] == "۱"


def test_sqlite_wal_foreign_keys_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "test.db"
    with Store(str(path)) as store:  # a bare path is a SQLite file
        store.add_doc(_doc(WIRE))
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with Store(f"sqlite:///{path}") as store:  # migrations run again: a no-op
        assert store.count() == 1
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    from alembic.script import ScriptDirectory

    from rasad.store.db import alembic_config

    head = ScriptDirectory.from_config(alembic_config(f"sqlite:///{path}")).get_current_head()
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head
    con.close()


def test_reading_while_writing(tmp_path: Path) -> None:
    """WAL: a reader sees committed rows while another connection holds a write transaction."""
    path = tmp_path / "test.db"
    with Store(str(path)) as store:
        store.add_doc(_doc(WIRE))
        writer = sqlite3.connect(path)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE article SET title = 'x'")
        assert store.count() == 1 and store.search("کاهش")
        writer.rollback()
        writer.close()


def test_iter_rows_batches(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        for i in range(7):
            store.add_doc(_doc(f"{OTHER} {i}"))
        ids = [a.id for a in store.iter_rows(m.Article)]
        assert ids == sorted(ids) and len(ids) == 7
        with store.session() as session:
            assert session.scalar(select(m.Article.folded).limit(1))


def test_boilerplate_is_not_searchable(tmp_path: Path) -> None:
    furniture = "\nبیشتر بخوانید نظر شما چیست"
    doc = _doc(WIRE + furniture)
    doc.excluded = [(len(WIRE) + 1, len(WIRE) + len(furniture), "boilerplate")]
    with _store(tmp_path) as store:
        store.add_doc(doc)
        assert store.search("بخوانید") == []
        assert store.search("کاهش")[0].marks
