"""`rasad events`, `rasad quotes`, `rasad claims` on a real SQLite store (texts written for the test)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from rasad.cli import app
from rasad.doc import Doc
from rasad.extract import claims, events, quotes
from rasad.store import Store
from test_events_stage import make_doc


def _staged(doc: Doc, source: str) -> Doc:
    doc.source = source
    for stage in (events, quotes, claims):
        stage.process(doc)
    return doc


def _db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'rasad.db'}"
    fa = make_doc(
        "تیمور گلنازاروف روز دوشنبه با هیئتی از قزاقستان در بیشکک دیدار کرد. "
        "او گفت که بیش از ۳۰ درصد از گاز قرقیزستان از قزاقستان می‌آید.",
        [("تیمور گلنازاروف", "PER", None, "KG"), ("قزاقستان", "GPE", None, "KZ"), ("بیشکک", "GPE", None, "KG"),
         ("قرقیزستان", "GPE", None, "KG")],
        [("روز دوشنبه", "2024-04-01", "day", "date")],
    )  # fmt: skip
    ar = make_doc(
        "والتقى تيمور غلنزاروف بوفد من كازاخستان في بيشكك يوم الاثنين. "
        "وقال إن نحو 10٪ من غاز قيرغيزستان يأتي من كازاخستان.",
        [("تيمور غلنزاروف", "PER", None, "KG"), ("كازاخستان", "GPE", None, "KZ"), ("بيشكك", "GPE", None, "KG"),
         ("قيرغيزستان", "GPE", None, "KG")],
        [("يوم الاثنين", "2024-04-01", "day", "date")],
    )  # fmt: skip
    with Store(url, near_duplicates=False) as store:
        store.add_doc(_staged(fa, "fa.txt"))
        store.add_doc(_staged(ar, "ar.txt"))
    return url


def _json(args: list[str]) -> object:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_events_quotes_claims_commands(tmp_path: Path) -> None:
    db = _db(tmp_path)
    meetings = _json(["events", "--db", db, "--type", "consult", "--json"])
    assert isinstance(meetings, list)
    both = [e for e in meetings if len({s["article"] for s in e["sources"]}) == 2]
    assert len(both) == 1 and both[0]["date"]["value"] == "2024-04-01"
    assert _json(["events", "--db", db, "--type", "ASSAULT", "--json"]) == []
    speaker_quotes = _json(["quotes", "--db", db, "--json"])
    assert isinstance(speaker_quotes, list) and len(speaker_quotes) == 2
    assert all(q["speaker"] for q in speaker_quotes)
    listed = _json(["claims", "--db", db, "--json"])
    assert isinstance(listed, list) and {c["unit"] for c in listed} == {"percent"}
    result = _json(["claims", "--db", db, "--conflicts", "--json"])
    assert isinstance(result, dict)
    assert [c["kind"] for c in result["contradictions"]] == [
        "conflict"
    ]  # more than 30% vs about 10%
    table = CliRunner().invoke(app, ["claims", "--db", db, "--conflicts"])
    assert table.exit_code == 0 and "conflict" in table.stdout
    missing = CliRunner().invoke(app, ["events", "--db", db, "--entity", "Nobody Atall"])
    assert missing.exit_code != 0
