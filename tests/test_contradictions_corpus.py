"""Across articles: event dedup, date conflicts, claim conflicts/differences/confirmations, quote links."""

from __future__ import annotations

import re

from rasad.analyze import contradictions as cx
from rasad.doc import Doc
from rasad.extract import claims, events, quotes
from test_events_stage import make_doc


def staged(text: str, source: str, **kw: object) -> Doc:
    doc = make_doc(text, **kw)  # type: ignore[arg-type]
    doc.source = source
    for stage in (events, quotes, claims):
        stage.process(doc)
    return doc


def test_one_meeting_two_languages_is_one_event() -> None:
    fa = staged(
        "ژان دوپون روز دوشنبه با سامح شکری در قاهره دیدار کرد.", "fa1",
        mentions=[("ژان دوپون", "PER", "JD", "FR"), ("سامح شکری", "PER", "SS", "EG"), ("قاهره", "GPE", "Cairo", "EG")],
        times=[("روز دوشنبه", "2024-04-01", "day", "date")],
    )  # fmt: skip
    ar = staged(
        "والتقى جان دوبون بسامح شكري في القاهرة يوم الاثنين.", "ar1",
        mentions=[("جان دوبون", "PER", "JD", "FR"), ("بسامح شكري", "PER", "SS", "EG"), ("القاهرة", "GPE", "Cairo", "EG")],
        times=[("يوم الاثنين", "2024-04-01", "day", "date")],
    )  # fmt: skip
    other = staged(
        "ژان دوپون روز جمعه با سامح شکری دیدار کرد.", "fa2",
        mentions=[("ژان دوپون", "PER", "JD", "FR"), ("سامح شکری", "PER", "SS", "EG")],
        times=[("روز جمعه", "2024-05-10", "day", "date")],
    )  # fmt: skip
    merged = [
        e
        for e in cx.merge_events([fa, ar, other])
        if (e["type"], e["mode"]) == ("CONSULT", "meeting")
    ]
    assert len(merged) == 2  # a later meeting is another event
    big = max(merged, key=lambda e: len(e["sources"]))
    assert {s["article"] for s in big["sources"]} == {"fa1", "ar1"}
    assert {"JD", "SS"} <= set(big["actors"]) | set(big["recipients"])
    assert big["english"].endswith("2 sources (fa, ar)")


def test_planned_and_actual_visits_stay_apart() -> None:
    a = staged(
        "Chile will visit Peru next month.",
        "a",
        mentions=[("Chile", "GPE", "CL", "CL"), ("Peru", "GPE", "PE", "PE")],
    )
    b = staged(
        "Chile visited Peru.",
        "b",
        mentions=[("Chile", "GPE", "CL", "CL"), ("Peru", "GPE", "PE", "PE")],
    )
    visits = [e for e in cx.merge_events([a, b]) if e["mode"] == "visit"]
    assert len(visits) == 2


def test_embassy_opening_dated_differently_is_a_conflict() -> None:
    fa = staged(
        "هند در سال ۱۹۹۸ سفارت خود را در اسلو افتتاح کرد.", "fa",
        mentions=[("هند", "GPE", "IN", "IN"), ("اسلو", "GPE", "Oslo", "NO")],
        times=[("سال ۱۹۹۸", "1998", "year", "date")],
    )  # fmt: skip
    ar = staged(
        "افتتحت الهند سفارة في أوسلو عام 1999.", "ar",
        mentions=[("الهند", "GPE", "IN", "IN"), ("أوسلو", "GPE", "Oslo", "NO")],
        times=[("عام 1999", "1999", "year", "date")],
    )  # fmt: skip
    out = cx.find_contradictions([fa, ar])["contradictions"]
    dated = [
        c for c in out if c["kind"] == "conflict" and "1998" in c["why"] and "1999" in c["why"]
    ]
    assert len(dated) == 1
    assert {s["article"] for s in dated[0]["sources"]} == {"fa", "ar"}


def test_claims_conflict_differ_confirm() -> None:
    m = [("Chile", "GPE", "CL", "CL"), ("Peru", "GPE", "PE", "PE")]
    a = staged("Chile buys more than 30% of its oil from Peru.", "a", mentions=m)
    b = staged("Chile buys about 40% of its oil from Peru.", "b", mentions=m)
    c = staged("Chile buys 12% of its oil from Peru.", "c", mentions=m)
    d = staged("Chile buys 12 percent of its oil from Peru.", "d", mentions=m)
    e = staged("Chile buys 40% of its gas from Peru.", "e", mentions=m)
    result = cx.find_contradictions([a, b, c, d, e])
    kinds = {
        (x["items"][0].split("-")[1], x["items"][1].split("-")[1], x["kind"])
        for x in result["contradictions"]
    }
    ids = {doc.source: doc.claims[0]["id"].split("-")[1] for doc in (a, b, c, d, e)}
    assert (ids["a"], ids["b"], "differ") in kinds  # more than 30% vs about 40%: both possible
    assert (ids["a"], ids["c"], "conflict") in kinds  # more than 30% vs 12%
    assert (ids["b"], ids["c"], "conflict") in kinds
    assert not any(ids["e"] in (x, y) for x, y, _ in kinds)  # gas is another quantity
    assert len(result["confirmations"]) == 1 and "agrees" in result["confirmations"][0]["why"]
    assert all(x["why"] and len(x["sources"]) == 2 for x in result["contradictions"])
    assert {x["severity"] for x in result["contradictions"] if x["kind"] == "differ"} == {"low"}


def test_value_intervals() -> None:
    assert cx.value_interval({"value": 30, "unit": "percent", "comparator": "more_than"}) == (
        30.0,
        100.0,
    )
    lo, hi = cx.value_interval({"value": 40, "unit": "percent", "comparator": "about"})
    assert lo < 40 < hi
    assert cx.date_interval("2016/2020") is not None and cx.date_interval("P6W") is None


def test_quotes_same_as_across_languages() -> None:
    pairs_same = [
        (
            "ما باید با هم برای صلح در منطقه کار کنیم.",
            "علينا أن نعمل معا من أجل السلام في المنطقة.",
        ),
        ("اقتصاد کشور ما در سال آینده رشد خواهد کرد.", "سينمو اقتصاد بلادنا في العام المقبل."),
        (
            "روابط دو کشور بسیار مهم است و ادامه خواهد یافت.",
            "العلاقات بين البلدين مهمة جدا وستستمر.",
        ),
        (
            "We will never accept foreign interference in our elections.",
            "لن نقبل أبدا بالتدخل الأجنبي في انتخاباتنا.",
        ),
        ("ما از سرمایه گذاری شرکت های خارجی استقبال می کنیم.", "نرحب باستثمارات الشركات الأجنبية."),
    ]
    pairs_diff = [
        (pairs_same[0][0], pairs_same[1][1]),
        (pairs_same[2][0], pairs_same[3][1]),
        (pairs_same[1][0], pairs_same[4][1]),
        (pairs_same[4][0], pairs_same[2][1]),
        ("روابط ما با همسایگان بسیار خوب است.", pairs_same[2][1]),
    ]

    def doc(q: str, src: str) -> Doc:
        d = Doc(text=q, source=src)
        d.quotes.append({"id": f"q-{src}", "speaker": "JD", "text": q, "same_as": []})
        return d

    for n, (x, y) in enumerate(pairs_same):
        assert cx.link_quotes([doc(x, f"a{n}"), doc(y, f"b{n}")]), (x, y)
    for n, (x, y) in enumerate(pairs_diff):
        assert not cx.link_quotes([doc(x, f"c{n}"), doc(y, f"d{n}")]), (x, y)


def test_ref_key_bridges_scripts_without_linking() -> None:
    fa = make_doc("پوتین گفت", [("پوتین", "PER", None, None)])
    ar = make_doc("قال بوتين", [("بوتين", "PER", None, None)])
    assert cx.ref_key(fa, 0) == cx.ref_key(ar, 0)


def test_long_quotes_linked_through_a_shared_country() -> None:
    fa = (
        "ما باید برای حفظ امنیت تنگه‌ها با ژاپن همکاری کنیم. "
        "راه رسیدن به این هدف ترکیبی از دیپلماسی، تجارت و بازدارندگی نظامی است."
    )
    ar = "يجب أن نتعاون مع اليابان للحفاظ على أمن المضائق. والطريق إلى ذلك مزيج من الدبلوماسية والتجارة والردع العسكري."
    other = "ما از افزایش سرمایه‌گذاری ژاپن در صنایع ما استقبال می‌کنیم و امیدواریم گردشگران بیشتری بیایند."

    def doc(q: str, src: str, speaker: str | None = "JD") -> Doc:
        d = Doc(text=q, source=src)
        d.quotes.append({"id": f"q-{src}", "speaker": speaker, "text": q, "same_as": []})
        return d

    assert cx.link_quotes([doc(fa, "a"), doc(ar, "b")]) == [("q-a", "q-b")]
    assert cx.link_quotes([doc(other, "c"), doc(ar, "d")]) == []
    assert cx.link_quotes([doc(fa, "e", None), doc(ar, "f")]) == []  # unknown speaker: stricter


def test_city_and_its_country_are_one_place() -> None:
    m = [("Chile", "GPE", "CL", "CL")]
    a = staged(
        "Chile will visit Lima next month.", "a",
        mentions=[*m, ("Lima", "GPE", "city:lima", "PE")], times=[("next month", "2024-06", "month", "date")],
    )  # fmt: skip
    b = staged(
        "Chile will visit Peru in June.", "b",
        mentions=[*m, ("Peru", "GPE", "country:PE", "PE")], times=[("June", "2024-06", "month", "date")],
    )  # fmt: skip
    c = staged(
        "Chile will visit Quito in June.", "c",
        mentions=[*m, ("Quito", "GPE", "city:quito", "EC")], times=[("June", "2024-06", "month", "date")],
    )  # fmt: skip
    visits = [e for e in cx.merge_events([a, b, c]) if e["mode"] == "visit"]
    assert sorted(len(e["sources"]) for e in visits) == [1, 2]


#: An id or ref key leaking into the head of an English line (the part before the date: no digits).
_RAW_REF = re.compile(r"\b(?:per|cc|name|ent|org|gpe|city|country):|\d")


def test_english_lines_name_participants_not_ids() -> None:
    # mentions not linked to entities: events refer to mention indices, merged events to ref keys
    fa = staged(
        "هند در سال ۱۹۹۸ سفارت خود را در اسلو افتتاح کرد.", "fa",
        mentions=[("هند", "GPE", None, "IN"), ("اسلو", "GPE", None, "NO")],
        times=[("سال ۱۹۹۸", "1998", "year", "date")],
    )  # fmt: skip
    ar = staged(
        "افتتحت الهند سفارة في أوسلو عام 1999.", "ar",
        mentions=[("الهند", "GPE", None, "IN"), ("أوسلو", "GPE", None, "NO")],
        times=[("عام 1999", "1999", "year", "date")],
    )  # fmt: skip
    fa.lang, ar.lang = "fa", "ar"
    (conflict,) = [c for c in cx.find_contradictions([fa, ar])["contradictions"] if "1998" in c["why"]]
    why = conflict["why"]
    assert why.startswith("Sources disagree on the year ") and "1998 (fa, article fa) vs 1999 (ar, article ar)" in why
    what = why[len("Sources disagree on the year ") : why.index(":")]
    assert "opened an embassy" in what and not _RAW_REF.search(what)
    assert re.fullmatch(r"[A-Za-z ,()'.-]+", what), what  # a reader of neither language reads it


def test_merged_event_line_romanises_unlinked_people() -> None:
    fa = staged(
        "ژان دوپون روز دوشنبه با سامح شکری در قاهره دیدار کرد.", "fa1",
        mentions=[("ژان دوپون", "PER", None, "FR"), ("سامح شکری", "PER", None, "EG"), ("قاهره", "GPE", None, "EG")],
        times=[("روز دوشنبه", "2024-04-01", "day", "date")],
    )  # fmt: skip
    ar = staged(
        "والتقى جان دوبون بسامح شكري في القاهرة يوم الاثنين.", "ar1",
        mentions=[("جان دوبون", "PER", None, "FR"), ("بسامح شكري", "PER", None, "EG"), ("القاهرة", "GPE", None, "EG")],
        times=[("يوم الاثنين", "2024-04-01", "day", "date")],
    )  # fmt: skip
    merged = [e for e in cx.merge_events([fa, ar]) if e["mode"] == "meeting"]
    assert any(len(e["sources"]) == 2 for e in merged)
    for event in merged:
        assert any(k.startswith("per:") for k in event["actors"] + event["recipients"])  # keys inside...
        assert not _RAW_REF.search(event["english"].split(" — ")[0]), event["english"]  # ...names outside
    labelled = cx.merge_events([fa, ar], labels={"cc:EG": "Egypt (labelled)"})  # given labels win
    assert all(" in Egypt (labelled)" in e["english"] for e in labelled if e["mode"] == "meeting")


def test_claim_lines_name_shared_subjects_and_articles() -> None:
    m = [("Chile", "GPE", None, "CL"), ("Peru", "GPE", None, "PE")]
    a = staged("Chile buys more than 30% of its oil from Peru.", "a", mentions=m)
    c = staged("Chile buys 12% of its oil from Peru.", "c", mentions=m)
    a.lang = c.lang = "en"
    (conflict,) = cx.find_contradictions([a, c])["contradictions"]
    assert conflict["why"].startswith("Sources disagree on oil")
    assert "Chile" in conflict["why"] and "(en, article a)" in conflict["why"]
    assert not re.search(r"\b(?:cc|per|name):", conflict["why"])
