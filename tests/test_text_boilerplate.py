"""Tests for rasad.text.boilerplate: page furniture recognised, never deleted."""

from __future__ import annotations

import pytest

from rasad.text.boilerplate import find_boilerplate, line_reason


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("+12", "numeric"),
        ("-7", "numeric"),
        ("5521 - Telco", "numeric"),
        ("* * *", "symbols"),
        ("See also the archive", "foreign-cms"),
        ("Related content is shown in the box below (sidebar)", "foreign-cms"),
        ("برای ارسال نظر ابتدا وارد حساب خود شوید", "ui-prompt"),
        ("امتیاز دهید", None),  # no UI noun: content-like
        ("به این خبر امتیاز رای بدهید", "ui-prompt"),
        ("دیدگاه شما درباره این مطلب چیست؟", "ui-prompt"),
        ("برای نوشتن نظر باید در سایت لوگین کنید.", "ui-prompt"),
        ("اقرأ أيضاً", "ui-prompt"),
        ("أضف تعليقاً", "ui-prompt"),
        ("شارك", "ui-prompt"),
        ("...المزيد", "learned"),
        ("برای دیدن جدول کامل اینجا کلیک کنید.", "ui-prompt"),
        ("editor@example.org", "foreign-cms"),
    ],
)
def test_furniture_lines(line: str, reason: str | None) -> None:
    assert line_reason(line, "fa") == reason


@pytest.mark.parametrize(
    "line",
    [
        "وزیر خارجه دیدگاه دولت را درباره مذاکرات تشریح کرد و گفت که گفت‌وگوها ادامه دارد.",
        "نظر کارشناسان اقتصادی درباره تورم سال آینده متفاوت است.",
        "وقال الوزير إن الحكومة ستواصل دعم المشاريع الصغيرة في المنطقة.",
        "ارتفعت الأسعار بنسبة 3.5 في المئة خلال الشهر الماضي.",
        "2024",
        "ICT",
        "2 - السياحة:",
        "Smith, J. (2004). A Book About Things.",
        "برای مردم کار کنید و خسته نشوید",
        "الفريق الرائد في الدوري",
    ],
)
def test_content_lines_kept(line: str) -> None:
    reason = line_reason(line, "fa" if "است" in line else "ar")
    assert reason in (None, "numeric") if line.isdigit() else reason is None


def test_latin_line_is_content_in_english_article() -> None:
    assert line_reason("See also the archive", "en") is None


def test_spans_merge_adjacent_lines_and_point_at_original() -> None:
    text = "خبر اصلی اینجاست و ادامه دارد.\n+5\nبه این خبر امتیاز رای بدهید\n-2\n\nدیدگاه شما درباره این خبر؟\nپایان خبر است."
    spans = find_boilerplate(text, "fa")
    assert len(spans) == 1
    s, e, label = spans[0]
    assert label == "boilerplate"
    assert text[s:e].startswith("+5") and text[s:e].endswith("خبر؟")
    assert "پایان خبر" not in text[s:e]
