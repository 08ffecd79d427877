"""`rasad events|quotes|claims`: filters run in SQL, --limit/--offset page, results as the whole list filtered.

One store of the seeds, built with the real pipeline (`rasad ingest`); each
filtered or paged listing is checked against the unfiltered listing filtered
and sliced here.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasad.analyze.contradictions import ref_key
from rasad.analyze.corpus import contradiction_page, load_docs
from rasad.cli import app
from rasad.link.entities import load_index
from rasad.store import Store
from rasad.store import models as m
from test_claims_conflicts_cli import _db as conflicts_db

runner = CliRunner()


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('listings') / 'seeds.db'}"
    result = runner.invoke(app, ["ingest", str(seeds_dir), "--db", url, "--quiet"])
    assert result.exit_code == 0, result.output
    return url


def _json(*args: str) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _pages(args: list[str], size: int) -> list[object]:
    """Every page of a listing, --limit size, concatenated."""
    out: list[object] = []
    while True:
        page = _json(*args, "--limit", str(size), "--offset", str(len(out)))
        assert isinstance(page, list) and len(page) <= size
        out.extend(page)
        if len(page) < size:
            return out


def _top_participant(events: list[dict]) -> str:
    counts = Counter(x for e in events for x in (*e["actors"], *e["recipients"], e["location"]) if x)
    linked = [eid for eid, _ in counts.most_common() if not eid.startswith("local-")]
    assert linked, "the seeds' events name linked entities"
    return linked[0]


def _label(db: str, entity_id: str) -> str:
    with Store(db) as store, store.session() as session:
        label = session.get(m.Entity, entity_id).label
    assert label
    return label


def _ids_named(db: str, name: str) -> set[str]:
    with Store(db) as store:
        return {e.id for e in load_index(store).find(name)}


def test_event_pages_concatenate_to_the_whole_list(seeds_db: str) -> None:
    every = _json("events", "--db", seeds_db, "--min-confidence", "0")
    assert isinstance(every, list) and len(every) > 3
    assert _pages(["events", "--db", seeds_db, "--min-confidence", "0"], 3) == every
    assert [e["id"] for e in every] == sorted(e["id"] for e in every)
    assert _json("events", "--db", seeds_db, "--min-confidence", "0", "--offset", str(len(every))) == []
    table = runner.invoke(app, ["events", "--db", seeds_db, "--min-confidence", "0", "--limit", "2", "--offset", "1"])
    assert table.exit_code == 0 and f"2-3 of {len(every)} events" in table.stdout


def test_event_filters_equal_the_whole_list_filtered(seeds_db: str) -> None:
    every = _json("events", "--db", seeds_db, "--min-confidence", "0")
    assert isinstance(every, list)
    kind = Counter(e["type"] for e in every).most_common(1)[0][0]
    typed = _json("events", "--db", seeds_db, "--min-confidence", "0", "--type", kind.lower())
    assert typed == [e for e in every if e["type"] == kind] and typed
    floor = sorted(e["confidence"] for e in every if e["confidence"] is not None)[len(every) // 2]
    confident = _json("events", "--db", seeds_db, "--min-confidence", str(floor))
    assert confident == [e for e in every if e["confidence"] is None or e["confidence"] >= floor]
    assert 0 < len(confident) < len(every)
    name = _label(seeds_db, _top_participant(every))
    ids = _ids_named(seeds_db, name)
    named = _json("events", "--db", seeds_db, "--min-confidence", "0", "--entity", name)
    expected = [e for e in every if ids & {*e["actors"], *e["recipients"], e["location"]}]
    assert named == expected and named
    assert _pages(["events", "--db", seeds_db, "--min-confidence", "0", "--entity", name], 2) == expected
    both = _json("events", "--db", seeds_db, "--min-confidence", "0", "--entity", name, "--type", kind)
    assert both == [e for e in expected if e["type"] == kind]


def test_unknown_filter_values_are_refused(seeds_db: str) -> None:
    missing = runner.invoke(app, ["events", "--db", seeds_db, "--entity", "Zzyzx Qwertyuiop"])
    assert missing.exit_code == 1 and "no entity named" in missing.output
    speaker = runner.invoke(app, ["quotes", "--db", seeds_db, "--speaker", "Zzyzx Qwertyuiop"])
    assert speaker.exit_code == 1 and "no entity named" in speaker.output
    kind = runner.invoke(app, ["events", "--db", seeds_db, "--type", "nonsense"])
    assert kind.exit_code == 2 and "--type" in kind.output
    negative = runner.invoke(app, ["quotes", "--db", seeds_db, "--limit", "-1"])
    assert negative.exit_code == 2


def test_quote_and_claim_pages(seeds_db: str) -> None:
    for command in ("quotes", "claims"):
        every = _json(command, "--db", seeds_db)
        assert isinstance(every, list) and len(every) > 2
        assert _pages([command, "--db", seeds_db], 2) == every
        order = [(x["article"], int(str(x["id"])[2:])) for x in every]
        assert order == sorted(order)


def test_quotes_by_speaker_equal_the_whole_list_filtered(seeds_db: str) -> None:
    every = _json("quotes", "--db", seeds_db)
    assert isinstance(every, list)
    with Store(seeds_db) as store, store.session() as session:
        docs = load_docs(session, facts=("quotes",))
    key_of = {q["id"]: ref_key(d, q.get("speaker")) for d in docs.values() for q in d.quotes}
    speakers = Counter(key_of[q["id"]] for q in every if key_of[q["id"]] and ":" in key_of[q["id"]])
    linked = [k for k, _ in speakers.most_common() if _has_entity(seeds_db, k)]
    assert linked, "some seed quote has a linked speaker"
    name = _label(seeds_db, linked[0])
    ids = _ids_named(seeds_db, name)
    listed = _json("quotes", "--db", seeds_db, "--speaker", name)
    assert listed == [q for q in every if key_of[q["id"]] in ids] and listed
    assert _pages(["quotes", "--db", seeds_db, "--speaker", name], 1) == listed


def _has_entity(db: str, entity_id: str) -> bool:
    with Store(db) as store, store.session() as session:
        return session.get(m.Entity, entity_id) is not None


def test_conflict_pages_and_totals(tmp_path: Path) -> None:
    db = conflicts_db(tmp_path)
    every = _json("claims", "--conflicts", "--db", db)
    assert isinstance(every, dict)
    listed = [*every["contradictions"], *every["confirmations"]]
    assert every["total"] == {"contradictions": len(every["contradictions"]), "confirmations": len(every["confirmations"])}
    assert len(listed) >= 3
    seen: list[dict] = []
    for offset in range(0, len(listed), 2):
        page = _json("claims", "--conflicts", "--db", db, "--limit", "2", "--offset", str(offset))
        assert page["total"] == every["total"]
        seen.extend([*page["contradictions"], *page["confirmations"]])
    assert seen == listed
    for level in ("high", "medium", "low"):
        page = _json("claims", "--db", db, "--severity", level)
        assert page["contradictions"] == [c for c in every["contradictions"] if c["severity"] == level]
        assert page["confirmations"] == [] and page["total"]["confirmations"] == 0
    with Store(db) as store:
        totals, _ = contradiction_page(store, severity="high", limit=0)
    assert totals["contradictions"] == sum(c["severity"] == "high" for c in every["contradictions"])


def test_postgresql_filters_and_pages_as_sqlite(seeds_db: str, seeds_dir: Path) -> None:
    """The same filtered and paged listings on a PostgreSQL store of the same articles
    (the server of tests/pg_support.py: skipped when none answers, failed when CI requires it)."""
    from pg_support import require_server, temporary_database

    require_server()
    every = _json("events", "--db", seeds_db, "--min-confidence", "0")
    assert isinstance(every, list)
    name = _label(seeds_db, _top_participant(every))
    kind = Counter(e["type"] for e in every).most_common(1)[0][0]
    commands = [
        ["events", "--min-confidence", "0", "--entity", name],
        ["events", "--type", kind, "--limit", "2", "--offset", "1"],
        ["events", "--min-confidence", "0.5", "--limit", "3"],
        ["quotes", "--speaker", name], ["quotes", "--limit", "2", "--offset", "2"],
        ["claims", "--limit", "3", "--offset", "1"], ["claims", "--conflicts", "--limit", "1"],
        ["claims", "--severity", "medium"],
    ]  # fmt: skip
    with temporary_database("rasad_test_listings") as pg:
        result = runner.invoke(app, ["ingest", str(seeds_dir), "--db", pg, "--quiet"])
        assert result.exit_code == 0, result.output
        for command in commands:
            assert _json(*command, "--db", pg) == _json(*command, "--db", seeds_db), command
