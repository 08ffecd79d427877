"""The packaged Alembic migrations on PostgreSQL: the models' schema, plus the search column of 0006.

Real server, a fresh database per test (tests/pg_support.py).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from pg_support import require_server, temporary_database
from rasad.doc import Doc
from rasad.pipeline import run
from rasad.store import Store
from rasad.store import models as m
from rasad.store.db import alembic_config
from rasad.store.models import Base


@pytest.fixture
def pg() -> Iterator[str]:
    require_server()
    with temporary_database("rasad_test_migrate") as url:
        yield url


def _search_only(diff: object) -> bool:
    """The search column and its index (revision 0006) live in the migration, never in the model."""
    return "search_vector" in repr(diff)


def test_migrations_match_the_models(pg: str) -> None:
    with Store(pg) as store, store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = [d for d in compare_metadata(context, Base.metadata) if not _search_only(d)]
        columns = {c["name"]: c for c in inspect(conn).get_columns("article")}
    assert diffs == []
    assert str(columns["search_vector"]["type"]).upper() == "TSVECTOR"


def test_downgrade_and_upgrade_index_the_stored_articles(pg: str) -> None:
    with Store(pg) as store:
        words = " ".join(f"word{i}" for i in range(60))
        added = store.add_doc(run(Doc(text=f"{words}.\n\n{words} again."), stages=["rasad.text"]))
        assert [h.article_id for h in store.search("word7 word8")] == [added.id]
        with store.engine.begin() as conn:
            cfg = alembic_config(pg)
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0005")
        assert "search_vector" not in {
            c["name"] for c in inspect(store.engine).get_columns("article")
        }
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        assert [h.article_id for h in store.search('"word7 word8"')] == [added.id]
        assert store.search('"word8 word7"') == []
        with store.engine.connect() as conn:
            assert (
                conn.execute(
                    text("SELECT count(*) FROM article WHERE search_vector IS NOT NULL")
                ).scalar()
                == 1
            )


def test_processes_opening_one_new_database_at_once_all_succeed(pg: str) -> None:
    """Several processes migrating the same empty PostgreSQL database take turns (an advisory lock)."""
    start = time.time() + 3  # every process imports first, then opens at the same moment
    code = (
        "import time; from rasad.store import Store; "
        f"time.sleep(max(0, {start} - time.time())); Store({pg!r}).close(); print('ok')"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    results = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], [err for _, err in results]
    with Store(pg) as store, store.engine.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    assert versions == [ScriptDirectory.from_config(alembic_config(pg)).get_current_head()]


def test_story_and_contradiction_ids_are_given_as_on_sqlite(pg: str, tmp_path: Path) -> None:
    """The largest id + 1 (revision 0007): ids of deleted newest rows are given again, as SQLite does."""
    given = []
    for url in (f"sqlite:///{tmp_path / 'ids.db'}", pg):
        with Store(url) as store, store.session() as session:
            ids = []
            for model in (m.Story, m.Contradiction):
                rows = [model() for _ in range(4)]
                session.add_all(rows)
                session.flush()
                ids.append([r.id for r in rows])
                for row in rows[2:]:
                    session.delete(row)
                session.flush()
                again = [model(), model()]
                session.add_all(again)
                session.flush()
                ids.append([r.id for r in again])
            session.commit()
            given.append(ids)
    assert given[0] == given[1] == [[1, 2, 3, 4], [3, 4], [1, 2, 3, 4], [3, 4]]
