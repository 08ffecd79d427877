"""End to end on a small SQLite store: claims stage, corpus step, `rasad claims --conflicts --severity`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from rasad.cli import app
from rasad.extract import claims
from rasad.store import Store
from test_events_stage import make_doc

runner = CliRunner()
CITY = ("حلب", "GPE", "city:aleppo-test", "SY")

# (outlet, language, date, text): four reports of one attack's toll, and a later one
ARTICLES = [
    ("alpha", "ar", "2024-03-10", "أعلنت السلطات في حلب مقتل 40 شخصا في الهجوم."),
    ("beta", "ar", "2024-03-10", "وقالت مصادر طبية إن 25 شخصا قتلوا في حلب."),
    ("alpha", "ar", "2024-03-10", "قتل 32 شخصا في حلب خلال الهجوم."),
    ("gamma", "fa", "2024-03-10", "در حمله به حلب ۴۰ نفر کشته شدند."),
    ("delta", "ar", "2024-03-25", "قتل 10 أشخاص في حلب."),
]


def _db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'conflicts.db'}"
    with Store(url) as store:
        for n, (outlet, lang, date, text) in enumerate(ARTICLES):
            doc = make_doc(text, mentions=[CITY], date=date)
            doc.lang, doc.outlet, doc.source = lang, outlet, f"article-{n}.txt"
            claims.process(doc)
            store.add_doc(doc)
    return url


def _conflicts(db: str, *args: str) -> dict:
    result = runner.invoke(app, ["claims", "--conflicts", "--db", db, "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _pairs(found: dict) -> set[tuple[str, frozenset[str]]]:
    return {
        (c["kind"], c["severity"], frozenset(s["text"] for s in c["sources"]))
        for c in found["contradictions"]
    }


def test_severity_ranks_the_disagreements(tmp_path: Path) -> None:
    db = _db(tmp_path)
    every = _conflicts(db)
    assert all(c["severity"] in ("high", "medium", "low") for c in every["contradictions"])
    assert len(every["confirmations"]) == 1  # 40 killed in Arabic and in Persian
    high = _conflicts(db, "--severity", "high")
    # 40 vs 25, two outlets, one language, one day: the only high one
    assert _pairs(high) == {("conflict", "high", frozenset({"40 شخصا", "25 شخصا"}))}
    assert high["confirmations"] == []
    assert "38% apart" in high["contradictions"][0]["why"]
    medium = _conflicts(db, "--severity", "MEDIUM")  # case does not matter
    texts = [frozenset(s["text"] for s in c["sources"]) for c in medium["contradictions"]]
    assert frozenset({"40 شخصا", "32 شخصا"}) in texts  # one outlet
    assert frozenset({"25 شخصا", "۴۰ نفر"}) in texts  # 38% apart across languages
    assert all("10 أشخاص" not in t for t in texts)  # two weeks later: another figure
    table = runner.invoke(app, ["claims", "--db", db, "--severity", "high"])  # implies --conflicts
    assert table.exit_code == 0 and "high" in table.stdout and "conflict" in table.stdout


def test_unknown_severity_is_refused_with_the_valid_list(tmp_path: Path) -> None:
    db = _db(tmp_path)
    result = runner.invoke(app, ["claims", "--conflicts", "--db", db, "--severity", "severe"])
    assert result.exit_code == 2
    assert "high, medium, low" in result.output and "--severity" in result.output


def test_claims_list_their_quantity_and_scope(tmp_path: Path) -> None:
    db = _db(tmp_path)
    result = runner.invoke(app, ["claims", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert {c["quantity"] for c in listed} == {"killed"}
    assert {c["scope"]["from"] for c in listed} == {"article"}
