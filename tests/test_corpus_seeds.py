"""The corpus step on the demo corpus: general properties only (no seed-specific values)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rasad.analyze.corpus import run_corpus_step
from rasad.export import iter_lists, validate
from rasad.service import ingest_into_store
from rasad.store import Store


@pytest.fixture(scope="module")
def exported(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("seeds") / "s.db"
    with Store(f"sqlite:///{db}") as store:
        summary = ingest_into_store([str(seeds_dir)], store)
        assert summary.ok and summary.corpus is not None and summary.corpus_error is None
        data = {"rasad_export": 1, **{name: list(items) for name, items in iter_lists(store)}}
        again = run_corpus_step(store)  # nothing new: the same lists
        data["_rerun"] = {name: list(items) for name, items in iter_lists(store)}
        data["_report"] = again
    return data


def test_events_have_sources_that_round_trip(exported: dict[str, Any]) -> None:
    assert validate({k: v for k, v in exported.items() if not k.startswith("_")}) == []
    texts = {a["id"]: a["text"] for a in exported["articles"]}
    assert exported["events"]
    for event in exported["events"]:
        assert event["sources"]
        for src in event["sources"]:
            assert texts[src["article"]][src["start"] : src["end"]] == src["text"]
        n = len({src["article"] for src in event["sources"]})  # one article reporting twice is one source
        assert f"{n} source" in event["english"]
    assert exported["_report"].reports >= len(exported["events"])


def test_stories_and_contradictions_are_consistent(exported: dict[str, Any]) -> None:
    stories = {s["id"]: s for s in exported["stories"]}
    assert sum(len(s["articles"]) for s in stories.values()) == len(exported["articles"])
    for article in exported["articles"]:
        assert article["id"] in stories[article["story"]]["articles"]
    ids = {"events": {e["id"] for e in exported["events"]}, "claims": {c["id"] for c in exported["claims"]}}
    for c in exported["contradictions"]:
        assert c["kind"] in ("conflict", "differ") and set(c["items"]) <= ids[c["list"]]


def test_rerun_changes_nothing(exported: dict[str, Any]) -> None:
    for name, items in exported["_rerun"].items():
        assert items == exported[name], name
