"""`rasad dates` and `rasad eval dates`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import needs_shared_data
from rasad.cli import app

runner = CliRunner()


def test_dates_json_from_stdin_with_anchor() -> None:
    r = runner.invoke(app, ["dates", "-", "--anchor", "2020-01-01", "--json"], input="وقال أمس إن الاجتماع في 5 آذار 2019")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["date"]["value"] == "2020-01-01" and data["date"]["inferred"] is False
    assert [(t["value"], t["kind"]) for t in data["times"]] == [("2019-12-31", "date"), ("2019-03-05", "date")]


def test_dates_table_names_the_inferred_date_and_unresolved(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("روز دوشنبه ۱۲ مهر دیدار شد. سند ۳۱ اسفند ۱۴۰۱.", encoding="utf-8")
    r = runner.invoke(app, ["dates", str(f), "--lang", "fa"])
    assert r.exit_code == 0, r.output
    assert "article date:" in r.stdout and "why:" in r.stdout
    assert "does not exist" in r.stdout


def test_dates_bad_inputs_are_clear_errors(tmp_path: Path) -> None:
    r = runner.invoke(app, ["dates", "-", "--anchor", "soon"], input="دیروز")
    assert r.exit_code == 2 and "not a date" in r.stderr
    r = runner.invoke(app, ["dates", str(tmp_path / "missing.txt")])
    assert r.exit_code == 1 and "missing.txt" in r.stderr
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("caf\xe9 opened on 2024-05-01".encode("latin-1"))  # read as Windows-1252
    r = runner.invoke(app, ["dates", str(latin)])
    assert r.exit_code == 0 and "undecodable" not in r.stderr
    bad = tmp_path / "binary.txt"
    bad.write_bytes(b"\x00\x01\x02\x03" * 50)
    r = runner.invoke(app, ["dates", str(bad)])
    assert r.exit_code == 1 and "binary.txt" in r.stderr and "binary" in r.stderr


@needs_shared_data
def test_eval_dates_reports_the_three_sets() -> None:
    r = runner.invoke(app, ["eval", "dates", "--json"])
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert set(report) == {"dateparser", "persiantools_pairs", "parstdex"}
    assert report["persiantools_pairs"]["supported"] == 116
    assert report["parstdex"]["sentences"] == 305


def test_eval_dates_missing_data_is_a_clear_error(tmp_path: Path) -> None:
    r = runner.invoke(app, ["eval", "dates", "--data", str(tmp_path / "nope")])
    assert r.exit_code == 1 and "not a directory" in r.stderr
