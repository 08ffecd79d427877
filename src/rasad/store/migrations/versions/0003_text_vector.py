"""Text vectors: cached sentence vectors of short texts (quotes), keyed by a digest of encoder and text.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``text_vector`` (one row per encoder and text)."""
    op.create_table(
        "text_vector",
        sa.Column("digest", sa.String(32), primary_key=True),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    """Drop ``text_vector``."""
    op.drop_table("text_vector")
