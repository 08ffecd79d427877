"""Quote speakers across sentences: datelines, descriptions named later, pronouns, referring nouns.

Hand-written texts with invented names; the entity stage's output is given.
"""

from __future__ import annotations

from rasad.extract import quotes
from test_events_stage import make_doc


def _speakers(doc) -> list[object]:
    quotes.process(doc)
    return [q["speaker"] for q in doc.quotes]


def test_outlet_before_a_dateline_colon_is_not_the_speaker() -> None:
    text = "خبرگزاری پارسه: ماریا لوپز با اشاره به بودجه سال آینده گفت: بودجه دفاعی افزایش نخواهد یافت."
    doc = make_doc(text, [("خبرگزاری پارسه", "ORG", "PA", None), ("ماریا لوپز", "PER", "ML", "CL")])
    assert _speakers(doc) == ["ML"]


def test_dateline_outlet_with_an_unnamed_speaker_gives_no_speaker() -> None:
    text = "خبرگزاری پارسه: یک مقام نظامی گفت: رزمایش هفته آینده در شمال کشور برگزار خواهد شد."
    doc = make_doc(text, [("خبرگزاری پارسه", "ORG", "PA", None)])
    assert _speakers(doc) == [None]


def test_description_is_the_person_named_with_it_later() -> None:
    text = (
        "معاون سیاسی استانداری گیلان گفت: هیچ مجوزی برای تجمع در روز جمعه صادر نشده است. "
        "بهرام نیک‌زاد معاون سیاسی استانداری گیلان در گفت‌وگو با خبرنگاران افزود: "
        "گروه‌های سیاسی باید مواضع خود را در رسانه‌ها اعلام کنند."
    )
    doc = make_doc(text, [("بهرام نیک‌زاد", "PER", "BN", "IR")])
    assert _speakers(doc) == ["BN", "BN"]


def test_description_shared_by_two_people_gives_no_speaker() -> None:
    text = (
        "عضو کمیسیون امنیت ملی مجلس گفت: مذاکرات باید تا پایان ماه ادامه پیدا کند. "
        "بهرام نیک‌زاد عضو کمیسیون امنیت ملی مجلس و سارا کیانی عضو کمیسیون امنیت ملی مجلس "
        "در این نشست حاضر بودند."
    )
    doc = make_doc(text, [("بهرام نیک‌زاد", "PER", "BN", "IR"), ("سارا کیانی", "PER", "SK", "IR")])
    assert _speakers(doc) == [None]


def test_pronoun_continues_the_previous_speaker_not_a_person_named_in_the_cue() -> None:
    text = (
        "خوان پرز گفت: تیم ما برای بازی بعدی آماده است و بازیکنان روحیه خوبی دارند. "
        "وی با بیان اینکه ماریا لوپز از طرفداران فوتبال است، افزود: ورزش را باید از سیاست جدا کرد."
    )
    doc = make_doc(text, [("خوان پرز", "PER", "JP", "CL"), ("ماریا لوپز", "PER", "ML", "CL")])
    assert _speakers(doc) == ["JP", "JP"]


def test_arabic_bare_verb_after_a_new_subject_is_not_the_previous_speaker() -> None:
    text = (
        "وقال سامي الخوري إن «المفاوضات ستستأنف الأسبوع المقبل في العاصمة». "
        "وزار ماجد النعيمي المعسكر صباح أمس. وقال إن «القوات جاهزة لكل الاحتمالات في الشمال»."
    )
    doc = make_doc(text, [("سامي الخوري", "PER", "SK", None), ("ماجد النعيمي", "PER", "MN", None)])
    assert _speakers(doc) == ["SK", "MN"]


def test_arabic_definite_noun_points_back_to_the_organisation() -> None:
    text = (
        "قالت وزارة الخارجية النورية في بيان إن «الحدود ستبقى مفتوحة أمام المسافرين». "
        "وأضافت الوزارة أن «السفارة ستعمل كالمعتاد طوال أيام العطلة»."
    )
    doc = make_doc(text, [("وزارة الخارجية النورية", "ORG", "MFA", None)])
    assert _speakers(doc) == ["MFA", "MFA"]


def test_organisation_inside_a_role_description_gives_way_to_the_person_named_with_it() -> None:
    text = (
        "نماینده مردم ساری در مجلس شورای اسلامی گفت: طرح تازه بودجه تا پایان ماه بررسی خواهد شد. "
        "بهرام نیک‌زاد نماینده مردم ساری در گفت‌وگو با خبرنگاران افزود: کمیسیون این طرح را تایید کرده است."
    )
    doc = make_doc(
        text, [("مجلس شورای اسلامی", "ORG", "MJ", "IR"), ("بهرام نیک‌زاد", "PER", "BN", "IR")]
    )
    assert _speakers(doc) == ["BN", "BN"]


def test_the_statement_continues_its_issuer_and_never_a_bystander() -> None:
    text = (
        "قالت وزارة الزراعة الكينية في بيان إن موسم الحصاد سيبدأ مبكرا هذا العام. "
        "وأضاف البيان أن الأمطار كانت أغزر من المعتاد في المناطق الشمالية. "
    )
    doc = make_doc(text, [("وزارة الزراعة الكينية", "ORG", "KM", "KE")])
    assert _speakers(doc) == ["KM", "KM"]
    # with no earlier speaker, "the statement" is nobody rather than the last person named
    text = "التقى الوزير بيتر أوديامبو بالمزارعين أمس. وأضاف البيان أن الأمطار كانت أغزر من المعتاد هذا العام."
    doc = make_doc(text, [("بيتر أوديامبو", "PER", "PO", "KE")])
    assert _speakers(doc) == [None]


def test_an_indefinite_source_is_someone_new() -> None:
    text = (
        "قالت وزارة الزراعة الكينية في بيان إن موسم الحصاد سيبدأ مبكرا هذا العام. "
        "وقال مصدر مطلع إن الأسعار سترتفع في الأسابيع المقبلة بسبب الطلب."
    )
    doc = make_doc(text, [("وزارة الزراعة الكينية", "ORG", "KM", "KE")])
    assert _speakers(doc) == ["KM", None]


def test_a_state_that_is_the_whole_subject_speaks() -> None:
    from rasad import pipeline
    from rasad.doc import Doc

    doc = pipeline.run(Doc(text="وأعلنت النرويج أن المحادثات ستستأنف الأسبوع المقبل في العاصمة.", lang="ar"))
    norway = next(i for i, m in enumerate(doc.mentions) if m.type == "GPE")
    assert [q["speaker"] for q in doc.quotes] == [norway]
    # a state inside the subject («وزیر خارجه نروژ») or an oblique («در اسلو») is not the speaker
    doc = pipeline.run(Doc(text="وزیر خارجه نروژ در اسلو گفت که مذاکرات ادامه خواهد داشت و نتیجه خوبی دارد.", lang="fa"))
    gpes = {i for i, m in enumerate(doc.mentions) if m.type == "GPE"}
    assert doc.quotes and not {q["speaker"] for q in doc.quotes} & gpes
