"""PostgreSQL full-text search: a ``tsvector`` of the folded text and its GIN index.

``article.search_vector`` is a stored generated column,
``to_tsvector('simple', ...)`` of ``article.folded`` with punctuation and
symbols first turned into spaces, so that words split where SQLite's FTS5
(``unicode61``) and the query parser (``\\w+``) split them, whatever the
server's locale (under the C locale PostgreSQL's parser would glue every
non-ASCII character, ``،`` and ``»`` included, into the word beside it). The
``simple`` configuration lower-cases and nothing else: no stemming, no stop
words, as on SQLite. Only the first :data:`INDEXED_CHARS` characters are
indexed (a ``tsvector`` holds at most 1 MB).

On SQLite, whose FTS5 index came with revision 0001, this revision does nothing.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08
"""

from __future__ import annotations

import unicodedata

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

#: Characters of ``article.folded`` that the PostgreSQL index reads (the rest is not searchable there).
INDEXED_CHARS = 200_000

#: Blocks whose punctuation and symbols become spaces before PostgreSQL's parser reads the text:
#: ASCII, Latin-1, Arabic, Arabic Supplement, General Punctuation, currency, letterlike and
#: arrows to miscellaneous symbols, CJK punctuation, Arabic presentation forms, half/full width.
_BLOCKS = (
    (0x0000, 0x00FF), (0x0600, 0x077F), (0x2000, 0x2BFF), (0x3000, 0x303F),
    (0xFB50, 0xFDFF), (0xFE10, 0xFE6F), (0xFF00, 0xFFEF),
)  # fmt: skip


def separators() -> str:
    """Every character of :data:`_BLOCKS` that is not part of a word to ``\\w`` (control,
    punctuation, symbol, space), except the underscore, which ``\\w`` keeps and SQLite splits at."""
    chars = []
    for low, high in _BLOCKS:
        for code in range(max(low, 1), high + 1):
            ch = chr(code)
            category = unicodedata.category(ch)
            if ch == "_" or (
                category[0] in "PSZC" and category not in ("Cn", "Co", "Cs") and not ch.isalnum()
            ):
                chars.append(ch)
    return "".join(chars)


def _pattern() -> str:
    """A regular expression (PostgreSQL ARE, as an ``E''`` literal) matching one separator.

    Written as ``\\uXXXX`` ranges: no quote, colon or percent sign reaches the SQL, and a
    bracket of code-point ranges does not depend on the server's locale.
    """
    codes = sorted(ord(c) for c in separators())
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    body = "".join(f"\\\\u{lo:04X}" + (f"-\\\\u{hi:04X}" if hi > lo else "") for lo, hi in ranges)
    return f"E'[{body}]'"


def _column_sql() -> str:
    source = f"regexp_replace(left(coalesce(folded, ''), {INDEXED_CHARS}), {_pattern()}, ' ', 'g')"
    return (
        "ALTER TABLE article ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {source})) STORED"
    )


def upgrade() -> None:
    """On PostgreSQL: add ``article.search_vector`` and ``ix_article_search_vector`` (GIN)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_column_sql())
    op.execute("CREATE INDEX ix_article_search_vector ON article USING gin (search_vector)")


def downgrade() -> None:
    """On PostgreSQL: drop the index and the column."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_article_search_vector")
    op.execute("ALTER TABLE article DROP COLUMN IF EXISTS search_vector")
