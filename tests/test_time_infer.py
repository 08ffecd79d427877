"""The article date: given, parsed from date_raw, or inferred from the text's own evidence."""

from __future__ import annotations

import datetime as dt

import jdatetime

from rasad.doc import DateValue, Doc
from rasad.extract.time import analyse, process

NOW = dt.date(2026, 1, 1)


def test_weekday_and_jalali_day_without_year_pin_the_year() -> None:
    # Only some years have 12 Mehr on a Monday; the pick must be one, and the latest before NOW.
    r = analyse("وزیر روز دوشنبه ۱۲ مهر با همتای خود دیدار کرد.", "fa", now=NOW)
    assert r.date is not None and r.date.inferred and r.date.precision == "day"
    picked = dt.date.fromisoformat(r.date.value)
    assert picked.weekday() == 0 and picked <= NOW
    assert "fits" in r.date.why and r.date.confidence > 0
    j = jdatetime.date.fromgregorian(date=picked)
    assert (j.month, j.day) == (7, 12)
    # no later year up to NOW fits
    for y in range(j.year + 1, 1405):
        g = jdatetime.date(y, 7, 12).togregorian()
        assert g > NOW or g.weekday() != 0


def test_lower_bound_from_a_year_the_text_places_in_the_past() -> None:
    text = "پس از جنگ ۲۰۰۸، وزیر روز دوشنبه ۱۲ مهر گفت."
    r = analyse(text, "fa", now=dt.date(2015, 1, 1))
    picked = dt.date.fromisoformat(r.date.value)
    assert picked >= dt.date(2008, 1, 1)
    assert "۲۰۰۸" in r.date.why


def test_day_in_two_calendars_pins_the_year() -> None:
    r = analyse("این دیدار ۴ ژوئن (۱۴ خرداد) انجام شد.", "fa", now=NOW)
    picked = dt.date.fromisoformat(r.date.value)
    assert (picked.month, picked.day) == (6, 4)
    j = jdatetime.date.fromgregorian(date=picked)
    assert (j.month, j.day) == (3, 14)


def test_today_marks_the_articles_own_day() -> None:
    r = analyse("والتقى الوزيران اليوم الخميس 5 كانون الأول 2019 في العاصمة.", "ar", now=NOW)
    assert r.date.value == "2019-12-05" and r.date.confidence >= 0.9


def test_latest_explicit_date_when_nothing_constrains_a_yearless_day() -> None:
    r = analyse("في 3 مايو 2018 أعلن الوزير، ثم في 9 يونيو 2019 عاد.", "ar", now=NOW)
    assert r.date.value == "2019-06-09" and "latest explicit" in r.date.why


def test_only_a_year_gives_an_interval_up_to_now_and_relatives_stay_unresolved() -> None:
    r = analyse("منذ عام 2017 تصاعدت التوترات، وقال الوزير الشهر الماضي إن ...", "ar", now=NOW)
    assert r.date.value == "2017/2026" and r.date.precision == "year" and r.date.confidence < 0.5
    assert "so the article is from 2017 up to" in r.date.why
    rel = next(t for t in r.times if t.text == "الشهر الماضي")
    assert rel.value is None and any("lower bound" in e["reason"] for e in r.errors)


def test_yearless_day_reads_as_the_occurrence_nearest_now() -> None:
    # 10 days before "now": taken; 20 days after "now": an upcoming event, not the article date
    r = analyse("الاجتماع عقد في 22 ديسمبر.", "ar", now=NOW)
    assert r.date.value == "2025-12-22" and r.date.confidence < 0.5
    r = analyse("الاجتماع في 21 يناير.", "ar", now=NOW)
    assert r.date is None


def test_upcoming_weekday_date_bounds_the_article_by_now() -> None:
    # 2026-01-08 is a Thursday, a week after NOW: an announced event, so the article is not after NOW
    r = analyse("المباراة يوم الخميس 8 يناير في الرياض.", "ar", now=NOW)
    assert r.date.value == NOW.isoformat() and "upcoming" in r.date.why


def test_no_evidence_leaves_no_date() -> None:
    assert analyse("وزیر گفت که همکاری ادامه دارد.", "fa", now=NOW).date is None


def test_future_dates_are_not_the_article_date() -> None:
    r = analyse("در ۵ مه ۲۰۳۰ برگزار خواهد شد. دیدار ۳ مه ۲۰۲۱ انجام شد.", "fa", now=NOW)
    assert r.date.value == "2021-05-03"


def test_metadata_date_is_kept_as_anchor() -> None:
    doc = Doc(text="وزیر دیروز گفت.", lang="fa", date=DateValue("2022-02-02", "day", "gregorian"))
    process(doc, now=NOW)
    assert doc.date.value == "2022-02-02" and not doc.date.inferred
    assert doc.times[0].value == "2022-02-01"


def test_explicit_anchor_wins_over_metadata() -> None:
    doc = Doc(text="وزیر دیروز گفت.", lang="fa", date=DateValue("2022-02-02", "day", "gregorian"))
    process(doc, anchor="2023-03-03", now=NOW)
    assert doc.date.value == "2023-03-03" and doc.times[0].value == "2023-03-02"


def test_jalali_date_raw_is_parsed() -> None:
    doc = Doc(text="وزیر دیروز گفت.", lang="fa", date_raw="۱۲:۱۱ ۱۴۰۲-۶-۴")
    process(doc, now=NOW)
    assert doc.date.value == "2023-08-26" and "dateline" in doc.date.why
    assert doc.times[0].value == "2023-08-25"


def test_unparseable_date_raw_falls_back_to_the_text() -> None:
    doc = Doc(text="در ۳ مه ۲۰۲۱ گفت.", lang="fa", date_raw="not a date")
    process(doc, now=NOW)
    assert doc.date.value == "2021-05-03" and doc.date.inferred


def test_excluded_boilerplate_is_not_marked() -> None:
    text = "خبر اصلی: دیدار ۳ مه ۲۰۲۱. تبلیغ: جشنواره ۵ مه ۲۰۲۴"
    cut = text.index("تبلیغ")
    doc = Doc(text=text, lang="fa", excluded=[(cut, len(text), "ad")])
    process(doc, now=NOW)
    assert [t.value for t in doc.times] == ["2021-05-03"]
    assert doc.date.value == "2021-05-03"


def test_offsets_point_into_the_original_when_norm_is_used() -> None:
    from rasad.text import process as text_process

    text = "وزير الخارجية التقى نظيره يوم الأربعاء ١٥ آذار ٢٠٢٣ في العاصمة.\nوقال إنه سيعود الشهرَ المقبلَ."
    doc = text_process(Doc(text=text))
    process(doc, now=NOW)
    assert doc.times, doc.norm
    for t in doc.times:
        assert doc.text[t.start : t.end] == t.text
    assert doc.date.value == "2023-03-15"


def test_today_with_its_weekday_in_brackets_moves_an_event_estimate_to_that_weekday() -> None:
    # 15 July 2015 was a Wednesday; "today (Tuesday)" puts the article on the following Tuesday
    r = analyse("قال اليوم (الثلاثاء) إن الاجتماع عقد في 15 يوليو.", "ar", now=dt.date(2015, 7, 30))
    assert r.times[0].text == "اليوم (الثلاثاء)"
    assert r.date.value == "2015-07-21" and "calls today" in r.date.why


def test_a_relative_phrase_told_after_an_explicit_date_bounds_the_article_date() -> None:
    # "resumed in May 2019 but stalled since last year": last year is 2019 or later, so the article is 2020+
    r = analyse("استؤنفت المفاوضات في مايو 2019 لكنها متعثرة منذ العام الماضي.", "ar", now=NOW)
    assert r.date is not None and (r.date.value, r.date.precision) == ("2020/2026", "year")
    assert "not before" in r.date.why and "العام الماضي" in r.date.why
    # months: "signed in March 2024, then stalled last month" -> April 2024 or later
    r = analyse("وقع الاتفاق في مارس 2024 ثم تعثر الشهر الماضي.", "ar", now=NOW)
    assert r.date is not None and r.date.value == "2024-04/2026-01"


def test_without_a_word_of_sequence_or_in_another_sentence_no_bound_is_drawn() -> None:
    for text in ("استؤنفت المفاوضات في مايو 2019. وهي متعثرة منذ العام الماضي.",
                 "استؤنفت المفاوضات في مايو 2019 وهي متعثرة منذ العام الماضي."):  # fmt: skip
        r = analyse(text, "ar", now=NOW)
        assert r.date is not None and r.date.value == "2019-05/2026-01", text


def test_later_on_a_weekday_names_the_articles_day() -> None:
    text = "زار الوزير البلاد عام 2019. وسيلتقي نظيره في وقت لاحق الخميس."
    r = analyse(text, "ar", now=NOW)
    assert r.date is not None and "Thursday" in r.date.why
    # with a day-precision estimate, the date moves to that weekday (not after "now")
    r = analyse("وصل الوزير يوم الاثنين 3 مارس، وسيلتقي نظيره في وقت لاحق الخميس.", "ar", now=NOW)
    assert r.date is not None and r.date.value == "2025-03-06"  # Monday 3 March 2025, moved to the Thursday
