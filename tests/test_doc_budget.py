"""Every document has a budget (issue 11 §2): structural properties that keep each stage near-linear.

Timings live in benchmarks/doc_scaling.py; these tests check what makes them
linear (bounded sentences, look-ups that give what a scan gives, date
inference that does not depend on how often a word repeats). The one
wall-clock assertion is a generous hang guard.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import time

from rasad.doc import Doc, Mention, TimeExpr
from rasad.extract import events
from rasad.extract.time import _SENTENCE_END, _SEQUENCE, _sequence_bounds, analyse
from rasad.extract.time.grammar import find, make_view
from rasad.extract.time.resolve import EVENT_LAG_DAYS, Evidence, _supports, sequence_bound
from rasad.spans import SpanIndex
from rasad.text import process as text_process
from rasad.text.segment import MAX_SENTENCE_CHARS, sentence_spans

NOW = dt.date(2026, 1, 1)
WORDS = ["وزیر", "امور", "خارجه", "گفت", "مذاکرات", "ادامه", "دارد", "الوزير", "قال", "المفاوضات", "مستمرة"]


def _long_line(n_words: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(n_words))


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    """Sorted, disjoint, trimmed spans covering every non-space character of ``text``."""
    covered = 0
    prev = 0
    for s, e in spans:
        assert prev <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        assert not text[prev:s].strip()
        covered += len(re.sub(r"\s", "", text[s:e]))
        prev = e
    assert not text[prev:].strip()
    assert covered == len(re.sub(r"\s", "", text))


def test_a_long_unpunctuated_line_is_cut_into_bounded_sentences_at_whitespace() -> None:
    text = _long_line(20_000)
    spans = sentence_spans(text)
    assert len(spans) > len(text) // MAX_SENTENCE_CHARS
    assert all(e - s <= MAX_SENTENCE_CHARS for s, e in spans)
    _check_spans(text, spans)
    # cut at whitespace: no word is split between two sentences
    assert all(text[e] == " " for _, e in spans[:-1])


def test_a_line_without_whitespace_is_cut_at_the_limit() -> None:
    text = "الف" * (3 * MAX_SENTENCE_CHARS)
    spans = sentence_spans(text)
    assert [e - s for s, e in spans] == [MAX_SENTENCE_CHARS] * 9
    _check_spans(text, spans)


def test_ordinary_sentences_are_not_cut() -> None:
    sentence = _long_line(40) + "."
    text = " ".join([sentence] * 5) + "\n" + sentence
    assert [text[s:e] for s, e in sentence_spans(text)] == [sentence] * 6


def test_text_stage_sentences_on_a_long_line_are_exact_spans_of_the_original() -> None:
    # harakat and tatweel are dropped by normalisation: the spans must still be offsets into doc.text
    text = ("الوزيـــر قالَ إنَّ المفاوضات مستمرة و" * 2000).strip()
    doc = text_process(Doc(text=text, lang="ar"))
    assert len(doc.sentences) > 1
    assert all(doc.norm_to_orig[0] <= s.start < s.end <= len(text) for s in doc.sentences)
    assert all(not text[s.start].isspace() and not text[s.end - 1].isspace() for s in doc.sentences)
    assert all(a.end <= b.start for a, b in zip(doc.sentences, doc.sentences[1:], strict=False))
    # every token lies in one sentence and reads as the original text there
    sents = [(s.start, s.end) for s in doc.sentences]
    assert all(any(s <= t.start and t.end <= e for s, e in sents) for t in doc.tokens[:500])
    norm_lengths = [e - s for s, e in sentence_spans(doc.norm)]
    assert max(norm_lengths) <= MAX_SENTENCE_CHARS


def test_span_index_answers_as_a_scan_does() -> None:
    rng = random.Random(1)
    for _ in range(200):
        spans = [(a, a + rng.randint(0, 6)) for a in (rng.randint(0, 40) for _ in range(rng.randint(0, 8)))]
        idx = SpanIndex(spans)
        for _ in range(20):
            s = rng.randint(0, 45)
            e = s + rng.randint(1, 6)
            assert idx.overlaps(s, e) == any(a < e and s < b for a, b in spans)
            assert idx.covers(s, e) == any(a <= s and e <= b for a, b in spans)
            assert idx.holds(s) == any(a <= s < b for a, b in spans)


def _scan_sequence_bounds(ev: list[Evidence], view: str) -> list[object]:
    """The walk back over every earlier expression that the linear pass replaces."""
    out = []
    for i, later in enumerate(ev):
        if later.cand.rel is None:
            continue
        for earlier in reversed(ev[:i]):
            gap = view[earlier.cand.end : later.cand.start]
            if _SENTENCE_END.search(gap):
                break
            if earlier.cand.y is not None and earlier.cand.rel is None:
                if _SEQUENCE.search(gap):
                    bound = sequence_bound(earlier, later)
                    if bound is not None:
                        out.append(bound)
                break
    return out


def test_sequence_bounds_match_the_walk_back_on_random_mixes() -> None:
    pieces = ["دیروز", "پارسال", "سال گذشته", "ماه گذشته", "۹ فروردین ۱۴۰۲", "سال ۱۳۹۸", "اما", "سپس", "ولی",
              ".", "\n", "گفت", "هفته گذشته", "أمس", "العام الماضي", "لكن", "ثم", "عام 2019", "في مارس 2020",
              "۱۴۰۱/۰۵/۰۳", "هفته آینده"]  # fmt: skip
    rng = random.Random(7)
    bounds = 0
    for _ in range(300):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(3, 30)))
        view, _ = make_view(text)
        ev = [Evidence(c, view[c.start : c.end], rng.random() < 0.1) for c in find(view, rng.choice(["fa", "ar"]))]
        expected = _scan_sequence_bounds(ev, view)
        bounds += len(expected)
        assert _sequence_bounds(ev, view) == expected, text
    assert bounds > 50  # the mixes do exercise the rule


def test_date_inference_is_the_same_with_few_or_many_relative_words() -> None:
    told = "استؤنفت المفاوضات في مايو 2019 لكنها متعثرة منذ العام الماضي"
    few = analyse(told + " " + "أمس " * 3, "ar", now=NOW)
    many = analyse(told + " " + "أمس " * 3000, "ar", now=NOW)
    assert few.date is not None and many.date is not None
    assert (few.date.value, few.date.precision, few.date.why) == (many.date.value, many.date.precision, many.date.why)
    plain_few = analyse("دیروز " * 10, "fa", now=NOW)
    plain_many = analyse("دیروز " * 10_000, "fa", now=NOW)
    assert plain_few.date == plain_many.date
    assert len(plain_many.times) == 10_000


def test_repeated_relative_words_do_not_hang_the_time_stage() -> None:
    # hang guard only (200 KB): the cubic inference took minutes on a fifth of this
    text = "دیروز " * 18_000
    t0 = time.perf_counter()
    r = analyse(text, "fa", now=NOW)
    assert time.perf_counter() - t0 < 30
    assert len(r.times) == 18_000


def _random_doc(rng: random.Random) -> Doc:
    doc = Doc(text="x" * 400, lang="fa")
    for _ in range(rng.randint(0, 30)):
        s = rng.randint(0, 390)
        doc.mentions.append(Mention(s, s + rng.randint(1, 9), "x", rng.choice(["PER", "ORG", "GPE"])))
    for _ in range(rng.randint(0, 10)):
        s = rng.randint(0, 390)
        doc.times.append(TimeExpr(s, s + rng.randint(1, 9), "x", rng.choice(["2020", None]), "year", "gregorian", "date"))
    return doc


def test_mention_and_time_lookups_answer_as_a_scan_does() -> None:
    rng = random.Random(3)
    for _ in range(100):
        doc = _random_doc(rng)
        ms = doc.mentions
        for _ in range(20):
            s = rng.randint(0, 400)
            e = s + rng.randint(0, 60)
            scan = sorted((i for i, m in enumerate(ms) if s <= m.start and m.end <= e), key=lambda i: ms[i].start)
            assert events.mentions_in(doc, s, e) == scan
            per = frozenset({"PER"})
            assert events.mentions_in(doc, s, e, per) == [i for i in scan if ms[i].type == "PER"]
            assert events.mentions_starting_in(doc, s, e) == [i for i, m in enumerate(ms) if s <= m.start < e]
            assert events.in_mention(doc, s) == any(m.start <= s < m.end for m in ms)
            best = None
            for i, m in enumerate(ms):
                if m.type == "PER" and m.end <= s and (best is None or m.start > ms[best].start):
                    best = i
            assert events.last_person_before(doc, s) == best
            assert events.times_in(doc, s, e) == [t for t in doc.times if s <= t.start and t.end <= e and t.value]


def test_mention_index_follows_added_mentions() -> None:
    doc = Doc(text="x" * 100, lang="fa")
    doc.mentions.append(Mention(10, 20, "x", "PER"))
    assert events.mentions_in(doc, 0, 100) == [0]
    doc.mentions.append(Mention(0, 5, "x", "PER"))
    assert events.mentions_in(doc, 0, 100) == [1, 0]


def test_fit_support_matches_the_pairwise_count() -> None:
    rng = random.Random(5)
    base = dt.date(2000, 1, 1)
    lag = dt.timedelta(days=EVENT_LAG_DAYS)
    for _ in range(300):
        fits = [[base + dt.timedelta(days=rng.randint(0, 3000)) for _ in range(rng.randint(1, 6))]
                for _ in range(rng.randint(1, 8))]  # fmt: skip
        got = _supports(fits)
        for ds in fits:
            for d in ds:
                assert got[d] == sum(any(d - lag <= x <= d for x in xs) for xs in fits)


def test_a_repeated_two_calendar_date_gives_the_same_article_date() -> None:
    # a day given in two calendars fits only some years; 2,000 copies must answer as 2 do
    few = analyse("۳۰ مه (۹ خرداد) " * 2, "fa", now=NOW)
    many = analyse("۳۰ مه (۹ خرداد) " * 2000, "fa", now=NOW)
    assert few.date is not None and many.date is not None
    assert (few.date.value, few.date.confidence) == (many.date.value, many.date.confidence)
    assert len(many.times) == 2000
