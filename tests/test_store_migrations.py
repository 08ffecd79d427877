"""The packaged Alembic migration builds exactly the schema the models describe."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from rasad.store import Store
from rasad.store.models import Base


def _not_fts(diff: object) -> bool:
    """FTS5 tables (SQLite only) live in the migration, never in the model."""
    return "article_fts" not in repr(diff)


def test_migration_matches_models(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'm.db'}") as store, store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = [d for d in compare_metadata(context, Base.metadata) if _not_fts(d)]
    assert diffs == []


def test_processes_creating_one_new_database_at_once_all_succeed(tmp_path: Path) -> None:
    """Several processes opening the same brand-new SQLite file race on its migrations; none fails."""
    import subprocess
    import sys
    import time

    db = tmp_path / "new.db"
    start = time.time() + 3  # every process imports first, then opens at the same moment
    code = (
        "import time, sys; from rasad.store import Store; "
        f"time.sleep(max(0, {start} - time.time())); Store({str(db)!r}).close(); print('ok')"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [err for _, err in results]
    assert all(out.strip() == "ok" for out, _ in results)
