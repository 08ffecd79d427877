"""`rasad entities` and `rasad entity NAME` on a real SQLite store (texts written for the test)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from rasad.cli import app
from rasad.store import Store
from test_link_entities import make_doc


def _db(tmp_path) -> str:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'rasad.db'}"
    with Store(url, near_duplicates=False) as store:
        store.add_doc(make_doc(
            "تیمور گلنازاروف، سخنگوی دولت قرقیزستان، سخن گفت. گلنازاروف افزود.", "fa",
            [("PER", "تیمور گلنازاروف"), ("PER", "گلنازاروف"), ("GPE", "قرقیزستان")],
        ))  # fmt: skip
        store.add_doc(make_doc(
            "وقال تيمور غلنزاروف في قيرغيزستان إن الاتفاق قريب.", "ar",
            [("PER", "تيمور غلنزاروف"), ("GPE", "قيرغيزستان")],
        ))  # fmt: skip
    return url


def test_entities_lists_linked_entities(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = _db(tmp_path)
    result = CliRunner().invoke(app, ["entities", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["type"] for r in rows} == {"PER", "GPE"} and len(rows) == 2
    person = next(r for r in rows if r["type"] == "PER")
    assert person["articles"] == [1, 2] and person["aliases"]["fa"] and person["aliases"]["ar"]
    only = json.loads(CliRunner().invoke(app, ["entities", "--db", db, "--type", "gpe", "--json"]).stdout)
    assert [r["id"] for r in only] == ["country:KG"]
    table = CliRunner().invoke(app, ["entities", "--db", db, "--lang", "ar"])
    assert table.exit_code == 0 and "country:KG" in table.stdout


def test_entity_by_name_in_any_script_or_english(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = _db(tmp_path)
    by_fa = json.loads(CliRunner().invoke(app, ["entity", "گلنازاروف", "--db", db, "--json"]).stdout)
    assert by_fa[0]["type"] == "PER"
    by_en = json.loads(CliRunner().invoke(app, ["entity", by_fa[0]["label"], "--db", db, "--json"]).stdout)
    assert by_en[0]["id"] == by_fa[0]["id"]
    assert by_fa[0]["cooccurs"][0]["id"] == "country:KG"
    assert [a["id"] for a in by_fa[0]["articles"]] == [1, 2]
    missing = CliRunner().invoke(app, ["entity", "nobody-at-all", "--db", db])
    assert missing.exit_code == 1 and "no entity named" in missing.output
