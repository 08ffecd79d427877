"""End to end on the demo corpus: every entity reference of every output joins to an entity.

examples/seeds is ingested into a real SQLite file; then the export, `rasad
analyze --json` and each CLI --json listing are read, and each actor,
recipient, location, speaker and subject is looked up among the entities.
Only general properties are checked (no seed-specific names or counts).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rasad.cli import app
from rasad.export import validate
from rasad.export.schema import entity_refs

runner = CliRunner()
LISTS = ("events", "quotes", "claims")


class _Dropped(logging.Handler):
    """Collects the warnings of references left out because they name no entity."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if "names no entity" in record.getMessage():
            self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def dropped() -> Iterator[_Dropped]:
    handler = _Dropped()
    logger = logging.getLogger("rasad")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def _json(args: list[str]) -> Any:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def db(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory, dropped: _Dropped) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('refs') / 'seeds.db'}"
    result = runner.invoke(app, ["ingest", str(seeds_dir), "--db", url])
    assert result.exit_code == 0, result.output
    return url


@pytest.fixture(scope="module")
def exported(db: str) -> dict[str, Any]:
    return _json(["export", "--db", db, "--format", "json"])


def _refs(records: list[dict[str, Any]], name: str) -> Iterator[tuple[dict[str, Any], str, Any]]:
    for record in records:
        for where, ref in entity_refs(record, name):
            yield record, where, ref


def _articles_of(entities: list[dict[str, Any]]) -> dict[str, set[Any]]:
    return {e["id"]: {x["article"] for x in e["mentions"]} for e in entities}


def _check_joins(data: dict[str, Any]) -> int:
    """Every reference of ``data`` (an export) is an entity id of ``data["entities"]`` that is named in
    the fact's article (a merged event: in one of its sources' articles); returns how many were joined."""
    assert validate(data) == []
    ids = [e["id"] for e in data["entities"]]
    assert len(ids) == len(set(ids))
    named_in = _articles_of(data["entities"])
    joined = 0
    for name in LISTS:
        for record, where, ref in _refs(data[name], name):
            assert isinstance(ref, str) and ref in named_in, (name, record["id"], where, ref)
            articles = (
                {s["article"] for s in record["sources"]}
                if name == "events"
                else {record["article"]}
            )
            assert named_in[ref] & articles, (name, record["id"], where, ref)
            joined += 1
    return joined


def test_the_export_joins_every_reference(exported: dict[str, Any], dropped: _Dropped) -> None:
    assert exported["events"] and exported["quotes"] and exported["claims"]
    assert _check_joins(exported) > 0
    assert any(q["speaker"] for q in exported["quotes"]) and any(
        c["subjects"] for c in exported["claims"]
    )
    assert dropped.messages == []  # nothing had to be left out


def _by_span(records: list[dict[str, Any]]) -> dict[tuple[Any, Any, Any], dict[str, Any]]:
    return {(r["article"], r["start"], r["end"]): r for r in records}


def test_cli_listings_use_the_export_ids(
    db: str, exported: dict[str, Any], dropped: _Dropped
) -> None:
    ids = {e["id"] for e in exported["entities"]}
    events = _json(["events", "--db", db, "--json"])
    assert events
    by_id = {e["id"]: e for e in exported["events"]}
    for event in events:
        assert {k: by_id[event["id"]][k] for k in ("actors", "recipients", "location")} == {
            k: event[k] for k in ("actors", "recipients", "location")
        }
    quotes = _json(["quotes", "--db", db, "--json"])
    claims = _json(["claims", "--db", db, "--json"])
    for name, rows, export_rows in (
        ("quotes", quotes, exported["quotes"]),
        ("claims", claims, exported["claims"]),
    ):
        assert len(rows) == len(export_rows)
        same = _by_span(export_rows)
        for row in rows:
            key = "speaker" if name == "quotes" else "subjects"
            assert row[key] == same[(row["article"], row["start"], row["end"])][key], (
                name,
                row["id"],
            )
    for name, rows in (("events", events), ("quotes", quotes), ("claims", claims)):
        for record, where, ref in _refs(rows, name):
            assert ref in ids, (name, record["id"], where, ref)
    listed = _json(["entities", "--db", db, "--json", "--limit", "0"])
    assert listed
    for entity in listed:
        assert entity["id"] in ids and {c["id"] for c in entity["cooccurs"]} <= ids
    name = next(a for e in listed for names in e["aliases"].values() for a in names)
    for entity in _json(["entity", name, "--db", db, "--json"]):
        assert entity["id"] in ids and {c["id"] for c in entity["cooccurs"]} <= ids
    assert dropped.messages == []


def test_show_joins_to_its_own_entities(
    db: str, exported: dict[str, Any], dropped: _Dropped
) -> None:
    ids = {e["id"] for e in exported["entities"]}
    quotes = _by_span(exported["quotes"])
    for article in exported["articles"]:
        shown = _json(["show", str(article["id"]), "--db", db, "--json"])
        own = {e["id"] for e in shown["entities"]}
        assert own <= ids
        for name in LISTS:
            for record, where, ref in _refs(shown[name], name):
                assert ref in own, (article["id"], name, record["id"], where, ref)
        for quote in shown["quotes"]:
            assert (
                quote["speaker"]
                == quotes[(quote["article"], quote["start"], quote["end"])]["speaker"]
            )
    assert dropped.messages == []


def test_analyze_joins_every_reference(seeds_dir: Path, dropped: _Dropped) -> None:
    data = _json(["analyze", str(seeds_dir), "--json"])
    assert len(data["articles"]) == len(list(seeds_dir.iterdir()))
    assert data["events"] and data["quotes"] and data["claims"]
    assert _check_joins(data) > 0
    assert dropped.messages == []
