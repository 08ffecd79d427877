"""Initial schema: articles, facts, LSH bands, and (SQLite) the FTS5 index.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_FTS_SQLITE = [
    "CREATE VIRTUAL TABLE article_fts USING fts5("
    "folded, content='article', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER article_fts_ai AFTER INSERT ON article BEGIN "
    "INSERT INTO article_fts(rowid, folded) VALUES (new.id, new.folded); END",
    "CREATE TRIGGER article_fts_ad AFTER DELETE ON article BEGIN "
    "INSERT INTO article_fts(article_fts, rowid, folded) VALUES ('delete', old.id, old.folded); END",
    "CREATE TRIGGER article_fts_au AFTER UPDATE OF folded ON article BEGIN "
    "INSERT INTO article_fts(article_fts, rowid, folded) VALUES ('delete', old.id, old.folded); "
    "INSERT INTO article_fts(rowid, folded) VALUES (new.id, new.folded); END",
]


def _article_fk(nullable: bool = False) -> sa.Column:
    return sa.Column(
        "article_id",
        sa.Integer,
        sa.ForeignKey("article.id", ondelete="CASCADE"),
        nullable=nullable,
        index=True,
    )


def _span_columns() -> list[sa.Column]:
    """The columns of rasad.store.models.ArticleSpan: article, start, end, text."""
    return [
        _article_fk(),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text),
    ]


def upgrade() -> None:
    """Create every table; add the FTS5 index and its triggers on SQLite."""
    op.create_table(
        "story",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("label", sa.Text),
        sa.Column("articles", sa.JSON),
        sa.Column("start", sa.String(32)),
        sa.Column("end", sa.String(32)),
        sa.Column("extra", sa.JSON),
    )
    op.create_table(
        "article",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("source", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("lang", sa.String(8), index=True),
        sa.Column("outlet", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("date_raw", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("norm", sa.Text),
        sa.Column("folded", sa.Text),
        sa.Column("date", sa.JSON),
        sa.Column("excluded", sa.JSON),
        sa.Column("sentences", sa.JSON),
        sa.Column("meta", sa.JSON),
        sa.Column("duplicate_of", sa.Integer, sa.ForeignKey("article.id"), index=True),
        sa.Column("duplicate_score", sa.Float),
        sa.Column("story_id", sa.Integer, sa.ForeignKey("story.id"), index=True),
        sa.Column("minhash", sa.LargeBinary),
        sa.Column("ingested_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "dedup_band",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("bucket", sa.BigInteger, nullable=False, index=True),
        _article_fk(),
    )
    op.create_table(
        "entity",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("label", sa.Text),
        sa.Column("type", sa.String(8)),
        sa.Column("country", sa.String(8)),
        sa.Column("aliases", sa.JSON),
        sa.Column("extra", sa.JSON),
    )
    op.create_table(
        "mention",
        sa.Column("id", sa.Integer, primary_key=True),
        *_span_columns(),
        sa.Column("type", sa.String(8)),
        sa.Column("entity_id", sa.String(64), index=True),
        sa.Column("head", sa.Text),
        sa.Column("country", sa.String(8)),
        sa.Column("score", sa.Float),
    )
    op.create_index("ix_mention_article_start", "mention", ["article_id", "start"])
    op.create_table(
        "time_expr",
        sa.Column("id", sa.Integer, primary_key=True),
        *_span_columns(),
        sa.Column("value", sa.Text),
        sa.Column("precision", sa.String(16)),
        sa.Column("calendar", sa.String(16)),
        sa.Column("kind", sa.String(16)),
        sa.Column("inferred", sa.Boolean),
    )
    op.create_table(
        "event",
        sa.Column("id", sa.Integer, primary_key=True),
        _article_fk(nullable=True),
        sa.Column("type", sa.String(32)),
        sa.Column("mode", sa.String(32)),
        sa.Column("context", sa.JSON),
        sa.Column("modality", sa.String(32)),
        sa.Column("actors", sa.JSON),
        sa.Column("recipients", sa.JSON),
        sa.Column("location", sa.JSON),
        sa.Column("date", sa.JSON),
        sa.Column("sources", sa.JSON),
        sa.Column("english", sa.Text),
        sa.Column("extra", sa.JSON),
    )
    op.create_table(
        "quote",
        sa.Column("id", sa.Integer, primary_key=True),
        *_span_columns(),
        sa.Column("speaker", sa.JSON),
        sa.Column("cue", sa.JSON),
        sa.Column("same_as", sa.JSON),
        sa.Column("english", sa.Text),
        sa.Column("extra", sa.JSON),
    )
    op.create_table(
        "claim",
        sa.Column("id", sa.Integer, primary_key=True),
        *_span_columns(),
        sa.Column("subjects", sa.JSON),
        sa.Column("value", sa.JSON),
        sa.Column("unit", sa.Text),
        sa.Column("comparator", sa.String(16)),
        sa.Column("time", sa.JSON),
        sa.Column("english", sa.Text),
        sa.Column("extra", sa.JSON),
    )
    op.create_table(
        "contradiction",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16)),
        sa.Column("items", sa.JSON),
        sa.Column("why", sa.Text),
        sa.Column("extra", sa.JSON),
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in _FTS_SQLITE:
            op.execute(statement)


def downgrade() -> None:
    """Drop everything the upgrade created."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS article_fts")
    for table in (
        "contradiction", "claim", "quote", "event", "time_expr", "mention",
        "entity", "dedup_band", "article", "story",
    ):  # fmt: skip
        op.drop_table(table)
