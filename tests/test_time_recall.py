"""rasad.extract.time: the general grammar added for recall (texts written for the tests).

Number words past 99 and written-out years, clock times without ساعت or with
an hour word, parts of the day, Persian unit suffixes (ساله، روزی), frequencies,
bare months with context, early and BCE years, ordinal periods, and merges
(a day with "this year", a clock time before its day, a weekday and its part of day).
"""

from __future__ import annotations

import datetime as dt

import pytest

from rasad.extract.time import analyse

ANCHOR = "2021-06-15"  # a Tuesday; 25 Khordad 1400
NOW = dt.date(2026, 1, 1)


def found(text: str) -> list[tuple[str, str, str | None]]:
    """(text, kind, value) of every expression in ``text`` (Persian), offsets checked."""
    r = analyse(text, "fa", anchor=ANCHOR, now=NOW)
    for t in r.times:
        assert text[t.start : t.end] == t.text
    return [(t.text, t.kind, t.value) for t in r.times]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("سیصد و پنج روز گذشت", "سیصد و پنج روز", "P305D"),
        ("بنا ششصد سال قدمت دارد", "ششصد سال", "P600Y"),
        ("او در سال هزار و سیصد و هفتاد و دو به دنیا آمد", "سال هزار و سیصد و هفتاد و دو", "1993-03-21/1994-03-20"),
        ("از سال دوهزاروده عضو است", "سال دوهزاروده", "2010"),
        ("در ژوئن دو هزار و نوزده رفت", "ژوئن دو هزار و نوزده", "2019-06"),
    ],
)
def test_number_words_past_ninety_nine_and_written_out_years(text: str, span: str, value: str) -> None:
    assert found(text) == [(span, "duration" if value.startswith("P") else "date", value)]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("ساعت نه رسیدیم", "ساعت نه", "T09:00"),
        ("ساعت پنج و نیم رسیدیم", "ساعت پنج و نیم", "T05:30"),
        ("هشت و نیم عصر برگشت", "هشت و نیم عصر", "T20:30"),
        ("قطار ۷ صبح حرکت کرد", "۷ صبح", "T07:00"),
        ("ساعت ۲ شب زلزله آمد", "ساعت ۲ شب", "T02:00"),
        ("ساعت ۱۱ شب زلزله آمد", "ساعت ۱۱ شب", "T23:00"),
        ("ساعت ۱۲ شب زلزله آمد", "ساعت ۱۲ شب", "T00:00"),
        ("ساعت ۱۲ ظهر رسید", "ساعت ۱۲ ظهر", "T12:00"),
    ],
)
def test_clock_times_with_hour_words_halves_and_parts_of_day(text: str, span: str, value: str) -> None:
    assert found(text) == [(span, "time", value)]


def test_a_count_of_nights_or_mornings_is_no_clock_time() -> None:
    assert found("سه شب در هتل ماندیم") == [("سه شب", "duration", "P3D")]  # a count of nights
    assert all(kind != "time" or value == "TMO" for _, kind, value in found("یک صبح بهاری بود"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("صبح امروز جلسه بود", [("صبح امروز", "date", "2021-06-15")]),
        ("دیشب باران آمد", [("دیشب", "date", "2021-06-14")]),
        ("از شب گذشته قطع است", [("شب گذشته", "date", "2021-06-14")]),
        ("عصر دیروز رفت", [("عصر دیروز", "date", "2021-06-14")]),
        ("شنبه عصر آمد", [("شنبه عصر", "date", "2021-06-12")]),
        ("بعد از ظهر ۱۲ آبان ۱۳۹۰ رفت", [("بعد از ظهر ۱۲ آبان ۱۳۹۰", "date", "2011-11-03")]),
        ("جلسه صبح برگزار شد", [("صبح", "time", "TMO")]),
        ("عصر جدید فرا رسید", []),  # عصر alone is "era"
    ],
)
def test_parts_of_the_day(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "span", "kind", "value"),
    [
        ("یک قرارداد ده ساله بست", "ده ساله", "duration", "P10Y"),
        ("چند ماهی ماند", "چند ماهی", "duration", "PXM"),
        ("سه ساعتی طول کشید", "سه ساعتی", "duration", "PT3H"),
        ("۴۵ ثانیه سکوت کرد", "۴۵ ثانیه", "duration", "PT45S"),
        ("در سن ۳۰ سالگی درگذشت", "۳۰ سالگی", "duration", "P30Y"),
        ("روزی سه بار دارو بخورید", "روزی سه بار", "set", "P1D"),
        ("هفته‌ای دو بار تمرین دارد", "هفته‌ای دو بار", "set", "P1W"),
    ],
)
def test_unit_suffixes_seconds_ages_and_frequencies(text: str, span: str, kind: str, value: str) -> None:
    assert found(text) == [(span, kind, value)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اواسط دی برف آمد", [("اواسط دی", "date", "2020-12-21/2021-01-19")]),
        ("از مهر تا آبان کار کرد", [("از مهر تا آبان", "range", "2020-09-22/2020-11-20")]),
        ("بیست و سه تیر آمد", [("بیست و سه تیر", "date", "2020-07-13")]),
        ("۵ دی سال گذشته آمد", [("۵ دی سال گذشته", "date", "2020-12-25")]),
        ("۱۲ بهمن امسال", [("۱۲ بهمن امسال", "date", "2022-02-01")]),
        ("۱۵ ربیع ثانی ۱۴۴۲ بود", [("۱۵ ربیع ثانی ۱۴۴۲", "date", "2020-11-30")]),
    ],
)
def test_months_with_context_and_relative_years(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(text) == expected


def test_an_everyday_month_word_beside_a_later_year_reference() -> None:
    assert [s for s, _, _ in found("آذر همان سال به کوبا رفت")] == ["آذر همان سال"]
    assert found("یک دی جی آمد") == []  # still no month


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("متولد ۱۳۶۰ است", [("۱۳۶۰", "date", "1981-03-21/1982-03-20")]),
        ("مصوب ۱۳۹۲ است", [("۱۳۹۲", "date", "2013-03-21/2014-03-20")]),
        ("سال ۵۰۰ قبل از میلاد", [("سال ۵۰۰ قبل از میلاد", "date", "BC0500")]),
        ("در سال ۸۰۰ هجری", [("سال ۸۰۰ هجری", "date", "1397-10-02/1398-09-20")]),
        ("دهه هفتاد گذشت", [("دهه هفتاد", "date", "1991-03-21/2001-03-20")]),
        ("در دوره 1914 1918 جنگ بود", [("1914 1918", "range", "1914/1918")]),
        ("فاصله ۵۰۰ م است", []),  # metres, not a year
        ("در ۶۰۰ خورشیدی و ۱۲۲۱ میلادی", [("۶۰۰ خورشیدی", "date", "1221-03-21/1222-03-20"),
                                          ("۱۲۲۱ میلادی", "date", "1221")]),
        ("تاریخ 12\\05\\1398 ثبت شد", [("12\\05\\1398", "date", "2019-08-03")]),
    ],
)
def test_years_with_cues_early_and_bce_years(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(text) == expected


def test_ordinal_periods_are_found_with_a_reason_for_no_value() -> None:
    r = analyse("در سومین روز اعتراضات و سی و پنجمین سال", "fa", anchor=ANCHOR, now=NOW)
    assert [(t.text, t.value) for t in r.times] == [("سومین روز", None), ("سی و پنجمین سال", None)]
    assert all("ordinal" in e["reason"] for e in r.errors)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("تا پایان سال ادامه دارد", [("پایان سال", "date", "2021")]),
        ("اواخر ماه آینده می‌آید", [("اواخر ماه آینده", "date", "2021-07")]),
        ("در اواخر سال ۱۳۹۹ آمد", [("اواخر سال ۱۳۹۹", "date", "2020-03-20/2021-03-20")]),
        ("ساعت ۱۰ صبح روز ۳ خرداد ۱۴۰۰ رسید", [("ساعت ۱۰ صبح روز ۳ خرداد ۱۴۰۰", "date", "2021-05-24T10:00")]),
        ("دوشنبه ساعت ۱۰ جلسه است", [("دوشنبه ساعت ۱۰", "date", "2021-06-14T10:00")]),
    ],
)
def test_period_modifiers_and_clock_day_merges(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(text) == expected


def test_arabic_text_keeps_its_rules() -> None:
    assert found_ar("وصل بعد 3 ساعات") == [("بعد 3 ساعات", "date")]
    assert found_ar("صباح الخير يا صباح") == []


def found_ar(text: str) -> list[tuple[str, str]]:
    """(text, kind) of every expression in Arabic ``text``."""
    return [(t.text, t.kind) for t in analyse(text, "ar", anchor=ANCHOR, now=NOW).times]
