"""Roles, modality and speakers read from the dependency parse (hand-written sentences, invented names)."""

from __future__ import annotations

from rasad import lang as languages
from rasad.extract import events, quotes, syntax
from rasad.extract.syntax import Tree
from test_events_stage import by_type, make_doc


def test_tree_navigation() -> None:
    # "A met B in C ." : 1 is the root; 0 its subject; 3 an oblique with case 2
    tree = Tree([0, 2, 4, 6, 8], [1, 3, 5, 7, 9], ["A", "met", "in", "C", "."], [1, -1, 3, 1, 1],
                ["nsubj", "root", "case", "obl", "punct"])  # fmt: skip
    assert tree.children(1, "nsubj") == [0]
    assert tree.children(1, "obl") == [3]
    assert tree.subtree(3) == [2, 3]
    assert tree.span(1, ("obl",)) == (0, 9)
    assert tree.ancestors(2) == [3, 1]
    assert tree.word_at(4, 5) == 2 and tree.word_at(100) is None


def test_arabic_proclitics_are_split_for_the_parser() -> None:
    ar = languages.get("ar")
    assert ar is not None
    assert ar.split_word("والحكومة") == [1]
    assert ar.split_word("وللحكومة") == [1, 2]
    assert ar.split_word("ومالطا", "مالطا") == [1]  # a name after a conjunction, from the mention's head
    assert ar.split_word("وزير") == []  # no article, no known name: a word of its own
    assert languages.get("xx") is None


def test_sentence_words_follow_tokens_and_splits() -> None:
    doc = make_doc("والتقى الوزير بالسفير.", [])
    starts, ends = syntax.sentence_words(doc, 0, len(doc.text), "ar")
    words = [doc.text[s:e] for s, e in zip(starts, ends, strict=True)]
    assert words == ["و", "التقى", "الوزير", "ب", "السفير", "."]  # as the treebank writes them


def test_speaker_is_the_person_in_apposition_to_the_subject_title() -> None:
    doc = make_doc(
        "قال وزير خارجية تشيلي، خوان بيريز، إن بلاده ترفض أي تدخل في شؤونها الداخلية.",
        [("تشيلي", "GPE", "CL", "CL"), ("خوان بيريز", "PER", "JP", "CL")],
    )
    quotes.process(doc)
    assert doc.quotes and doc.quotes[0]["speaker"] == "JP"


def test_coordinated_subjects_are_all_actors() -> None:
    doc = make_doc(
        "زار خوان بيريز وكارلوس سيلفا مدريد أمس.",
        [("خوان بيريز", "PER", "JP", "ES"), ("وكارلوس سيلفا", "PER", "CS", "BR"), ("مدريد", "GPE", "Madrid", "ES")],
    )  # fmt: skip
    for m in doc.mentions:
        m.head = m.text.removeprefix("و")  # as the entity stage gives it: the name without its proclitic
    events.process(doc)
    visit = by_type(doc, "CONSULT", "visit")[0]
    assert set(visit["actors"]) == {"JP", "CS"} and visit["location"] == "Madrid"


def test_negation_from_the_tree() -> None:
    doc = make_doc("لم تفرض كولومبيا عقوبات على فنزويلا.", [("كولومبيا", "GPE", "CO", "CO"), ("فنزويلا", "GPE", "VE", "VE")])
    events.process(doc)
    sanction = by_type(doc, "SANCTION")
    assert sanction and sanction[0]["modality"] == "negated"


def test_persian_passive_light_verb_makes_the_subject_the_recipient() -> None:
    doc = make_doc("شیلی دیروز از سوی پرو حمایت شد.", [("شیلی", "GPE", "CL", "CL"), ("پرو", "GPE", "PE", "PE")])
    events.process(doc)
    support = by_type(doc, "SUPPORT")
    assert support and support[0]["recipients"] == ["CL"] and support[0]["actors"] == ["PE"]


def test_reciprocal_makes_the_second_conjunct_the_recipient() -> None:
    doc = make_doc(
        "ژان دوپون و سامح شکری امروز با یکدیگر دیدار کردند.",
        [("ژان دوپون", "PER", "JD", "FR"), ("سامح شکری", "PER", "SS", "EG")],
    )
    events.process(doc)
    meeting = by_type(doc, "CONSULT", "meeting")[0]
    assert meeting["actors"] == ["JD"] and meeting["recipients"] == ["SS"]


def test_a_meeting_placed_during_another_is_not_a_new_event() -> None:
    doc = make_doc(
        "وأكد خوان بيريز خلال لقائه كارلوس سيلفا دعم بلاده للاتفاق.",
        [("خوان بيريز", "PER", "JP", "ES"), ("كارلوس سيلفا", "PER", "CS", "BR")],
    )
    events.process(doc)
    assert by_type(doc, "CONSULT", "meeting") == []  # "during his meeting": the meeting was reported before


def test_a_place_under_a_locative_is_where_not_who() -> None:
    doc = make_doc(
        "وفي نيروبي، دعا خوان بيريز إلى الحوار.",
        [("نيروبي", "GPE", "NB", "KE"), ("خوان بيريز", "PER", "JP", "ES")],
    )
    events.process(doc)
    for e in by_type(doc, "REQUEST"):
        assert "NB" not in e["actors"] and "NB" not in e["recipients"]
