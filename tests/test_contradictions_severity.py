"""A disjoint pair of figures is a conflict only when we know what both measure."""

from __future__ import annotations

from typing import Any

from rasad.analyze.contradictions import compare_claims


def _claim(cid: str, article: int, value: float, topic: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "id": cid, "article": article, "value": value, "unit": "count", "noun": "firms",
        "comparator": "exactly", "topic": topic, "flow": None, "keys": ["cc:NO"],
        "names": {"cc:NO": "Norway"}, "lang": "fa" if article == 1 else "ar", **extra,
    }  # fmt: skip


def test_untopical_disjoint_counts_only_differ() -> None:
    found, confirmed = compare_claims([_claim("c1", 1, 140, None), _claim("c2", 2, 20, None)])
    assert confirmed == []
    assert [(c["kind"], c["severity"]) for c in found] == [("differ", "low")]
    assert "possibly of different things" in found[0]["why"]


def test_topical_disjoint_counts_conflict() -> None:
    found, _ = compare_claims([_claim("c1", 1, 140, "trade"), _claim("c2", 2, 20, "trade")])
    assert [(c["kind"], c["severity"]) for c in found] == [("conflict", "high")]
    assert "cannot both be true" in found[0]["why"]


def test_equal_figures_confirm() -> None:
    found, confirmed = compare_claims([_claim("c1", 1, 69, "arms"), _claim("c2", 2, 69, "arms")])
    assert found == [] and len(confirmed) == 1
