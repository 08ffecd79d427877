"""What a claim measures (its head noun), its time scope, and the per-language vocabulary files."""

from __future__ import annotations

import json
import re

import pytest

from rasad.extract import claims
from rasad.extract.events import fold
from test_events_stage import make_doc


def _claims(text: str, **kw: object) -> list[dict]:
    doc = make_doc(text, **kw)  # type: ignore[arg-type]
    claims.process(doc)
    return doc.claims


def _measured(text: str, **kw: object) -> list[tuple[float, str, str | None]]:
    return [(c["value"], c["unit"], c["quantity"]) for c in _claims(text, **kw)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # events measured by counts of people, before or after the figure
        (
            "در این حادثه ۱۲ نفر کشته و ۳۰ نفر زخمی شدند.",
            [(12, "people", "killed"), (30, "people", "injured")],
        ),
        (
            "وأسفر الهجوم عن مقتل 15 شخصا وإصابة 20 آخرين.",
            [(15, "people", "killed"), (20, "count", "injured")],
        ),
        (
            "The attack left 250 dead and 40 wounded people.",
            [(250, "dead", "killed"), (40, "people", "injured")],
        ),
        ("وصل 800 مهاجر إلى الجزيرة.", [(800, "count", "migrants")]),  # the counted noun itself
        # what a share or an amount is of
        ("نرخ تورم به ۴۰ درصد رسید.", [(40, "percent", "inflation")]),
        ("وارتفع معدل التضخم إلى 12 في المئة.", [(12, "percent", "inflation")]),
        (
            "وبلغت ميزانيتها 9 مليارات دولار.",
            [(9e9, "money:USD", "budget")],
        ),  # ة written ت before a suffix
        (
            "Chile buys more than 30% of its oil from Peru.",
            [(30, "percent", "oil")],
        ),  # the topic, failing a head
        # spans of time measure only an age, a term, a war, talks or a truce
        ("وحكم عليه بالسجن 5 سنوات.", [(5, "years", "sentence")]),
        ("تعاني البلاد منذ 14 عاما من النزاع المسلح.", [(14, "years", None)]),
        # an event is not what a weight measures
        ("تم ضبط 30 كيلوغراما من المخدرات واعتقال المتهمين.", [(30, "kg", None)]),
        # a count of a word no vocabulary names is that word (one language only)
        (
            "وحصل المرشح على 59 مقعدا و 12 ميدالية.",
            [(59, "count", "seats"), (12, "count", "noun:میدالیه")],
        ),
    ],
)
def test_quantity_is_the_head_noun(
    text: str, expected: list[tuple[float, str, str | None]]
) -> None:
    assert _measured(text) == expected


def test_head_word_is_a_span_of_the_text() -> None:
    (c,) = _claims("وارتفع معدل التضخم إلى 12 في المئة.")
    assert c["head"] == "التضخم"


def test_a_head_beyond_another_figure_belongs_to_that_figure() -> None:
    # "inflation" precedes 62, not the 4 before it
    found = _measured("انكمش الاقتصاد بأكثر من 4 في المئة، وارتفع التضخم إلى 62 في المئة.")
    assert found == [(4, "percent", None), (62, "percent", "inflation")]


def test_scope_is_the_clause_date_else_the_sentence_else_the_article() -> None:
    dated = _claims(
        "قتل 10 أشخاص يوم الاثنين في المدينة.",
        times=[("يوم الاثنين", "2024-03-04", "day", "date")], date="2024-03-06",
    )  # fmt: skip
    assert dated[0]["scope"] == {"value": "2024-03-04", "precision": "day", "from": "clause"}
    other_clause = _claims(
        "أعلنت الوزارة يوم الاثنين، أن 10 أشخاص قتلوا.",
        times=[("يوم الاثنين", "2024-03-04", "day", "date")], date="2024-03-06",
    )  # fmt: skip
    assert other_clause[0]["scope"]["from"] == "sentence"
    (undated,) = _claims("قتل 10 أشخاص في المدينة.", date="2024-03-06")
    assert undated["scope"] == {"value": "2024-03-06", "precision": "day", "from": "article"}
    assert undated["time"] is None  # the claim's own date stays what the sentence says
    (nothing,) = _claims("قتل 10 أشخاص في المدينة.")
    assert nothing["scope"] is None


def _vocab_files() -> dict[str, dict]:
    return {
        p.stem: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(claims.VOCABULARY_DIR.glob("*.json"))
    }


def test_each_language_has_a_vocabulary_file_with_the_same_quantities() -> None:
    files = _vocab_files()
    assert set(files) == set(claims.VOCABULARY_LANGS)
    keys = {
        lang: {g: set(d["quantities"][g]) for g in ("events", "nouns")} for lang, d in files.items()
    }
    first = next(iter(keys.values()))
    assert all(
        k == first for k in keys.values()
    )  # a figure in one language can meet one in another
    assert not first["events"] & first["nouns"]
    for d in files.values():
        assert set(d["units"]) <= set(claims.UNIT_ORDER)


def test_patterns_fold_to_themselves_and_compile() -> None:
    # folding lower-cases: an upper-case escape (\W, \S, \D) would silently change meaning
    for lang, d in _vocab_files().items():
        words = [w for ws in d["units"].values() for w in ws]
        words += [w for g in d["quantities"].values() for ws in g.values() for w in ws]
        for w in words:
            assert not re.search(r"\\[A-Z]", w), (lang, w)
            re.compile(fold(w))
        assert claims.vocabulary(lang).units


def test_a_sentence_in_another_language_uses_every_vocabulary() -> None:
    assert len(claims.vocabulary("und").units) == len(claims.UNIT_ORDER)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a rise, then a level (the head goes with the nearer figure only)
        ("وزاد سعر الخام 1.09 دولار إلى 44.96 دولار.", ["change:price", None]),
        ("وارتفع معدل التضخم إلى 12 في المئة.", ["inflation"]),  # a level
        ("قیمت طلا ۱۹ درصد افزایش یافت.", ["change:price"]),
        ("قیمت طلا به ۱۹ میلیون تومان رسید.", ["price"]),
    ],
)
def test_a_change_is_told_from_a_level(text: str, expected: list[str]) -> None:
    assert [c["quantity"] for c in _claims(text)] == expected


def test_a_word_of_a_name_is_no_head() -> None:
    text = "وتراجع سهم دبي للاستثمار بنسبة 0.35 في المائة."
    (free,) = _claims(text)
    (named,) = _claims(text, mentions=[("دبي للاستثمار", "ORG", None, "AE")])
    assert free["quantity"] == "change:investment" and named["quantity"] is None
    assert named["topic"] == "investment"  # the topic field still reads the words around the figure


def test_a_total_is_marked() -> None:
    (one,) = _claims("قتل 3 أشخاص في انفجار عند مركز للشرطة.")
    (wave,) = _claims("قتل 8 أشخاص في موجة من الهجمات على قوات الأمن.")
    assert not one["total"] and wave["total"]
