"""Which claims are compared, their relation (confirm, conflict, differ) and its severity."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rasad.analyze import contradictions as cx
from rasad.analyze.contradictions import compare_claims


def _claim(cid: str, article: int, value: float, **extra: Any) -> dict[str, Any]:
    """A killed-count claim scoped by its article's date; ``extra`` overrides any field."""
    return {
        "id": cid, "article": article, "value": value, "unit": "people", "noun": None,
        "quantity": "killed", "comparator": "exactly", "topic": None, "flow": None,
        "keys": ["gpe:oslo"], "names": {"gpe:oslo": "Oslo"}, "lang": "ar", "outlet": f"outlet-{article}",
        "scope": {"value": "2024-03-10", "precision": "day", "from": "article"},
        "start": 0, "end": 1, "text": "x", **extra,
    }  # fmt: skip


def _pair(a: dict[str, Any], b: dict[str, Any]) -> list[tuple[str, str]]:
    found, confirmed = compare_claims([a, b])
    return [(c["kind"], c["severity"]) for c in found] + [("confirm", "-") for _ in confirmed]


def test_far_apart_figures_of_independent_sources_are_a_high_conflict() -> None:
    found, confirmed = compare_claims([_claim("c1", 1, 40), _claim("c2", 2, 25)])
    assert confirmed == [] and [(c["kind"], c["severity"]) for c in found] == [("conflict", "high")]
    why = found[0]["why"]
    assert why.startswith("Sources disagree on killed (Oslo)") and "cannot both be true" in why
    assert "38% apart" in why and "independent sources" in why


@pytest.mark.parametrize(
    ("b", "expected"),
    [
        ({"outlet": "outlet-1"}, "medium"),  # one outlet: an update, not two sources
        ({"duplicate_of": 1}, "medium"),  # a near-duplicate of the other article
        ({"lang": "fa"}, "medium"),  # 38% apart is under the cross-language threshold
        ({"lang": "fa", "value": 20}, "high"),  # 50% apart
        ({"scope": None}, "medium"),  # a date unknown
    ],
)
def test_conflict_severity_falls_to_medium(b: dict[str, Any], expected: str) -> None:
    a = _claim("c1", 1, 40, **({k: b[k] for k in ("quantity", "unit", "noun") if k in b}))
    assert _pair(a, _claim("c2", 2, b.pop("value", 25), **b)) == [("conflict", expected)]


def test_figures_of_two_orders_only_differ() -> None:
    found, _ = compare_claims([_claim("c1", 1, 40), _claim("c2", 2, 9)])  # SCOPE_RATIO times apart
    assert [(c["kind"], c["severity"]) for c in found] == [("differ", "low")]
    assert "possibly of different things" in found[0]["why"]


def test_close_or_compatible_figures_only_differ_and_equal_ones_confirm() -> None:
    assert _pair(_claim("c1", 1, 40), _claim("c2", 2, 38)) == [("differ", "low")]  # 5% apart
    about = _claim("c2", 2, 45, comparator="about")
    more = _claim("c1", 1, 40, comparator="more_than")
    assert _pair(more, about) == [("differ", "low")]  # both possible
    assert _pair(_claim("c1", 1, 40), _claim("c2", 2, 40)) == [("confirm", "-")]


def test_only_the_same_thing_is_compared() -> None:
    a = _claim("c1", 1, 40)
    assert _pair(a, _claim("c2", 2, 10, quantity="injured")) == []  # another quantity
    assert _pair(a, _claim("c2", 2, 10, unit="soldiers")) == []  # another unit
    assert _pair(a, _claim("c2", 2, 10, quantity=None)) == []  # no quantity: compared with nothing
    assert _pair(a, _claim("c2", 2, 10, keys=[])) == []  # no subjects
    assert _pair(a, _claim("c2", 2, 10, keys=["gpe:bergen"])) == []
    assert (
        _pair(
            _claim("c1", 1, 40, keys=["gpe:oslo", "gpe:aarhus"]),
            _claim("c2", 2, 10, keys=["gpe:oslo", "gpe:bergen"]),
        )
        == []
    )
    assert _pair(a, _claim("c2", 2, 25, keys=["gpe:oslo", "gpe:bergen"])) == [
        ("conflict", "high")
    ]  # a subset
    assert _pair(a, _claim("c2", 1, 10)) == []  # one article


def test_time_scopes_must_be_the_same_period() -> None:
    later = {"value": "2024-03-11", "precision": "day", "from": "article"}
    assert (
        _pair(_claim("c1", 1, 40), _claim("c2", 2, 25, scope=later)) == []
    )  # the next day's figure
    year = {
        "value": "2024",
        "precision": "year",
        "from": "clause",
    }  # the year's figure, not the day's
    assert _pair(_claim("c1", 1, 40), _claim("c2", 2, 25, scope=year)) == []
    week = {"value": "2024-W10", "precision": "week", "from": "clause"}  # the week of 4-10 March
    assert _pair(_claim("c1", 1, 40, scope=week), _claim("c2", 2, 25, scope=week)) == [
        ("conflict", "high")
    ]
    quarter = {"value": "2023-Q4", "precision": "quarter", "from": "clause"}
    assert _pair(_claim("c1", 1, 40, scope=week), _claim("c2", 2, 25, scope=quarter)) == []
    assert cx.claim_scope({"scope": quarter})[0] == (dt.date(2023, 10, 1), dt.date(2023, 12, 31))


def test_a_total_is_compared_only_with_a_total() -> None:
    assert _pair(_claim("c1", 1, 40, total=True), _claim("c2", 2, 25)) == []
    assert _pair(_claim("c1", 1, 40, total=True), _claim("c2", 2, 25, total=True)) == [
        ("conflict", "high")
    ]


def test_a_change_is_not_a_level() -> None:
    assert (
        _pair(_claim("c1", 1, 40, quantity="change:price"), _claim("c2", 2, 25, quantity="price"))
        == []
    )


def test_a_person_quantity_needs_a_shared_person() -> None:
    age = {"quantity": "age", "unit": "years"}
    place = _pair(_claim("c1", 1, 40, **age), _claim("c2", 2, 15, **age))
    person = {"keys": ["per:abc", "gpe:oslo"], **age}
    assert place == [] and _pair(_claim("c1", 1, 40, **person), _claim("c2", 2, 25, **person)) == [
        ("conflict", "high")
    ]


def test_articles_that_give_both_figures_do_not_disagree() -> None:
    # "164 points, down 2 points" in both articles: each pair of different figures is no disagreement
    claims = [_claim("a1", 1, 164), _claim("a2", 1, 2), _claim("b1", 2, 164), _claim("b2", 2, 2)]
    found, confirmed = compare_claims(claims)
    assert found == [] and len(confirmed) == 2


def test_thresholds_are_ordered() -> None:
    assert (
        cx.SAME_VALUE_TOLERANCE < cx.CONFLICT_MIN_RELATIVE_DIFFERENCE < cx.HIGH_RELATIVE_DIFFERENCE
    )
    assert (
        cx.HIGH_RELATIVE_DIFFERENCE
        < cx.HIGH_RELATIVE_DIFFERENCE_CROSS_LANGUAGE
        < 1 - 1 / cx.SCOPE_RATIO
    )
    assert cx.SEVERITIES == ("high", "medium", "low")


def test_a_count_known_only_by_its_noun_only_differs() -> None:
    noun = {"quantity": "noun:x", "unit": "count", "noun": "x"}
    found, _ = compare_claims([_claim("c1", 1, 40, **noun), _claim("c2", 2, 25, **noun)])
    assert [(c["kind"], c["severity"]) for c in found] == [("differ", "low")]
    assert "possibly of different things" in found[0]["why"]


def test_an_incident_needs_a_shared_place_below_the_country() -> None:
    country = {"keys": ["country:NO"]}
    assert _pair(_claim("c1", 1, 40, **country), _claim("c2", 2, 25, **country)) == []
    side = {"keys": ["org:rebels"]}  # the side that fought, in two provinces
    assert _pair(_claim("c1", 1, 40, **side), _claim("c2", 2, 25, **side)) == []
    both = {"keys": ["country:NO", "gpe:oslo"]}
    assert _pair(_claim("c1", 1, 40, **both), _claim("c2", 2, 25, **country)) == []
    assert _pair(_claim("c1", 1, 40, **both), _claim("c2", 2, 25, **both)) == [("conflict", "high")]
    rate = {"quantity": "inflation", "unit": "percent", **country}  # a country's own figure
    assert _pair(_claim("c1", 1, 40, **rate), _claim("c2", 2, 25, **rate)) == [("conflict", "high")]


def test_a_country_named_only_in_the_figure_is_no_subject() -> None:
    from rasad.extract import claims
    from test_events_stage import make_doc

    docs = []
    for n, value in enumerate((25, 20)):
        text = f"وطالب الزوج بغرامة قدرها {value} ألف دولار أمريكي."
        doc = make_doc(text, mentions=[("أمريكي", "NORP", "country:US", "US")], date="2024-03-10")
        doc.meta["id"], doc.outlet = n + 1, f"outlet-{n}"
        claims.process(doc)
        assert doc.claims[0]["subjects"]  # the stage lists it ...
        docs.append(doc)
    assert cx.find_contradictions(docs)["contradictions"] == []  # ... the comparison does not
