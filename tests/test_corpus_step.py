"""The corpus step (rasad.analyze.corpus) on real SQLite files, with documents written here."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from rasad.analyze.corpus import (
    link_documents,
    run_corpus_step,
    stored_contradictions,
    stored_events,
)
from rasad.doc import DateValue, Doc, Mention
from rasad.export import iter_lists, validate
from rasad.store import Store
from rasad.store import models as m

FA = (
    "وزیر خارجه ژاپن روز سه‌شنبه در قاهره با همتای مصری خود دیدار کرد. "
    "دو وزیر درباره تجارت، سرمایه‌گذاری و امنیت دریای سرخ گفتگو کردند. "
    "سهم مصر از صادرات ژاپن به آفریقا ۳۰ درصد است. "
    "وزیر خارجه ژاپن گفت: «ما آماده‌ایم سرمایه‌گذاری خود را در کانال سوئز دو برابر کنیم.»"
)
AR = (
    "التقى وزير الخارجية الياباني نظيره المصري في القاهرة يوم الثلاثاء. "
    "وبحث الوزيران التجارة والاستثمار وأمن البحر الأحمر. "
    "وتبلغ حصة مصر من صادرات اليابان إلى أفريقيا 60 بالمئة. "
    "وقال وزير الخارجية الياباني: «نحن مستعدون لمضاعفة استثماراتنا في قناة السويس.»"
)
OTHER = (
    "سقطت أمطار غزيرة على شمال المغرب يوم الأحد وأغلقت السلطات المدارس في ثلاث مدن. "
    "وقالت الأرصاد الجوية إن الأمطار ستستمر حتى نهاية الأسبوع في المناطق الجبلية والساحلية."
)
DAY = DateValue("2024-03-12", "day", "gregorian")


#: The entities the documents name: id -> (type, a name in Persian, in Arabic).
NAMES = {
    "ent:jp-fm": ("PER", "وزیر خارجه ژاپن", "وزير الخارجية الياباني"),
    "ent:eg-fm": ("PER", "همتای مصری", "نظيره المصري"),
    "ent:eg": ("GPE", "مصر", "مصر"),
    "ent:cairo": ("GPE", "قاهره", "القاهرة"),
}


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _mentions(text: str, lang: str) -> tuple[list[Mention], dict[str, int]]:
    """Linked mentions of the NAMES the text holds (a name as a whole word), and each entity's first one."""
    mentions: list[Mention] = []
    first: dict[str, int] = {}
    for entity_id, (etype, fa, ar) in NAMES.items():
        for hit in re.finditer(rf"(?<!\w){re.escape(fa if lang == 'fa' else ar)}(?!\w)", text):
            first.setdefault(entity_id, len(mentions))
            mentions.append(Mention(hit.start(), hit.end(), hit.group(), etype, entity=entity_id))
    return mentions, first


def _doc(text: str, lang: str, title: str, *, value: float, day: DateValue = DAY, quote: str | None = None) -> Doc:
    """A document with facts in the shape the stages write: participants are its mentions (linked
    to the entities of NAMES), named by index or by entity id as the fact stages do."""
    first = text.split(". ")[0]
    s, e = _span(text, first)
    doc = Doc(text=text, title=title, lang=lang, date=day, source=f"{title}.txt")
    doc.mentions, index = _mentions(text, lang)
    named = [index[x] for x in ("ent:jp-fm", "ent:eg-fm") if x in index]
    doc.events = [
        {"type": "CONSULT", "mode": "meeting", "context": ["diplomatic"], "modality": "asserted",
         "actors": named[:1], "recipients": named[1:], "location": index.get("ent:cairo"),
         "date": {"value": day.value, "precision": "day"},
         "sources": [{"start": s, "end": e, "text": first, "lang": lang}]}
    ]  # fmt: skip
    figure = "۳۰ درصد" if lang == "fa" else "60 بالمئة"
    if figure in text:
        s, e = _span(text, figure)
        doc.claims = [
            {"subjects": [index["ent:eg"]], "value": value, "unit": "percent", "comparator": "exactly", "time": None,
             "start": s, "end": e, "text": figure, "topic": "exports", "lang": lang}
        ]  # fmt: skip
    if quote:
        s, e = _span(text, quote)
        doc.quotes = [{"speaker": "ent:jp-fm", "start": s, "end": e, "text": quote, "cue": None, "lang": lang}]
    return doc


def _fa() -> Doc:
    return _doc(FA, "fa", "دیدار وزیران خارجه ژاپن و مصر در قاهره", value=30,
                quote="ما آماده‌ایم سرمایه‌گذاری خود را در کانال سوئز دو برابر کنیم.")  # fmt: skip


def _ar() -> Doc:
    return _doc(AR, "ar", "وزير الخارجية الياباني يلتقي نظيره المصري في القاهرة", value=60,
                quote="نحن مستعدون لمضاعفة استثماراتنا في قناة السويس.")  # fmt: skip


def _snapshot(store: Store) -> dict[str, Any]:
    with store.session() as s:
        return {
            "events": sorted((r.id, tuple(r.extra["reports"])) for r in s.scalars(select(m.Event).where(m.Event.article_id.is_(None)))),
            "contradictions": sorted((r.id, r.kind, tuple(r.items)) for r in s.scalars(select(m.Contradiction))),
            "stories": sorted((r.id, tuple(r.articles)) for r in s.scalars(select(m.Story))),
            "article_story": sorted(s.execute(select(m.Article.id, m.Article.story_id)).all()),
            "same_as": sorted((r.id, tuple(r.same_as or [])) for r in s.scalars(select(m.Quote))),
            "vectors": s.query(m.ArticleVector).count(),
        }  # fmt: skip


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    with Store(f"sqlite:///{tmp_path / 'c.db'}") as st:
        for doc in (_fa(), _ar()):
            st.add_doc(doc)
        yield st


def test_one_event_two_sources_and_a_conflict(store: Store) -> None:
    report = run_corpus_step(store)
    assert report.reports == 2 and report.events == 1
    (event,) = stored_events(store)
    assert {src["article"] for src in event["sources"]} == {1, 2}
    assert "2 sources (fa, ar)" in event["english"]
    with store.session() as s:
        texts = {a.id: a.text for a in s.scalars(select(m.Article))}
    for src in event["sources"]:
        assert texts[src["article"]][src["start"] : src["end"]] == src["text"]
    found = stored_contradictions(store)
    (conflict,) = found["contradictions"]
    assert conflict["kind"] == "conflict" and conflict["list"] == "claims"
    with store.session() as s:
        claim_ids = set(s.scalars(select(m.Claim.id)))
    assert set(conflict["items"]) <= claim_ids and len(conflict["items"]) == 2


def test_rerun_is_idempotent_and_new_articles_join(store: Store) -> None:
    run_corpus_step(store)
    first = _snapshot(store)
    run_corpus_step(store)
    assert _snapshot(store) == first
    assert first["vectors"] == 2
    # a third report of the same meeting joins the stored event (same id); its article gets a story
    third = _doc(FA.replace("سه‌شنبه", "سه شنبه"), "fa", "دیدار در قاهره", value=30)
    added = store.add_doc(third)
    other = store.add_doc(_doc(OTHER, "ar", "أمطار في المغرب", value=5, day=DateValue("2024-05-01", "day", "gregorian")))
    run_corpus_step(store)
    after = _snapshot(store)
    (old_id, _), = first["events"]
    meeting = next(e for e in after["events"] if e[0] == old_id)
    assert len(meeting[1]) == 3
    stories_of = dict(after["article_story"])
    assert all(stories_of[a] == sid for a, sid in first["article_story"])  # stored stories keep their ids
    assert added.duplicate_of == 1 and stories_of[added.id] == stories_of[1]  # near-duplicate: same story
    assert stories_of[other.id] not in {stories_of[1], stories_of[2]}
    assert after["vectors"] == 4


def test_export_lists_merged_events_and_consistent_stories(store: Store) -> None:
    run_corpus_step(store)
    data: dict[str, Any] = {"rasad_export": 1, **{name: list(items) for name, items in iter_lists(store)}}
    assert validate(data) == []  # references included: every one names an entity of the export
    assert len(data["events"]) == 1 and len(data["events"][0]["sources"]) == 2
    # the participants, speakers and subjects the facts stored (mention indices, entity ids) as entity ids
    (event,) = data["events"]
    assert event["actors"] == ["ent:jp-fm"] and event["recipients"] == ["ent:eg-fm"]
    assert event["location"] == "ent:cairo"
    assert [q["speaker"] for q in data["quotes"]] == ["ent:jp-fm", "ent:jp-fm"]
    assert [c["subjects"] for c in data["claims"]] == [["ent:eg"], ["ent:eg"]]
    story_ids = {s["id"] for s in data["stories"]}
    for article in data["articles"]:
        assert article["story"] in story_ids
        assert any(article["id"] in s["articles"] for s in data["stories"] if s["id"] == article["story"])
    quotes = {q["id"]: q for q in data["quotes"]}
    for q in quotes.values():
        for other in q["same_as"]:
            assert q["id"] in quotes[other]["same_as"]


def test_fresh_relink_rebuilds_stories(store: Store) -> None:
    run_corpus_step(store)
    report = run_corpus_step(store, relink=True)
    assert report.stories >= 1 and report.vectors_computed == 0
    with store.session() as s:
        assert s.scalar(select(m.Article.id).where(m.Article.story_id.is_(None))) is None


def test_link_documents_numbers_like_analyze() -> None:
    docs = [_fa(), _ar()]
    out = link_documents(docs)
    assert len(out["events"]) == 1 and out["events"][0]["id"] == 1
    assert {src["article"] for src in out["events"][0]["sources"]} == {1, 2}
    (conflict,) = out["contradictions"]
    assert conflict["items"] == [1, 2] and conflict["list"] == "claims"
    assert set(out["story_of"]) == {1, 2}
    assert sorted(a for s in out["stories"] for a in s["articles"]) == [1, 2]


def test_a_new_article_quote_links_to_a_stored_one(store: Store) -> None:
    run_corpus_step(store)
    with store.session() as s:
        before = {r.id: list(r.same_as or []) for r in s.scalars(select(m.Quote))}
    said = "ما آماده‌ایم سرمایه‌گذاری خود را در کانال سوئز دو برابر کنیم."
    text = "وزیر خارجه ژاپن در گفتگو با خبرنگاران در توکیو گفت: «" + said + "»"
    doc = Doc(text=text, title="سخنان وزیر خارجه ژاپن", lang="fa", date=DAY, source="late.txt")
    doc.mentions, _ = _mentions(text, "fa")
    start = text.index(said)
    doc.quotes = [{"speaker": "ent:jp-fm", "start": start, "end": start + len(said), "text": said, "cue": None, "lang": "fa"}]
    added = store.add_doc(doc)
    run_corpus_step(store)
    with store.session() as s:
        after = {r.id: (r.article_id, list(r.same_as or [])) for r in s.scalars(select(m.Quote))}
    (new_id,) = [q for q, (a, _) in after.items() if a == added.id]
    old_fa = next(q for q, (a, _) in after.items() if a == 1)
    assert old_fa in after[new_id][1] and new_id in after[old_fa][1]
    for qid, links in before.items():  # stored links are kept
        assert set(links) <= set(after[qid][1])


def test_shared_events_count_day_dated_reports_not_recalls() -> None:
    from rasad.analyze.contradictions import merge_events
    from rasad.analyze.corpus import recalled, shared_events
    from rasad.extract import events
    from test_events_stage import make_doc

    people = [("ژان دوپون", "PER", None, "FR"), ("سامح شکری", "PER", None, "EG")]
    people_ar = [("جان دوبون", "PER", None, "FR"), ("سامح شكري", "PER", None, "EG")]
    specs = [
        ("ژان دوپون روز دوشنبه با سامح شکری دیدار کرد.", people, "روز دوشنبه", "2024-04-01"),
        ("والتقى جان دوبون مع سامح شكري يوم الاثنين.", people_ar, "يوم الاثنين", "2024-04-01"),
        ("وكان جان دوبون قد التقى مع سامح شكري يوم الاثنين.", people_ar, "يوم الاثنين", "2024-04-01"),
        ("ژان دوپون روز دوشنبه با سامح شکری دیدار کرده بود.", people, "روز دوشنبه", "2024-04-01"),
        ("ژان دوپون در ماه آوریل با سامح شکری دیدار کرد.", people, "ماه آوریل", "2024-04"),
    ]
    docs = []
    for n, (text, mentions, when, value) in enumerate(specs, 1):
        doc = make_doc(text, mentions, [(when, value, "day" if len(value) == 10 else "month", "date")])
        events.process(doc)
        doc.meta["id"] = n
        for k, e in enumerate(doc.events):
            e["id"] = f"ev{n}{k}"
        docs.append(doc)
    assert [recalled(d, d.events[0]) for d in docs] == [False, False, True, True, False]
    shared = shared_events(docs, merge_events(docs))
    assert set(shared) == {1, 2} and shared[1] == shared[2]  # recalls and a month-dated report do not count
