"""rasad.extract.time: one test per category of the issue, on texts written for the tests."""

from __future__ import annotations

import datetime as dt

import pytest

from rasad.extract.time import analyse, parse_date

ANCHOR = "2021-06-15"  # a Tuesday
NOW = dt.date(2026, 1, 1)


def only(text: str, lang: str | None = None, anchor: str | None = ANCHOR):
    """The single expression found in ``text``."""
    r = analyse(text, lang, anchor=anchor, now=NOW)
    assert len(r.times) == 1, [(t.text, t.value) for t in r.times]
    t = r.times[0]
    assert text[t.start : t.end] == t.text
    return t


@pytest.mark.parametrize(
    ("text", "value", "calendar"),
    [
        ("جلسه در ۱۲ مهر ۱۳۹۹ برگزار شد", "2020-10-03", "jalali"),
        ("او روز دوازدهم مهر ۱۳۹۹ رسید", "2020-10-03", "jalali"),
        ("قرارداد ۲۸ اسفند ۱۳۹۵ امضا شد", "2017-03-18", "jalali"),
        ("در اول فروردین ۱۴۰۰ آغاز شد", "2021-03-21", "jalali"),
        ("نشست ۱۴ ژوئیه ۲۰۱۹ بود", "2019-07-14", "gregorian"),
        ("سخنرانی هفدهم فوریه ۲۰۲۰", "2020-02-17", "gregorian"),
        ("عقد الاجتماع في 17 فبراير 2020", "2020-02-17", "gregorian"),
        ("عقد الاجتماع في 17 شباط 2020", "2020-02-17", "gregorian"),
        ("وصل في 3 تشرين الأول 2018", "2018-10-03", "gregorian"),
        ("وصل في 3 تشرين الثاني 2018", "2018-11-03", "gregorian"),
        ("وصل في 3 كانون الثاني 2018", "2018-01-03", "gregorian"),
        ("في الحادي عشر من أيلول 2018", "2018-09-11", "gregorian"),
        ("في الخامس من حزيران 2017", "2017-06-05", "gregorian"),
        ("بدأ الصيام في ٣ رمضان ١٤٤٢ هـ", "2021-04-15", "hijri"),
        ("The talks opened on March 3, 2019 in Oman", "2019-03-03", "gregorian"),
        ("The talks opened on 3 March 2019", "2019-03-03", "gregorian"),
        ("سند مورخ 1399/07/12 ثبت شد", "2020-10-03", "jalali"),
        ("صدر بتاريخ 2019-03-03", "2019-03-03", "gregorian"),
    ],
)
def test_full_dates_in_each_calendar_and_naming_system(text: str, value: str, calendar: str) -> None:
    t = only(text)
    assert (t.value, t.precision, t.calendar, t.kind, t.inferred) == (value, "day", calendar, "date", False)


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("در آوریل ۲۰۱۹ اعلام شد", "2019-04", "month"),
        ("منذ أكتوبر 2019", "2019-10", "month"),
        ("في نيسان 2019", "2019-04", "month"),
        ("در سال ۲۰۱۹ میلادی", "2019", "year"),
        ("في عام 2011", "2011", "year"),
        ("تأسست سنة 1991", "1991", "year"),
        ("در سال ۱۳۹۷", "2018-03-21/2019-03-20", "year"),
        ("در مهرماه ۱۳۹۹", "2020-09-22/2020-10-21", "month"),
    ],
)
def test_months_and_years(text: str, value: str, precision: str) -> None:
    t = only(text)
    assert (t.value, t.precision) == (value, precision)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("در فاصله سال‌های ۲۰۱۱ تا ۲۰۱۴", "2011/2014"),
        ("بين عامي 2011 و2014", "2011/2014"),
        ("خلال الفترة 2011-2014", "2011/2014"),
        ("از ۵ تا ۹ آبان ۱۳۹۸", "2019-10-27/2019-10-31"),
        ("از ۲۰ آبان تا ۱۴ آذر ۱۳۹۸", "2019-11-11/2019-12-05"),
        ("از سال ۲۰۱۵ تاکنون", "2015/2021-06-15"),
        ("منذ عام 2011 حتى الآن", "2011/2021-06-15"),
    ],
)
def test_ranges(text: str, value: str) -> None:
    t = only(text)
    assert (t.kind, t.value) == ("range", value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("در پنج سال گذشته", "P5Y"),
        ("استمرت الحرب ثلاثة أسابيع", "P3W"),
        ("تا چند روز دیگر", "PXD"),
        ("خلال السنوات الخمس الماضية", "P5Y"),
        ("استمر الاجتماع ساعتين", "PT2H"),
        ("طی ۴۵ دقیقه", "PT45M"),
        ("به مدت ۳۰ تا ۶۰ دقیقه", "PT30M/PT60M"),
    ],
)
def test_durations(text: str, value: str) -> None:
    t = only(text)
    assert (t.kind, t.value) == ("duration", value)


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("دیروز اعلام شد", "2021-06-14", "day"),
        ("فردا می‌رسد", "2021-06-16", "day"),
        ("وقال أمس", "2021-06-14", "day"),
        ("سال گذشته", "2020", "year"),
        ("ماه آینده", "2021-07", "month"),
        ("الشهر الماضي", "2021-05", "month"),
        ("العام المقبل", "2022", "year"),
        ("منذ ثلاثة أيام", "2021-06-12", "day"),
        ("سه روز پیش", "2021-06-12", "day"),
        ("شنبه گذشته", "2021-06-12", "day"),
        ("الجمعة الماضية", "2021-06-11", "day"),
        ("امسال", "2021", "year"),
    ],
)
def test_relative_expressions_anchor_to_the_article_date(text: str, value: str, precision: str) -> None:
    t = only(text)
    assert (t.value, t.precision, t.inferred) == (value, precision, True)


def test_bare_month_is_the_nearest_past_one_unless_future_tense() -> None:
    assert only("في أكتوبر، زار الوزير", "ar").value == "2020-10"
    assert only("في مارس، زار الوزير", "ar").value == "2021-03"
    assert only("سوف يزور البلاد في أكتوبر", "ar").value == "2021-10"


def test_weekday_alone_is_the_latest_such_day() -> None:
    t = only("وزير الخارجية التقى نظيره يوم الخميس", "ar")
    assert (t.value, t.inferred) == ("2021-06-10", True)


def test_day_without_year_takes_the_anchors_year() -> None:
    t = only("روز ۱۰ خرداد", "fa")
    assert (t.value, t.inferred) == ("2021-05-31", True)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("۳ مه (۱۳ اردیبهشت) ۲۰۲۱", "2021-05-03"),
        ("۳ مه (۱۳ اردیبهشت)", "2021-05-03"),
        ("3 أيار (مايو) 2021", "2021-05-03"),
        ("في مايو أيار 2021", "2021-05"),
    ],
)
def test_dual_calendar_mentions_are_one_expression(text: str, value: str) -> None:
    assert only(text).value == value


def test_dual_calendar_halves_that_disagree_are_reported() -> None:
    r = analyse("۳ مه (۱۴ اردیبهشت) ۲۰۲۱", "fa", anchor=ANCHOR, now=NOW)
    assert len(r.times) == 1 and r.times[0].value is None
    assert "different days" in r.errors[0]["reason"]


@pytest.mark.parametrize("digits", ["0123456789", "۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"])
def test_digit_systems(digits: str) -> None:
    text = "12 مهر 1399".translate(str.maketrans("0123456789", digits))
    assert only(text, "fa").value == "2020-10-03"


def test_clock_times_and_datetimes() -> None:
    assert only("ساعت ۱۴:۳۰").value == "T14:30"
    assert only("۱۲ مهر ۱۳۹۹ ساعت ۱۴:۳۰", "fa").value == "2020-10-03T14:30"
    assert only("17 فبراير 2020، الساعة 05:16 مساءً", "ar").value == "2020-02-17T17:16"


def test_sets_seasons_centuries() -> None:
    assert (only("هر هفته").kind, only("هر هفته").value) == ("set", "P1W")
    assert only("في صيف 2019", "ar").value == "2019-SU"
    assert only("در تابستان ۱۳۹۵", "fa").value == "2016-06-21/2016-09-21"
    assert only("در قرن نوزدهم میلادی", "fa").value == "18"


@pytest.mark.parametrize(
    "text",
    ["۳۱ اسفند ۱۴۰۱", "۳۰ اسفند ۱۴۰۱", "30 فبراير 2023", "29 February 2023", "30 محرم 1445"],
)
def test_impossible_dates_give_none_and_a_reason(text: str) -> None:
    r = analyse(text, anchor=ANCHOR, now=NOW)
    assert len(r.times) == 1 and r.times[0].value is None
    assert "does not exist" in r.errors[0]["reason"]


def test_leap_day_that_exists_resolves() -> None:
    assert only("۳۰ اسفند ۱۴۰۳").value == "2025-03-20"
    assert only("29 February 2024").value == "2024-02-29"


def test_thirteenth_month_is_not_a_date() -> None:
    r = analyse("سند 1399/13/05", anchor=ANCHOR, now=NOW)
    assert all(t.value is None for t in r.times)


@pytest.mark.parametrize(
    "text",
    ["یک دی جی قبل از بهار آزادی", "او در شهر ماند", "رجب طیب اردوغان سخن گفت", "دوم می‌کشد", "۱۴۰ شرکت",
     "امام جمعه شهر گفت", "در نماز جمعه حاضر شد"],
)
def test_everyday_words_are_not_dates(text: str) -> None:
    assert analyse(text, "fa", anchor=ANCHOR, now=NOW).times == []


def test_parse_date_reads_datelines() -> None:
    assert parse_date("۱۲:۱۱ ۱۴۰۲-۶-۴").value == "2023-08-26"
    assert parse_date("2015-07-21 02:51:32").value == "2015-07-21"
    assert parse_date("no date here") is None


@pytest.mark.parametrize("bad", ["", "   ", "\x00\x01", "؟؟؟", "9" * 500, "۱۲/۱۲/۱۲/۱۲/۱۲"])
def test_bad_input_never_crashes(bad: str) -> None:
    r = analyse(bad, now=NOW)
    assert all(bad[t.start : t.end] == t.text for t in r.times)


def test_bad_anchor_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="not a date"):
        analyse("دیروز", anchor="yesterday-ish")


def test_a_word_continued_after_zwnj_is_not_a_unit_or_month() -> None:
    assert analyse("سردبیر این هفته‌نامه گفت", "fa", anchor=ANCHOR, now=NOW).times == []
    assert only("در سه‌شنبه ۱۸ آبان‌ماه ۱۳۹۵", "fa").value == "2016-11-08"
    assert only("در سه ماه‌ی گذشته", "fa").value == "P3M"  # the ezafe suffix is no new word
    assert only("هفته‌ی گذشته", "fa").value == "2021-W23"


def test_a_rejected_match_does_not_hide_a_date_inside_it() -> None:
    # "شعبان 12" is no date (a name and a number), but "12 دی‌ماه" right after it is
    t = only("همایش گروه شعبان 12 دی‌ماه ۱۳۹۹ برگزار شد", "fa")
    assert (t.text, t.value) == ("12 دی‌ماه ۱۳۹۹", "2021-01-01")


def test_clock_times_written_in_words() -> None:
    assert only("ساعت ۱۳ و بیست و دو دقیقه رسید", "fa").value == "T13:22"
    assert only("ساعت ۵ غروب", "fa").value == "T17:00"


@pytest.mark.parametrize("text", ["تسعى الشركة إلى جمعه خلال الطرح", "يدفع 150 ريالا في اليوم الواحد"])
def test_arabic_words_that_only_look_like_dates(text: str) -> None:
    assert analyse(text, "ar", anchor=ANCHOR, now=NOW).times == []


def test_that_day_is_never_today() -> None:
    """"ذلك اليوم" points back to a day named before; with none, it stays without a value."""
    r = analyse("كان متوفرا في ذلك اليوم", "ar", anchor=ANCHOR, now=NOW)
    assert [(t.text, t.value) for t in r.times] == [("ذلك اليوم", None)]
    assert "refers back" in r.errors[0]["reason"]


def test_decades_ago_is_a_point_in_time() -> None:
    assert only("صورت قبل ثمانية عقود", "ar").value == "1941"
