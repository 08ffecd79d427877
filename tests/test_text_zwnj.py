"""Tests for rasad.text.zwnj: ZWNJ restoration learned from Persian news."""

from __future__ import annotations

import pytest

from rasad.text import normalize, restore_zwnj
from rasad.text.zwnj import restore_word, table

Z = "\u200c"


@pytest.mark.parametrize(
    ("glued", "restored"),
    [
        ("میروند", f"می{Z}روند"),
        ("نمیدانم", f"نمی{Z}دانم"),
        ("میخواهیم", f"می{Z}خواهیم"),
        ("خانههای", f"خانه{Z}های"),
        ("دانشگاهها", f"دانشگاه{Z}ها"),
        ("سازمانهای", f"سازمان{Z}های"),
        ("مدرسهای", f"مدرسه{Z}ای"),
        ("درختهایشان", f"درخت{Z}هایشان"),
    ],
)
def test_glued_forms_restored(glued: str, restored: str) -> None:
    assert restore_word(glued) == restored


@pytest.mark.parametrize(
    "word",
    [
        "میدان",
        "میز",
        "میلیون",
        "میان",
        "میراث",
        "میوه",
        "تنها",
        "بیشتر",
        "بهتر",
        "دختر",
        "امید",
        "نامه",
    ],
)
def test_words_that_never_take_zwnj_stay_whole(word: str) -> None:
    assert restore_word(word) == word


def test_text_level_and_idempotent() -> None:
    text = "دانشجویان میگویند کتابخانههای شهر تنها در میدان اصلی است"
    once = restore_zwnj(text)
    assert f"می{Z}گویند" in once
    assert "میدان" in once and "تنها" in once
    assert restore_zwnj(once) == once


def test_words_with_zwnj_or_spaces_left_alone() -> None:
    assert restore_zwnj(f"می{Z}روند") == f"می{Z}روند"
    assert normalize("می روند", "fa") == "می روند"


def test_table_is_loaded_once_and_nonempty() -> None:
    assert table() is table()
    assert len(table().forms) > 1000
