"""RSS, Atom and RDF feeds: one Doc per entry, via feedparser."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

from rasad.doc import Doc
from rasad.ingest.base import Failure, IngestError, make_doc
from rasad.ingest.decode import bom_encoding, decode_bytes
from rasad.ingest.html import fragment_text

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _entry_text(entry: Any) -> str:
    """The fullest text of an entry: its content, else its summary; HTML made plain."""
    candidates: list[Any] = list(entry.get("content") or [])
    if entry.get("summary_detail"):
        candidates.append(entry["summary_detail"])
    elif entry.get("summary"):
        candidates.append({"value": entry["summary"], "type": "text/html"})
    best = ""
    for c in candidates:
        value = c.get("value") or ""
        if c.get("type") in _HTML_TYPES or "<" in value:
            value = fragment_text(value)
        if len(value.strip()) > len(best.strip()):
            best = value
    return best


_XML_ENCODING = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9_.:-]+)(["'])""")


def as_utf8(data: bytes) -> bytes:
    """Feed bytes as UTF-8 with a matching declaration, decoded by rasad's own cascade.

    feedparser believes the XML declaration and falls back to Windows-1252
    when it does not fit, so Windows-1256 bytes declared as UTF-8 became
    mojibake. Bytes that are UTF-8 already, or start with a byte-order mark,
    pass unchanged.
    """
    if bom_encoding(data)[0] is not None:
        return data
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    m = _XML_ENCODING.match(data[:512])
    declared = m[2].decode("ascii") if m else None
    text, encoding = decode_bytes(data, declared)
    log.info("feed bytes read as %s (declared %s)", encoding, declared or "nothing")
    out = text.encode("utf-8")
    return _XML_ENCODING.sub(rb"\1utf-8\3", out, count=1) if m else out


def iter_feed(data: bytes, source: str, url: str | None = None) -> Iterator[Doc | Failure]:
    """Docs from feed bytes; raises :class:`IngestError` when they are not a feed."""
    import io

    import feedparser

    data = as_utf8(data)
    # A stream, never bytes: feedparser would try bytes as a file name first.
    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": url} if url else None)
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        exc = parsed.get("bozo_exception")
        detail = f": {exc}" if exc else ""
        raise IngestError(f"not an RSS/Atom feed (malformed XML or unknown format{detail})")
    if parsed.get("bozo"):
        log.info("%s: feed parsed despite errors: %s", source, parsed.get("bozo_exception"))
    if not entries:
        raise IngestError("feed has no entries")
    outlet = (parsed.get("feed") or {}).get("title")
    for i, entry in enumerate(entries, 1):
        item = f"{source}#{i}"
        text = _entry_text(entry)
        if not text.strip():
            yield Failure(item, "feed entry has no content or summary text")
            continue
        meta: dict[str, Any] = {"format": "feed", "feed": source}
        if entry.get("id"):
            meta["id"] = entry["id"]
        tags = [t.get("term") for t in entry.get("tags") or [] if t.get("term")]
        if tags:
            meta["tags"] = tags
        yield make_doc(
            text,
            item,
            title=entry.get("title"),
            url=entry.get("link"),
            author=entry.get("author"),
            outlet=outlet,
            date_raw=entry.get("published") or entry.get("updated") or entry.get("created"),
            meta=meta,
        )
