"""Near-duplicate lookup in bounded time: an index on dedup_band (bucket, id).

The lookup reads the earliest few articles of each LSH bucket
(``NEAR_DUP_CANDIDATES_PER_BUCKET``); this index serves it without sorting a
bucket's rows.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``ix_dedup_band_bucket_id``."""
    op.create_index("ix_dedup_band_bucket_id", "dedup_band", ["bucket", "id"])


def downgrade() -> None:
    """Drop ``ix_dedup_band_bucket_id``."""
    op.drop_index("ix_dedup_band_bucket_id", table_name="dedup_band")
