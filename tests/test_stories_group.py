"""Story grouping (rasad.link.stories): passages, dates, the pair rule, placement, labels.

General properties on generic inputs: vectors built here (so that a passage
score is whatever a test needs), entity keys and dates written here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
import pytest

from rasad.link import stories
from rasad.link.stories import Evidence, StoryGroup, StoryItem

DAY = dt.date(2024, 3, 12)
DIM = 8


def _unit(*xs: float) -> np.ndarray:
    v = np.zeros(DIM, dtype=np.float32)
    v[: len(xs)] = xs
    return v / np.linalg.norm(v)


def _at_cosine(v: np.ndarray, cos: float, axis: int) -> np.ndarray:
    """A unit vector whose cosine with unit ``v`` is ``cos`` (in the plane of v and one axis)."""
    ortho = np.zeros(DIM, dtype=np.float32)
    ortho[axis] = 1.0
    ortho -= (ortho @ v) * v
    ortho /= np.linalg.norm(ortho)
    return (cos * v + np.sqrt(1 - cos**2) * ortho).astype(np.float32)


def _cosine_for(score: float, lang_a: str, lang_b: str) -> float:
    offset, scale = stories.calibration(lang_a, lang_b)
    return offset + score * scale


BASE = _unit(1)


def _item(article: int, score: float | None = None, *, lang: str = "fa", axis: int = 1,
          day: dt.date | None = DAY, entities: tuple[str, ...] = (), events: tuple[str, ...] = (),
          duplicate_of: int | None = None) -> StoryItem:  # fmt: skip
    """An article with one passage: BASE itself (``score`` None), else one that scores ``score``
    against a Persian article at BASE (in the plane of BASE and ``axis``)."""
    vector = BASE if score is None else _at_cosine(BASE, _cosine_for(score, lang, "fa"), axis)
    return StoryItem(article, vector[None, :], lang, (day, day) if day else None, frozenset(entities),
                     frozenset(events), duplicate_of)  # fmt: skip


# -- passages and calibration ----------------------------------------------------------------------


def test_passages_are_the_headline_and_lead_in_bounded_pieces() -> None:
    sentence = "جمله‌ای از متن خبر است که چند کلمه دارد. "
    body = sentence * 40
    spans = [(i * len(sentence), (i + 1) * len(sentence) - 1) for i in range(40)]
    out = stories.passages("عنوان خبر", body, spans)
    assert 1 <= len(out) <= stories.STORY_PASSAGES
    assert out[0].startswith("عنوان خبر")
    assert all(len(p) <= stories.PASSAGE_CHARS for p in out)
    # without sentence spans the text is cut as it comes; an empty article still has one passage
    assert len(stories.passages(None, "x " * 1000)) == stories.STORY_PASSAGES
    assert stories.passages(None, "") == [""]


def test_calibration_puts_languages_on_one_scale() -> None:
    same, cross = stories.calibration("ar", "ar"), stories.calibration("fa", "ar")
    assert cross[0] < same[0]  # the encoder scores a translation lower than a same-language text
    assert stories.calibration("ar", "fa") == cross  # the pair is unordered
    assert stories.calibration("en", "en") == stories.PASSAGE_CALIBRATION_DEFAULT[False]
    assert stories.calibration("en", "fa") == stories.PASSAGE_CALIBRATION_DEFAULT[True]
    # the same raw cosine means more across languages than within one
    cos = (same[0] + cross[0]) / 2
    a = StoryItem(1, BASE[None, :], "fa")
    b_cross = StoryItem(2, _at_cosine(BASE, cos, 1)[None, :], "ar")
    b_same = StoryItem(3, _at_cosine(BASE, cos, 1)[None, :], "fa")
    assert stories.passage_score(a, b_cross) > 0 > stories.passage_score(a, b_same)


def test_best_matching_passages() -> None:
    other = _unit(0, 1)
    a = np.vstack([BASE, other])
    assert stories.passage_cosine(a, a) == pytest.approx(1.0)
    # one passage in common out of two counts half-way, whatever the order
    b = np.vstack([_unit(0, 0, 1), BASE])
    assert stories.passage_cosine(a, b) == pytest.approx(stories.passage_cosine(b, a))
    assert 0.4 < stories.passage_cosine(a, b) < 0.6
    assert np.allclose(stories.from_bytes(stories.to_bytes(a)).reshape(a.shape), a)


# -- dates ----------------------------------------------------------------------------------------


def test_known_dates() -> None:
    given = {"value": "2024-03-12", "inferred": False}
    assert stories.known_date(given) == (DAY, DAY)
    low = stories.STORY_MIN_TEXT_DATE_CONFIDENCE
    assert stories.known_date({"value": "2024-03-12", "inferred": True, "confidence": low}) == (
        DAY,
        DAY,
    )
    assert (
        stories.known_date({"value": "2024-03-12", "inferred": True, "confidence": low - 0.05})
        is None
    )
    assert (
        stories.known_date({"value": "2021-04/2026-11", "inferred": False}) is None
    )  # years prove nothing
    assert stories.known_date({"value": "2024-03"}) == (dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert stories.known_date(None) is None and stories.known_date({"value": "soon"}) is None
    assert (
        stories.day_gap((DAY, DAY), (DAY + dt.timedelta(days=5), DAY + dt.timedelta(days=6))) == 5
    )
    assert stories.parse_period("2024-13") is None
    assert stories.dates_compatible(DAY, None) and not stories.dates_compatible(
        DAY, DAY + dt.timedelta(days=30)
    )


# -- the pair rule ---------------------------------------------------------------------------------


def test_rule_dated_pairs() -> None:
    near = 0
    assert stories.linked(Evidence(stories.STORY_SCORE, 0.0, 0, near))
    assert not stories.linked(Evidence(stories.STORY_SCORE - 0.01, 0.0, 0, near))
    lo = stories.STORY_SCORE_WITH_ENTITIES
    assert stories.linked(Evidence(lo, stories.STORY_MIN_ENTITY_OVERLAP, 0, near))
    assert not stories.linked(Evidence(lo, stories.STORY_MIN_ENTITY_OVERLAP - 0.01, 0, near))
    assert stories.linked(Evidence(stories.STORY_SCORE_SHARED_EVENT, 0.0, 1, near))
    assert not stories.linked(Evidence(stories.STORY_SCORE_SHARED_EVENT - 0.01, 1.0, 1, near))
    # known dates far apart never join, whatever else the two share
    assert not stories.linked(Evidence(10.0, 1.0, 3, stories.STORY_MAX_DAYS + 1))


def test_rule_undated_pairs_need_text_and_entities() -> None:
    hi, share = stories.STORY_SCORE_UNDATED, stories.STORY_MIN_ENTITY_OVERLAP_UNDATED
    assert stories.linked(Evidence(hi, share, 0, None))
    assert not stories.linked(Evidence(hi, share - 0.01, 0, None))
    assert not stories.linked(Evidence(hi - 0.01, 1.0, 0, None))
    assert not stories.linked(
        Evidence(stories.STORY_SCORE, 0.0, 1, None)
    )  # an undated pair needs entities
    assert stories.STORY_SCORE_UNDATED > stories.STORY_SCORE_WITH_ENTITIES


def test_entity_overlap_weighs_rare_keys() -> None:
    weights = stories.key_weights({"common": 90, "rare": 1, "other": 1}, 100)
    assert weights["rare"] > weights["common"] >= 0
    a = frozenset({"common", "rare"})
    assert stories.entity_overlap(
        a, frozenset({"rare", "other"}), weights
    ) > stories.entity_overlap(a, frozenset({"common", "other"}), weights)
    assert stories.entity_overlap(a, a, weights) == pytest.approx(1.0)
    assert stories.entity_overlap(a, frozenset(), weights) == 0.0


# -- placement -------------------------------------------------------------------------------------


def test_assign_joins_close_articles_and_keeps_existing_ids() -> None:
    a = _item(1, entities=("e:x", "e:y"))
    b = _item(2, 1.0, entities=("e:x", "e:y"))
    c = _item(3, -1.0, axis=2, entities=("e:z",))
    groups = stories.assign([a, b, c], [], {})
    assert [g.articles for g in groups] == [[1, 2], [3]]
    d = _item(4, 1.0, entities=("e:x",), axis=3)
    again = stories.assign([d], [StoryGroup(7, [1, 2]), StoryGroup(8, [3])], {1: a, 2: b, 3: c})
    assert [(g.id, g.articles) for g in again] == [(7, [1, 2, 4]), (8, [3])]


def test_cross_language_uses_its_own_calibration() -> None:
    # one raw cosine: above the cross-language bar, below the same-language one
    cross_cos = _cosine_for(stories.STORY_SCORE, "fa", "ar")
    assert cross_cos < _cosine_for(stories.STORY_SCORE, "fa", "fa")
    a = _item(1)
    other_lang = StoryItem(2, _at_cosine(BASE, cross_cos + 0.001, 1)[None, :], "ar", (DAY, DAY))
    same_lang = StoryItem(3, _at_cosine(BASE, cross_cos + 0.001, 1)[None, :], "fa", (DAY, DAY))
    assert len(stories.assign([a, other_lang], [], {})) == 1
    assert len(stories.assign([a, same_lang], [], {})) == 2


def test_far_dates_split_and_near_duplicates_join() -> None:
    a = _item(1, entities=("e:x",))
    later = _item(2, 4.0, day=DAY + dt.timedelta(days=30), entities=("e:x",))
    dup = _item(3, -2.0, axis=2, day=None, duplicate_of=1)
    assert [g.articles for g in stories.assign([a, later, dup], [], {})] == [[1, 3], [2]]


def test_a_story_never_spans_weeks() -> None:
    """Articles each a few days after the last, all alike: the story stops at the span limit."""
    step = stories.STORY_MAX_DAYS
    chain = [_item(k + 1, 4.0, axis=1 + k % (DIM - 1), day=DAY + dt.timedelta(days=k * step), entities=("e:x",))
             for k in range(6)]  # fmt: skip
    groups = stories.assign(chain, [], {})
    for g in groups:
        days = [chain[a - 1].when[0] for a in g.articles]  # type: ignore[index]
        assert (max(days) - min(days)).days <= stories.STORY_MAX_SPAN_DAYS
    assert len(groups) > 1
    # a merged event both report keeps one continuing happening together
    linked = [_item(k + 1, 4.0, axis=1 + k % (DIM - 1), day=DAY + dt.timedelta(days=k * step), entities=("e:x",),
                    events=("ev1",)) for k in range(4)]  # fmt: skip
    assert len(stories.assign(linked, [], {})) == 1


def test_a_new_article_must_match_enough_of_a_story() -> None:
    members = [
        _item(1, entities=("e:x",)),
        *(_item(k, -3.0, axis=k, entities=("e:w",)) for k in (2, 3, 4)),
    ]
    group = StoryGroup(5, [1, 2, 3, 4])
    close_to_one = _item(9, 3.0, entities=("e:x",))  # passes against member 1 only
    got = stories.assign([close_to_one], [group], {m.article: m for m in members})
    assert [g.articles for g in got] == [[1, 2, 3, 4], [9]]


def test_undated_articles_join_only_on_text_and_entities() -> None:
    a = _item(1, day=None, entities=("e:x", "e:y"))
    close = _item(2, stories.STORY_SCORE_UNDATED + 0.5, day=None, entities=("e:x", "e:y"))
    no_entities = _item(3, stories.STORY_SCORE_UNDATED + 0.5, axis=2, day=None, entities=("e:q",))
    groups = stories.assign([a, close, no_entities], [], {})
    assert [1, 2] in [g.articles for g in groups] and [3] in [g.articles for g in groups]


def test_assign_is_deterministic() -> None:
    items = [
        _item(k, float(k % 3), axis=1 + k % (DIM - 1), entities=("e:x",)) for k in range(1, 12)
    ]
    first = stories.assign(items, [], {})
    assert [g.articles for g in first] == [g.articles for g in stories.assign(items, [], {})]
    assert sorted(a for g in first for a in g.articles) == list(range(1, 12))


# -- labels ----------------------------------------------------------------------------------------


def test_english_label_shape() -> None:
    label = stories.english_label(
        ["Country A", "Country B", "Country A"], "meeting", "City C", "2025-05-10"
    )
    assert label == "Country A–Country B: meeting in City C, 2025-05-10"
    assert stories.english_label([], None, None, "2025-05-10") == f"{stories.UNNAMED}, 2025-05-10"
    assert stories.english_label([], None, None, None) == stories.UNNAMED
    assert stories.english_label(["A"], "visit", "A", None) == "A: visit"


def test_story_label_from_the_event_most_articles_report() -> None:
    names = {"p1": "Country A", "p2": "Country B", "p3": "Country C", "loc": "City D"}.get
    countries = {"p1": "Country A", "p2": "Country B", "p3": "Country C", "loc": "Country A"}.get
    meeting = {
        "key": "ev1",
        "type": "CONSULT",
        "mode": "meeting",
        "actors": ["p1"],
        "recipients": ["p2"],
        "location": "loc",
    }
    strike = {
        "key": "ev2",
        "type": "ASSAULT",
        "mode": "aerial",
        "actors": ["p3"],
        "recipients": [],
        "location": None,
    }
    events = [(1, meeting), (2, meeting), (2, strike)]
    label = stories.story_label(events, Counter(), countries, names, "2025-05-10")
    assert label == "Country A–Country B: meeting in City D, 2025-05-10"
    assert stories.event_noun("CONSULT", "no-such-mode") == stories.EVENT_NOUNS[("CONSULT", "")]
    # no event: the entities most articles name
    assert (
        stories.story_label([], Counter({"p2": 3, "p1": 1}), countries, names, None)
        == "Country B–Country A"
    )


# -- the encoder -----------------------------------------------------------------------------------


def test_encoder_puts_a_translation_closer_than_other_news() -> None:
    fa = "وزیر خارجه ژاپن روز سه‌شنبه در قاهره با همتای مصری خود درباره تجارت و سرمایه‌گذاری گفتگو کرد."
    ar = "بحث وزير الخارجية الياباني مع نظيره المصري في القاهرة يوم الثلاثاء التجارة والاستثمار."
    other = "سقطت أمطار غزيرة على شمال المغرب وأغلقت السلطات المدارس في ثلاث مدن."
    fa_v, ar_v, other_v = stories.encode_passages([[fa], [ar], [other]])
    items = [StoryItem(1, fa_v, "fa"), StoryItem(2, ar_v, "ar"), StoryItem(3, other_v, "ar")]
    assert np.allclose(np.linalg.norm(fa_v, axis=1), 1.0, atol=1e-4)
    assert stories.passage_score(items[0], items[1]) > stories.passage_score(items[0], items[2])
    assert "cc:EG" in stories.text_anchors(ar) or "cc:JP" in stories.text_anchors(ar)
