"""Mention recovery after the tagger: document consistency and the learned name list.

All texts are written here; the organisations and the invented names are not
from the demo corpus.
"""

from __future__ import annotations

import pytest

from rasad.doc import Doc, Mention
from rasad.extract import entities
from rasad.kb import names


def _doc(text: str, lang: str) -> tuple[Doc, list[list[tuple[int, int, str]]]]:
    doc = Doc(text=text, lang=lang)
    return doc, entities.token_sentences(doc)


def _tag(doc: Doc, word: str, kind: str, nth: int = 0) -> Mention:
    """A mention of the nth occurrence of ``word``, as the tagger would have given it."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(word, start + 1)
    return Mention(start, start + len(word), word, kind)


def test_name_key_strips_clitics_and_article() -> None:
    assert names.name_key(["للبنتاغون"]) == names.name_key(["البنتاغون"]) == names.name_key(["بنتاغون"])
    assert names.name_key(["وبالكرملين"]) == names.name_key(["کرملین"])
    assert names.name_key(["البرز", "شرقی"]) == "برز شرقی"


def test_clitic_glued_org_recovered_from_learned_list() -> None:
    text = "وقال مسؤول للبنتاغون إن المحادثات مستمرة، وأكد والناتو ذلك."
    doc, sents = _doc(text, "ar")
    found = {m.text: m for m in entities.recover(doc, sents, [], "ar", consistency=False)}
    assert found["بنتاغون"].type == "ORG"  # «لل» + fused article: the name without the clitic
    assert found["بنتاغون"].head == "البنتاغون"
    assert found["الناتو"].type == "ORG"  # «و» off, the article kept
    for m in found.values():
        assert doc.text[m.start : m.end] == m.text


def test_document_consistency_recovers_other_occurrences() -> None:
    text = "أعلنت الكوفالتيكس عن أرباحها. وقال متحدث للكوفالتيكس إن والكوفالتيكس ستتوسع."
    doc, sents = _doc(text, "ar")
    tagged = [_tag(doc, "الكوفالتيكس", "ORG")]
    spans = [(m.text, m.type) for m in entities.recover(doc, sents, tagged, "ar", learned=False)]
    assert spans == [("كوفالتيكس", "ORG"), ("الكوفالتيكس", "ORG")]
    assert entities.recover(doc, sents, tagged, "ar", consistency=False, learned=False) == []


def test_persian_suffix_after_zwnj_is_not_part_of_the_name() -> None:
    text = "زرکاویان به تهران رفت. دیروز زرکاویان‌را دیدند."
    doc, sents = _doc(text, "fa")
    tagged = [_tag(doc, "زرکاویان", "PER")]
    got = entities.recover(doc, sents, tagged, "fa", learned=False)
    assert [(m.text, m.type) for m in got] == [("زرکاویان", "PER")]
    assert got[0].start == text.index("زرکاویان‌را")


def test_offsets_round_trip_with_harakat() -> None:
    text = "وقال المتحدث لِلْبَنْتاغون إن القرار نهائي."
    doc, sents = _doc(text, "ar")
    got = entities.recover(doc, sents, [], "ar", consistency=False)
    assert got and got[0].text == doc.text[got[0].start : got[0].end]
    assert got[0].text.startswith("ب")


@pytest.mark.parametrize(
    ("text", "lang", "word"),
    [
        ("وقف الرجل على الباب ثم دخل إلى وكالة السفر.", "ar", "على"),
        ("کار این سازمان بسیار سخت است.", "fa", "کار"),
        ("کار این سازمان بسیار سخت است.", "fa", "سازمان"),
    ],
)
def test_common_word_never_becomes_an_entity(text: str, lang: str, word: str) -> None:
    doc, sents = _doc(text, lang)
    tagged = [_tag(doc, word, "PER")]  # even when the tagger took it for a name once
    doc2 = Doc(text=text + " " + text, lang=lang)
    got = entities.recover(doc, sents, tagged, lang) + entities.recover(doc2, entities.token_sentences(doc2), [], lang)
    assert all(word not in m.text for m in got)


def test_name_learned_in_persian_found_in_arabic() -> None:
    learned = names.learned_name(names.name_key(["یونسکو"]), "ar")
    assert learned is not None and learned.label == "ORG"
    assert learned.tagged["ar"] == 0 and learned.tagged["fa"] > 0  # only the Persian data tagged it
    text = "رحبت اليونسكو بالقرار، وقال ممثل لليونسكو إن العمل بدأ."
    doc, sents = _doc(text, "ar")
    got = entities.recover(doc, sents, [], "ar", consistency=False)
    assert [(m.text, m.type) for m in got] == [("اليونسكو", "ORG"), ("يونسكو", "ORG")]


def test_stage_output_round_trips_through_the_text_stage() -> None:
    from rasad import text as text_stage

    doc = Doc(text="قال مسؤول في البنتاغون إن التعاون مستمر. وأضاف مصدر لِلْبنتاغون أن الاجتماع انتهى.", lang="ar")
    doc = entities.process(text_stage.process(doc))
    assert any(m.type == "ORG" and "بنتاغون" in m.text for m in doc.mentions)
    for m in doc.mentions:
        assert doc.text[m.start : m.end] == m.text
