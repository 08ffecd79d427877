"""Property tests: any date, rendered in any supported calendar and style, parses back to itself."""

from __future__ import annotations

import datetime as dt

from babel import Locale
from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.extract.time import analyse
from rasad.extract.time import calendars as C

NOW = dt.date(2060, 1, 1)

JALALI = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی",
          "بهمن", "اسفند"]  # fmt: skip
HIJRI = ["محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "رجب",
         "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة"]  # fmt: skip
#: Gregorian naming systems, from CLDR (the same source the grammar reads, so
#: these tests check the matcher and arithmetic rather than the name lists).
GREGORIAN = {
    loc: [Locale.parse(loc).months["format"]["wide"][m] for m in range(1, 13)]
    for loc in ("fa", "ar", "ar_SY", "ar_MA", "en")
}
FA_ORD = ["یکم", "دوم", "سوم", "چهارم", "پنجم", "ششم", "هفتم", "هشتم", "نهم", "دهم", "یازدهم",
          "دوازدهم", "سیزدهم", "چهاردهم", "پانزدهم", "شانزدهم", "هفدهم", "هجدهم", "نوزدهم", "بیستم",
          "بیست و یکم", "بیست و دوم", "بیست و سوم", "بیست و چهارم", "بیست و پنجم", "بیست و ششم",
          "بیست و هفتم", "بیست و هشتم", "بیست و نهم", "سی‌ام", "سی و یکم"]  # fmt: skip
AR_ORD = ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع",
          "العاشر", "الحادي عشر", "الثاني عشر", "الثالث عشر", "الرابع عشر", "الخامس عشر",
          "السادس عشر", "السابع عشر", "الثامن عشر", "التاسع عشر", "العشرون", "الحادي والعشرون",
          "الثاني والعشرون", "الثالث والعشرون", "الرابع والعشرون", "الخامس والعشرون",
          "السادس والعشرون", "السابع والعشرون", "الثامن والعشرون", "التاسع والعشرون", "الثلاثون",
          "الحادي والثلاثون"]  # fmt: skip
FA_WD = ["دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه"]
AR_WD = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
DIGITS = {"latin": "0123456789", "persian": "۰۱۲۳۴۵۶۷۸۹", "arabic": "٠١٢٣٤٥٦٧٨٩"}
YEAR_SUFFIX = {"gregorian": ["", " میلادی", "م"], "jalali": ["", " خورشیدی", " شمسی"], "hijri": ["", " هـ", " قمری"]}


def _digits(n: int, system: str) -> str:
    return str(n).translate(str.maketrans("0123456789", DIGITS[system]))


@st.composite
def rendered_dates(draw: st.DrawFn) -> tuple[str, dt.date]:
    """A Gregorian day and one way Persian/Arabic/English news could write it."""
    day = draw(st.dates(dt.date(1950, 1, 1), dt.date(2050, 12, 31)))
    cal = draw(st.sampled_from(["gregorian", "jalali", "hijri"]))
    y, m, d = C.from_gregorian(cal, day)
    lang = "fa" if cal == "jalali" else draw(st.sampled_from(["fa", "ar"]))
    if cal == "gregorian":
        loc = draw(st.sampled_from(["fa"] if lang == "fa" else ["ar", "ar_SY", "ar_MA", "en"]))
        month = GREGORIAN[loc][m - 1]
    else:
        month = (JALALI if cal == "jalali" else HIJRI)[m - 1]
    digits = draw(st.sampled_from(list(DIGITS)))
    day_style = draw(st.sampled_from(["number", "ordinal"]))
    if day_style == "ordinal" and lang == "fa":
        day_txt = FA_ORD[d - 1]
    elif day_style == "ordinal":
        day_txt = AR_ORD[d - 1] + draw(st.sampled_from(["", " من"]))
    else:
        day_txt = _digits(d, digits)
    year_word = draw(st.sampled_from(["", "سال " if lang == "fa" else "عام "]))
    suffix = draw(st.sampled_from(YEAR_SUFFIX[cal]))
    text = f"{day_txt} {month} {year_word}{_digits(y, digits)}{suffix}"
    if draw(st.booleans()):
        wd = (FA_WD if lang == "fa" else AR_WD)[day.weekday()]
        text = draw(st.sampled_from(["", "روز " if lang == "fa" else "يوم "])) + wd + draw(st.sampled_from([" ", "، "])) + text
    return text, day


@settings(max_examples=300, deadline=None)
@given(rendered_dates(), st.sampled_from(["", "خبر: ", "وقال في ", "او گفت در "]))
def test_rendered_dates_parse_back(case: tuple[str, dt.date], prefix: str) -> None:
    text, day = case
    full = prefix + text + " اعلام شد."
    r = analyse(full, now=NOW)
    values = [t.value for t in r.times]
    assert day.isoformat() in values, (full, [(t.text, t.value) for t in r.times])
    hit = next(t for t in r.times if t.value == day.isoformat())
    assert full[hit.start : hit.end] == hit.text
    assert hit.text.strip().endswith(text.strip()[-2:])  # the span reaches the end of the year


@settings(max_examples=150, deadline=None)
@given(st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)))
def test_dual_calendar_rendering_round_trips(day: dt.date) -> None:
    _, jm, jd = C.from_gregorian("jalali", day)
    text = f"{day.day} {GREGORIAN['fa'][day.month - 1]} ({jd} {JALALI[jm - 1]}) {day.year}"
    r = analyse(text, "fa", now=NOW)
    assert [t.value for t in r.times] == [day.isoformat()]


@settings(max_examples=150, deadline=None)
@given(st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)), st.sampled_from(["-", "/", "."]))
def test_numeric_dates_round_trip(day: dt.date, sep: str) -> None:
    jy, jm, jd = C.from_gregorian("jalali", day)
    for text, lang in ((f"{jy}{sep}{jm:02d}{sep}{jd:02d}", "fa"), (f"{day.day}{sep}{day.month}{sep}{day.year}", "ar")):
        r = analyse(text, lang, now=NOW)
        assert [t.value for t in r.times] == [day.isoformat()], text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("۰۱۲۳۴۵۶۷۸۹0123456789 /-.:()،,سالماهروزفروردیناسفندمارسالعامفيدرتا")), max_size=60))
def test_arbitrary_fragments_never_crash_and_spans_round_trip(text: str) -> None:
    r = analyse(text, now=NOW)
    for t in r.times:
        assert text[t.start : t.end] == t.text
