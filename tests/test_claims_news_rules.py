"""Claim rules found on real news: compound numbers, tomans, riyals, durations, 'up to', ids."""

from __future__ import annotations

from test_claims_stage import run


def values(text: str) -> list[tuple[float, str, str]]:
    return [(c["value"], c["unit"], c["comparator"]) for c in run(text)]


def test_fa_compound_numbers_join() -> None:
    out = values(
        "تاکنون یک میلیون و ۳۴۵ هزار نفر ثبت‌نام کرده‌اند و بودجه طرح ۴۲ هزار و ۶۰۰ میلیارد ریال است."
    )
    assert (1_345_000.0, "people", "exactly") in out
    assert (42_600e9, "money:IRR", "exactly") in out
    assert all(v not in (345_000.0, 600e9) for v, _, _ in out)


def test_fa_chained_scales_and_glued_one() -> None:
    out = values("دولت ۱۲ هزار میلیارد ریال اوراق فروخت و هر بلیت یک‌میلیون و ۲۰۰ هزار ریال است.")
    assert (12e12, "money:IRR", "exactly") in out
    assert (1_200_000.0, "money:IRR", "exactly") in out


def test_toman_is_read_in_rials() -> None:
    (c,) = run("قیمت هر کیسه برنج ۳۵۰ هزار تومان اعلام شد.")
    assert (c["value"], c["unit"]) == (3_500_000.0, "money:IRR")
    assert c["text"] == "۳۵۰ هزار تومان"


def test_arabic_riyal_is_saudi_unless_named() -> None:
    assert values("تبرع رجل أعمال بمبلغ 250 ألف ريال للجمعية الخيرية.") == [(250_000.0, "money:SAR", "exactly")]
    assert values("بلغت الغرامة 40 ألف ريال قطري بحسب المحكمة.") == [(40_000.0, "money:QAR", "exactly")]


def test_durations_hours_centuries_and_year_adjectives() -> None:
    out = values("سفر با اتوبوس ۱۴ ساعت طول می‌کشد و این برنامه ۶ ساله اجرا می‌شود.")
    assert (14.0, "hours", "exactly") in out and (6.0, "years", "exactly") in out
    assert values("تعود هذه المخطوطة إلى أكثر من 5 قرون بحسب الخبراء.") == [(5.0, "centuries", "more_than")]


def test_arabic_teens_in_words_with_a_proclitic() -> None:
    assert values("يفرض الاتفاق قيودا لسبعة عشر عاما على المصانع الجديدة.") == [(17.0, "years", "exactly")]


def test_up_to_and_at_least_after_the_figure() -> None:
    assert values("این وام تا ۵۰۰ میلیون ریال به هر خانوار پرداخت می‌شود.") == [(500e6, "money:IRR", "at_most")]
    # a range end is not "up to"
    assert ("at_most" not in {c for _, _, c in values("از ۲۰ تا ۳۰ درصد مردم در این نظرسنجی شرکت کردند.")})
    assert values("وأصيب 27 شخصا على الأقل في الحادث المروري.") == [(27.0, "people", "at_least")]
    assert values("مستعد لدفع مبلغ يصل إلى 60 مليون دولار مقابل الصفقة.") == [(60e6, "money:USD", "at_most")]
    # Persian حتی means "even", not "up to"
    assert values("حتی ۴۰ درصد کشاورزان هم از این طرح راضی نبودند.") == [(40.0, "percent", "exactly")]


def test_numbers_that_name_are_not_figures() -> None:
    assert values("فرمانده لشکر ۲۷ در این مراسم گفت که ۳۰۰ نفر اعزام شدند.") == [(300.0, "people", "exactly")]
    assert values("أقر مجلس الأمن القرار 2334 بأغلبية 14 صوتا.") == [(14.0, "count", "exactly")]
    assert values("شهردار منطقه 8 گفت پروژه در حال اجراست و 15 کیلومتر خیابان آسفالت شد.") == [
        (15.0, "km", "exactly")
    ]
