"""Stories in a real SQLite store (rasad.analyze.stories through the corpus step).

Documents are written here (generic texts, hand-linked mentions and events),
so that each test controls which articles report one happening; the
passages go through the real encoder.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from rasad.analyze import stories as story_store
from rasad.analyze.corpus import link_documents, run_corpus_step
from rasad.doc import DateValue, Doc, Mention
from rasad.store import Store
from rasad.store import models as m

MEETING_FA = (
    "وزیر خارجه کشور الف روز سه‌شنبه در شهر ج با وزیر خارجه کشور ب دیدار کرد. "
    "دو وزیر درباره بازگشایی گذرگاه مرزی، تجارت کالا و بازگشت آوارگان گفتگو کردند. "
    "وزیر خارجه کشور الف پس از دیدار گفت دو طرف بر سر تشکیل کمیته‌ای مشترک توافق کرده‌اند."
)
MEETING_AR = (
    "التقى وزير خارجية البلد الف نظيره وزير خارجية البلد ب في مدينة ج يوم الثلاثاء. "
    "وبحث الوزيران إعادة فتح المعبر الحدودي وتجارة السلع وعودة النازحين. "
    "وقال وزير خارجية البلد الف بعد اللقاء إن الجانبين اتفقا على تشكيل لجنة مشتركة."
)
MEETING_FA_REWRITE = (
    "دیدار وزیران خارجه کشور الف و کشور ب در شهر ج: گفتگو درباره بازگشایی گذرگاه مرزی و بازگشت آوارگان. "
    "وزیر خارجه کشور الف روز سه‌شنبه در شهر ج با همتای خود از کشور ب درباره تجارت کالا گفتگو کرد. "
    "دو طرف بر سر تشکیل کمیته‌ای مشترک توافق کردند."
)
FLOOD_AR = (
    "غمرت الفيضانات قرى الوادي الشمالي بعد أمطار غزيرة استمرت ثلاثة أيام. "
    "وأعلنت السلطات إجلاء مئات العائلات وإغلاق الطرق السريعة والمدارس في المنطقة."
)
DAY = "2024-03-12"
#: What an English label is written in.
LATIN = re.compile(r"[\x20-\x7e–]+")

#: Entities the texts name: id -> (type, country, a Persian name, an Arabic name, English label).
NAMES = {
    "per:fm-a": ("PER", "AA", "وزیر خارجه کشور الف", "وزير خارجية البلد الف", "Minister A"),
    "per:fm-b": ("PER", "BB", "وزیر خارجه کشور ب", "وزير خارجية البلد ب", "Minister B"),
    "city:c": ("GPE", "AA", "شهر ج", "مدينة ج", "City C"),
}


def _doc(text: str, lang: str, title: str, day: str | None = DAY, *, event: bool = True) -> Doc:
    mentions: list[Mention] = []
    first: dict[str, int] = {}
    for entity_id, (etype, country, fa, ar, _) in NAMES.items():
        for hit in re.finditer(re.escape(fa if lang == "fa" else ar), text):
            first.setdefault(entity_id, len(mentions))
            mentions.append(
                Mention(
                    hit.start(), hit.end(), hit.group(), etype, entity=entity_id, country=country
                )
            )
    date = DateValue(day, "day", "gregorian") if day else None
    doc = Doc(
        text=text, title=title, lang=lang, date=date, source=f"{title}-{day}.txt", mentions=mentions
    )
    sentence = text.split(". ")[0]
    if event and {"per:fm-a", "per:fm-b"} <= set(first):
        doc.events = [
            {"type": "CONSULT", "mode": "meeting", "context": ["diplomatic"], "modality": "asserted",
             "actors": [first["per:fm-a"]], "recipients": [first["per:fm-b"]], "location": first.get("city:c"),
             "date": {"value": day, "precision": "day"} if day else {},
             "sources": [{"start": 0, "end": len(sentence), "text": sentence, "lang": lang}]}
        ]  # fmt: skip
    return doc


@pytest.fixture()
def store(tmp_path: Path) -> Any:
    with Store(f"sqlite:///{tmp_path / 'stories.db'}") as st:
        yield st


def _entities(store: Store) -> None:
    """The entity rows the hand-linked mentions name (labels for the story labels)."""
    with store.session() as s:
        for entity_id, (etype, country, _, _, label) in NAMES.items():
            s.merge(m.Entity(id=entity_id, label=label, type=etype, country=country))
        s.commit()


def _story_of(store: Store) -> dict[int, int | None]:
    with store.session() as s:
        return dict(s.execute(select(m.Article.id, m.Article.story_id)).all())


def test_one_happening_in_two_languages_is_one_story_with_an_english_label(store: Store) -> None:
    fa = store.add_doc(_doc(MEETING_FA, "fa", "دیدار وزیران خارجه")).id
    ar = store.add_doc(_doc(MEETING_AR, "ar", "لقاء وزيري الخارجية")).id
    flood = store.add_doc(_doc(FLOOD_AR, "ar", "فيضانات في الوادي")).id
    _entities(store)
    run_corpus_step(store, link_entities=False)
    story = _story_of(store)
    assert story[fa] == story[ar] != story[flood]
    with store.session() as s:
        row = s.get(m.Story, story[fa])
        assert row is not None and sorted(row.articles) == sorted([fa, ar])
        assert (row.start, row.end) == (DAY, DAY)
        # participants by country (CLDR has no name for the made-up codes: the entity label stands in),
        # the event's noun, its place and the date; only Latin letters
        assert row.label.endswith(f", {DAY}") and "meeting" in row.label and "City C" in row.label
        assert LATIN.fullmatch(row.label), row.label
        keys = set(s.scalars(select(m.StoryKey.key).where(m.StoryKey.story_id == row.id)))
        assert {"per:fm-a", "per:fm-b", f"d:{DAY}"} <= keys


def test_a_new_batch_reads_only_its_candidate_stories(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = store.add_doc(_doc(MEETING_FA, "fa", "دیدار وزیران خارجه")).id
    flood = store.add_doc(_doc(FLOOD_AR, "ar", "فيضانات في الوادي", "2023-01-05")).id
    _entities(store)
    run_corpus_step(store, link_entities=False)
    before = _story_of(store)
    read: list[int] = []
    rows = story_store._rows

    def spy(session: Any, ids: Any) -> Any:
        read.extend(ids)
        return rows(session, ids)

    monkeypatch.setattr(story_store, "_rows", spy)
    same = store.add_doc(_doc(MEETING_FA_REWRITE, "fa", "دیدار وزیران خارجه در شهر ج")).id
    later = store.add_doc(_doc(MEETING_AR, "ar", "لقاء وزيري الخارجية", "2024-04-20")).id
    report = run_corpus_step(store, link_entities=False)
    after = _story_of(store)
    assert flood not in read  # neither date nor entity makes the unrelated story a candidate
    assert set(read) <= {first, same, later}
    assert all(after[a] == sid for a, sid in before.items())  # stored stories keep their ids
    assert after[same] == after[first]  # the same meeting, reported again, joins its story
    assert after[later] not in (
        after[first],
        after[flood],
    )  # the same people weeks later: another story
    assert report.vectors_computed == 2
    # nothing new: nothing changes
    run_corpus_step(store, link_entities=False)
    assert _story_of(store) == after


def test_undated_articles_far_apart_by_their_text_dates_stay_apart(store: Store) -> None:
    a = _doc(MEETING_FA, "fa", "دیدار وزیران خارجه", None)
    b = _doc(MEETING_FA_REWRITE, "fa", "دیدار وزیران خارجه در شهر ج", None)
    # dates the time stage read in the text: confident enough to count, a month apart
    a.date = DateValue("2024-03-12", "day", "jalali", inferred=True, confidence=0.95)
    b.date = DateValue("2024-04-15", "day", "jalali", inferred=True, confidence=0.95)
    ids = [store.add_doc(d).id for d in (a, b)]
    _entities(store)
    run_corpus_step(store, link_entities=False)
    story = _story_of(store)
    assert story[ids[0]] != story[ids[1]]


def test_relink_rebuilds_the_same_stories(store: Store) -> None:
    for doc in (
        _doc(MEETING_FA, "fa", "دیدار"),
        _doc(MEETING_AR, "ar", "لقاء"),
        _doc(FLOOD_AR, "ar", "فيضانات"),
    ):
        store.add_doc(doc)
    _entities(store)
    run_corpus_step(store, link_entities=False)
    groups = sorted(
        sorted(a for a, s in _story_of(store).items() if s == sid)
        for sid in set(_story_of(store).values())
    )
    report = run_corpus_step(store, link_entities=False, relink=True)
    again = _story_of(store)
    assert (
        sorted(sorted(a for a, s in again.items() if s == sid) for sid in set(again.values()))
        == groups
    )
    assert report.vectors_computed == 0  # cached passage vectors are reused
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(m.Story)) == len(groups)
        assert s.scalar(select(func.count(func.distinct(m.StoryKey.story_id)))) == len(groups)


def test_unstored_documents_get_the_same_kind_of_stories() -> None:
    from rasad import pipeline

    docs = [pipeline.run(d, ["rasad.text"]) for d in (_doc(MEETING_FA, "fa", "دیدار"), _doc(MEETING_AR, "ar", "لقاء"),
                                                 _doc(FLOOD_AR, "ar", "فيضانات"))]  # fmt: skip
    out = link_documents(docs)
    assert out["story_of"][1] == out["story_of"][2] != out["story_of"][3]
    assert all(LATIN.fullmatch(s["label"]) for s in out["stories"])
