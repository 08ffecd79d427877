"""`rasad ingest --stages`, `--no-corpus-step` and `--workers`."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from rasad.cli import app
from rasad.store import Store
from rasad.store.models import Article, Mention


def _write(root: Path) -> Path:
    folder = root / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("وقال الوزير إن المحادثات في القاهرة كانت مثمرة.", encoding="utf-8")
    (folder / "b.txt").write_text("وزیر گفت مذاکرات در قاهره سازنده بود.", encoding="utf-8")
    return folder


def test_unknown_stage_is_a_usage_error(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["ingest", str(_write(tmp_path)), "--db", str(tmp_path / "x.db"), "--stages", "nope"])
    assert res.exit_code == 2
    assert "unknown stage" in res.output and "rasad.text" in res.output


def test_text_stage_only_with_workers(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    args = ["ingest", str(_write(tmp_path)), "--db", str(db), "--stages", "rasad.text", "--no-corpus-step", "-j", "2"]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    assert "ingested 2, duplicates 0" in res.output
    store = Store(f"sqlite:///{db}")
    assert sorted(a.lang for a in store.iter_rows(Article)) == ["ar", "fa"]
    assert list(store.iter_rows(Mention)) == []  # the entity stage did not run
    store.close()
