"""rasad.link.entities on texts written for these tests (no seed names).

Mentions are placed by hand (the NER stage is tested on its own); what is
tested here is how they become entities.
"""

from __future__ import annotations

import re

import pytest

from rasad.doc import Doc, Mention
from rasad.link.entities import (
    TITLE_MENTION_SCORE,
    Entity,
    EntityIndex,
    link_document,
    link_documents,
    link_store,
    load_index,
)
from rasad.link.names import person_tokens, skeleton, token_similarity


def make_doc(text: str, lang: str, spans: list[tuple[str, str]], heads: dict[str, str] | None = None) -> Doc:
    """A Doc with a mention at every occurrence of each (type, string), longest first."""
    heads = heads or {}
    mentions: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for etype, s in sorted(spans, key=lambda x: -len(x[1])):
        for m in re.finditer(re.escape(s), text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            mentions.append(Mention(m.start(), m.end(), s, etype, head=heads.get(s, s)))
    mentions.sort(key=lambda m: m.start)
    return Doc(text=text, lang=lang, mentions=mentions)


def ents(doc: Doc, s: str) -> set[str | None]:
    """Entity ids of the mentions whose text is ``s``."""
    return {m.entity for m in doc.mentions if m.text == s}


def one(doc: Doc, s: str) -> str:
    ids = ents(doc, s)
    assert len(ids) == 1 and None not in ids, (s, ids)
    return next(iter(ids))


# -- name keys ---------------------------------------------------------------


def test_skeletons_survive_vowel_letters_and_letter_choice() -> None:
    assert skeleton("گلنازاروف") == skeleton("غلنزاروف")
    assert skeleton("کاراپتیان") == skeleton("كارابتيان")
    assert skeleton("تیمور") == skeleton("تيمور")
    assert token_similarity("الیاس", "إلياس") >= 90
    assert token_similarity("آرمن", "الیاس") < 70


def test_latin_spellings_share_the_skeleton() -> None:
    assert skeleton("Taimur Golnazarov") == skeleton("تیمور گلنازاروف")
    assert skeleton("Le Figaro") == skeleton("لوفيغارو")
    assert skeleton("Pentagon") == skeleton("پنتاگون")


def test_person_tokens_drop_honorifics_and_join_compounds() -> None:
    assert person_tokens("آقای الیاس کاراپتیان") == person_tokens("الیاس کاراپتیان")
    assert len(person_tokens("عبد الرحمن كريمي")) == 2


# -- within one article ------------------------------------------------------


def test_surname_joins_full_name() -> None:
    text = "الیاس کاراپتیان دیروز به شهر آمد. کاراپتیان گفت که سفر را ادامه می‌دهد."
    doc = make_doc(text, "fa", [("PER", "الیاس کاراپتیان"), ("PER", "کاراپتیان")])
    link_document(doc, EntityIndex(), article=1)
    assert len({m.entity for m in doc.mentions}) == 1


def test_ambiguous_surname_goes_to_nearest_preceding_full_name() -> None:
    text = (
        "آرمن کاراپتیان و الیاس کاراپتیان دو برادرند. الیاس کاراپتیان گفت که می‌آید. "
        "کاراپتیان افزود که دیر شده است."
    )
    doc = make_doc(text, "fa", [("PER", "آرمن کاراپتیان"), ("PER", "الیاس کاراپتیان"), ("PER", "کاراپتیان")])
    link_document(doc, EntityIndex(), article=1)
    armen, elias, lone = one(doc, "آرمن کاراپتیان"), one(doc, "الیاس کاراپتیان"), one(doc, "کاراپتیان")
    assert armen != elias
    assert lone == elias


def test_two_surnames_run_together_are_not_a_new_person() -> None:
    text = (
        "التقى ماركو بيليتش مع تاراس غريتسينكو أمس. وشكر بيليتش غريتسينكو على الاستقبال. "
        "وقال غريتسينكو إن التعاون مستمر."
    )
    # the tagger ran «بيليتش غريتسينكو» together into one mention
    doc = make_doc(text, "ar", [("PER", "ماركو بيليتش"), ("PER", "تاراس غريتسينكو"),
                                ("PER", "بيليتش غريتسينكو"), ("PER", "غريتسينكو")])  # fmt: skip
    link_document(doc, EntityIndex(), article=1)
    assert ents(doc, "بيليتش غريتسينكو") == {None}
    assert one(doc, "غريتسينكو") == one(doc, "تاراس غريتسينكو")


def test_clitic_place_forms_are_filed_under_the_kb_name() -> None:
    index = EntityIndex()
    doc = make_doc("سافر لإسبانيا ثم عاد إلى إسبانيا ووإسبانيا.", "ar", [("GPE", "لإسبانيا"), ("GPE", "إسبانيا")])
    link_document(doc, index, article=1)
    assert one(doc, "لإسبانيا") == "country:ES"
    assert index.get("country:ES").aliases["ar"] == ["إسبانيا"]


def test_headline_surname_before_the_full_name() -> None:
    text = "کاراپتیان به ایروان رفت\nالیاس کاراپتیان امروز به ایروان سفر کرد."
    doc = make_doc(text, "fa", [("PER", "الیاس کاراپتیان"), ("PER", "کاراپتیان")])
    link_document(doc, EntityIndex(), article=1)
    assert len({m.entity for m in doc.mentions}) == 1


def test_person_named_place_is_not_the_person() -> None:
    text = (
        "هواپیما در فرودگاه بین‌المللی سلیم نوروف نشست. فرهاد نوروف، وزیر کشاورزی، "
        "از مهمانان استقبال کرد. نوروف گفت که همکاری ادامه دارد."
    )
    doc = make_doc(
        text, "fa",
        [("FAC", "فرودگاه بین‌المللی سلیم نوروف"), ("PER", "فرهاد نوروف"), ("PER", "نوروف")],
    )  # fmt: skip
    link_document(doc, EntityIndex(), article=1)
    airport, farhad = one(doc, "فرودگاه بین‌المللی سلیم نوروف"), one(doc, "فرهاد نوروف")
    assert airport != farhad
    assert one(doc, "نوروف") == farhad


def test_person_named_place_nested_person_is_no_antecedent() -> None:
    # The NER also tagged the namesake inside the facility: he must not catch the lone surname.
    text = "فرهاد نوروف دیروز آمد. او از فرودگاه سلیم نوروف گذشت. نوروف گفت که خسته است."
    doc = make_doc(text, "fa", [("PER", "فرهاد نوروف"), ("PER", "سلیم نوروف"), ("PER", "نوروف")])
    link_document(doc, EntityIndex(), article=1)
    farhad, salim = one(doc, "فرهاد نوروف"), one(doc, "سلیم نوروف")
    assert farhad != salim
    assert one(doc, "نوروف") == farhad


def test_facility_word_before_a_comma_does_not_hide_the_name() -> None:
    text = "در دانشگاه بیشکک، سامان کریمی سخنرانی کرد. کریمی افزود که می‌آید."
    doc = make_doc(text, "fa", [("PER", "سامان کریمی"), ("PER", "کریمی")])
    link_document(doc, EntityIndex(), article=1)
    assert one(doc, "کریمی") == one(doc, "سامان کریمی")


def test_same_surname_different_given_names_never_merge() -> None:
    index = EntityIndex()
    a = make_doc("آرمن کاراپتیان در ایروان سخنرانی کرد.", "fa", [("PER", "آرمن کاراپتیان"), ("GPE", "ایروان")])
    b = make_doc("التقى إلياس كارابتيان في يريفان.", "ar", [("PER", "إلياس كارابتيان"), ("GPE", "يريفان")])
    link_document(a, index, article=1)
    link_document(b, index, article=2)
    assert one(a, "آرمن کاراپتیان") != one(b, "إلياس كارابتيان")


@pytest.mark.parametrize(("fa_name", "ar_name"), [("محمود رضایی", "محمد رضائي"), ("حسن رضایی", "حسين رضائي")])
def test_known_names_with_one_skeleton_stay_apart(fa_name: str, ar_name: str) -> None:
    """Mahmoud/Mohammad and Hasan/Hossein share consonants but are different names."""
    index = EntityIndex()
    a = make_doc(f"{fa_name} در بیشکک سخنرانی کرد.", "fa", [("PER", fa_name), ("GPE", "بیشکک")])
    b = make_doc(f"وقال {ar_name} في بيشكك.", "ar", [("PER", ar_name), ("GPE", "بيشكك")])
    link_documents([a, b], index)
    assert one(a, fa_name) != one(b, ar_name)


def test_apposed_title_binds_and_later_title_names_the_person() -> None:
    text = (
        "ماركو بيليتش، وزير الدفاع الكرواتي، وصل إلى المدينة. "
        "وقال وزير الدفاع الكرواتي إن الزيارة مهمة."
    )
    doc = make_doc(text, "ar", [("PER", "ماركو بيليتش")])
    link_document(doc, EntityIndex(), article=1)
    person = one(doc, "ماركو بيليتش")
    titles = [m for m in doc.mentions if m.score == TITLE_MENTION_SCORE]
    assert len(titles) == 1
    assert titles[0].entity == person and titles[0].text.startswith("وزير الدفاع")
    assert doc.text[titles[0].start : titles[0].end] == titles[0].text
    assert titles[0].country == "HR"


def test_title_alone_in_a_later_article_names_the_known_holder() -> None:
    index = EntityIndex()
    first = make_doc("ماركو بيليتش، وزير الدفاع الكرواتي، وصل إلى المدينة.", "ar", [("PER", "ماركو بيليتش")])
    later = make_doc("وقال وزير الدفاع الكرواتي إن الزيارة مهمة.", "ar", [])
    link_documents([first, later], index)
    titles = [m for m in later.mentions if m.score == TITLE_MENTION_SCORE]
    assert [t.entity for t in titles] == [one(first, "ماركو بيليتش")]
    # two known holders of one title: the title names nobody
    index2 = EntityIndex()
    other = make_doc("إيفان هورفات، وزير الدفاع الكرواتي، غادر.", "ar", [("PER", "إيفان هورفات")])
    again = make_doc("وقال وزير الدفاع الكرواتي إن الزيارة مهمة.", "ar", [])
    link_documents([make_doc(first.text, "ar", [("PER", "ماركو بيليتش")]), other, again], index2)
    assert not again.mentions


def test_counterpart_title_takes_the_role_with_its_own_country() -> None:
    text = (
        "التقى وزير الدفاع الكرواتي، ماركو بيليتش، بنظيره الأوكراني، تاراس غريتسينكو. "
        "وأكد وزير دفاع أوكرانيا أهمية التعاون."
    )
    doc = make_doc(text, "ar", [("PER", "ماركو بيليتش"), ("PER", "تاراس غريتسينكو"), ("GPE", "أوكرانيا")])
    link_document(doc, EntityIndex(), article=1)
    taras = one(doc, "تاراس غريتسينكو")
    titles = [m for m in doc.mentions if m.score == TITLE_MENTION_SCORE]
    assert [t.entity for t in titles] == [taras]


def test_title_between_two_names_arabic_binds_the_following_one() -> None:
    text = "استقبل رامي سعيد الرئيس اللبناني جورج خوري في القصر. وقال الرئيس اللبناني إن اللقاء كان مثمرا."
    doc = make_doc(text, "ar", [("PER", "رامي سعيد"), ("PER", "جورج خوري")])
    link_document(doc, EntityIndex(), article=1)
    titles = [m for m in doc.mentions if m.score == TITLE_MENTION_SCORE]
    assert [t.entity for t in titles] == [one(doc, "جورج خوري")]


def test_title_between_two_names_persian_binds_the_preceding_one() -> None:
    text = "جورج خوری رئیس‌جمهور لبنان رامی سعید را پذیرفت. رئیس‌جمهور لبنان گفت که دیدار مفید بود."
    doc = make_doc(text, "fa", [("PER", "جورج خوری"), ("PER", "رامی سعید")])
    link_document(doc, EntityIndex(), article=1)
    titles = [m for m in doc.mentions if m.score == TITLE_MENTION_SCORE]
    assert [t.entity for t in titles] == [one(doc, "جورج خوری")]


def test_persian_title_after_name() -> None:
    text = "مارکو بیلیچ، وزیر دفاع کرواسی، به کابل آمد. وزیر دفاع کرواسی گفت که همکاری ادامه دارد."
    doc = make_doc(text, "fa", [("PER", "مارکو بیلیچ"), ("GPE", "کرواسی"), ("GPE", "کابل")])
    link_document(doc, EntityIndex(), article=1)
    titles = [m for m in doc.mentions if m.score == TITLE_MENTION_SCORE]
    assert len(titles) == 1 and titles[0].entity == one(doc, "مارکو بیلیچ")
    # the person gets the title's country
    assert titles[0].country == "HR"


def test_demonym_mention_links_to_its_country() -> None:
    doc = make_doc("قالت الحكومة الإسبانية إن إسبانيا مستعدة.", "ar", [("GPE", "الإسبانية"), ("GPE", "إسبانيا")])
    link_document(doc, EntityIndex(), article=1)
    assert one(doc, "الإسبانية") == one(doc, "إسبانيا") == "country:ES"


def test_norp_mentions_link_to_their_country_but_are_not_aliases() -> None:
    index = EntityIndex()
    doc = make_doc("وفد ژاپنی به ژاپن بازگشت.", "fa", [("NORP", "ژاپنی"), ("GPE", "ژاپن")])
    doc.mentions[0].country = None  # resolved by the linker from the word itself
    link_document(doc, index, article=1)
    assert one(doc, "ژاپنی") == one(doc, "ژاپن") == "country:JP"
    assert index.get("country:JP").aliases["fa"] == ["ژاپن"]
    unknown = make_doc("یک هیئت خارجی آمد.", "fa", [("NORP", "خارجی")])
    link_document(unknown, index, article=2)
    assert unknown.mentions[0].entity is None


def test_bad_mentions_do_not_stop_linking() -> None:
    text = "الیاس کاراپتیان آمد."
    doc = make_doc(text, "fa", [("PER", "الیاس کاراپتیان")])
    doc.mentions += [
        Mention(0, 0, "", "PER"),  # empty
        Mention(3, 9, "xx", "MISC", head="xx"),  # a type the linker does not know
        Mention(500, 510, "؟؟", "ORG", head="؟؟"),  # offsets past the text, no letters
    ]
    link_document(doc, EntityIndex(), article=1)
    assert doc.mentions[0].entity is not None
    assert all(m.entity is None for m in doc.mentions[1:])


# -- across articles, languages and scripts ----------------------------------


def test_cross_script_person_and_clitic_organisation() -> None:
    index = EntityIndex()
    fa = make_doc(
        "تیمور گلنازاروف، سخنگوی دولت قرقیزستان، درباره پنتاگون سخن گفت. گلنازاروف افزود که بیشکک آماده است.",
        "fa",
        [("PER", "تیمور گلنازاروف"), ("PER", "گلنازاروف"), ("GPE", "قرقیزستان"), ("ORG", "پنتاگون"), ("GPE", "بیشکک")],
    )
    ar = make_doc(
        "وقال تيمور غلنزاروف إن للبنتاغون دورا، وإن قيرغيزستان لن تتدخل.",
        "ar",
        [("PER", "تيمور غلنزاروف"), ("ORG", "للبنتاغون"), ("GPE", "قيرغيزستان")],
        heads={"للبنتاغون": "البنتاغون"},
    )
    link_documents([fa, ar], index)
    person = one(fa, "تیمور گلنازاروف")
    assert one(ar, "تيمور غلنزاروف") == person
    assert one(fa, "گلنازاروف") == person
    assert one(ar, "للبنتاغون") == one(fa, "پنتاگون")
    assert one(ar, "قيرغيزستان") == one(fa, "قرقیزستان") == "country:KG"
    e = index.get(person)
    assert e is not None and e.type == "PER" and e.country == "KG"
    label = e.record()["label"]
    assert label and label.isascii() and label[0].isupper()
    assert "تیمور گلنازاروف" in e.aliases["fa"] and "تيمور غلنزاروف" in e.aliases["ar"]


def test_arabic_surname_with_article_meets_persian_without() -> None:
    index = EntityIndex()
    a = make_doc("سامان کریمی در بیشکک گفت.", "fa", [("PER", "سامان کریمی"), ("GPE", "بیشکک")])
    b = make_doc("وقال سامان الكريمي في بيشكك.", "ar", [("PER", "سامان الكريمي"), ("GPE", "بيشكك")])
    link_documents([a, b], index)
    assert one(a, "سامان کریمی") == one(b, "سامان الكريمي")


def test_clitic_without_head() -> None:
    index = EntityIndex()
    a = make_doc("تحدث مسؤول للبنتاغون.", "ar", [("ORG", "للبنتاغون")])
    b = make_doc("رئیس پنتاگون گفت.", "fa", [("ORG", "پنتاگون")])
    link_documents([a, b], index)
    assert one(a, "للبنتاغون") == one(b, "پنتاگون")


def test_persian_and_arabic_spellings_of_a_newspaper() -> None:
    index = EntityIndex()
    a = make_doc("روزنامه لوفیگارو نوشت.", "fa", [("ORG", "لوفیگارو")])
    b = make_doc("وكتبت صحيفة لوفيغارو.", "ar", [("ORG", "لوفيغارو")])
    link_documents([a, b], index)
    assert one(a, "لوفیگارو") == one(b, "لوفيغارو")


def test_same_language_organisations_need_the_same_spelling() -> None:
    index = EntityIndex()
    a = make_doc("بانک سپه وام داد.", "fa", [("ORG", "سپه")])
    b = make_doc("فرمانده سپاه گفت.", "fa", [("ORG", "سپاه")])
    link_documents([a, b], index)
    assert one(a, "سپه") != one(b, "سپاه")
    # across languages the skeleton does bridge spellings, when it is unambiguous
    alone = EntityIndex()
    c = make_doc("وقال بنك سبه.", "ar", [("ORG", "سبه")])
    link_documents([make_doc("بانک سپه وام داد.", "fa", [("ORG", "سپه")]), c], alone)
    assert len(alone) == 1


def test_media_noun_before_the_name() -> None:
    index = EntityIndex()
    a = make_doc("روزنامه لوفیگارو نوشت.", "fa", [("ORG", "روزنامه لوفیگارو")])
    b = make_doc("وكتبت لوفيغارو أن.", "ar", [("ORG", "لوفيغارو")])
    c = make_doc("به نوشته لوفیگارو، دیدار لغو شد.", "fa", [("ORG", "لوفیگارو")])
    link_documents([a, b, c], index)
    assert one(a, "روزنامه لوفیگارو") == one(b, "لوفيغارو") == one(c, "لوفیگارو")


def test_one_word_type_slips_within_an_article() -> None:
    text = (
        "روزنامه فرانسوی لوفیگارو نوشت که سامان کریمی آمد. لوفیگارو افزود که کریمی "
        "از سفر راضی است. فرانسوی گفت."
    )
    doc = make_doc(text, "fa", [("ORG", "روزنامه فرانسوی لوفیگارو"), ("PER", "لوفیگارو"),
                                ("PER", "سامان کریمی"), ("ORG", "کریمی"), ("PER", "فرانسوی")])  # fmt: skip
    link_document(doc, EntityIndex(), article=1)
    assert one(doc, "لوفیگارو") == one(doc, "روزنامه فرانسوی لوفیگارو")
    assert one(doc, "کریمی") == one(doc, "سامان کریمی")
    assert ents(doc, "فرانسوی") == {None}


def test_type_mismatch_blocks_merge() -> None:
    index = EntityIndex()
    a = make_doc("سلیم نوروف سخنرانی کرد.", "fa", [("PER", "سلیم نوروف")])
    b = make_doc("پرواز در سلیم نوروف نشست.", "fa", [("FAC", "سلیم نوروف")])
    link_documents([a, b], index)
    assert one(a, "سلیم نوروف") != one(b, "سلیم نوروف")


def test_export_record_shape() -> None:
    index = EntityIndex()
    doc = make_doc("الیاس کاراپتیان در ایروان بود.", "fa", [("PER", "الیاس کاراپتیان"), ("GPE", "ایروان")])
    link_document(doc, index, article=7)
    records = {r["id"]: r for r in index.export()}
    assert set(records) == {m.entity for m in doc.mentions}
    for r in records.values():
        assert set(r) == {"id", "label", "type", "country", "aliases", "mentions"}
        assert set(r["aliases"]) == {"fa", "ar", "en"}
        for ref in r["mentions"]:
            assert ref["article"] == 7 and doc.text[ref["start"] : ref["end"]] == ref["text"]
    city = records[one(doc, "ایروان")]
    assert city["label"] == "Yerevan" and city["country"] == "AM" and city["type"] == "GPE"


def test_relinking_the_same_document_adds_nothing() -> None:
    index = EntityIndex()
    doc = make_doc("ماركو بيليتش، وزير الدفاع الكرواتي، وصل. وقال وزير الدفاع الكرواتي إنه سعيد.", "ar",
                   [("PER", "ماركو بيليتش")])  # fmt: skip
    link_document(doc, index, article=1)
    n_mentions, n_entities = len(doc.mentions), len(index)
    refs = sum(len(e.mentions) for e in index)
    rows = [e.row() for e in index]
    link_document(doc, index, article=1)
    assert (len(doc.mentions), len(index), sum(len(e.mentions) for e in index)) == (n_mentions, n_entities, refs)
    assert [e.row() for e in index] == rows  # no counts doubled either


def test_relinking_an_article_keeps_its_ambiguous_one_word_names() -> None:
    """A lone name the index found ambiguous got an entity of its own; a second pass keeps it."""
    index = EntityIndex()
    docs = [
        make_doc("وصل بيليتش إلى زغرب.", "ar", [("PER", "بيليتش"), ("GPE", "زغرب")]),
        make_doc("وصل بيليتش إلى ليما.", "ar", [("PER", "بيليتش"), ("GPE", "ليما")]),
        make_doc("سافر بيليتش من زغرب إلى ليما.", "ar", [("PER", "بيليتش"), ("GPE", "زغرب"), ("GPE", "ليما")]),
    ]
    link_documents(docs, index)
    third = one(docs[2], "بيليتش")
    assert third not in (one(docs[0], "بيليتش"), one(docs[1], "بيليتش"))  # two candidates: its own
    n, rows = len(index), [e.row() for e in index]
    link_document(docs[2], index, article=3)
    assert (one(docs[2], "بيليتش"), len(index)) == (third, n)
    assert [e.row() for e in index] == rows


def test_find_in_any_script_or_english() -> None:
    index = EntityIndex()
    link_documents(
        [make_doc("تیمور گلنازاروف به بیشکک رفت.", "fa", [("PER", "تیمور گلنازاروف"), ("GPE", "بیشکک")])],
        index,
    )
    person = index.find("تيمور غلنزاروف")
    assert person and person[0].type == "PER"
    assert index.find("Bishkek")[0].id == index.find("بيشكك")[0].id
    assert index.find(person[0].label)[0].id == person[0].id
    assert index.find("Golnazarov")[0].id == person[0].id  # an English spelling, by skeleton
    assert index.find("zz") == []


# -- incremental -------------------------------------------------------------


def test_second_batch_links_to_first_batch_entities_through_rows() -> None:
    first = EntityIndex()
    a = make_doc("تیمور گلنازاروف، وزیر خارجه قرقیزستان، سخن گفت.", "fa",
                 [("PER", "تیمور گلنازاروف"), ("GPE", "قرقیزستان")])  # fmt: skip
    link_document(a, first, article=1)
    # Persist and reload through the store row shape only.
    reloaded = EntityIndex()
    for e in first:
        reloaded.add_entity(Entity.from_row(e.row()))
    b = make_doc("وقال تيمور غلنزاروف إن بلاده مستعدة.", "ar", [("PER", "تيمور غلنزاروف")])
    link_document(b, reloaded, article=2)
    assert one(b, "تيمور غلنزاروف") == one(a, "تیمور گلنازاروف")


@pytest.fixture()
def store(tmp_path):  # type: ignore[no-untyped-def]
    from rasad.store import Store

    s = Store(f"sqlite:///{tmp_path / 'rasad.db'}", near_duplicates=False)
    yield s
    s.close()


def test_link_store_is_incremental(store) -> None:  # type: ignore[no-untyped-def]
    a = make_doc("تیمور گلنازاروف، سخنگوی دولت قرقیزستان، سخن گفت. گلنازاروف افزود.", "fa",
                 [("PER", "تیمور گلنازاروف"), ("PER", "گلنازاروف"), ("GPE", "قرقیزستان")])  # fmt: skip
    store.add_doc(a)
    report = link_store(store)
    assert report.articles == 1 and not report.failed and report.new_entities == 2
    b = make_doc("وقال تيمور غلنزاروف في قيرغيزستان إن الاتفاق قريب.", "ar",
                 [("PER", "تيمور غلنزاروف"), ("GPE", "قيرغيزستان")])  # fmt: skip
    store.add_doc(b)
    report = link_store(store)
    assert report.articles == 1 and report.new_entities == 0
    index = load_index(store)
    people = [e for e in index if e.type == "PER"]
    assert len(people) == 1
    person = people[0]
    assert len(person.articles) == 2
    assert person.aliases["fa"] and person.aliases["ar"]
    assert link_store(store).articles == 0  # nothing left to link
    # relinking from scratch gives the same entities (title mentions relink as their person)
    before = {(e.id, len(e.mentions)) for e in index}
    report = link_store(store, relink=True)
    assert report.articles == 2 and not report.failed
    assert {(e.id, len(e.mentions)) for e in load_index(store)} == before


def _store_state(store) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:  # type: ignore[no-untyped-def]
    """Every entity row and every mention's (article, span, type, entity, country), in a fixed order."""
    import json

    from sqlalchemy import select

    from rasad.store import models as sm

    with store.session() as session:
        entities = [
            (e.id, e.label, e.type, e.country, json.dumps(e.aliases, sort_keys=True), json.dumps(e.extra, sort_keys=True))
            for e in session.scalars(select(sm.Entity).order_by(sm.Entity.id))
        ]
        mentions = [
            (m.article_id, m.start, m.end, m.type, m.entity_id, m.country)
            for m in session.scalars(select(sm.Mention).order_by(sm.Mention.article_id, sm.Mention.start, sm.Mention.id))
        ]
    return entities, mentions


#: Articles some of whose mentions are deliberately left unlinked: a one-word
#: "person" that is a demonym, a type entity linking does not handle, and two
#: surnames run together (text, language, mentions).
UNLINKABLE = [
    ("تیمور گلنازاروف، سخنگوی دولت قرقیزستان، در بیشکک سخن گفت. ایرانی در جلسه بود. "
     "گلنازاروف افزود که نمایشگاه کتاب بیشکک باز است.", "fa",
     [("PER", "تیمور گلنازاروف"), ("PER", "گلنازاروف"), ("GPE", "قرقیزستان"), ("GPE", "بیشکک"),
      ("PER", "ایرانی"), ("EVENT", "نمایشگاه کتاب")]),
    ("التقى سامي الراشد بنظيره كريم الهاشمي في دمشق. وشكر الراشد الهاشمي على الدعوة. "
     "وقال الراشد إن بنك الأردن الوطني سيمول المشروع.", "ar",
     [("PER", "سامي الراشد"), ("PER", "كريم الهاشمي"), ("PER", "الراشد الهاشمي"), ("PER", "الراشد"),
      ("GPE", "دمشق"), ("ORG", "بنك الأردن الوطني")]),
]  # fmt: skip


def _store_unlinkable(store) -> None:  # type: ignore[no-untyped-def]
    for text, lang, spans in UNLINKABLE:
        store.add_doc(make_doc(text, lang, spans))


def test_link_store_twice_with_nothing_new_changes_nothing(store) -> None:  # type: ignore[no-untyped-def]
    _store_unlinkable(store)
    first = link_store(store)
    assert first.articles == 2 and not first.failed
    entities, mentions = _store_state(store)
    assert any(m[4] is None for m in mentions)  # some mentions were left unlinked on purpose
    for _ in range(2):
        again = link_store(store)
        assert again.articles == 0 and again.new_entities == 0 and not again.failed
        assert _store_state(store) == (entities, mentions)
    # a new article is still linked, and joins the entities already stored
    store.add_doc(make_doc("وقال سامي الراشد في دمشق إن الاتفاق قريب.", "ar", [("PER", "سامي الراشد"), ("GPE", "دمشق")]))
    report = link_store(store)
    assert report.articles == 1 and report.new_entities == 0
    after, linked = _store_state(store)
    assert len(after) == len(entities)
    assert [m for m in linked if m[0] != 3] == mentions  # the earlier articles are untouched
    assert link_store(store).articles == 0


def test_relink_rebuilds_the_same_store_every_time(store) -> None:  # type: ignore[no-untyped-def]
    _store_unlinkable(store)
    link_store(store)
    report = link_store(store, relink=True)
    assert report.articles == 2 and not report.failed  # every article, the marks notwithstanding
    rebuilt = _store_state(store)
    assert link_store(store, relink=True).articles == 2
    assert _store_state(store) == rebuilt
    assert link_store(store).articles == 0
    assert _store_state(store) == rebuilt


def test_detached_persian_suffix_and_two_word_honorific_do_not_split_a_name() -> None:
    from rasad.link.names import person_tokens

    joined = person_tokens("کاوه سرابندی‌ای")
    assert person_tokens("کاوه سرابندی ای") == joined == person_tokens("آیت الله کاوه سرابندی ای")
    assert person_tokens("حجت الاسلام کاوه سرابندی") == person_tokens("کاوه سرابندی")


def test_two_name_parts_with_one_skeleton_but_table_spellings_far_apart_are_different() -> None:
    from rapidfuzz import fuzz

    from rasad.link import names, translit

    table = translit.word_table()
    by_skeleton: dict[str, tuple[str, str]] = {}
    pair = None
    for form, (latin, _share) in table.items():
        if len(form) < 5 or not latin.isalpha():
            continue
        sk = names.skeleton(form)
        seen = by_skeleton.setdefault(sk, (form, latin))
        if seen[0] != form and fuzz.ratio(seen[1], latin) < names.LATIN_SAME_MIN - 20:
            pair = (seen[0], form)
            break
    assert pair is not None
    a, b = pair
    if names.attested_latin(a) is None or names.attested_latin(b) is None:
        assert names.known_different(a, b)
    assert not names.known_different(a, a)
