"""The story index: keys (entity ids, days, merged events) of each story's articles.

The corpus step finds the stories a new article may join through these keys
instead of reading every story.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``story_key`` (one row per key and story) and its index on the story."""
    op.create_table(
        "story_key",
        sa.Column("key", sa.String(128), primary_key=True),
        sa.Column(
            "story_id", sa.Integer, sa.ForeignKey("story.id", ondelete="CASCADE"), primary_key=True
        ),
    )
    op.create_index("ix_story_key_story_id", "story_key", ["story_id"])


def downgrade() -> None:
    """Drop ``story_key``."""
    op.drop_index("ix_story_key_story_id", table_name="story_key")
    op.drop_table("story_key")
