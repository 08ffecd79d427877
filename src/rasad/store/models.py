"""SQLAlchemy 2 models of the rasad store.

The tables mirror the export schema (docs/export-schema.md): one ``article``
row per distinct text, and one table per list of facts (mentions, entities,
times, events, quotes, claims, contradictions, stories). Nothing here is
specific to SQLite: list-valued fields use the portable ``JSON`` type, and the
SQLite-only full-text index lives in the migration, not in the model.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON as PortableJSON
from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class _PostgresJSON(TypeDecorator[Any]):
    """PostgreSQL ``json`` that reads a whole-number value back as an ``int``, as SQLite does.

    SQLite gives ``JSON`` columns NUMERIC affinity: a column value that is a
    bare number, such as ``140.0``, is stored (and read back) as the integer
    ``140`` when that is lossless. Numbers nested in arrays and objects are
    left alone on both. Without this, a claim's value would print as
    ``2.24e+11`` on PostgreSQL and as ``224000000000`` on SQLite.
    """

    impl = postgresql.JSON
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if isinstance(value, float) and value.is_integer() and -(2**63) <= value < 2**63:
            return int(value)
        return value


#: The type of every JSON column: SQLAlchemy's portable JSON, read on PostgreSQL as SQLite reads it.
JSON = PortableJSON().with_variant(_PostgresJSON(), "postgresql")


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base of every rasad table."""


class ArticleSpan:
    """Mixin: a fact located at ``[start, end)`` of its article's original text."""

    article_id: Mapped[int] = mapped_column(
        ForeignKey("article.id", ondelete="CASCADE"), nullable=False, index=True
    )
    start: Mapped[int] = mapped_column(Integer, nullable=False)
    end: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, default="", nullable=True)


class Article(Base):
    """One article: the verbatim text and its per-article analysis."""

    __tablename__ = "article"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    source: Mapped[str] = mapped_column(Text, default="", nullable=True)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    lang: Mapped[str | None] = mapped_column(String(8), index=True)
    outlet: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    date_raw: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    norm: Mapped[str] = mapped_column(Text, default="", nullable=True)
    #: Search key: rasad.text.fold of title and normalised text (dialect-neutral search).
    folded: Mapped[str] = mapped_column(Text, default="", nullable=True)
    date: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    excluded: Mapped[list[Any]] = mapped_column(JSON, default=list, nullable=True)
    sentences: Mapped[list[Any]] = mapped_column(JSON, default=list, nullable=True)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, nullable=True)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("article.id"), index=True)
    #: Estimated Jaccard similarity to ``duplicate_of`` (near-duplicates only).
    duplicate_score: Mapped[float | None] = mapped_column(Float)
    story_id: Mapped[int | None] = mapped_column(ForeignKey("story.id"), index=True)
    #: MinHash signature (little-endian uint32 values) for near-duplicate detection.
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, nullable=True)


class DedupBand(Base):
    """One LSH band bucket of an article's MinHash signature (candidate lookup)."""

    __tablename__ = "dedup_band"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bucket: Mapped[int] = mapped_column(BigInteger, nullable=False, index=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("article.id", ondelete="CASCADE"), nullable=False, index=True
    )


class Entity(Base):
    """A real-world entity that mentions across articles and languages link to."""

    __tablename__ = "entity"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    label: Mapped[str] = mapped_column(Text, default="", nullable=True)
    type: Mapped[str | None] = mapped_column(String(8))
    country: Mapped[str | None] = mapped_column(String(8))
    aliases: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, nullable=True)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, nullable=True)


class Mention(ArticleSpan, Base):
    """An entity mention, in original-text offsets of its article."""

    __tablename__ = "mention"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str | None] = mapped_column(String(8))
    entity_id: Mapped[str | None] = mapped_column(String(64), index=True)
    head: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(8))
    score: Mapped[float] = mapped_column(Float, default=1.0, nullable=True)


class TimeExpr(ArticleSpan, Base):
    """A temporal expression and its resolved value."""

    __tablename__ = "time_expr"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)
    precision: Mapped[str | None] = mapped_column(String(16))
    calendar: Mapped[str | None] = mapped_column(String(16))
    kind: Mapped[str | None] = mapped_column(String(16))
    inferred: Mapped[bool] = mapped_column(Boolean, default=False, nullable=True)


class Event(Base):
    """A PLOVER event; ``sources`` point at the sentences that report it."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("article.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str | None] = mapped_column(String(32))
    mode: Mapped[str | None] = mapped_column(String(32))
    context: Mapped[list[Any]] = mapped_column(JSON, default=list, nullable=True)
    modality: Mapped[str | None] = mapped_column(String(32))
    actors: Mapped[list[Any]] = mapped_column(JSON, default=list, nullable=True)
    recipients: Mapped[list[Any]] = mapped_column(JSON, default=list, nullable=True)
    location: Mapped[Any] = mapped_column(JSON, nullable=True)
    date: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    sources: Mapped[list[Any]] = mapped_column(JSON, default=list, nullable=True)
    english: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, nullable=True)


class Quote(ArticleSpan, Base):
    """A quotation and who said it."""

    __tablename__ = "quote"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    speaker: Mapped[Any] = mapped_column(JSON, nullable=True)
    cue: Mapped[Any] = mapped_column(JSON, nullable=True)
    same_as: Mapped[Any] = mapped_column(JSON, nullable=True)
    english: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, nullable=True)


class Claim(ArticleSpan, Base):
    """A numeric claim: who/what, how much, of what, when."""

    __tablename__ = "claim"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subjects: Mapped[list[Any]] = mapped_column(JSON, default=list, nullable=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    unit: Mapped[str | None] = mapped_column(Text)
    comparator: Mapped[str | None] = mapped_column(String(16))
    time: Mapped[Any] = mapped_column(JSON, nullable=True)
    english: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, nullable=True)


class Contradiction(Base):
    """Two or more facts that conflict (or merely differ) across articles."""

    __tablename__ = "contradiction"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="conflict", nullable=True)
    items: Mapped[list[Any]] = mapped_column(JSON, default=list, nullable=True)
    why: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, nullable=True)


class Story(Base):
    """A group of articles about one development."""

    __tablename__ = "story"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str | None] = mapped_column(Text)
    articles: Mapped[list[Any]] = mapped_column(JSON, default=list, nullable=True)
    start: Mapped[str | None] = mapped_column(String(32))
    end: Mapped[str | None] = mapped_column(String(32))
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, nullable=True)


class StoryKey(Base):
    """The story index: a key a story's articles share with new ones (an entity id, ``d:<day>``,
    ``ev:<merged event>``), so that candidate stories are found without reading every story."""

    __tablename__ = "story_key"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"), primary_key=True, index=True)


class ArticleVector(Base):
    """An article's cached passage vectors (float32 rows, L2-normalised) for story grouping."""

    __tablename__ = "article_vector"

    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), primary_key=True)
    #: The encoder and text recipe that made the vector; another value means recompute.
    model: Mapped[str] = mapped_column(String(64), nullable=False)
    vector: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class TextVector(Base):
    """A cached sentence vector of a short text (a quote), keyed by a digest of encoder and text."""

    __tablename__ = "text_vector"

    #: blake2b (16 bytes, hex) of the encoder's name and the exact text encoded.
    digest: Mapped[str] = mapped_column(String(32), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


Index("ix_mention_article_start", Mention.article_id, Mention.start)
Index("ix_dedup_band_bucket_id", DedupBand.bucket, DedupBand.id)
