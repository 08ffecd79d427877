"""Story grouping (rasad.link.stories): the decision rule, incremental assignment, the encoder."""

from __future__ import annotations

import datetime as dt

import numpy as np

from rasad.link import stories
from rasad.link.stories import StoryGroup, StoryItem


def _unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def _close_to(v: np.ndarray, cos: float) -> np.ndarray:
    """A unit vector whose cosine with unit ``v`` is ``cos`` (in the plane of v and an axis)."""
    axis = np.zeros_like(v)
    axis[int(np.argmin(np.abs(v)))] = 1.0
    ortho = axis - (axis @ v) * v
    ortho /= np.linalg.norm(ortho)
    return (cos * v + np.sqrt(1 - cos**2) * ortho).astype(np.float32)


BASE = _unit(1, 0, 0, 0)
DAY = dt.date(2024, 3, 12)


def test_rule_thresholds_dates_and_languages() -> None:
    hi, lo = stories.thresholds(False)
    assert stories.same_story(hi, 0, DAY, DAY)
    assert not stories.same_story(lo - 0.01, 5, DAY, DAY)
    assert stories.same_story(lo, stories.STORY_MIN_SHARED_ANCHORS, DAY, None)
    assert lo < hi and not stories.same_story(lo, stories.STORY_MIN_SHARED_ANCHORS - 1, DAY, DAY)
    far = DAY + dt.timedelta(days=stories.STORY_MAX_DAYS + 1)
    assert not stories.same_story(1.0, 10, DAY, far)
    xhi, _ = stories.thresholds(True)
    assert stories.same_story(xhi, 0, DAY, DAY, cross=True)


def test_assign_joins_close_articles_and_keeps_existing_ids() -> None:
    a = StoryItem(1, BASE, DAY, lang="fa")
    b = StoryItem(2, _close_to(BASE, 0.99), DAY, lang="fa")
    c = StoryItem(3, _unit(0, 1, 0, 0), DAY, lang="fa")
    groups = stories.assign([a, b, c], [], {})
    assert [g.articles for g in groups] == [[1, 2], [3]]
    # incremental: stored stories keep their ids, a new close article joins one
    d = StoryItem(4, _close_to(_unit(0, 1, 0, 0), 0.99), DAY, lang="fa")
    again = stories.assign([d], [StoryGroup(7, [1, 2]), StoryGroup(8, [3])], {1: a, 2: b, 3: c})
    assert [(g.id, g.articles) for g in again] == [(7, [1, 2]), (8, [3, 4])]


def test_assign_dates_split_and_near_duplicates_join() -> None:
    a = StoryItem(1, BASE, DAY)
    later = StoryItem(2, BASE, DAY + dt.timedelta(days=30))
    dup = StoryItem(3, _unit(0, 0, 1, 0), None, duplicate_of=1)
    groups = stories.assign([a, later, dup], [], {})
    assert [g.articles for g in groups] == [[1, 3], [2]]


def test_assign_cross_language_needs_its_own_threshold() -> None:
    xhi, _ = stories.thresholds(True)
    hi, _ = stories.thresholds(False)
    assert xhi < hi  # a translation scores lower than a same-language rewrite
    cos = (xhi + hi) / 2  # enough across languages, not within one
    a = StoryItem(1, BASE, DAY, lang="fa")
    same_lang = StoryItem(2, _close_to(BASE, cos), DAY, lang="fa")
    other_lang = StoryItem(3, _close_to(BASE, cos), DAY, lang="ar")
    assert len(stories.assign([a, same_lang], [], {})) == 2
    assert len(stories.assign([a, other_lang], [], {})) == 1


def test_story_text_label_and_bytes() -> None:
    body = "جمله اول خبر است. " * 40
    spans = [(i * 18, i * 18 + 17) for i in range(40)]
    text = stories.story_text("عنوان خبر", body, spans)
    assert text.startswith("عنوان خبر") and len(text) <= stories.STORY_TEXT_CHARS
    assert stories.label_text(None, "x " * 200).endswith("…")
    assert stories.label_text("  عنوان ", "lead") == "عنوان"
    v = _unit(1, 2, 3, 4)
    assert np.allclose(stories.from_bytes(stories.to_bytes(v)), v)
    assert stories.story_span([StoryItem(1, v, DAY), StoryItem(2, v, None)]) == ("2024-03-12", "2024-03-12")


def test_encoder_puts_a_translation_closer_than_other_news() -> None:
    fa = "وزیر خارجه ژاپن روز سه‌شنبه در قاهره با همتای مصری خود درباره تجارت و سرمایه‌گذاری گفتگو کرد."
    ar = "بحث وزير الخارجية الياباني مع نظيره المصري في القاهرة يوم الثلاثاء التجارة والاستثمار."
    other = "سقطت أمطار غزيرة على شمال المغرب وأغلقت السلطات المدارس في ثلاث مدن."
    v = stories.encode([fa, ar, other])
    assert v.shape[0] == 3 and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert float(v[0] @ v[1]) > float(v[0] @ v[2])
    assert "cc:EG" in stories.text_anchors(ar) or "cc:JP" in stories.text_anchors(ar)


def test_wide_date_ranges_are_not_compatible() -> None:
    years = stories.parse_period("2021-04/2026-11")
    assert years == (dt.date(2021, 4, 1), dt.date(2026, 11, 30))
    assert not stories.dates_compatible(years, DAY)  # DAY lies inside, but a span of years proves nothing
    assert not stories.dates_compatible(stories.parse_period("2024"), DAY)
    assert stories.dates_compatible(years, None)  # unknown stays compatible with anything
    month = stories.parse_period("2024-03")
    assert stories.dates_compatible(month, DAY) and not stories.dates_compatible(month, dt.date(2024, 5, 1))
    assert stories.dates_compatible(stories.parse_period("2024-03-14T09:00:00"), DAY)
    assert stories.parse_period("not a date") is None and stories.parse_period("2024-13") is None
    wide = StoryItem(1, BASE, None, period=years, lang="ar")
    dated = StoryItem(2, _close_to(BASE, 0.99), DAY, lang="ar")
    assert len(stories.assign([dated, wide], [], {})) == 2


def test_a_shared_dated_event_lowers_the_bar_to_a_floor() -> None:
    floor = stories.STORY_COSINE_SHARED_EVENT
    xhi, xlo = stories.thresholds(True)
    assert floor < xlo < xhi
    between = (floor + xlo) / 2
    assert stories.same_story(between, 0, DAY, DAY, cross=True, shared_events=1)
    assert not stories.same_story(between, 0, DAY, DAY, cross=True)
    assert not stories.same_story(between, 0, DAY, DAY, shared_events=1)  # one language: vectors alone
    assert not stories.same_story(floor - 0.01, 5, DAY, DAY, cross=True, shared_events=3)  # far apart: no
    later = DAY + dt.timedelta(days=stories.STORY_MAX_DAYS + 1)
    assert not stories.same_story(between, 0, DAY, later, cross=True, shared_events=1)
    fa = StoryItem(1, BASE, DAY, lang="fa", events=frozenset({"ev7"}))
    side = float(np.sqrt(1 - between**2))
    ar = StoryItem(2, _unit(between, side, 0, 0), DAY, lang="ar", events=frozenset({"ev7"}))
    ar_other = StoryItem(3, _unit(between, 0, side, 0), DAY, lang="ar", events=frozenset({"ev9"}))
    assert [g.articles for g in stories.assign([fa, ar, ar_other], [], {})] == [[1, 2], [3]]
