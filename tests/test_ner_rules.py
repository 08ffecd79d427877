"""Entity-stage rules that do not depend on the trained model: clitics, heads,
demonyms, facility names, place typing, offsets. Texts are written here."""

from __future__ import annotations

from rasad.doc import Doc
from rasad.extract.entities import _sentences, mentions_for
from rasad.extract.ner.gazetteer import demonym, strip_article, strip_clitics


def _tagged(doc: Doc, tags_by_word: dict[str, str], lang: str) -> list:
    sents = _sentences(doc)
    tagged = [[(tags_by_word.get(t[2], "O"), 0.99) for t in s] for s in sents]
    return mentions_for(doc, sents, tagged, lang)


def test_arabic_clitics_are_stripped_for_the_head() -> None:
    assert strip_article("للبنتاغون") == "البنتاغون"
    assert strip_article("والرئيس") == "الرئيس"
    assert strip_article("بالرئيس") == "الرئيس"
    assert strip_clitics("للبنتاغون") == "بنتاغون"
    assert strip_clitics("وبالمدينة") == "مدينة"
    # Short words keep their letters.
    assert strip_clitics("ولد") == "ولد"


def test_demonyms_resolve_to_their_country() -> None:
    for word in ("الياباني", "ژاپنی", "يابانية", "اليابانيين"):
        assert demonym(word) == "JP", word
    assert demonym("ایرانی") == "IR"
    assert demonym("المصرية") == "EG"
    assert demonym("کتاب") is None


def test_head_and_offsets_of_a_clitic_mention() -> None:
    text = "وقال مصدر للبنتاغون إن الاجتماع انتهى."
    doc = Doc(text=text, lang="ar")
    ms = _tagged(doc, {"للبنتاغون": "B-ORG"}, "ar")
    assert len(ms) == 1
    m = ms[0]
    assert (m.type, m.text, m.head) == ("ORG", "للبنتاغون", "البنتاغون")
    assert text[m.start : m.end] == m.text


def test_person_named_facility_is_a_facility() -> None:
    text = "هواپیما در فرودگاه بین‌المللی کاوه سرمدی به زمین نشست."
    doc = Doc(text=text, lang="fa")
    ms = _tagged(doc, {"کاوه": "B-PER", "سرمدی": "I-PER"}, "fa")
    assert [m.type for m in ms] == ["FAC"]
    assert ms[0].text == "فرودگاه بین‌المللی کاوه سرمدی"
    text = "الطائرة هبطت في مطار نبيل الحداد الدولي صباحا."
    doc = Doc(text=text, lang="ar")
    ms = _tagged(doc, {"نبيل": "B-PER", "الحداد": "I-PER"}, "ar")
    assert [m.type for m in ms] == ["FAC"]
    assert ms[0].text.startswith("مطار")


def test_places_split_into_gpe_loc() -> None:
    text = "کشتی از خلیج عمان به سوی ایران رفت."
    doc = Doc(text=text, lang="fa")
    ms = _tagged(doc, {"خلیج": "B-LOC", "عمان": "I-LOC", "ایران": "B-LOC"}, "fa")
    assert [(m.text, m.type) for m in ms] == [("خلیج عمان", "LOC"), ("ایران", "GPE")]
    assert ms[1].country == "IR"


def test_demonym_mentions_outside_names() -> None:
    text = "قال المسؤول الياباني إن الوفد المصري وصل."
    doc = Doc(text=text, lang="ar")
    ms = _tagged(doc, {}, "ar")
    assert [(m.text, m.type, m.country) for m in ms] == [
        ("الياباني", "NORP", "JP"),
        ("المصري", "NORP", "EG"),
    ]
    for m in ms:
        assert text[m.start : m.end] == m.text


def test_excluded_spans_are_skipped() -> None:
    text = "الوفد المصري وصل. اقرأ أيضا: الوفد الياباني"
    cut = text.index("اقرأ")
    doc = Doc(text=text, lang="ar", excluded=[(cut, len(text), "boilerplate")])
    ms = _tagged(doc, {}, "ar")
    assert [m.country for m in ms] == ["EG"]


def test_embassy_is_an_organisation_of_its_country() -> None:
    text = "هیئتی به سفارت ژاپن در پایتخت رفت."
    doc = Doc(text=text, lang="fa")
    ms = _tagged(doc, {"سفارت": "B-LOC", "ژاپن": "I-LOC"}, "fa")
    assert [(m.text, m.type, m.country) for m in ms] == [("سفارت ژاپن", "ORG", "JP")]


def test_conjunction_before_a_place_leaves_the_head() -> None:
    text = "زار الوفد مصر وتونس الأسبوع الماضي."
    doc = Doc(text=text, lang="ar")
    ms = _tagged(doc, {"مصر": "B-LOC", "وتونس": "B-LOC"}, "ar")
    assert [(m.text, m.head, m.country) for m in ms] == [("مصر", "مصر", "EG"), ("وتونس", "تونس", "TN")]
