"""Article dumps: JSON Lines, CSV/TSV and JSON files, streamed row by row.

Field names are matched case-insensitively against the usual names (first
match wins). A row whose text fields are all empty fails on its own; the
rest of the dump still loads. Fields not mapped onto :class:`Doc` are kept in
``Doc.meta`` (``id``, ``label``, ``date_gregorian``, ...).
"""

from __future__ import annotations

import csv
import json
import logging
import re
import sys
from collections import deque
from collections.abc import Iterator
from typing import IO, Any

from rasad.doc import Doc
from rasad.ingest.base import (
    MAX_DOCUMENT_BYTES,
    MAX_DUMP_LINES,
    Failure,
    IngestError,
    has_visible_text,
    human_size,
    make_doc,
)
from rasad.ingest.decode import LineDecoder

log = logging.getLogger(__name__)

TEXT_KEYS = ("body", "text", "content", "article", "articlebody", "article_body",
             "content_text", "full_text", "fulltext", "maintext", "story")
HTML_KEYS = ("content_html", "html", "raw_html", "body_html")
LEAD_KEYS = ("abstract", "lead", "lede", "summary", "description")
TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("date", "published", "pubdate", "pub_date", "date_published", "datepublished",
             "published_at", "publish_date", "publication_date", "datetime", "date_extracted",
             "date_raw", "created_at", "timestamp", "date_gregorian", "date_jalali")
URL_KEYS = ("url", "link", "canonical_url", "href")
OUTLET_KEYS = ("source", "outlet", "publisher", "site", "site_name", "sitename", "domain",
               "newspaper")
AUTHOR_KEYS = ("author", "authors", "byline", "writer")
#: Keys of a JSON object that hold a list of article rows.
LIST_KEYS = ("items", "articles", "data", "docs", "documents", "entries", "results")
_MAPPED = frozenset(TEXT_KEYS + HTML_KEYS + TITLE_KEYS + URL_KEYS + OUTLET_KEYS + AUTHOR_KEYS)


def _pick(row: dict[str, Any], lower: dict[str, str], keys: tuple[str, ...]) -> tuple[str | None, Any]:
    """The first non-empty ``(original key, value)`` among ``keys``."""
    for k in keys:
        orig = lower.get(k)
        if orig is not None:
            v = row[orig]
            if v not in (None, "", [], {}):
                return orig, v
    return None, None


def row_to_doc(row: dict[str, Any], item: str, fmt: str) -> Doc:
    """One dump row as a raw :class:`Doc`; raises :class:`IngestError` when it has no text.

    The body is the text. A separate lead (``abstract``/``lead``) that the body
    does not already contain goes first, then a blank line, then the body;
    ``meta["lead_chars"]`` gives its length.
    """
    lower = {k.lower(): k for k in row if isinstance(k, str)}
    used: set[str] = set()
    key, body = _pick(row, lower, TEXT_KEYS)
    if key is not None and not isinstance(body, str):
        raise IngestError(f"the {key!r} field holds {_json_kind(body)}, not text")
    if key:
        used.add(key)
    if not body or not body.strip():
        hkey, html = _pick(row, lower, HTML_KEYS)
        if isinstance(html, str) and html.strip():
            from rasad.ingest.html import fragment_text

            body, key = fragment_text(html), hkey
            used.add(hkey or "")
    meta: dict[str, Any] = {"format": fmt}
    lkey, lead = _pick(row, lower, LEAD_KEYS)
    if isinstance(lead, str) and lead.strip():
        lead = lead.strip()
        used.add(lkey or "")
        if not body or not body.strip():
            body = lead  # only a lead: it is the text
        elif lead[:80] not in body:
            body = f"{lead}\n\n{body}"
            meta["lead_chars"] = len(lead)
    if not body or not body.strip():
        names = ", ".join(k for k in TEXT_KEYS[:4])
        raise IngestError(f"row has no text (no non-empty {names} field)")
    if not has_visible_text(body):
        raise IngestError("no text: the row's text holds only invisible characters (spaces, marks)")
    fields: dict[str, Any] = {}
    for name, keys in (("title", TITLE_KEYS), ("url", URL_KEYS), ("outlet", OUTLET_KEYS),
                       ("author", AUTHOR_KEYS), ("date_raw", DATE_KEYS)):
        k, v = _pick(row, lower, keys)
        if k:
            used.add(k)
            fields[name] = v
    for k, v in row.items():
        if isinstance(k, str) and k not in used and k.lower() not in _MAPPED:
            meta[k] = v
    return make_doc(body, item, meta=meta, **fields)


def _json_kind(value: Any) -> str:
    """How JSON would name ``value``'s type: a number, an object, a list ..."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


def _rows_to_docs(rows: Iterator[tuple[str, Any]], fmt: str) -> Iterator[Doc | Failure]:
    for item, row in rows:
        if isinstance(row, Failure):
            yield row
            continue
        if not isinstance(row, dict):
            yield Failure(item, f"row is a JSON {type(row).__name__}, not an object")
            continue
        try:
            yield row_to_doc(row, item, fmt)
        except IngestError as exc:
            yield Failure(item, str(exc))


def iter_jsonl(stream: IO[bytes], source: str, max_row_bytes: int = MAX_DOCUMENT_BYTES
               ) -> Iterator[Doc | Failure]:
    """Docs from a JSON Lines stream, one per line; blank lines are skipped.

    A line longer than ``max_row_bytes`` fails on its own and is skipped unread.
    """
    return _rows_to_docs(_jsonl_rows(stream, source, max_row_bytes), "jsonl")


def _lines(stream: IO[bytes], limit: int, source: str) -> Iterator[bytes | None]:
    """The lines of ``stream``; ``None`` for a line over ``limit`` bytes (skipped).

    Stops with :class:`IngestError` after :data:`MAX_DUMP_LINES` lines, blank ones included.
    """
    count = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        count += 1
        if count > MAX_DUMP_LINES:
            raise IngestError(f"stopped after {MAX_DUMP_LINES:,} lines (MAX_DUMP_LINES); "
                              "split the dump to read the rest")
        if len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(1 << 20)
            yield None
            continue
        yield raw


def parse_json(text: str) -> Any:
    """``json.loads`` whose every failure is an :class:`IngestError` with a reason.

    Covers what the parser itself raises besides malformed syntax: nesting too
    deep for the recursion limit, and integers too long to convert.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    except RecursionError as exc:
        raise IngestError("JSON nested too deeply to read") from exc
    except ValueError as exc:  # the int-string conversion limit, and the like
        if "integer string conversion" in str(exc):
            raise IngestError(f"unreadable JSON: a number longer than {sys.get_int_max_str_digits()} digits") from exc
        raise IngestError(f"unreadable JSON: {exc}") from exc


def _jsonl_rows(stream: IO[bytes], source: str, max_row_bytes: int) -> Iterator[tuple[str, Any]]:
    decoder = LineDecoder()
    for lineno, raw in enumerate(_lines(stream, max_row_bytes, source), 1):
        item = f"{source}:{lineno}"
        if raw is None:
            yield item, Failure(item, f"row too large: over {human_size(max_row_bytes)} (max_bytes)")
            continue
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            yield item, parse_json(decoder.decode(raw))
        except IngestError as exc:
            yield item, Failure(item, str(exc))
    if len(decoder.encodings) > 1:
        log.info("%s: lines decoded as %s", source, decoder.label())


def iter_csv(stream: IO[bytes], source: str, delimiter: str | None = None,
             max_row_bytes: int = MAX_DOCUMENT_BYTES) -> Iterator[Doc | Failure]:
    """Docs from a CSV/TSV stream with a header row; ``item`` is ``source:LINE``.

    The delimiter is sniffed from the header when not given. A field longer
    than ``max_row_bytes`` characters fails its row.
    """
    return _rows_to_docs(_csv_rows(stream, source, delimiter, max_row_bytes), "csv")


_CR_LINES = re.compile(r"(?<=\r)(?!\n)")


class _CsvLines:
    """The decoded lines of a CSV stream for :mod:`csv`, each decoded on its own.

    Remembers the physical line numbers handed out since :meth:`mark`, and
    takes lines back (:meth:`push_back`) to be read again.
    """

    def __init__(self, stream: IO[bytes], limit: int, source: str) -> None:
        self._raw = _lines(stream, limit, source)
        self._number = 0
        self._back: deque[tuple[int, str]] = deque()
        self.decoder = LineDecoder()
        self.taken: list[tuple[int, str]] = []

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        if self._back:
            number, line = self._back.popleft()
        else:
            raw = next(self._raw)
            self._number += 1
            number = self._number
            if raw is None:
                raise _LongLine(number)
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                line = self.decoder.decode(raw)
            except IngestError as exc:
                raise _BadLine(number, str(exc)) from exc
            if "\r" in line.rstrip("\r\n"):  # old Mac line ends (CR alone): each is a line too
                first, *rest = _CR_LINES.split(line)
                self._back.extend((number, part) for part in rest if part)
                line = first
        self.taken.append((number, line))
        return line

    def mark(self) -> None:
        """Start recording the lines of the next row."""
        self.taken = []

    def push_back(self, lines: list[tuple[int, str]]) -> None:
        """Read ``lines`` again, before anything new."""
        self._back.extendleft(reversed(lines))


class _LongLine(Exception):
    def __init__(self, number: int) -> None:
        self.number = number


class _BadLine(Exception):
    def __init__(self, number: int, reason: str) -> None:
        self.number, self.reason = number, reason


def _swallowed(values: list[str], header: list[str], taken: list[tuple[int, str]], delimiter: str) -> bool:
    """True when a row ran over later rows through an unbalanced quote.

    The signs: the row spans several lines, and either its field count is not
    the header's, or one of its later lines is a whole row on its own (as many
    fields as the header) and a field holds a stray quote.
    """
    if len(taken) < 2:
        return False
    if len(values) != len(header):
        return True
    if not any('"' in v and "\n" in v for v in values):
        return False
    for _, line in taken[1:]:
        try:
            alone = next(csv.reader([line], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        if len(alone) == len(header) > 1:
            return True
    return False


def _csv_rows(stream: IO[bytes], source: str, delimiter: str | None, max_row_bytes: int
              ) -> Iterator[tuple[str, Any]]:
    lines = _CsvLines(stream, max_row_bytes, source)
    if csv.field_size_limit() < max_row_bytes:  # process-wide; only ever raised
        csv.field_size_limit(min(max_row_bytes, sys.maxsize))
    try:
        first = next(lines)
    except StopIteration:
        return
    except (_LongLine, _BadLine) as exc:
        raise IngestError("CSV header could not be read") from exc
    if delimiter is None:
        delimiter = max(",\t;|", key=first.count)
    lines.push_back([(1, first)])
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except (csv.Error, StopIteration) as exc:
        raise IngestError(f"CSV header could not be read: {exc}") from exc
    while True:
        lines.mark()
        try:
            values = next(reader)
        except StopIteration:
            return
        except _LongLine as exc:
            item = f"{source}:{exc.number}"
            yield item, Failure(item, f"row too large: over {human_size(max_row_bytes)} (max_bytes)")
            reader = csv.reader(lines, delimiter=delimiter)
            continue
        except _BadLine as exc:
            item = f"{source}:{exc.number}"
            yield item, Failure(item, exc.reason)
            reader = csv.reader(lines, delimiter=delimiter)
            continue
        except csv.Error as exc:
            start = lines.taken[0][0] if lines.taken else 0
            item = f"{source}:{start}"
            yield item, Failure(item, f"malformed CSV row: {exc}")
            reader = csv.reader(lines, delimiter=delimiter)
            continue
        taken = lines.taken
        item = f"{source}:{taken[0][0] if taken else '?'}"
        if _swallowed(values, header, taken, delimiter):
            yield item, Failure(item, f"unbalanced quote: this row's quoted field ran over the next "
                                      f"{len(taken) - 1} lines; they are read again as rows")
            lines.push_back(taken[1:])
            reader = csv.reader(lines, delimiter=delimiter)
            continue
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            yield item, Failure(item, f"row has {len(values)} fields; the header has {len(header)}")
            continue
        yield item, dict(zip(header, values, strict=False))


def iter_json(data: str, source: str) -> Iterator[Doc | Failure]:
    """Docs from one JSON value: a list of articles, an object holding such a list
    (JSON Feed ``items``, ``articles``, ...), or a single article object."""
    value = parse_json(data)
    rows: Any = value
    if isinstance(value, dict):
        lower = {k.lower(): k for k in value}
        listed = next((value[lower[k]] for k in LIST_KEYS
                       if k in lower and isinstance(value[lower[k]], list)), None)
        if listed is None:
            yield from _rows_to_docs(iter([(source, value)]), "json")
            return
        rows = listed
    if not isinstance(rows, list):
        raise IngestError(f"JSON holds a {type(rows).__name__}, not articles")
    yield from _rows_to_docs(((f"{source}[{i}]", r) for i, r in enumerate(rows)), "json")
