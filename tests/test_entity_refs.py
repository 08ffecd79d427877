"""One key per entity: every entity reference an output carries is the id of an entity it lists.

The fact stages store a participant, speaker or subject as the index of its
mention in ``doc.mentions`` (or the entity id of an already linked mention);
every output resolves them to the ids of its ``entities`` list.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from rasad.analyze.contradictions import merge_events
from rasad.analyze.corpus import name_participants, stored_events
from rasad.doc import Doc, Mention, Sentence
from rasad.export import doc_export, entity_ids, iter_lists, validate
from rasad.export.records import ArticleRefs, entities, mention_entity_ids
from rasad.export.schema import reference_errors
from rasad.service import _one_record_per_entity
from rasad.store import Store
from rasad.store import models as m

TEXT = (
    "قال وزير الخارجية في القاهرة إن الوزير سيزور القاهرة و طهران. وقال الوزير إن 30 شركة ستشارك."
)


def _at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def _doc(more: str = "") -> Doc:
    """Mentions: 0 linked PER, 1 and 3 the same unlinked place (one local entity), 2 another
    unlinked PER, 4 an unlinked place; facts naming them by index and by entity id."""
    doc = Doc(text=TEXT + more, source="refs.txt", lang="ar", norm=TEXT + more)
    doc.sentences = [Sentence(0, len(TEXT), "ar")]
    spans = [
        (_at(TEXT, "وزير الخارجية"), "PER", "per:fm"),
        (_at(TEXT, "القاهرة"), "GPE", None),
        (_at(TEXT, "الوزير"), "PER", None),
        (_at(TEXT, "القاهرة", 1), "GPE", None),
        (_at(TEXT, "طهران"), "GPE", None),
    ]
    doc.mentions = [Mention(s, e, TEXT[s:e], t, entity=eid) for (s, e), t, eid in spans]
    source = {"start": 0, "end": len(TEXT), "text": TEXT}
    doc.events = [
        {"type": "CONSULT", "mode": "visit", "actors": [2], "recipients": [0, "per:fm"], "location": 3,
         "date": None, "sources": [source]}
    ]  # fmt: skip
    s, e = _at(TEXT, "سيزور")
    doc.quotes = [{"speaker": 2, "start": s, "end": e, "text": TEXT[s:e], "cue": "قال"}]
    s, e = _at(TEXT, "30 شركة")
    doc.claims = [{"subjects": [1, 3, "per:fm", 4], "value": 30, "unit": "companies", "start": s, "end": e,
                   "text": TEXT[s:e]}]  # fmt: skip
    return doc


def _entity_of_span(data: dict[str, Any], article: int, start: int, end: int) -> str:
    (entity_id,) = [
        e["id"] for e in data["entities"]
        if any((x["article"], x["start"], x["end"]) == (article, start, end) for x in e["mentions"])
    ]  # fmt: skip
    return entity_id


def test_mention_entity_ids_are_the_linked_id_else_one_local_entity_per_name() -> None:
    doc = _doc()
    ids = mention_entity_ids(7, doc.mentions)
    assert ids == ["per:fm", "local-7-1", "local-7-2", "local-7-1", "local-7-3"]
    refs = ArticleRefs(7, doc.mentions)
    assert [refs(i) for i in range(5)] == ids
    assert refs("per:fm") == "per:fm"  # an id a mention of the article is linked to
    for dangling in (5, -1, "per:other", "cc:EG", True, 1.0, None):
        assert refs(dangling) is None


def test_entities_list_exactly_the_ids_references_resolve_to() -> None:
    rows = [
        m.Mention(article_id=a, start=x.start, end=x.end, text=x.text, type=x.type, entity_id=x.entity)
        for a in (1, 2) for x in _doc().mentions
    ]  # fmt: skip
    # a mention linking adds later (a title phrase) comes after other articles' mentions
    rows.append(
        m.Mention(article_id=1, start=0, end=3, text=TEXT[:3], type="PER", entity_id="per:fm")
    )
    listed = {e["id"]: e for e in entities([], rows, {1: "ar", 2: "ar"})}
    for article in (1, 2):
        ids = mention_entity_ids(article, [r for r in rows if r.article_id == article])
        for row, entity_id in zip([r for r in rows if r.article_id == article], ids, strict=True):
            assert {
                "article": article,
                "start": row.start,
                "end": row.end,
                "text": row.text,
            } in listed[entity_id]["mentions"]
    assert set(listed) == {"per:fm", *(f"local-{a}-{n}" for a in (1, 2) for n in (1, 2, 3))}


def test_doc_export_resolves_indices_and_drops_what_names_nothing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    doc = _doc()
    doc.quotes.append({**doc.quotes[0], "speaker": 99})  # an index no mention has
    with caplog.at_level(logging.WARNING, logger="rasad.export.records"):
        data = doc_export(doc, article_id=3)
    assert validate(data) == []
    mention = {i: doc.mentions[i] for i in range(len(doc.mentions))}

    def entity(i: int) -> str:
        return _entity_of_span(data, 3, mention[i].start, mention[i].end)

    (event,) = data["events"]
    assert event["actors"] == [entity(2)] and event["recipients"] == [
        "per:fm"
    ]  # index 0 and its id: once
    assert event["location"] == entity(3) == entity(1)  # one place named twice: one entity
    assert data["quotes"][0]["speaker"] == entity(2)
    assert data["claims"][0]["subjects"] == [entity(1), "per:fm", entity(4)]
    assert data["quotes"][1]["speaker"] is None
    assert [r.getMessage() for r in caplog.records] == [
        "quote 2: entity reference 99 names no entity of the output; left out"
    ]


def test_the_store_export_joins_every_reference(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'refs.db'}") as store:
        for more in ("", " وقال الوزير إن الزيارة ستستمر يومين."):  # two distinct articles
            store.add_doc(_doc(more))
        data = {"rasad_export": 1, **{name: list(items) for name, items in iter_lists(store)}}
        assert validate(data) == [], validate(data)
        for article in (1, 2):
            quote = next(q for q in data["quotes"] if q["article"] == article)
            mention = _doc().mentions[2]
            assert quote["speaker"] == _entity_of_span(data, article, mention.start, mention.end)
            assert quote["speaker"] == f"local-{article}-2"
        # events are per-article reports until the corpus step merges them
        assert sorted(e["actors"][0] for e in data["events"]) == ["local-1-2", "local-2-2"]


def test_a_merged_event_naming_a_gone_entity_loses_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with Store(f"sqlite:///{tmp_path / 'refs.db'}") as store:
        store.add_doc(_doc())
        with store.session() as session:
            session.add(m.Event(article_id=None, type="CONSULT", actors=["per:fm", "per:gone"], recipients=[],
                                location="local-1-1", sources=[], extra={"reports": [1]}))  # fmt: skip
            session.commit()
        with caplog.at_level(logging.WARNING, logger="rasad.export.records"):
            data = {"rasad_export": 1, **{name: list(items) for name, items in iter_lists(store)}}
            listed = stored_events(store)  # what `rasad events` prints: checked the same way
        assert entity_ids(store) == {e["id"] for e in data["entities"]}
    (event,) = data["events"]
    assert event["actors"] == ["per:fm"] and event["location"] == "local-1-1"
    assert [(e["actors"], e["location"]) for e in listed] == [(["per:fm"], "local-1-1")]
    assert validate(data) == []
    assert any("'per:gone' names no entity" in r.getMessage() for r in caplog.records)


def _report(doc: Doc, rid: str, actors: list[Any], location: Any) -> None:
    doc.events.append(
        {"id": rid, "type": "CONSULT", "mode": "meeting", "modality": "asserted", "actors": actors, "recipients": [],
         "location": location, "date": {"value": "2024-04-01", "precision": "day"},
         "sources": [{"start": 0, "end": len(doc.text), "text": doc.text}]}
    )  # fmt: skip


def test_merged_events_name_participants_by_entity_id() -> None:
    """merge_events keys (cc:<country> for an unlinked place) become the first report's entity id."""
    fa = Doc(text="ژان دوپون روز دوشنبه در قاهره دیدار کرد.", lang="fa", meta={"id": "a"})
    ar = Doc(text="والتقى جان دوبون في القاهرة يوم الاثنين.", lang="ar", meta={"id": "b"})
    for doc, person, place in ((fa, "ژان دوپون", "قاهره"), (ar, "جان دوبون", "القاهرة")):
        doc.mentions = [
            Mention(*_at(doc.text, person), person, "PER", entity="per:jd", country="FR"),
            Mention(*_at(doc.text, place), place, "GPE", country="EG"),
        ]
    _report(fa, "ev1", [0], 1)
    _report(ar, "ev2", ["per:jd"], 1)
    (merged,) = merge_events([fa, ar])
    assert merged["location"] == "cc:EG"  # the key the reports were compared by
    name_participants([merged], [fa, ar], [4, 5])
    assert merged["actors"] == ["per:jd"] and merged["recipients"] == []
    assert (
        merged["location"] == "local-4-1"
    )  # the first report's place, as its article's export lists it


def test_reference_errors_name_each_dangling_reference() -> None:
    data = doc_export(_doc())
    assert reference_errors(data) == []
    data["quotes"][0]["speaker"] = 11  # a mention index left in an output
    data["claims"][0]["subjects"].append("cc:IR")
    data["events"][0]["location"] = "local-9-9"
    data["entities"].append(dict(data["entities"][0]))
    errors = validate(data)
    assert "$.quotes[0].speaker: 11 names no entity of $.entities" in errors
    assert "$.claims[0].subjects[3]: 'cc:IR' names no entity of $.entities" in errors
    assert "$.events[0].location: 'local-9-9' names no entity of $.entities" in errors
    assert any(e.endswith("is listed twice") for e in errors)
    assert any(
        e.startswith("$.quotes[0].speaker") and "string" in e for e in errors
    )  # the schema: a string


def test_analyze_lists_an_entity_linked_in_two_documents_once() -> None:
    first = doc_export(_doc(), article_id=1)["entities"]
    second = doc_export(_doc(), article_id=2)["entities"]
    merged = _one_record_per_entity(first + second)
    ids = [e["id"] for e in merged]
    assert len(ids) == len(set(ids)) and ids.count("per:fm") == 1
    (linked,) = [e for e in merged if e["id"] == "per:fm"]
    assert {x["article"] for x in linked["mentions"]} == {1, 2}
