"""Event roles from clause structure, on hand-written texts (no seed names)."""

from __future__ import annotations

from rasad.extract import events
from test_events_stage import by_type, make_doc


def test_relative_clause_has_its_own_actor_and_a_destination_is_not_a_recipient() -> None:
    doc = make_doc(
        "ژان دوپون روز دوشنبه با کارلوس سیلوا که برای گشایش سفارت برزیل به پاریس سفر کرده است دیدار کرد.",
        [("ژان دوپون", "PER", "JD", "FR"), ("کارلوس سیلوا", "PER", "CS", "BR"), ("پاریس", "GPE", "Paris", "FR")],
    )
    events.process(doc)
    meeting = by_type(doc, "CONSULT", "meeting")[0]
    assert meeting["actors"] == ["JD"] and meeting["recipients"] == ["CS"]
    visit = by_type(doc, "CONSULT", "visit")[0]
    assert visit["actors"] == ["CS"] and visit["recipients"] == [] and visit["location"] == "Paris"
    assert "visited" in visit["english"] and " in " not in visit["english"].split("—")[0]


def test_arabic_vso_subject_object_and_relative_pronoun() -> None:
    doc = make_doc(
        "والتقى وزير الخارجية، كارلوس سيلفا بنظيره، خوان بيريز، الذي وصل إلى مدريد أمس.",
        [("كارلوس سيلفا", "PER", "CS", "BR"), ("خوان بيريز", "PER", "JP", "ES"), ("مدريد", "GPE", "Madrid", "ES")],
    )
    events.process(doc)
    meeting = by_type(doc, "CONSULT", "meeting")[0]
    assert meeting["actors"] == ["CS"] and meeting["recipients"] == ["JP"]
    visit = by_type(doc, "CONSULT", "visit")[0]
    assert visit["actors"] == ["JP"] and visit["location"] == "Madrid"


def test_coordinated_actors_form_a_list_and_adjacent_objects_do_not() -> None:
    doc = make_doc(
        "أجرت تشيلي والبيرو محادثات في ليما. طالبت كولومبيا فنزويلا بفتح الحدود.",
        [("تشيلي", "GPE", "CL", "CL"), ("والبيرو", "GPE", "PE", "PE"), ("ليما", "GPE", "Lima", "PE"),
         ("كولومبيا", "GPE", "CO", "CO"), ("فنزويلا", "GPE", "VE", "VE")],
    )  # fmt: skip
    events.process(doc)
    assert by_type(doc, "CONSULT", "meeting")[0]["actors"] == ["CL", "PE"]
    request = by_type(doc, "REQUEST")[0]
    assert request["actors"] == ["CO"] and request["recipients"] == ["VE"]


def test_quoted_words_and_topic_nouns_are_not_events() -> None:
    doc = make_doc(
        "ژان دوپون گفت: «ما باید با کانادا همکاری کنیم.» او بر گسترش همکاری با مکزیک تاکید کرد.",
        [("ژان دوپون", "PER", "JD", "FR"), ("کانادا", "GPE", "CA", "CA"), ("مکزیک", "GPE", "MX", "MX")],
    )
    events.process(doc)
    assert by_type(doc, "COOPERATE") == []


def test_buyer_is_the_recipient_of_a_supply() -> None:
    doc = make_doc(
        "تشتري اليابان الغاز من قطر منذ سنوات.",
        [("اليابان", "GPE", "JP", "JP"), ("قطر", "GPE", "QA", "QA")],
    )
    events.process(doc)
    supply = by_type(doc, "COOPERATE", "energy-supply")[0]
    assert "JP" in supply["recipients"] and "JP" not in supply["actors"]


def test_scheduled_event_is_planned_and_a_clause_date_stays_in_its_clause() -> None:
    doc = make_doc(
        "ومن المقرر أن يلتقي خوان بيريز نظيره كارلوس سيلفا في مدريد.",
        [("خوان بيريز", "PER", "JP", "ES"), ("كارلوس سيلفا", "PER", "CS", "BR"), ("مدريد", "GPE", "Madrid", "ES")],
    )
    events.process(doc)
    assert by_type(doc, "CONSULT", "meeting")[0]["modality"] == "planned"
    doc = make_doc(
        "سفر رسمی رئیس‌جمهوری شیلی به لیما پس از آن انجام می‌شود که روز دوشنبه پرو سفارت خود را در سانتیاگو افتتاح کرد.",
        [("شیلی", "GPE", "CL", "CL"), ("لیما", "GPE", "Lima", "PE"), ("پرو", "GPE", "PE", "PE"),
         ("سانتیاگو", "GPE", "Santiago", "CL")],
        [("روز دوشنبه", "2024-04-01", "day", "date")],
    )  # fmt: skip
    events.process(doc)
    assert by_type(doc, "CONSULT", "visit")[0]["date"]["value"] is None  # the Monday is the embassy's
    embassy = by_type(doc, "COOPERATE", "embassy-open")[0]
    assert embassy["date"]["value"] == "2024-04-01" and embassy["actors"] == ["PE"]


def test_other_senses_and_report_sources() -> None:
    doc = make_doc(
        "دیدار تیم‌های پرسپولیس و سپاهان در ورزشگاه آزادی برگزار شد. به گزارش خبرگزاری ایسنا، شیلی با پرو دیدار کرد.",
        [("پرسپولیس", "ORG", "PR", None), ("سپاهان", "ORG", "SP", None), ("خبرگزاری ایسنا", "ORG", "IS", "IR"),
         ("شیلی", "GPE", "CL", "CL"), ("پرو", "GPE", "PE", "PE")],
    )  # fmt: skip
    events.process(doc)
    meetings = by_type(doc, "CONSULT", "meeting")
    assert len(meetings) == 1  # the football match is not a meeting
    assert meetings[0]["actors"] == ["CL"] and meetings[0]["recipients"] == ["PE"]  # the agency is no party
