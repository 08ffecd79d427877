"""Article dumps: JSON Lines, CSV/TSV and JSON files, streamed row by row.

Field names are matched case-insensitively against the usual names (first
match wins). A row whose text fields are all empty fails on its own; the
rest of the dump still loads. Fields not mapped onto :class:`Doc` are kept in
``Doc.meta`` (``id``, ``label``, ``date_gregorian``, ...).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
from collections.abc import Iterator
from typing import IO, Any

from rasad.doc import Doc
from rasad.ingest.base import MAX_DOCUMENT_BYTES, Failure, IngestError, human_size, make_doc
from rasad.ingest.decode import SNIFF_BYTES, detect_encoding

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
    body = body if isinstance(body, str) else None
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


def _lines(stream: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """The lines of ``stream``; ``None`` for a line over ``limit`` bytes (skipped)."""
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        if len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(1 << 20)
            yield None
            continue
        yield raw


def _jsonl_rows(stream: IO[bytes], source: str, max_row_bytes: int) -> Iterator[tuple[str, Any]]:
    encoding = "utf-8"
    switched = False
    for lineno, raw in enumerate(_lines(stream, max_row_bytes), 1):
        item = f"{source}:{lineno}"
        if raw is None:
            yield item, Failure(item, f"row too large: over {human_size(max_row_bytes)} (max_bytes)")
            continue
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            line = raw.decode(encoding)
        except UnicodeDecodeError:
            if switched:
                yield item, Failure(item, f"undecodable bytes on this line (not {encoding})")
                continue
            switched = True
            try:
                encoding = detect_encoding(raw)
                line = raw.decode(encoding)
                log.info("%s: lines are %s, not UTF-8", source, encoding)
            except (IngestError, UnicodeDecodeError):
                yield item, Failure(item, "undecodable bytes on this line (not UTF-8)")
                continue
        try:
            yield item, json.loads(line)
        except json.JSONDecodeError as exc:
            yield item, Failure(item, f"malformed JSON: {exc.msg} at column {exc.colno}")


def iter_csv(stream: IO[bytes], source: str, delimiter: str | None = None,
             max_row_bytes: int = MAX_DOCUMENT_BYTES) -> Iterator[Doc | Failure]:
    """Docs from a CSV/TSV stream with a header row; ``item`` is ``source:LINE``.

    The delimiter is sniffed from the header when not given. A field longer
    than ``max_row_bytes`` characters fails its row.
    """
    return _rows_to_docs(_csv_rows(stream, source, delimiter, max_row_bytes), "csv")


def _csv_rows(stream: IO[bytes], source: str, delimiter: str | None, max_row_bytes: int
              ) -> Iterator[tuple[str, Any]]:
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[arg-type]
    head = buffered.peek(SNIFF_BYTES)[:SNIFF_BYTES]  # type: ignore[attr-defined]
    encoding = detect_encoding(head) if head else "utf-8"
    if encoding == "utf-8":
        encoding = "utf-8-sig"
    text = io.TextIOWrapper(buffered, encoding=encoding, errors="strict", newline="")
    if csv.field_size_limit() < max_row_bytes:  # process-wide; only ever raised
        csv.field_size_limit(min(max_row_bytes, sys.maxsize))
    if delimiter is None:
        first = head.split(b"\n", 1)[0]
        delimiter = max(",\t;|", key=lambda d: first.count(d.encode()))
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return
    except (csv.Error, UnicodeDecodeError) as exc:
        raise IngestError(f"CSV header could not be read: {exc}") from exc
    header = [h.strip() for h in header]
    while True:
        start = reader.line_num + 1
        item = f"{source}:{start}"
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield item, Failure(item, f"malformed CSV row: {exc}")
            continue
        except UnicodeDecodeError as exc:
            raise IngestError(f"undecodable bytes after line {start} (not {encoding})") from exc
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            yield item, Failure(item, f"row has {len(values)} fields; the header has {len(header)}")
            continue
        yield item, dict(zip(header, values, strict=False))


def iter_json(data: str, source: str) -> Iterator[Doc | Failure]:
    """Docs from one JSON value: a list of articles, an object holding such a list
    (JSON Feed ``items``, ``articles``, ...), or a single article object."""
    try:
        value = json.loads(data)
    except json.JSONDecodeError as exc:
        raise IngestError(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
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
