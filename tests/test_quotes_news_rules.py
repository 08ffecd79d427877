"""Quote rules found on real news: a colon after the cue, weak cues, quoted names and titles."""

from __future__ import annotations

from rasad.extract import quotes
from test_events_stage import make_doc


def run(text: str, mentions: list[tuple[str, str, str | None, str | None]] = ()) -> list[dict]:  # type: ignore[assignment]
    doc = make_doc(text, mentions)
    quotes.process(doc)
    for q in doc.quotes:
        assert doc.text[q["start"] : q["end"]] == q["text"]
    return doc.quotes


def test_fa_colon_after_cue_starts_the_quote() -> None:
    text = "مهران کاظمی، مدیر بندر، گفت: هیچ کشتی را سراغ نداریم که بدون مجوز وارد اسکله شده باشد."
    (q,) = run(text, [("مهران کاظمی", "PER", "MK", None)])
    assert q["text"].startswith("هیچ کشتی را سراغ نداریم")  # not cut at "که"
    assert q["speaker"] == "MK" and q["cue"] == "گفت"


def test_fa_colon_quote_without_complementizer() -> None:
    text = "سارا نیکپور گفت: امسال برداشت محصول در استان بیشتر از سال گذشته بوده است."
    (q,) = run(text, [("سارا نیکپور", "PER", "SN", None)])
    assert q["text"].startswith("امسال برداشت") and q["speaker"] == "SN"


def test_fa_weak_cue_needs_a_colon() -> None:
    assert run("کاروان از صبح حرکت کرد و مسیر خود را تا مرز با سرعت زیاد ادامه داد تا اینکه شب به شهر رسید.") == []
    (q,) = run("وی ادامه داد: بازسازی پل تا پایان سال به پایان خواهد رسید.")
    assert q["cue"] == "ادامه داد"


def test_quoted_company_and_book_names_are_not_quotes() -> None:
    text = (
        "وقال سامي حداد إن الأسواق تتعافى ببطء بعد أزمة شركة «نور للاستشارات المالية» الأخيرة. "
        "وأشار إلى كتابه «تاريخ الموانئ في الخليج» الذي صدر العام الماضي."
    )
    out = run(text, [("سامي حداد", "PER", "SH", None)])
    assert [(q["kind"], q["speaker"]) for q in out] == [("reported", "SH")]
    assert out[0]["text"].startswith("الأسواق تتعافى")


def test_quoted_subject_between_cue_and_complementizer_is_not_a_quote() -> None:
    out = run("وفي الشمال، قال «مرصد الأخبار المحلية» إن الاشتباكات توقفت منذ ساعات الصباح الأولى.")
    assert all("مرصد الأخبار" not in q["text"] for q in out)


def test_short_partial_quote_after_a_preposition_stays() -> None:
    text = "ليلى منصور أكدت التزام بلادها بـ\"الحوار مع الجيران\" خلال المؤتمر."
    out = run(text, [("ليلى منصور", "PER", "LM", None)])
    assert [(q["text"], q["speaker"]) for q in out] == [("الحوار مع الجيران", "LM")]


def test_fa_unique_title_without_country_names_the_one_holder() -> None:
    text = (
        "کامران صدری رئیس جمهور در جمع استانداران سخنرانی کرد. "
        "رئیس جمهور تصریح کرد: اجرای طرح‌های عمرانی در استان‌های مرزی باید سرعت بگیرد."
    )
    (q,) = run(text, [("کامران صدری", "PER", "KS", None)])
    assert q["speaker"] == "KS"
    # a title the article never gave anyone stays unknown
    (q,) = run("نخست وزیر تصریح کرد: اجرای طرح‌های عمرانی در استان‌های مرزی باید سرعت بگیرد.")
    assert q["speaker"] is None


def test_untagged_surname_names_the_one_person_of_that_name() -> None:
    text = (
        "قال القائد الميداني سليم العتيبي إن الهجوم صُدّ بالكامل قبل منتصف الليل. "
        "وأضاف العتيبي أن القوات استعادت ثلاثة مواقع في الريف الشرقي."
    )
    doc = make_doc(text, [("سليم العتيبي", "PER", "SA", None)])
    quotes.process(doc)
    assert [q["speaker"] for q in doc.quotes] == ["SA", "SA"]


def test_surname_after_a_verbal_noun_is_the_object_not_the_speaker() -> None:
    text = (
        "انتقد سليم العتيبي الحكومة أمس. ودفع ذلك الوزير إلى وصف العتيبي بأنه «معارض لا يريد أي حل»."
    )
    doc = make_doc(text, [("سليم العتيبي", "PER", "SA", None)])
    quotes.process(doc)
    assert all(q["speaker"] != "SA" for q in doc.quotes)
