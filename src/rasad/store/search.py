"""Full-text search helpers: query parsing and snippets from the original text.

Both the index (``article.folded``; on SQLite an FTS5 table, on PostgreSQL
a ``tsvector`` column with a GIN index, migration 0006) and the query pass through
:func:`rasad.text.fold.fold`, so ی/ي, ک/ك, harakat, ZWNJ and digit variants
meet. Snippets are cut from the ORIGINAL text: the article is folded character
by character with an offset map, the match is found in the folded copy and
mapped back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rasad.text.fold import fold

#: Characters of original text shown around a match in a snippet.
SNIPPET_CONTEXT = 80

_TERM = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Term:
    """One query term: a folded word or phrase, optionally a prefix."""

    text: str
    prefix: bool = False


@dataclass(slots=True)
class Hit:
    """A ranked search hit with a snippet of original text."""

    article_id: int
    title: str | None
    lang: str | None
    source: str
    score: float
    snippet: str
    #: ``[start, end)`` of the matched words inside ``snippet``.
    marks: list[tuple[int, int]]
    #: Offset of ``snippet`` in the article's original text.
    offset: int
    duplicate_of: int | None = None


def parse_query(query: str) -> list[Term]:
    """Folded terms of ``query``: words, "quoted phrases", and ``prefix*`` words."""
    terms: list[Term] = []
    for phrase, word in _TERM.findall(query):
        raw = phrase if phrase else word
        prefix = not phrase and raw.endswith("*")
        words = _WORD.findall(fold(raw))
        if not words:
            continue
        if phrase:
            terms.append(Term(" ".join(words)))
        else:
            terms.extend(Term(w) for w in words[:-1])
            terms.append(Term(words[-1], prefix=prefix))
    return terms


def fts5_query(terms: list[Term]) -> str:
    """An FTS5 MATCH expression: every term required, each quoted."""
    return " ".join(f'"{t.text}"' + ("*" if t.prefix else "") for t in terms)


def pg_tsquery(terms: list[Term]) -> str:
    """A PostgreSQL ``to_tsquery('simple', ...)`` expression: every term required.

    Each word is quoted (``\\w`` words hold no quote or backslash); a phrase's
    words follow each other (``<->``), a prefix ends in ``:*``. PostgreSQL's
    parser reads the quoted words as it read the indexed text (revision 0006),
    so a word it splits (``a_b``) becomes a phrase of its parts, as on SQLite.
    """
    parts = []
    for term in terms:
        words = [f"'{w}'" for w in term.text.split()]
        parts.append(" <-> ".join(words) + (":*" if term.prefix else ""))
    return " & ".join(parts)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return " " if ch.isspace() else fold(ch)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """``fold`` character by character, with the original index of each folded char.

    The result matches :func:`fold` up to whitespace collapsing at the ends.
    """
    out: list[str] = []
    index: list[int] = []
    last_space = True
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        if folded == " ":
            if last_space:
                continue
            last_space = True
        elif folded:
            last_space = False
        for c in folded:
            out.append(c)
            index.append(i)
    index.append(len(text))
    return "".join(out), index


def _pattern(term: Term) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(w) for w in term.text.split())
    return re.compile(rf"(?<!\w){body}" + ("" if term.prefix else r"(?!\w)"))


def make_snippet(
    text: str,
    terms: list[Term],
    excluded: Iterable[Sequence[Any]] = (),
    context: int = SNIPPET_CONTEXT,
) -> tuple[str, list[tuple[int, int]], int]:
    """A snippet of ``text`` around the first match: (snippet, marks, offset).

    Matches inside ``excluded`` (boilerplate) spans are skipped, as the index
    leaves them out. Falls back to the opening of the text when no term is
    found in it (for instance when only the title matched).
    """
    folded, index = fold_with_map(text)
    skip = [(int(x[0]), int(x[1])) for x in excluded]
    spans: list[tuple[int, int]] = []
    for term in terms:
        for found in _pattern(term).finditer(folded):
            start, end = index[found.start()], index[found.end() - 1] + 1
            if not any(s <= start < e for s, e in skip):
                spans.append((start, end))
    if not spans:
        end = min(len(text), 2 * context)
        return text[:end].replace("\n", " ").strip(), [], 0
    spans.sort()
    first = spans[0][0]
    start = max(0, first - context)
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    end = min(len(text), spans[0][1] + context)
    if end < len(text):
        space = text.rfind(" ", spans[0][1], end)
        end = space if space > 0 else end
    marks = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    return text[start:end].replace("\n", " "), marks, start
