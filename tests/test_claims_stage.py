"""Claim stage: numbers in three digit sets and in words, units, comparators, exclusions."""

from __future__ import annotations

from pathlib import Path

from rasad import text as text_stage
from rasad.doc import Doc
from rasad.extract import claims
from test_events_stage import make_doc


def run(text: str, **kw: object) -> list[dict]:
    doc = make_doc(text, **kw)  # type: ignore[arg-type]
    claims.process(doc)
    for c in doc.claims:
        assert doc.text[c["start"] : c["end"]] == c["text"]
    return doc.claims


def test_fa_digits_comparators_units() -> None:
    out = run(
        "بیش از ۲۵۰ شرکت خارجی در این شهر فعال هستند و حدود ۳۵ درصد از صادرات گاز به همسایگان می‌رود."
    )
    assert [(c["value"], c["unit"], c["comparator"]) for c in out] == [
        (250.0, "companies", "more_than"),
        (35.0, "percent", "about"),
    ]
    assert out[1]["topic"] == "gas" and out[1]["flow"] == "exports"
    assert out[0]["text"] == "بیش از ۲۵۰ شرکت"


def test_ar_words_scales_and_signs() -> None:
    out = run(
        "استمرت المعارك ثمانية أيام. وبلغت قيمة الصفقة 3.5 مليار دولار، وارتفعت الأسعار أكثر من 12٪. ما لا يقل عن ٤٠ رحلة ألغيت."
    )
    got = {(c["unit"], c["value"], c["comparator"]) for c in out}
    assert ("days", 8.0, "exactly") in got
    assert ("money:USD", 3.5e9, "exactly") in got
    assert ("percent", 12.0, "more_than") in got
    assert ("flights", 40.0, "at_least") in got


def test_en_units_and_nouns() -> None:
    out = run("Nearly 70 km of road and 1,200 homes were damaged, officials said.")
    assert (out[0]["value"], out[0]["unit"], out[0]["comparator"]) == (70.0, "km", "nearly")
    assert (out[1]["value"], out[1]["unit"], out[1]["noun"]) == (1200.0, "count", "homes")


def test_years_dates_and_furniture_are_not_claims() -> None:
    text = "در سال ۱۹۹۸ و در ۱۴ مارس ۲۰۲۰ دو کشور توافق کردند؛ ساعت 10:30 جلسه آغاز شد و F-16 پرواز کرد.\n+27\nرأی دهید"
    assert run(text) == []


def test_time_stage_dates_excluded_and_scope_used() -> None:
    text = "In March 2021 exports rose by 15 percent."
    out = run(text, times=[("March 2021", "2021-03", "month", "date")])
    assert len(out) == 1 and out[0]["time"] == {"value": "2021-03", "precision": "month"}


def test_past_years_are_scope_not_claims() -> None:
    out = run("Over the past seven years, more than 90 cargo flights landed there.")
    assert [c["value"] for c in out] == [90.0]


def test_subjects_from_mentions_not_sources() -> None:
    out = run(
        "According to the Institute, Chile bought 40% of its oil from Peru.",
        mentions=[
            ("Institute", "ORG", "INST", None),
            ("Chile", "GPE", "CL", "CL"),
            ("Peru", "GPE", "PE", "PE"),
        ],
    )
    assert out[0]["subjects"] == ["CL", "PE"] and out[0]["topic"] == "oil"


def test_excluded_and_seeds(seeds_dir: Path) -> None:
    doc = make_doc("Exports grew by 12 percent this year.")
    doc.excluded.append((0, len(doc.text), "boilerplate"))
    claims.process(doc)
    assert doc.claims == []
    for path in sorted(seeds_dir.glob("*.txt")):
        doc = text_stage.process(Doc(text=path.read_text(encoding="utf-8")))
        claims.process(doc)
        for c in doc.claims:
            assert doc.text[c["start"] : c["end"]] == c["text"]
            assert c["unit"] and c["value"] > 0
            assert not (1300 <= c["value"] <= 2100 and c["unit"] in ("count", "years"))


def test_demonym_mentions_are_subjects() -> None:
    out = run(
        "More than 40 Chilean companies work in Peru.",
        mentions=[("Chilean", "NORP", None, "CL"), ("Peru", "GPE", "PE", "PE")],
    )
    assert out[0]["subjects"] == [0, "PE"] and out[0]["unit"] == "companies"


def test_function_words_weights_and_noun_first_order() -> None:
    assert run("تیم ما ۲ بر ۱ برد و ۴۵ از آنها رفتند.") == []
    out = run("وزن او ۸۵ کیلوگرم است و ۳۱ تیم شرکت کردند.")
    assert [(c["value"], c["unit"]) for c in out] == [(85.0, "kg"), (31.0, "count")]
