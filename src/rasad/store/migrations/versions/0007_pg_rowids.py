"""PostgreSQL: story and contradiction ids allocated as SQLite allocates them (the largest + 1).

SQLite gives a new row the largest id in its table plus one, so after the
newest rows are deleted their ids are given again; a PostgreSQL sequence
never gives an id twice. The corpus step deletes and rewrites stories
(``rasad relink``) and contradictions, and then the two stores numbered them
differently. On PostgreSQL these two tables' ids now default to
``max(id) + 1`` (an indexed read). That is safe because only the corpus step
inserts into them, and it runs in one process at a time
(:meth:`rasad.store.Store.exclusive`). Tables that ingest processes write at
the same time keep their sequences.

On SQLite this revision does nothing.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

#: Tables whose ids follow SQLite's rule on PostgreSQL.
TABLES = ("story", "contradiction")


def upgrade() -> None:
    """On PostgreSQL: ``rasad_next_<table>_id()`` and the id column's default calling it."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(
            f"CREATE FUNCTION rasad_next_{table}_id() RETURNS integer LANGUAGE sql VOLATILE "
            f"AS 'SELECT coalesce(max(id), 0) + 1 FROM {table}'"
        )
        op.execute(f"ALTER TABLE {table} ALTER COLUMN id SET DEFAULT rasad_next_{table}_id()")


def downgrade() -> None:
    """On PostgreSQL: back to the sequence, moved past every id given meanwhile."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for table in TABLES:
        sequence = bind.execute(sa.text(f"SELECT pg_get_serial_sequence('{table}', 'id')")).scalar()
        op.execute(
            f"ALTER TABLE {table} ALTER COLUMN id SET DEFAULT nextval('{sequence}'::regclass)"
        )
        op.execute(
            f"SELECT setval('{sequence}', (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
        )
        op.execute(f"DROP FUNCTION rasad_next_{table}_id()")
