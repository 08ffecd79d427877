"""Shared pieces of the readers: the Failure record, limits, metadata helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from rasad.doc import DateValue, Doc

#: Largest single document (a text file, an HTML page, a feed, a fetched URL), in bytes.
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
#: Most lines read from one dump (JSONL, CSV), blank lines included.
MAX_DUMP_LINES = 10_000_000
#: Most bytes a gzip stream may expand to per compressed byte (text compresses 3-10x;
#: a decompression bomb 1,000x), counted once the output passes DECOMPRESSION_FREE_BYTES.
MAX_DECOMPRESSION_RATIO = 100
DECOMPRESSION_FREE_BYTES = 64 * 1024 * 1024
#: Deepest directory read below an input directory; deeper ones are a failure each.
MAX_DIRECTORY_DEPTH = 64
#: Seconds a whole fetch may take (connecting, headers, redirects and body together).
FETCH_TIMEOUT_S = 20.0
#: Most HTTP redirects followed for one URL; each hop is checked again.
MAX_REDIRECTS = 5
#: An ISO-like date with a year below this is not Gregorian (Jalali 13xx/14xx, Hijri 14xx).
GREGORIAN_MIN_YEAR = 1700
#: Why a metadata date was trusted.
METADATA_DATE_WHY = "the source's metadata date"

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_ISO_DATE = re.compile(
    r"\s*(\d{4})([-/.])(\d{1,2})\2(\d{1,2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Failure:
    """An input item that could not be read, and why."""

    item: str  # the path, URL, or "path:LINE" as the user would recognise it
    reason: str  # one clear English line


class IngestError(Exception):
    """Raised inside a reader; the dispatcher turns it into a :class:`Failure`."""


_SURROGATE = re.compile("[\ud800-\udfff]")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me", "Cn", "Co", "Cs"})


def has_visible_text(text: str) -> bool:
    """True when ``text`` holds a letter, digit, punctuation mark or symbol.

    Whitespace, controls, format marks (ZWNJ, RLM, bidi embeddings) and lone
    combining marks are not text a reader can see.
    """
    import unicodedata

    return any(not ch.isspace() and unicodedata.category(ch) not in _INVISIBLE_CATEGORIES for ch in text)


def display_name(path: str | bytes) -> str:
    """A path as text that can be stored and printed: undecodable bytes escaped (``\\xff``)."""
    import os

    raw = os.fsencode(path)
    return raw.decode("utf-8", errors="backslashreplace")


def human_size(n: int) -> str:
    """``n`` bytes as a short human-readable size."""
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


def too_large(size: int, limit: int) -> str:
    """The reason line for a single document over the size cap."""
    return (
        f"too large: {human_size(size)} is over the {human_size(limit)} limit "
        "for a single document (max_bytes)"
    )


def gregorian_date(raw: str | None) -> DateValue | None:
    """A day-precision date when ``raw`` is an unambiguous Gregorian date or datetime.

    Accepts ISO-like ``YYYY-MM-DD`` (also ``/`` or ``.`` separators, Persian or
    Arabic-Indic digits, an optional time and zone) with a year of at least
    :data:`GREGORIAN_MIN_YEAR`, and RFC 2822 dates as feeds write them. The day
    is the one written, not converted to UTC. Anything else gives ``None``.
    """
    if not raw or len(raw) > 64:
        return None
    s = raw.translate(_DIGITS)
    m = _ISO_DATE.fullmatch(s)
    day: date | None = None
    if m:
        year, month, dd = int(m[1]), int(m[3]), int(m[4])
        if year < GREGORIAN_MIN_YEAR:
            return None
        try:
            day = date(year, month, dd)
        except ValueError:
            return None
    elif re.search(r"[A-Za-z]{3}", s) and re.search(r"\d{4}", s):
        try:
            day = parsedate_to_datetime(s.strip()).date()
        except (TypeError, ValueError, IndexError):
            return None
        if day.year < GREGORIAN_MIN_YEAR:
            return None
    if day is None:
        return None
    return DateValue(
        value=day.isoformat(), precision="day", calendar="gregorian", inferred=False,
        why=METADATA_DATE_WHY,
    )


def as_text(value: Any) -> str | None:
    """A metadata value as a clean one-line string, or ``None`` when empty."""
    if value is None:
        return None
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or value.get("url")
        return as_text(value)
    if isinstance(value, list | tuple):
        parts = [p for p in (as_text(v) for v in value) if p]
        return ", ".join(parts) or None
    if isinstance(value, datetime | date):
        return value.isoformat()
    s = _SURROGATE.sub("\ufffd", str(value)).strip()
    return s or None


def make_doc(
    text: str,
    source: str,
    *,
    title: Any = None,
    url: Any = None,
    author: Any = None,
    outlet: Any = None,
    date_raw: Any = None,
    meta: dict[str, Any] | None = None,
) -> Doc:
    """A raw :class:`Doc` with cleaned metadata and, where unambiguous, its date.

    Lone surrogates (from a JSON ``\\ud800`` escape) are not text and cannot be
    stored: each becomes U+FFFD, one character for one, so offsets hold.
    """
    raw = as_text(date_raw)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return Doc(
        text=text,
        source=source,
        title=as_text(title),
        url=as_text(url),
        author=as_text(author),
        outlet=as_text(outlet),
        date_raw=raw,
        date=gregorian_date(raw),
        meta=meta or {},
    )
