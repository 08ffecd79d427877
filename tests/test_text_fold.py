"""Tests for rasad.text.fold: the search key."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rasad.text.fold import fold

_ALPHABET = st.characters(
    whitelist_categories=("Lo", "Mn", "Nd", "Zs", "Cf", "Lu", "Ll", "Po"),
)


def test_fold_letter_variants() -> None:
    assert fold("كتاب") == fold("کتاب")
    assert fold("يوم") == fold("یوم")
    assert fold("مستشفى") == fold("مستشفی")
    assert fold("أحمد") == fold("احمد") == fold("إحمد") == fold("آحمد")
    assert fold("مدرسة") == fold("مدرسه")


def test_fold_zwnj_space_and_marks() -> None:
    assert fold("کتاب\u200cها") == fold("کتابها")
    assert fold("کتاب ها") != fold("کتابها")  # a space stays a word boundary
    assert fold("عَرَبِيّ") == fold("عربي")
    assert fold("عـــربي") == fold("عربي")


def test_fold_digits_case_and_forms() -> None:
    assert fold("۱۴۰۲ و ٢٠٢٣") == "1402 و 2023"
    assert fold("٣٫٥") == "3.5"
    assert fold("٣٠٪") == "30%"
    assert fold("Hello   WORLD") == "hello world"
    assert fold("\ufe91\ufeb4\ufee2") == fold("بسم")  # presentation forms


@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_fold_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
