"""Tests for rasad.text.segment: sentences and tokens."""

from __future__ import annotations

from rasad.text.segment import sentence_spans, token_spans


def _sents(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_arabic_comma_and_semicolon_do_not_split() -> None:
    text = "ذهب الولد إلى المدرسة، ثم عاد إلى البيت؛ وكان سعيدا. ونام مبكرا."
    assert _sents(text) == ["ذهب الولد إلى المدرسة، ثم عاد إلى البيت؛ وكان سعيدا.", "ونام مبكرا."]


def test_question_exclamation_newline() -> None:
    assert _sents("چرا رفتی؟ نمی‌دانم! شاید\nفردا") == ["چرا رفتی؟", "نمی‌دانم!", "شاید", "فردا"]


def test_quotes_keep_inner_periods() -> None:
    text = "او گفت: «ما آماده‌ایم. گفت‌وگو ادامه دارد.» سپس رفت."
    assert _sents(text) == ["او گفت: «ما آماده‌ایم. گفت‌وگو ادامه دارد.»", "سپس رفت."]
    text = 'وقال: "نحن مستعدون. الحوار مستمر". ثم غادر.'
    assert _sents(text) == ['وقال: "نحن مستعدون. الحوار مستمر".', "ثم غادر."]
    text = "قال “هذا مهم. جدا” وانصرف."
    assert _sents(text) == [text]


def test_decimals_and_abbreviations() -> None:
    assert _sents("نرخ تورم 3.5 درصد شد. بازار آرام است.") == [
        "نرخ تورم 3.5 درصد شد.",
        "بازار آرام است.",
    ]
    assert _sents("Dr. Smith met the U.S. envoy. They talked.") == [
        "Dr. Smith met the U.S. envoy.",
        "They talked.",
    ]
    assert _sents("قال د. أحمد إن الوضع مستقر.") == ["قال د. أحمد إن الوضع مستقر."]


def test_spans_trimmed_and_empty_text() -> None:
    text = "  جمله اول.   جمله دوم.  \n\n"
    for s, e in sentence_spans(text):
        assert text[s:e] == text[s:e].strip()
    assert sentence_spans("") == []
    assert sentence_spans(" \n ") == []


def test_tokens_keep_zwnj_words_numbers_and_marks() -> None:
    text = "کتاب‌های او 3.5 درصد، «خوب» بود."
    toks = [text[s:e] for s, e in token_spans(text)]
    assert toks == ["کتاب‌های", "او", "3.5", "درصد", "،", "«", "خوب", "»", "بود", "."]
    word = "وبالمدرسة"
    assert [word[s:e] for s, e in token_spans(word)] == [word]  # clitics not split
