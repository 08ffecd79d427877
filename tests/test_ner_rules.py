"""Entity-stage rules that do not depend on the trained model: clitics, heads,
demonyms, facility names, place typing, offsets. Texts are written here."""

from __future__ import annotations

from rasad.doc import Doc
from rasad.extract.entities import mentions_for, token_sentences
from rasad.extract.ner.gazetteer import demonym, strip_article, strip_clitics


def _tagged(doc: Doc, tags_by_word: dict[str, str], lang: str) -> list:
    sents = token_sentences(doc)
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


# -- span repairs (rasad.extract.entities._adjust); texts written here --------


def test_portfolio_after_a_role_word_is_part_of_a_title_not_an_organisation() -> None:
    text = "وزیر امور خارجه ژاپن به پکن رفت و وزیر خارجه نیز سخن گفت."
    doc = Doc(text=text, lang="fa")
    ms = _tagged(doc, {"امور": "B-ORG", "خارجه": "I-ORG", "ژاپن": "I-ORG", "پکن": "B-LOC"}, "fa")
    assert "ORG" not in {m.type for m in ms}
    # The country inside the dropped span is still a mention, with exact offsets.
    japan = [m for m in ms if m.text == "ژاپن"]
    assert len(japan) == 1 and japan[0].type == "GPE" and japan[0].country == "JP"
    assert text[japan[0].start : japan[0].end] == "ژاپن"


def test_lone_portfolio_word_is_dropped() -> None:
    text = "این دو وزیر خارجه با هم دیدار کردند."
    doc = Doc(text=text, lang="fa")
    assert _tagged(doc, {"خارجه": "B-ORG"}, "fa") == []


def test_organisation_extends_left_over_its_head_noun() -> None:
    text = "سخنگوی وزارت امور خارجه ژاپن گفت."
    doc = Doc(text=text, lang="fa")
    ms = _tagged(doc, {"امور": "B-ORG", "خارجه": "I-ORG", "ژاپن": "I-ORG"}, "fa")
    assert [(m.text, m.type, m.country) for m in ms] == [("وزارت امور خارجه ژاپن", "ORG", "JP")]


def test_title_or_honorific_alone_is_not_a_person() -> None:
    text = "وقال الرئيس الياباني إن السيدة وصلت."
    doc = Doc(text=text, lang="ar")
    ms = _tagged(doc, {"الرئيس": "B-PER", "الياباني": "I-PER", "السيدة": "B-PER"}, "ar")
    assert "PER" not in {m.type for m in ms}
    assert [(m.text, m.type) for m in ms] == [("الياباني", "NORP")]


def test_one_word_person_that_is_a_demonym_becomes_a_demonym() -> None:
    text = "به گزارش این روزنامه ژاپنی جلسه لغو شد."
    doc = Doc(text=text, lang="fa")
    ms = _tagged(doc, {"ژاپنی": "B-PER"}, "fa")
    assert [(m.type, m.country) for m in ms] == [("NORP", "JP")]


def test_bracketed_name_after_a_base_is_a_facility() -> None:
    text = "هواپیماها از پایگاه نیروی هوایی ژاپن (تاکادو) پرواز کردند."
    doc = Doc(text=text, lang="fa")
    tags = {"پایگاه": "B-ORG", "نیروی": "I-ORG", "هوایی": "I-ORG", "ژاپن": "I-ORG", "تاکادو": "B-ORG"}
    ms = _tagged(doc, tags, "fa")
    assert [(m.text, m.type) for m in ms] == [("پایگاه نیروی هوایی ژاپن", "FAC"), ("تاکادو", "FAC")]


def test_place_span_is_cut_at_a_preposition_and_trimmed_to_the_known_place() -> None:
    text = "هواپیمای باری جمهوری اسلواکی در منطقه کوهستانی میان اسلواکی و لهستان فرود آمد."
    doc = Doc(text=text, lang="fa")
    tags = {"باری": "B-LOC", "جمهوری": "I-LOC", "منطقه": "B-LOC", "کوهستانی": "I-LOC", "میان": "I-LOC"}
    ms = _tagged(doc, {**tags, "اسلواکی": "I-LOC"}, "fa")
    texts = [(m.text, m.type) for m in ms]
    assert texts[0] == ("جمهوری اسلواکی", "GPE")
    assert ("منطقه کوهستانی", "LOC") in texts


def test_official_country_name_tagged_as_organisation_is_the_country() -> None:
    text = "دولت پیشین جمهوری اسلامی پاکستان بیانیه داد."
    doc = Doc(text=text, lang="fa")
    ms = _tagged(doc, {"جمهوری": "B-ORG", "اسلامی": "I-ORG", "پاکستان": "I-ORG"}, "fa")
    assert [(m.type, m.country) for m in ms] == [("GPE", "PK")]


def test_party_name_ends_before_a_preposition() -> None:
    text = "نماینده حزب سبز در پارلمان سوئد گفت."
    doc = Doc(text=text, lang="fa")
    ms = _tagged(doc, {"حزب": "B-ORG", "سبز": "I-ORG", "در": "I-ORG", "پارلمان": "I-ORG", "سوئد": "I-ORG"}, "fa")
    assert ms[0].text == "حزب سبز" and ms[0].type == "ORG"
    assert ("سوئد", "GPE") in [(m.text, m.type) for m in ms]


def test_institution_name_goes_on_over_known_modifiers() -> None:
    text = "وفقا لمعهد أوسلو الدولي لأبحاث السلام فإن الصادرات زادت."
    doc = Doc(text=text, lang="ar")
    ms = _tagged(doc, {"لمعهد": "B-ORG", "أوسلو": "I-ORG", "الدولي": "I-ORG"}, "ar")
    assert [(m.text, m.type) for m in ms] == [("لمعهد أوسلو الدولي لأبحاث السلام", "ORG")]
    assert text[ms[0].start : ms[0].end] == ms[0].text


def test_a_country_or_capital_tagged_as_a_person_is_the_place() -> None:
    # A lone country, and a capital after a verb («وافقت»): places, not people.
    text = "وقالت البرتغال إن الاتفاق جاهز، وقد وافقت أنقرة عليه."
    doc = Doc(text=text, lang="ar")
    ms = _tagged(doc, {"البرتغال": "B-PER", "وافقت": "B-PER", "أنقرة": "I-PER"}, "ar")
    assert [(m.type, m.text, m.country) for m in ms] == [("GPE", "البرتغال", "PT"), ("GPE", "أنقرة", "TR")]
    # A person whose name has no place word keeps the type.
    doc = Doc(text="وقال سامي الخطيب إن الاتفاق جاهز.", lang="ar")
    ms = _tagged(doc, {"سامي": "B-PER", "الخطيب": "I-PER"}, "ar")
    assert [(m.type, m.text) for m in ms] == [("PER", "سامي الخطيب")]


def test_a_leading_preposition_is_not_part_of_a_place() -> None:
    text = "گفت‌وگو میان ارمنستان و گرجستان ادامه دارد."
    doc = Doc(text=text, lang="fa")
    ms = _tagged(doc, {"میان": "B-GPE", "ارمنستان": "I-GPE", "گرجستان": "B-GPE"}, "fa")
    assert [(m.type, m.text) for m in ms] == [("GPE", "ارمنستان"), ("GPE", "گرجستان")]


def test_a_place_mention_that_is_a_persons_surname_becomes_the_person() -> None:
    from rasad.doc import Mention
    from rasad.extract.entities import agree_types

    ms = [
        Mention(0, 11, "کاوه زرین‌دست", "PER"),
        Mention(30, 38, "زرین‌دست", "GPE", country="XX"),
        Mention(50, 54, "ایران", "GPE", country="IR"),
    ]
    agree_types(ms)
    assert [(m.type, m.country) for m in ms] == [("PER", None), ("PER", None), ("GPE", "IR")]
    # A known place keeps its type even when a person's name ends with it.
    ms = [Mention(0, 10, "ژان پاریس", "PER"), Mention(20, 25, "پاریس", "GPE", country="FR")]
    agree_types(ms)
    assert ms[1].type == "GPE"


def test_a_person_mention_of_a_place_tagged_as_that_place_elsewhere_is_the_place() -> None:
    from rasad.doc import Mention
    from rasad.extract.entities import agree_types

    ms = [Mention(0, 5, "أنقرة", "GPE", country="TR"), Mention(20, 25, "أنقرة", "PER")]
    agree_types(ms)
    assert [(m.type, m.country) for m in ms] == [("GPE", "TR"), ("GPE", "TR")]
    # Alone in its document, a person's name that is also a capital stays a person.
    ms = [Mention(0, 5, "صوفيا", "PER")]
    agree_types(ms)
    assert ms[0].type == "PER"


def test_an_untagged_name_in_brackets_after_a_base_is_a_facility() -> None:
    from rasad.extract.entities import bracket_facilities

    text = "أقلعت الطائرة من مطار المدينة الدولي (نارين) صباحا."
    doc = Doc(text=text, lang="ar")
    sents = token_sentences(doc)
    found = bracket_facilities(doc, sents, [])
    assert [(m.type, m.text) for m in found] == [("FAC", "نارين")]
    assert text[found[0].start : found[0].end] == "نارين"
    # Not after a news site, not numbers, not a span already found.
    doc = Doc(text="به گزارش پایگاه خبری (نارین) و پایگاه شماره (۱۲) امروز.", lang="fa")
    assert bracket_facilities(doc, token_sentences(doc), []) == []
    from rasad.doc import Mention

    doc = Doc(text=text, lang="ar")
    start = text.index("نارين")
    assert bracket_facilities(doc, token_sentences(doc), [Mention(start, start + 5, "نارين", "PER")]) == []
