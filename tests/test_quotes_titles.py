"""Quote speakers behind title phrases, on hand-written texts."""

from __future__ import annotations

from rasad.extract import quotes
from test_events_stage import make_doc


def test_organisation_after_a_title_is_not_the_speaker() -> None:
    text = (
        "ماریا لوپز، وزیر دفاع شیلی، از پایگاه دریایی بازدید کرد. "
        "خوان پرز، نماینده حزب سبز، طرحی تازه ارائه کرد. "
        "این نماینده پارلمان شیلی گفت که «این طرح امنیت مرزها را تقویت خواهد کرد.»"
    )
    doc = make_doc(
        text,
        [("ماریا لوپز", "PER", "ML", "CL"), ("شیلی", "GPE", "CL", "CL"), ("خوان پرز", "PER", "JP", "CL"),
         ("پارلمان شیلی", "ORG", "PCL", "CL")],
    )  # fmt: skip
    quotes.process(doc)
    assert len(doc.quotes) == 1
    # "این نماینده": the MP named before, not the parliament and not the minister
    assert doc.quotes[0]["speaker"] == "JP"


def test_title_that_fits_nobody_leaves_the_speaker_unknown() -> None:
    text = (
        "ماریا لوپز، وزیر دفاع شیلی، از پایگاه دریایی بازدید کرد. "
        "سخنگوی ارتش شیلی گفت که «رزمایش هفته آینده برگزار خواهد شد.»"
    )
    doc = make_doc(text, [("ماریا لوپز", "PER", "ML", "CL"), ("شیلی", "GPE", "CL", "CL")])
    quotes.process(doc)
    assert len(doc.quotes) == 1 and doc.quotes[0]["speaker"] is None
