"""`rasad relink`, `rasad claims --conflicts`, `rasad events` and `analyze` with the corpus step."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from rasad.cli import app
from rasad.doc import Doc
from rasad.service import analyze_documents
from rasad.store import Store
from test_corpus_step import AR, FA, _ar, _fa

runner = CliRunner()


def _db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    with Store(url) as store:
        store.add_doc(_fa())
        store.add_doc(_ar())
    return url


def test_relink_then_conflicts_and_events(tmp_path: Path) -> None:
    db = _db(tmp_path)
    first = runner.invoke(app, ["relink", "--db", db, "--json"])
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert report["articles"] == 2 and report["events"] == 1 and report["stories"] >= 1
    again = json.loads(runner.invoke(app, ["relink", "--db", db, "--json"]).stdout)
    assert {k: again[k] for k in ("events", "contradictions", "stories")} == {
        k: report[k] for k in ("events", "contradictions", "stories")
    }
    conflicts = json.loads(runner.invoke(app, ["claims", "--conflicts", "--db", db, "--json"]).stdout)
    assert [c["kind"] for c in conflicts["contradictions"]] == ["conflict"]
    events = json.loads(runner.invoke(app, ["events", "--db", db, "--json"]).stdout)
    assert len(events) == 1 and len(events[0]["sources"]) == 2
    text = runner.invoke(app, ["relink", "--db", db]).stdout
    assert "2 articles" in text and "stories" in text


def test_analyze_fills_corpus_lists() -> None:
    docs = [Doc(text=FA, lang="fa", title="t1"), Doc(text=AR, lang="ar", title="t2")]
    out = analyze_documents(docs)
    story_ids = {s["id"] for s in out["stories"]}
    assert all(a["story"] in story_ids for a in out["articles"])
    quote_ids = {q["id"] for q in out["quotes"]}
    assert all(set(q["same_as"]) <= quote_ids for q in out["quotes"])
    texts = {a["id"]: a["text"] for a in out["articles"]}
    for event in out["events"]:
        for src in event["sources"]:
            assert texts[src["article"]][src["start"] : src["end"]] == src["text"]
    ids = {"events": {e["id"] for e in out["events"]}, "claims": {c["id"] for c in out["claims"]}}
    assert all(set(c["items"]) <= ids[c["list"]] for c in out["contradictions"])
