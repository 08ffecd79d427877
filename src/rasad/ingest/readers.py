"""The dispatcher: each input item to the reader that fits it (see :mod:`rasad.ingest`)."""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from rasad.doc import Doc
from rasad.ingest.base import (
    DECOMPRESSION_FREE_BYTES,
    FETCH_TIMEOUT_S,
    MAX_DECOMPRESSION_RATIO,
    MAX_DIRECTORY_DEPTH,
    MAX_DOCUMENT_BYTES,
    Failure,
    IngestError,
    display_name,
    has_visible_text,
    human_size,
    make_doc,
    too_large,
)
from rasad.ingest.decode import DUMP_MAX_NUL_SHARE, SNIFF_BYTES, binary_kind, decode_bytes
from rasad.ingest.dumps import iter_csv, iter_json, iter_jsonl
from rasad.ingest.feeds import iter_feed
from rasad.ingest.fetch import fetch, is_url, url_scheme
from rasad.ingest.html import extract_page

log = logging.getLogger(__name__)

#: count_items counts the lines of a dump only up to this many bytes on disk.
COUNT_LINES_MAX_BYTES = 64 * 1024 * 1024

_EXT_KIND = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl",
    ".csv": "csv", ".tsv": "tsv",
    ".json": "json",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".xml": "feed", ".rss": "feed", ".atom": "feed", ".rdf": "feed",
    ".txt": "text", ".text": "text", ".md": "text",
}
_STREAMED = frozenset({"jsonl", "csv", "tsv"})
_TYPE_KIND = {
    "text/html": "html", "application/xhtml+xml": "html",
    "application/rss+xml": "feed", "application/atom+xml": "feed", "application/rdf+xml": "feed",
    "text/xml": "feed", "application/xml": "feed",
    "application/json": "json", "application/feed+json": "json",
    "application/x-ndjson": "jsonl", "application/jsonl": "jsonl",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_DOC = re.compile(r"\ufeff?\s*<(?:!doctype\s+html|html)\b", re.I)
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.I)
_FEED_START = re.compile(r"<(?:rss|feed|rdf:rdf)\b", re.I)


def _kind_of(name: str) -> tuple[str | None, bool]:
    """``(kind from the extension or None, gzip-compressed?)`` for a file name."""
    lower = name.lower()
    gz = lower.endswith(".gz")
    if gz:
        lower = lower[:-3]
    return _EXT_KIND.get(os.path.splitext(lower)[1]), gz


def _sniff(head: str) -> str:
    """The kind of decoded content, from how it starts."""
    start = head.lstrip("\ufeff \t\r\n")[:2048]
    if start.startswith("<"):
        if _HTML_START.search(start) and not _FEED_START.search(start):
            return "html"
        if start.startswith("<?xml") or _FEED_START.search(start):
            return "feed"
        if re.search(r"<(?:p|div|article|title|span)\b", start, re.I):
            return "html"
    if start.startswith(("{", "[")):
        return "jsonish"
    return "text"


def _from_bytes(
    data: bytes, item: str, kind: str | None, max_bytes: int, url: str | None = None,
    charset: str | None = None,
) -> Iterator[Doc | Failure]:
    """Docs from the whole bytes of one input; ``kind`` None means sniff the content."""
    if not data:
        raise IngestError("empty file" if url is None else "empty response")
    if kind in ("jsonl", "csv", "tsv"):
        yield from _from_stream(io.BytesIO(data), item, kind, max_bytes)
        return
    if kind == "feed":
        yield from iter_feed(data, item, url)
        return
    if kind == "html":
        m = _META_CHARSET.search(data[:4096])
        declared = charset or (m[1].decode("ascii") if m else None)
        text, _ = decode_bytes(data, declared)
        yield extract_page(text, item, url)
        return
    text, encoding = decode_bytes(data, charset)
    if kind is None or (kind == "text" and _HTML_DOC.match(text[:256])):
        kind = _sniff(text[:4096])
        if kind == "jsonish":
            yield from _jsonish(text, data, item, max_bytes, url, encoding)
            return
        if kind != "text":
            yield from _from_bytes(data, item, kind, max_bytes, url, charset)
            return
    if kind == "json":
        yield from iter_json(text, item)
        return
    yield _text_doc(text, item, url, encoding)


#: A plain-text file's first line is taken as its headline when it is at most
#: this many words, does not end like a sentence, and more text follows it.
HEADLINE_MAX_WORDS = 30
_SENTENCE_END = tuple(".!?؟۔…")


def headline_of(text: str) -> str | None:
    """The first line of a plain-text article when it reads as a headline."""
    stripped = text.strip()
    first, newline, rest = stripped.partition("\n")
    first = first.strip()
    if not newline or not rest.strip() or not first:
        return None
    if len(first.split()) > HEADLINE_MAX_WORDS or first.endswith(_SENTENCE_END):
        return None
    return first


def _text_doc(text: str, item: str, url: str | None, encoding: str) -> Doc:
    if not text.strip():
        raise IngestError("no text: the file holds only whitespace")
    if not has_visible_text(text):
        raise IngestError("no text: the file holds only invisible characters (spaces, marks, controls)")
    doc = make_doc(text, item, url=url, meta={"format": "text", "encoding": encoding})
    if doc.title is None:
        doc.title = headline_of(text)
    return doc


def _jsonish(
    text: str, data: bytes, item: str, max_bytes: int, url: str | None, encoding: str
) -> Iterator[Doc | Failure]:
    """JSON, JSON Lines, or plain text that merely starts with a brace or bracket."""
    try:
        yield from iter_json(text, item)
        return
    except IngestError:
        pass
    first = text.lstrip().split("\n", 1)[0]
    try:
        rows = isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        rows = False
    if rows:
        yield from _from_stream(io.BytesIO(data), item, "jsonl", max_bytes)
    else:
        yield _text_doc(text, item, url, encoding)


def _from_stream(stream: IO[bytes], item: str, kind: str, max_bytes: int) -> Iterator[Doc | Failure]:
    """Rows of a JSON Lines or CSV/TSV stream; binary content, or no row at all, is a failure."""
    head = stream.read(SNIFF_BYTES)
    why = binary_kind(head, DUMP_MAX_NUL_SHARE)
    if why:
        raise IngestError(why)
    whole = io.BufferedReader(_Prefixed(head, stream), 1 << 16)
    rows = (iter_jsonl(whole, item, max_bytes) if kind == "jsonl"
            else iter_csv(whole, item, "\t" if kind == "tsv" else None, max_bytes))
    found = False
    for row in rows:
        found = True
        yield row
    if not found:
        raise IngestError("no rows: the dump holds nothing but blank lines" + (" and a header" if kind != "jsonl" else ""))


def _read_capped(stream: IO[bytes], max_bytes: int, what: str = "file") -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise IngestError(f"too large: the {what} is over the {human_size(max_bytes)} "
                          "limit for a single document (max_bytes)")
    return data


class _Counted(io.RawIOBase):
    """A read-only stream that counts the bytes read through it."""

    def __init__(self, inner: IO[bytes]) -> None:
        self.inner, self.count = inner, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.inner.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n


class _CappedGzip(io.RawIOBase):
    """gzip-decompressed bytes of a stream, stopped when they outgrow the input.

    Past :data:`DECOMPRESSION_FREE_BYTES` of output, more than
    :data:`MAX_DECOMPRESSION_RATIO` output bytes per input byte is a
    decompression bomb: reading raises :class:`IngestError`.
    """

    def __init__(self, compressed: IO[bytes]) -> None:
        self.source = _Counted(compressed)
        self.gzip = gzip.GzipFile(fileobj=io.BufferedReader(self.source, 1 << 16))
        self.out = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self.gzip.read(len(buffer))
        except (gzip.BadGzipFile, EOFError, zlib.error, OSError) as exc:
            raise IngestError(f"corrupt gzip data: {exc}") from exc
        n = len(data)
        buffer[:n] = data
        self.out += n
        if self.out > DECOMPRESSION_FREE_BYTES and self.out > MAX_DECOMPRESSION_RATIO * max(1, self.source.count):
            raise IngestError(
                f"refused: gzip data expands over {MAX_DECOMPRESSION_RATIO}x "
                f"({human_size(self.out)} from {human_size(self.source.count)}; "
                "MAX_DECOMPRESSION_RATIO): a decompression bomb?")
        return n


def gunzipped(compressed: IO[bytes]) -> IO[bytes]:
    """A buffered stream of the decompressed bytes, bounded (see :class:`_CappedGzip`)."""
    return io.BufferedReader(_CappedGzip(compressed), 1 << 16)


def _iter_file(path: Path, item: str, max_bytes: int) -> Iterator[Doc | Failure]:
    """Docs from one file, by extension first, then by content."""
    try:
        size = path.stat().st_size
        handle = path.open("rb")
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}") from exc
    with handle:
        if size == 0:
            raise IngestError("empty file")
        kind, gz = _kind_of(path.name)
        head = handle.read(4)
        handle.seek(0)
        if head.startswith(b"\x1f\x8b"):
            gz = True
        elif gz:
            raise IngestError("named .gz but not gzip-compressed")
        stream: IO[bytes] = gunzipped(handle) if gz else handle  # gzip errors: IngestError
        if kind in _STREAMED:
            yield from _from_stream(stream, item, kind, max_bytes)
            return
        if not gz and size > max_bytes:
            raise IngestError(too_large(size, max_bytes))
        if kind is None:
            peek = stream.read(SNIFF_BYTES)
            why = binary_kind(peek)
            if why:
                raise IngestError(why)
            data = peek + _read_capped(stream, max_bytes - len(peek), "decompressed file")
        else:
            data = _read_capped(stream, max_bytes, "decompressed file")
        yield from _from_bytes(data, item, kind, max_bytes)


def _walk(root: Path) -> Iterator[Path | Failure]:
    """Files under ``root`` in sorted order, depth first, skipping hidden names; lazily.

    A directory that cannot be listed, an entry that cannot be examined (a
    symlink loop, a name too long) and a directory deeper than
    :data:`MAX_DIRECTORY_DEPTH` each give one :class:`Failure` and the walk
    goes on. Symlinked directories are not followed.
    """
    def listing(directory: Path, depth: int) -> Iterator[tuple[Path, int] | Path | Failure]:
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: os.fsencode(e.name))
        except OSError as exc:
            yield Failure(display_name(directory), f"cannot list directory: {exc.strerror or exc}")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                if entry.is_dir(follow_symlinks=False):
                    if depth + 1 > MAX_DIRECTORY_DEPTH:
                        yield Failure(display_name(path), f"nested deeper than {MAX_DIRECTORY_DEPTH} "
                                                          "directories (MAX_DIRECTORY_DEPTH); not read")
                    else:
                        yield (path, depth + 1)
                elif entry.is_file():
                    yield path
                elif entry.is_symlink() and not entry.is_dir():  # a symlinked directory is skipped
                    yield Failure(display_name(path), "symbolic link to nothing (broken link)")
            except OSError as exc:
                yield Failure(display_name(path), f"cannot examine: {exc.strerror or exc}")

    pending = [listing(root, 0)]
    while pending:
        try:
            got = next(pending[-1])
        except StopIteration:
            pending.pop()
            continue
        if isinstance(got, tuple):
            pending.append(listing(*got))
        else:
            yield got


def _guarded(item: str, docs: Iterable[Doc | Failure]) -> Iterator[Doc | Failure]:
    """Yield from ``docs``; any error becomes a Failure for ``item`` (rows already out stay)."""
    try:
        yield from docs
    except IngestError as exc:
        yield Failure(item, str(exc))
    except Exception as exc:  # one bad input must never stop the others
        log.exception("unexpected error reading %s", item)
        yield Failure(item, f"unexpected error: {type(exc).__name__}: {exc}")


def _iter_url(url: str, allow_private: bool, max_bytes: int, timeout: float) -> Iterator[Doc | Failure]:
    got = fetch(url, allow_private=allow_private, max_bytes=max_bytes, timeout=timeout)
    kind = _TYPE_KIND.get(got.content_type)
    path_kind, gz = _kind_of(got.url.split("?")[0])
    if kind is None:  # text/plain or no type: trust a telling extension, else sniff
        kind = path_kind if path_kind != "text" else None
    data = got.data
    if gz or data.startswith(b"\x1f\x8b"):
        data = _read_capped(gunzipped(io.BytesIO(data)), max_bytes, "response")
    if kind == "feed" and _HTML_START.search(data[:2048].decode("latin-1")):
        kind = "html"  # XHTML served as XML
    yield from _from_bytes(data, url, kind, max_bytes, got.url, got.charset)


def iter_bytes(
    data: bytes, item: str = "-", *, max_bytes: int = MAX_DOCUMENT_BYTES
) -> Iterator[Doc | Failure]:
    """Docs from bytes already in memory (an upload), the kind sniffed from content.

    Same as :func:`iter_stream` over the bytes.
    """
    return iter_stream(io.BytesIO(data), item, max_bytes=max_bytes)


class _Prefixed(io.RawIOBase):
    """A stream that gives ``head`` first, then the rest of ``tail``."""

    def __init__(self, head: bytes, tail: IO[bytes]) -> None:
        self.head, self.tail = head, tail

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        data = self.tail.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _looks_like_jsonl(head: bytes) -> bool:
    """True when a stream's first bytes are JSON Lines: a first line that is a whole JSON object."""
    first, newline, _ = head.lstrip().partition(b"\n")
    if not first.startswith(b"{") or not newline:
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def iter_stream(
    stream: IO[bytes], item: str = "-", *, max_bytes: int = MAX_DOCUMENT_BYTES
) -> Iterator[Doc | Failure]:
    """Docs from a byte stream (standard input), the kind sniffed from content.

    Goes down the same cascade as a file without a telling extension; gzip is
    opened (bounded like any gzip file). A JSON Lines body is streamed row by
    row; anything else over ``max_bytes`` is refused without reading it all.
    """

    def docs() -> Iterator[Doc | Failure]:
        body: IO[bytes] = stream
        magic = body.read(2)
        body = io.BufferedReader(_Prefixed(magic, body), 1 << 16)
        if magic == b"\x1f\x8b":
            body = gunzipped(body)
        head = body.read(SNIFF_BYTES)
        if not head:
            raise IngestError("empty input")
        whole = io.BufferedReader(_Prefixed(head, body), 1 << 16)
        if _looks_like_jsonl(head):
            yield from _from_stream(whole, item, "jsonl", max_bytes)
            return
        data = _read_capped(whole, max_bytes, "input")
        yield from _from_bytes(data, item, None, max_bytes)

    return _guarded(item, docs())


def iter_documents(
    inputs: Sequence[str] | str,
    *,
    allow_private: bool = False,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    timeout: float = FETCH_TIMEOUT_S,
) -> Iterator[Doc | Failure]:
    """Raw :class:`Doc` s from paths, directories, dumps, feeds and URLs, lazily.

    Each unreadable item (a file, a dump row, a feed entry, a URL) gives one
    :class:`Failure` naming it and the reason, and reading goes on. ``-`` reads
    standard input (see :func:`iter_bytes`). URLs are
    fetched only when given; private addresses are refused unless
    ``allow_private``. ``max_bytes`` caps single documents and downloads (dumps
    stream and are not capped); ``timeout`` bounds each fetch in seconds.
    """
    if isinstance(inputs, str | bytes | os.PathLike):
        inputs = [inputs]  # type: ignore[list-item]
    for raw in inputs:
        item = display_name(raw)
        if is_url(item):
            yield from _guarded(item, _iter_url(item, allow_private, max_bytes, timeout))
            continue
        scheme = url_scheme(item)
        if scheme is not None:
            yield Failure(item, f"refused: {scheme}:// URLs are not read; only http:// and https:// "
                                "URLs are fetched (give a local file as a path)")
            continue
        if item == "-":
            import sys

            yield from iter_stream(sys.stdin.buffer, "-", max_bytes=max_bytes)
            continue
        yield from _iter_path(Path(os.fsdecode(raw)), item, max_bytes)


def _iter_path(path: Path, item: str, max_bytes: int) -> Iterator[Doc | Failure]:
    """Docs from a path given by the user: a file, or a directory walked."""
    try:
        if not path.exists():
            yield Failure(item, "no such file or directory" if not path.is_symlink()
                          else "symbolic link to nothing (broken link)")
            return
        is_dir, is_file = path.is_dir(), path.is_file()
    except OSError as exc:
        yield Failure(item, f"cannot examine: {exc.strerror or exc}")
        return
    if not (is_dir or is_file):
        yield Failure(item, "not a regular file or directory")
    elif is_dir:
        found = False
        for got in _walk(path):
            if isinstance(got, Failure):
                yield got
                continue
            found = True
            name = display_name(got)
            yield from _guarded(name, _iter_file(got, name, max_bytes))
        if not found:
            yield Failure(item, "directory holds no readable (non-hidden) files")
    else:
        yield from _guarded(item, _iter_file(path, item, max_bytes))


def _count_lines(path: Path, gz: bool) -> int | None:
    """Lines in a dump file, or None past :data:`COUNT_LINES_MAX_BYTES` (decompressed)."""
    n = read = 0
    with path.open("rb") as raw:
        fh = gunzipped(raw) if gz else raw
        while chunk := fh.read(1 << 20):
            n += chunk.count(b"\n")
            read += len(chunk)
            if read > COUNT_LINES_MAX_BYTES:
                return None
            last = chunk
    return n + (0 if not n or last.endswith(b"\n") else 1)


def count_items(inputs: Sequence[str] | str) -> int | None:
    """A cheap estimate of how many items :func:`iter_documents` will yield, or None.

    Counts files in directories and lines in JSONL/CSV dumps up to
    :data:`COUNT_LINES_MAX_BYTES` on disk; a feed or a URL counts as one. Returns
    None when a dump is too big to count cheaply.
    """
    if isinstance(inputs, str | os.PathLike):
        inputs = [os.fspath(inputs)]
    total = 0
    for raw in inputs:
        item = os.fspath(raw)
        if is_url(item):
            total += 1
            continue
        path = Path(item)
        try:
            files = [f for f in _walk(path) if not isinstance(f, Failure)] if path.is_dir() else [path]
        except OSError:
            total += 1
            continue
        for f in files:
            kind, gz = _kind_of(f.name)
            if kind not in _STREAMED:
                total += 1
                continue
            try:
                lines = _count_lines(f, gz) if f.stat().st_size <= COUNT_LINES_MAX_BYTES else None
                if lines is None:
                    return None
                total += max(0, lines - (1 if kind != "jsonl" else 0))
            except (OSError, EOFError, zlib.error, IngestError):
                total += 1
    return total
