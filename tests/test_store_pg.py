"""PostgreSQL as a store: the same migrations and the same results as SQLite (issue 14, part 1).

The demo articles are ingested by the real CLI, in a process of its own per
store, once into a SQLite file and once into a fresh PostgreSQL database on
the real server (tests/pg_support.py: skipped when none answers, failed when
``RASAD_REQUIRE_PG=1``). Then the exports, the JSON of every listing command
and search results are compared. Only two things are normalised, each
because it is not a difference in what rasad found:

* Search ranking: SQLite ranks by FTS5's BM25, PostgreSQL by ``ts_rank``; the
  scores differ by design, so hits are compared as sets (snippets included).
* Hash order: the entity linker iterates a Python set of entity ids (its
  co-occurrence counts' tie order follows the string hash seed), so both
  ingests run with the same ``PYTHONHASHSEED``; two SQLite runs need that too.

Article ids and the order of every list are compared as they are: both
stores ingest the files in the same order, one at a time. Then the
PostgreSQL tables are rewritten with their rows in reverse order and
everything compared again, so that no result owes its order to where the rows
happen to lie (PostgreSQL returns rows without ORDER BY in storage order).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text
from typer.testing import CliRunner

from pg_support import require_server, reverse_row_order, temporary_database
from rasad.cli import app
from rasad.store import Store
from rasad.store import models as m
from rasad.store.db import alembic_config

runner = CliRunner()
#: The newest migration.
HEAD = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def _ingest(inputs: list[str], db: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.run(
        [sys.executable, "-m", "rasad.cli", "ingest", *inputs, "--db", db, "-q", *extra],
        capture_output=True, text=True, env=env, timeout=900,
    )  # fmt: skip


@pytest.fixture(scope="module")
def stores(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(SQLite URL, PostgreSQL URL), both holding the demo articles after the corpus step."""
    require_server()
    sqlite = f"sqlite:///{tmp_path_factory.mktemp('pg-compare') / 'seeds.db'}"
    with temporary_database("rasad_test_compare") as pg:
        for db in (sqlite, pg):
            done = _ingest([str(seeds_dir)], db)
            assert done.returncode == 0, done.stderr
        yield sqlite, pg


def _json(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output)
    return json.loads(result.stdout)


def test_same_migrations_reach_the_same_head(stores: tuple[str, str]) -> None:
    tables = []
    for url in stores:
        with Store(url) as store:
            with store.engine.connect() as conn:
                assert (
                    conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
                )
            tables.append(
                {
                    t
                    for t in inspect(store.engine).get_table_names()
                    if not t.startswith("article_fts")
                }
            )
    assert tables[0] == tables[1] and {"article", "mention", "entity", "story_key"} <= tables[0]


def test_export_is_the_same(stores: tuple[str, str], tmp_path: Path) -> None:
    exported = []
    for i, url in enumerate(stores):
        out = tmp_path / f"export{i}.json"
        result = runner.invoke(app, ["export", "--db", url, "--out", str(out)])
        assert result.exit_code == 0, result.output
        exported.append(json.loads(out.read_text(encoding="utf-8")))
    sqlite, pg = exported
    assert sqlite["articles"] and sqlite["entities"] and sqlite["events"] and sqlite["stories"]
    assert set(sqlite) == set(pg)
    for name in sqlite:
        assert sqlite[name] == pg[name], name


def test_every_listing_is_the_same(stores: tuple[str, str]) -> None:
    sqlite, pg = stores
    ids = [a["id"] for a in _json("report", "--json", "--db", sqlite)]
    entities = _json("entities", "--json", "--db", sqlite, "--limit", "5")
    assert ids and entities
    names = [e["label"] for e in entities] + [
        e["aliases"][lang][0] for e in entities for lang in ("fa", "ar") if e["aliases"][lang]
    ]
    commands = [
        ["stats"], ["report"], ["events"], ["events", "--min-confidence", "0"], ["quotes"], ["claims"],
        ["claims", "--conflicts"], ["entities"], ["entities", "--type", "PER"],
        *(["show", str(i)] for i in ids), *(["entity", name] for name in names),
    ]  # fmt: skip
    for command in commands:
        expected = _json(*command, "--json", "--db", sqlite)
        assert _json(*command, "--json", "--db", pg) == expected, command


def _queries(store: Store) -> list[str]:
    """Queries made from the stored texts: single words, phrases, prefixes, two words, and
    raw slices of the original text (punctuation, digits and unfolded letters included)."""
    queries: list[str] = []
    with store.session() as session:
        for title, folded, original in session.execute(
            select(m.Article.title, m.Article.folded, m.Article.text)
        ):
            words = re.findall(r"\w+", folded)
            raw = original.split()
            assert len(words) > 40 and len(raw) > 40
            for i in range(0, len(words) - 1, max(1, len(words) // 25)):
                queries += [
                    words[i],
                    f'"{words[i]} {words[i + 1]}"',
                    words[i][:3] + "*",
                    f"{words[i]} {words[-1 - i]}",
                ]
            for i in range(0, len(raw) - 3, max(1, len(raw) // 25)):
                queries += [
                    raw[i],
                    " ".join(raw[i : i + 2]),
                    '"' + " ".join(raw[i : i + 3]).replace('"', "") + '"',
                ]
            if title:
                queries.append(title)
    return queries


def test_search_finds_the_same_articles(stores: tuple[str, str]) -> None:
    with Store(stores[0]) as sqlite, Store(stores[1]) as pg:
        queries = _queries(sqlite)
        found = 0
        for query in queries:
            for lang in (None, "fa", "ar"):
                a = {
                    (h.article_id, h.snippet, tuple(h.marks), h.offset)
                    for h in sqlite.search(query, lang=lang, limit=100)
                }
                b = {
                    (h.article_id, h.snippet, tuple(h.marks), h.offset)
                    for h in pg.search(query, lang=lang, limit=100)
                }
                assert a == b, (query, lang)
                found += bool(a)
        assert found > len(queries)  # most queries find something (each comes from a stored text)
        assert pg.search("\u0000zzqx" + "q" * 30) == []


def test_search_cli_is_the_same_up_to_ranking(stores: tuple[str, str]) -> None:
    with Store(stores[0]) as store:
        queries = _queries(store)[::10]
    for query in queries:
        hits = [
            sorted(
                (
                    {k: v for k, v in h.items() if k != "score"}
                    for h in _json("search", query, "--json", "--db", url)
                ),
                key=lambda h: h["article"],
            )
            for url in stores
        ]
        assert hits[0] == hits[1], query


def test_postgresql_search_uses_the_gin_index(stores: tuple[str, str]) -> None:
    with Store(stores[1]) as store, store.engine.connect() as conn:
        indexes = {i["name"]: i for i in inspect(store.engine).get_indexes("article")}
        assert "ix_article_search_vector" in indexes
        conn.execute(
            text("SET enable_seqscan = off")
        )  # five rows: the planner would scan them otherwise
        plan = "\n".join(
            r[0] for r in conn.execute(text(
                "EXPLAIN SELECT a.id FROM article a, to_tsquery('simple', 'x') q WHERE a.search_vector @@ q"
            ))
        )  # fmt: skip
        assert "ix_article_search_vector" in plan and "like" not in plan.lower()


def test_postgresql_words_split_at_punctuation_as_on_sqlite() -> None:
    """Punctuation in any script, and the underscore, separate words in the index on both stores."""
    require_server()
    from rasad.doc import Doc
    from rasad.pipeline import run

    with temporary_database("rasad_test_split") as pg, Store(pg) as store:
        marks = "،؛؟«»“”…–—_-./:%٪"
        body = " ".join(f"alpha{i}{mark}beta{i}" for i, mark in enumerate(marks))
        store.add_doc(run(Doc(text=body + " " + body), stages=["rasad.text"]))
        for i in range(len(marks)):
            assert len(store.search(f"alpha{i}")) == 1 and len(store.search(f"beta{i}")) == 1, (
                marks[i]
            )
            assert len(store.search(f'"alpha{i} beta{i}"')) == 1, marks[i]
        assert store.search("alpha1beta1") == []


def test_results_do_not_depend_on_the_order_rows_are_stored_in(
    stores: tuple[str, str], tmp_path: Path
) -> None:
    """The PostgreSQL store rewritten with every table's rows in reverse order: the same export and listings."""
    reverse_row_order(stores[1])
    with Store(stores[1]) as store, store.engine.connect() as conn:
        ids = list(conn.execute(text("SELECT id FROM article")).scalars())
    assert ids != sorted(ids)
    test_export_is_the_same(stores, tmp_path)
    test_every_listing_is_the_same(stores)


def test_relink_gives_the_same_store(stores: tuple[str, str], tmp_path: Path) -> None:
    """`rasad relink --fresh` (the corpus step from scratch) on both stores, PostgreSQL's rows in reverse order;
    runs last, as it rewrites them."""
    exported = []
    for i, url in enumerate(stores):
        if i == 1:
            reverse_row_order(url)
        report = _json("relink", "--fresh", "--json", "--db", url)
        assert report["articles"] > 0 and report["entities"] > 0
        out = tmp_path / f"relinked{i}.json"
        result = runner.invoke(app, ["export", "--db", url, "--out", str(out)])
        assert result.exit_code == 0, result.output
        exported.append(json.loads(out.read_text(encoding="utf-8")))
    assert exported[0] == exported[1]


def test_nul_characters_are_stored_as_replacement_characters() -> None:
    """PostgreSQL cannot store NUL in text: U+FFFD takes its place, one for one, so offsets hold."""
    require_server()
    from rasad.doc import Doc
    from rasad.pipeline import run
    from rasad.store.core import PG_NUL_REPLACEMENT

    words = " ".join(f"word{i}" for i in range(50))
    with temporary_database("rasad_test_nul") as pg, Store(pg) as store:
        doc = run(
            Doc(text=f"{words} \x00 tail.\n\n{words} again.", title="a\x00title"),
            stages=["rasad.text"],
        )
        added = store.add_doc(doc)
        assert added.status == "ingested"
        row = store.get_article(added.id)
        assert row is not None and row.text == doc.text.replace("\x00", PG_NUL_REPLACEMENT)
        assert row.title == "a" + PG_NUL_REPLACEMENT + "title"
        # found again by the hash of the text as given
        assert store.add_doc(doc).status == "duplicate"
        assert [h.article_id for h in store.search("tail")] == [added.id]
