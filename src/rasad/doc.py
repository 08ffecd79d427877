"""The one document model that flows through every stage.

A :class:`Doc` starts as a raw article from :mod:`rasad.ingest` and is filled in
by each stage listed in :mod:`rasad.pipeline`. Every span a stage records is a
pair of Python string indices into ``Doc.text``, the original text kept
verbatim. Stages analyse ``Doc.norm`` (the normalised copy) and translate its
offsets back with :meth:`Doc.to_original`.

Stages add their own lists; later stages read what earlier ones wrote. A stage
never removes what another stage wrote.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

# Invisible characters never worth ending a span on (bidi controls, BOM).
_TRAILING_FORMAT = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")


@dataclass(slots=True)
class Sentence:
    """A sentence of the analysed text, in original-text offsets."""

    start: int
    end: int
    lang: str


@dataclass(slots=True)
class Token:
    """A token, in original-text offsets; ``norm`` is its normalised form."""

    start: int
    end: int
    norm: str


@dataclass(slots=True)
class DateValue:
    """A resolved date: ISO value, precision, calendar written in, provenance."""

    value: str
    precision: str  # day | month | year
    calendar: str  # gregorian | jalali | hijri | unknown
    inferred: bool = False
    why: str = ""
    confidence: float = 1.0


@dataclass(slots=True)
class Mention:
    """An entity mention found by the entity stage."""

    start: int
    end: int
    text: str
    type: str  # PER ORG GPE LOC FAC
    entity: str | None = None  # id of the linked entity, once linked
    country: str | None = None  # ISO 3166 alpha-2 where known
    head: str | None = None  # clitic-stripped surface form used for linking
    score: float = 1.0


@dataclass(slots=True)
class TimeExpr:
    """A temporal expression and its resolved value."""

    start: int
    end: int
    text: str
    value: str | None
    precision: str | None
    calendar: str
    kind: str  # date | time | duration | set | range
    inferred: bool = False


@dataclass
class Doc:
    """One article and everything the pipeline has learned about it."""

    text: str
    source: str = ""
    title: str | None = None
    url: str | None = None
    author: str | None = None
    outlet: str | None = None
    date_raw: str | None = None
    lang: str | None = None
    date: DateValue | None = None
    norm: str = ""
    norm_to_orig: list[int] = field(default_factory=list)
    excluded: list[tuple[int, int, str]] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """SHA-256 of the verbatim text: equal content is stored once."""
        # surrogatepass: a lone surrogate (from a JSON escape) must not make hashing fail.
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of ``norm`` back to ``text`` offsets.

        ``norm_to_orig`` has one entry per normalised character plus a final
        one equal to ``len(text)``. The original span runs up to where the next
        normalised character came from, less trailing whitespace and format
        characters, so dropped harakat and tatweel stay inside the span.
        """
        if not self.norm_to_orig:
            return start, end
        mapping = self.norm_to_orig
        orig_start = mapping[start]
        orig_end = mapping[end] if end > start else orig_start
        while orig_end > orig_start and (
            self.text[orig_end - 1].isspace() or self.text[orig_end - 1] in _TRAILING_FORMAT
        ):
            orig_end -= 1
        return orig_start, orig_end

    def is_excluded(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` lies inside an excluded (boilerplate) span."""
        return any(s <= start and end <= e for s, e, _ in self.excluded)

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-ready dictionary of every field."""
        return asdict(self)
