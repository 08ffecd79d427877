"""Tests for rasad.text.normalize: letters, digits, marks, whitespace, offset map."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.doc import Doc
from rasad.text import normalize, normalize_with_map

ZWNJ = "\u200c"

# Arabic/Persian letters, marks, digits, presentation forms, bidi controls, spaces, Latin.
_ALPHABET = st.sampled_from(
    [
        *"ابتثجحخدذرزسشصضطظعغفقكلمنهويىیکگچپژةأإآؤئء",
        *["\u064e", "\u0650", "\u0651", "\u0640", ZWNJ, "\u200d", "\u200f", "\u202b", "\ufeff"],
        *'۰۱۲٣٤٥٫٬،؟.!«»"',
        *["\ufefb", "\ufe91", "\ufdf2", "\ufe70"],
        *[" ", "  ", "\t", "\n", "\r\n", "\xa0", "\u2009"],
        *"abcXYZ019",
    ]
)
_TEXT = st.lists(_ALPHABET, max_size=80).map("".join)
_LANG = st.sampled_from(["fa", "ar", "en", "und"])


def test_persian_letters_and_digits() -> None:
    assert normalize("كتاب يك بازي", "fa") == "کتاب یک بازی"
    assert normalize("مصطفى", "fa") == "مصطفی"
    assert normalize("سال ۱۴۰۲ و ٢٠٢٣", "fa") == "سال 1402 و 2023"
    assert normalize("۳٫۵ درصد", "fa") == "3.5 درصد"


def test_arabic_letters_keep_alif_maqsura() -> None:
    assert normalize("مستشفى کبیر", "ar") == "مستشفى كبير"
    assert normalize("على", "ar") == "على"
    assert normalize("٣٫٥ في المئة", "ar") == "3.5 في المئة"
    assert normalize("٣٠٪", "ar") == "30%"


def test_marks_tatweel_bidi_presentation_forms() -> None:
    assert normalize("عَرَبِيّ", "ar") == "عربي"
    assert normalize("جمـــيل", "ar") == "جميل"
    assert normalize("\u202bسلام\u202c", "fa") == "سلام"
    assert normalize("\ufefb", "ar") == "لا"
    assert normalize("\ufe91\ufeb4\ufee2", "ar") == "بسم"


def test_whitespace_collapsed_newlines_kept() -> None:
    assert normalize("a \t\xa0 b\r\nc  \n  d", "en") == "a b\nc\nd"
    assert normalize("سطر\n\nسطر", "fa") == "سطر\n\nسطر"


def test_zwnj_kept_between_letters_removed_elsewhere() -> None:
    assert normalize(f"کتاب{ZWNJ}{ZWNJ}خانه", "fa") == f"کتاب{ZWNJ}خانه"
    assert normalize(f"کتاب{ZWNJ} خانه", "fa") == "کتاب خانه"
    assert ZWNJ not in normalize(f"كتاب{ZWNJ}ها", "ar")


def test_zwnj_restored_in_persian_only() -> None:
    assert normalize("آنها میروند", "fa").endswith(f"می{ZWNJ}روند")
    assert normalize("میروند", "ar") == "میروند".replace("ی", "ي")


def test_map_points_at_original_characters() -> None:
    text = "جمـــيلٌ  كتاب"
    norm, mapping = normalize_with_map(text, "ar")
    assert norm == "جميل كتاب"
    for i, ch in enumerate(norm):
        if ch != " ":
            assert text[mapping[i]] in (ch, "ک", "ك")
    doc = Doc(text=text, norm=norm, norm_to_orig=mapping)
    s = norm.index("كتاب")
    assert doc.to_original(s, s + 4) == (text.index("كتاب"), len(text))


@settings(max_examples=300, deadline=None)
@given(_TEXT, _LANG)
def test_map_properties(text: str, lang: str) -> None:
    norm, mapping = normalize_with_map(text, lang)
    assert len(mapping) == len(norm) + 1
    assert mapping[-1] == len(text)
    assert all(a <= b for a, b in itertools.pairwise(mapping))
    assert all(0 <= m <= len(text) for m in mapping)
    doc = Doc(text=text, norm=norm, norm_to_orig=mapping)
    for s in range(0, len(norm) + 1, 3):
        for e in range(s, len(norm) + 1, 5):
            os_, oe = doc.to_original(s, e)
            assert 0 <= os_ <= oe <= len(text)


@settings(max_examples=300, deadline=None)
@given(_TEXT, _LANG)
def test_idempotent(text: str, lang: str) -> None:
    once = normalize(text, lang)
    assert normalize(once, lang) == once


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_persian_and_arabic_letter_sets(text: str) -> None:
    fa = normalize(text, "fa")
    ar = normalize(text, "ar")
    assert not set("يكى") & set(fa)
    assert not set("یک") & set(ar)
    assert not set("۰۱۲٣٤٥") & (set(fa) | set(ar))


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_empty(lang: str) -> None:
    assert normalize_with_map("", lang) == ("", [0])
