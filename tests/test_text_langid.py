"""Tests for rasad.text.langid: fa / ar / en / und."""

from __future__ import annotations

import pytest

from rasad.text import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("دانشجویان امروز در کتابخانه درس می‌خوانند و فردا امتحان دارند.", "fa"),
        ("كتابخانه بزرگ شهر بازسازي مي شود", "fa"),  # Persian typed with Arabic ي/ك
        ("يدرس الطلاب اليوم في المكتبة ولديهم امتحان غدا.", "ar"),
        ("The students are studying in the library and have an exam tomorrow.", "en"),
        ("12345 !!!", "und"),
        ("", "und"),
        ("Dies ist ein kurzer deutscher Satz ohne englische Wörter.", "und"),
    ],
)
def test_documents(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [("او گفت نمی‌آید", "fa"), ("قالت إنها ستأتي", "ar"), ("چرا؟", "fa"), ("لماذا؟", "ar")],
)
def test_short_sentences(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_prior_decides_ambiguous_short_text() -> None:
    assert detect_language("محمد", prior="fa") == "fa"
    assert detect_language("محمد", prior="ar") == "ar"
    assert detect_language("1234", prior="ar") == "ar"
