"""rasad.extract.time: named days, anaphora, quarters, decades of a century, and the other
forms added to reach the parstdex categories (texts written for these tests)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.extract.time import analyse
from rasad.extract.time import calendars as C

ANCHOR = "2021-06-15"  # a Tuesday; 25 Khordad 1400; 5 Dhu al-Qadah 1442
NOW = dt.date(2026, 1, 1)


def found(text: str, lang: str = "fa", anchor: str | None = ANCHOR) -> list[tuple[str, str, str | None]]:
    """(text, kind, value) of every expression, offsets checked."""
    r = analyse(text, lang, anchor=anchor, now=NOW)
    for t in r.times:
        assert text[t.start : t.end] == t.text
    return [(t.text, t.kind, t.value) for t in r.times]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # with a year, in the festival's own calendar or another
        ("جشن نوروز ۱۳۹۹ در خانه برگزار شد", "fa", ("جشن نوروز ۱۳۹۹", "2020-03-20")),  # the day word is kept
        ("شب یلدا ۱۳۹۸ برف آمد", "fa", ("شب یلدا ۱۳۹۸", "2019-12-21")),
        ("تعطیلات کریسمس ۲۰۱۹ کوتاه بود", "fa", ("کریسمس ۲۰۱۹", "2019-12-25")),
        ("سافر قبل عيد الأضحى 2019 بأيام", "ar", ("عيد الأضحى 2019", "2019-08-11")),
        # computed days: Western Easter, the eve of the year's last Wednesday, the last Friday of Ramadan
        ("عيد الفصح 2024 كان في الربيع", "ar", ("عيد الفصح 2024", "2024-03-31")),
        ("چهارشنبه سوری ۱۴۰۲ آرام بود", "fa", ("چهارشنبه سوری ۱۴۰۲", "2024-03-12")),
        ("راهپیمایی روز قدس ۲۰۲۴ برگزار شد", "fa", ("راهپیمایی روز قدس ۲۰۲۴", "2024-04-05")),
        # a 14xx year beside a Hijri day: Solar Hijri when it could be (۱۴۰۲), Hijri when that is decades away
        ("مراسم عاشورای حسینی ۱۴۰۲ برگزار شد", "fa", ("عاشورای حسینی ۱۴۰۲", "2023-07-28")),
        ("مراسم عاشورای حسینی ۱۴۴۵ برگزار شد", "fa", ("عاشورای حسینی ۱۴۴۵", "2023-07-28")),
    ],
)
def test_named_days_with_a_year(text: str, lang: str, expected: tuple[str, str]) -> None:
    got = [(s, v) for s, k, v in found(text, lang) if k == "date"]
    assert got == [expected]


def test_named_days_without_a_year_take_the_nearest_past_one() -> None:
    # Nowruz before 15 June 2021 is 1 Farvardin 1400; Eid al-Fitr 1442 fell in May 2021.
    assert found("در نوروز به سفر رفتیم") == [("نوروز", "date", "2021-03-21")]
    assert found("وصل الوفد قبل عيد الفطر", "ar") == [("عيد الفطر", "date", "2021-05-13")]
    # in a sentence about the future, the next one
    assert found("در عید قربان به مکه خواهد رفت") == [("عید قربان", "date", "2021-07-20")]


def test_a_named_day_without_year_or_article_date_is_unresolved() -> None:
    r = analyse("در نوروز به سفر رفتیم", "fa", now=NOW)
    assert [(t.text, t.value) for t in r.times] == [("نوروز", None)]
    assert r.errors and "no year" in str(r.errors[0]["reason"])


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("فیلمی درباره واقعه عاشورا ساخت", "fa"),  # the historical event, not this year's day
        ("سن او اربعین نبود", "fa"),  # an everyday word needs a day word before it
        ("تمثل هذه الثغرات مبعث قلق للشركات", "ar"),  # "a source of"
    ],
)
def test_everyday_words_that_are_also_named_days(text: str, lang: str) -> None:
    assert found(text, lang) == []


def test_a_day_word_makes_the_everyday_word_a_named_day() -> None:
    assert found("در روزهای اربعین شلوغ بود") == [("روزهای اربعین", "date", "2020-10-07")]
    assert found("ظهر عاشورا رسیدند")[0][:2] == ("ظهر عاشورا", "date")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("در سال ۲۰۱۹ به ایران آمد و در آن سال کتابی نوشت", "fa", [("سال ۲۰۱۹", "2019"), ("آن سال", "2019")]),
        ("وصل في 3 مارس 2019، وفي ذلك اليوم قال", "ar", [("3 مارس 2019", "2019-03-03"), ("ذلك اليوم", "2019-03-03")]),
        ("ارتفعت الأسعار في مايو 2018 عن العام نفسه", "ar", [("مايو 2018", "2018-05"), ("العام نفسه", "2018")]),
        ("در سال ۲۰۱۹ آمد و آذر همان سال رفت", "fa", [("سال ۲۰۱۹", "2019"), ("آذر همان سال", "2019-11-22/2019-12-21")]),
        ("در تیر ۱۳۹۰ آمد و همان ماه رفت", "fa", [("تیر ۱۳۹۰", "2011-06-22/2011-07-22"),
                                                  ("همان ماه", "2011-06-22/2011-07-22")]),
    ],
)  # fmt: skip
def test_anaphora_take_the_last_dated_expression(text: str, lang: str, expected: list[tuple[str, str]]) -> None:
    assert [(s, v) for s, _, v in found(text, lang)] == expected


def test_an_anaphor_with_nothing_before_it_stays_unresolved() -> None:
    r = analyse("در آن روز باران آمد", "fa", anchor=ANCHOR, now=NOW)
    assert [(t.text, t.value) for t in r.times] == [("آن روز", None)]
    assert "refers back" in str(r.errors[0]["reason"])
    # a year cannot come from an expression that names no year
    assert [(s, v) for s, _, v in found("در ساعت ۵ رسید و آن سال گذشت")][-1] == ("آن سال", None)


def test_arabic_that_conjunction_is_no_anaphor() -> None:
    assert found("وأكد أن اليوم الأول للمؤتمر ناجح", "ar") == []


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("در سه ماهه نخست سال ۲۰۲۰ رشد کرد", "fa", "2020-Q1"),
        ("ارتفع في الربع الأخير من العام الماضي", "ar", "2020-Q4"),
        ("الربع الثالث من عام 2019", "ar", "2019-Q3"),
        ("در ربع چهارم سال رشد کرد", "fa", "2021-12-22/2022-03-20"),  # Q4 of 1400: Dey to Esfand
        ("سه‌ماهه دوم سال گذشته", "fa", "2020-06-21/2020-09-21"),  # Q2 of 1399: Tir to Shahrivar
        ("الربع الأول من عام 1440 هـ", "ar", "2018-09-11/2018-12-07"),  # Muharram to Rabi' al-Awwal
    ],
)
def test_quarters(text: str, lang: str, value: str) -> None:
    assert [v for _, _, v in found(text, lang)] == [value]
    assert [t.precision for t in analyse(text, lang, anchor=ANCHOR, now=NOW).times] == ["quarter"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("در دهه سوم قرن بیستم", "192"), ("دهه دوم قرن حاضر", "201"), ("العقد الأول من القرن العشرين", "190")],
)
def test_ordinal_decades_of_a_century(text: str, value: str) -> None:
    lang = "ar" if "العقد" in text else "fa"
    assert [v for _, _, v in found(text, lang)] == [value]


def test_the_first_ten_days_of_a_month_are_no_decade_of_a_century() -> None:
    assert all(v not in ("190", "200", "201") for _, _, v in found("دهه اول ماه رمضان"))


@pytest.mark.parametrize(
    ("text", "value"),
    [("یک ربع به شش رسید", "T05:45"), ("ساعت هفت و ربع رسید", "T07:15"), ("ساعت ۵ و سه ربع رسید", "T05:45")],
)
def test_quarter_hours(text: str, value: str) -> None:
    assert [v for _, k, v in found(text) if k == "time"] == [value]


def test_nights_day_by_day_and_every_other_day() -> None:
    assert found("اقامت ۳ یا ۴ شبه در هتل") == [("۳ یا ۴ شبه", "duration", "P3D/P4D")]
    assert found("سه شب ماندیم") == [("سه شب", "duration", "P3D")]
    assert found("۱۰ شب رسید") == []  # may be 10 p.m.: not read as ten nights
    assert found("قیمت‌ها روز به روز بالا رفت") == [("روز به روز", "set", "P1D")]
    assert found("یک روز در میان ورزش می‌کند") == [("یک روز در میان", "set", "P2D")]
    assert found("روز بعد از انتخابات آمد") == []  # "the day after the election", not tomorrow


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("در انتخابات ۹۲ شرکت کرد", "fa", [("۹۲", "2013-03-21/2014-03-20")]),
        ("در جام جهانی ۲۰۱۴ بازی کرد", "fa", [("۲۰۱۴", "2014")]),
        ("شارك في كأس العالم 2010 بجنوب أفريقيا", "ar", [("2010", "2010")]),
        ("مثلا ۱۳۹۹ یا ۲۰۲۰ را بنویس", "fa", [("۱۳۹۹", "2020-03-20/2021-03-20"), ("۲۰۲۰", "2020")]),
        ("از ۹۵ تا کنون عضو است", "fa", [("از ۹۵ تا کنون", "2016-03-20/2021-06-15")]),
        ("در سال ۱۱۰ ق درگذشت", "fa", [("سال ۱۱۰ ق", "0728-04-20/0729-04-08")]),
    ],
)
def test_years_by_their_event_noun_their_other_calendar_or_a_calendar_letter(
    text: str, lang: str, expected: list[tuple[str, str]]
) -> None:
    assert [(s, v) for s, _, v in found(text, lang)] == expected


@pytest.mark.parametrize("text", ["با بودجه ۵۰ میلیون دلاری ساخته شد", "۱۵۰۰ یا ۲۰۰۰ نفر آمدند", "بودجه 2000 میلیارد"])
def test_amounts_after_event_nouns_or_in_pairs_are_no_years(text: str) -> None:
    assert found(text) == []


def test_two_full_dates_joined_by_and_are_two_dates() -> None:
    assert [v for _, _, v in found("در ۳ مهر ۱۴۰۰ و ۵ آبان ۱۴۰۰ آمد")] == ["2021-09-25", "2021-10-27"]
    # after "between" they are a range
    assert [k for _, k, _ in found("بین ۳ مهر ۱۴۰۰ و ۵ آبان ۱۴۰۰ آمد")] == ["range"]


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from([("نوروز", "jalali", 1, 1), ("عید فطر", "hijri", 10, 1), ("عاشورای حسینی", "hijri", 1, 10),
                     ("عید غدیر", "hijri", 12, 18), ("شب یلدا", "jalali", 9, 30)]),
    st.integers(0, 60),
)  # fmt: skip
def test_named_days_with_their_own_year_parse_back(case: tuple[str, str, int, int], offset: int) -> None:
    name, cal, m, d = case
    y = (1370 if cal == "jalali" else 1410) + offset
    text = f"در {name} {y} {'خورشیدی' if cal == 'jalali' else 'قمری'} آمد"
    want = C.to_gregorian(cal, y, m, d).isoformat()
    assert [t.value for t in analyse(text, "fa", now=NOW).times] == [want], text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["آن", "همان", "سال", "روز", "ماه", "ربع", "اول", "به", "شب", "نوروز", "عید", "فطر", "۹۶",
                         "۲۰۲۰", "یا", "و", "انتخابات", "دهه", "سوم", "قرن", "ذلك", "اليوم", "العام", "نفسه", "الربع",
                         "الأول", "من", "لكن", "منذ", "الماضي", "در", "میان", "یک", "شش", "۳", "شبه", "."]),
        max_size=14,
    ),
    st.sampled_from(["fa", "ar"]),
)  # fmt: skip
def test_new_vocabulary_in_any_order_never_crashes(words: list[str], lang: str) -> None:
    text = " ".join(words)
    for anchor in (None, ANCHOR):
        r = analyse(text, lang, anchor=anchor, now=NOW)
        for t in r.times:
            assert text[t.start : t.end] == t.text
