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
