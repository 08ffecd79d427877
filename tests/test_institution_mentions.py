"""Institutions the tagger missed, read with the institution table; their English names in fact lines.

Sentences are written for these tests (no seed text).
"""

from __future__ import annotations

from rasad import pipeline
from rasad.doc import Doc
from rasad.english import label
from rasad.kb.institutions import ends_at_place, organisation_head


def _run(text: str, lang: str) -> Doc:
    return pipeline.run(Doc(text=text, lang=lang))


def test_a_ministry_with_its_demonym_is_one_organisation() -> None:
    doc = _run("قالت وزارة الخارجية النرويجية في بيان اليوم إن المحادثات مستمرة منذ أسابيع.", "ar")
    org = next(m for m in doc.mentions if m.type == "ORG")
    assert org.text == "وزارة الخارجية النرويجية" and org.country == "NO"
    assert not any(m.type == "NORP" for m in doc.mentions)  # the demonym is part of the name
    assert label(doc.mentions.index(org), doc) == "Ministry of Foreign Affairs of Norway"
    assert doc.quotes and doc.quotes[0]["speaker"] == doc.mentions.index(org)


def test_an_army_and_a_persian_ministry() -> None:
    doc = _run("أعلن الجيش الكيني أن قواته تقدمت في المنطقة الحدودية خلال الليل.", "ar")
    assert any(m.type == "ORG" and m.text == "الجيش الكيني" and m.country == "KE" for m in doc.mentions)
    doc = _run("وزارت امور خارجه فنلاند در بیانیه‌ای اعلام کرد که گفت‌وگوها ادامه دارد.", "fa")
    assert any(m.type == "ORG" and m.country == "FI" and m.text.startswith("وزارت") for m in doc.mentions)


def test_a_name_ends_at_its_place_and_before_a_preposition() -> None:
    doc = _run("دعت وزارة الخارجية النرويجية السلطات الكينية أمس إلى الحوار بين الطرفين.", "ar")
    org = next(m for m in doc.mentions if m.type == "ORG")
    assert org.text == "وزارة الخارجية النرويجية"  # the second demonym starts another name
    doc = _run("قالت وزارة الخارجية النرويجية في بيان إن اللقاء كان مثمرا للغاية.", "ar")
    assert any(m.text == "وزارة الخارجية النرويجية" for m in doc.mentions)
    assert ends_at_place("وزارة الخارجية النرويجية", "ar")
    assert not ends_at_place("وزارة الخارجية النرويجية السلطات الكينية", "ar")


def test_places_and_unknown_words_are_not_organisations() -> None:
    assert organisation_head("وزارة", "ar") and organisation_head("الجيش", "ar")
    assert not organisation_head("مطار", "ar") and not organisation_head("بحر", "ar")
    doc = _run("هبطت الطائرة في مطار العاصمة الكينية بعد ظهر اليوم دون مشكلات.", "ar")
    assert not any(m.type == "ORG" and m.text.startswith("مطار") for m in doc.mentions)


def test_a_plain_modifier_goes_before_an_of_head() -> None:
    from rasad.kb.institutions import compose

    assert compose("الحكومة الإسلامية", "ar").label == "Islamic Government"
    assert compose("وزارة الخارجية النرويجية", "ar").label == "Ministry of Foreign Affairs of Norway"


def test_scope_and_rank_come_first_in_english() -> None:
    from rasad.kb.institutions import compose

    for text, lang in (("آژانس بین‌المللی انرژی اتمی", "fa"), ("الوكالة الدولية للطاقة الذرية", "ar")):
        assert compose(text, lang).label == "International Atomic Energy Agency"
    for text, lang in (("شورای عالی امنیت ملی", "fa"), ("المجلس الأعلى للأمن القومي", "ar")):
        assert compose(text, lang).label == "Supreme National Security Council"
    assert compose("مجلس حقوق الإنسان", "ar").label == compose("شورای حقوق بشر", "fa").label == "Human Rights Council"


def test_and_before_a_place_starts_another_name() -> None:
    doc = _run("اجتمع وزراء خارجية دول مجلس التعاون والنرويج في العاصمة أمس لبحث الاتفاق.", "ar")
    org = next(m for m in doc.mentions if m.type == "ORG")
    assert org.text == "مجلس التعاون"
    assert any(m.type == "GPE" and m.country == "NO" for m in doc.mentions)
