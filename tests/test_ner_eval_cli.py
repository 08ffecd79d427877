"""`rasad eval ner` on tiny CoNLL files written here, with the shipped models."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from rasad.cli import app


def test_eval_json_shape_and_perfect_empty_file(tmp_path: Path) -> None:
    conll = tmp_path / "none.conll"
    conll.write_text("و\tO\nقال\tO\n\nثم\tO\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", "ner", str(conll), "--lang", "ar", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert set(out) == {"overall", "per_type", "tokens_per_s"}
    assert set(out["overall"]) == {"p", "r", "f1"}


def test_eval_table_names_types(tmp_path: Path) -> None:
    conll = tmp_path / "fa.conll"
    conll.write_text("سفر\tO\nبه\tO\nتهران\tB-LOC\nانجام\tO\nشد\tO\n.\tO\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", "ner", str(conll), "--lang", "fa"])
    assert res.exit_code == 0, res.output
    assert "overall" in res.output and "LOC" in res.output


def test_eval_bad_file_is_a_clear_error(tmp_path: Path) -> None:
    conll = tmp_path / "bad.conll"
    conll.write_text("word\tNOTATAG\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", "ner", str(conll), "--lang", "ar", "--json"])
    assert res.exit_code == 1
    assert "bad.conll:1" in res.output
    res = CliRunner().invoke(app, ["eval", "ner", str(tmp_path / "missing.conll"), "--lang", "ar"])
    assert res.exit_code == 1 and "missing.conll" in res.output
