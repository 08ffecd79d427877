"""Sources to raw :class:`~rasad.doc.Doc` s: files, directories, dumps, feeds, URLs.

``iter_documents(inputs)`` yields, lazily and in input order, a ``Doc`` for
every article it can read and a :class:`Failure` (item, reason) for every one
it cannot; one bad item never stops the others. ``Doc.text`` is the article
text verbatim: decoded bytes for plain text, trafilatura's main text for HTML.

The reader cascade, per input item:

1. **URL** (``http://``/``https://``): fetched with httpx only because it was
   given (:mod:`rasad.ingest.fetch`): public addresses only unless
   ``allow_private`` (every resolved address, at every redirect hop), at most
   ``MAX_REDIRECTS`` hops, ``timeout`` seconds, ``max_bytes`` streamed, and
   only HTML, XML/feed, text or JSON content types. The body then goes down
   the file cascade below, its kind taken from the content type (plain text or
   none: from the URL's extension, else sniffed).
2. **``-``**: standard input, its kind sniffed (:func:`iter_bytes`, also for
   bytes already in memory). **Missing path**: a Failure. **Directory**: walked recursively in sorted
   order, hidden names skipped, symlinked directories not followed; each file
   goes down the cascade on its own.
3. **File**: empty is a Failure; gzip (``.gz`` or the magic bytes) is opened
   transparently. The kind comes from the extension (inside ``.gz``):

   - ``.jsonl``/``.ndjson`` and ``.csv``/``.tsv``: **dumps**, streamed line by
     line and never size-capped (:mod:`rasad.ingest.dumps`); each row maps the
     usual field names onto the Doc; a bad or text-less row is a Failure named
     ``path:LINE``;
   - ``.json``: a list of articles, an object holding one (JSON Feed
     ``items``, ``articles``, ...) or one article;
   - ``.html``/``.htm``: a **page**, decoded (BOM, UTF-8, declared charset,
     detection) and extracted by trafilatura with ZWNJ and bidi marks kept
     (:mod:`rasad.ingest.html`);
   - ``.xml``/``.rss``/``.atom``/``.rdf``: a **feed** (feedparser), one Doc per
     entry (:mod:`rasad.ingest.feeds`);
   - ``.txt``/``.md``: **plain text** (an HTML document saved so is read as HTML);
   - anything else: binary signatures and NUL bytes are refused, then the
     decoded content is sniffed (``<html``, ``<rss``/``<feed``, ``{``/``[``,
     else plain text).

   Single-document kinds (text, HTML, feed, JSON) are refused above
   ``max_bytes`` (:data:`MAX_DOCUMENT_BYTES`).
4. **Decoding** (:mod:`rasad.ingest.decode`): byte-order mark (UTF-8, UTF-16,
   UTF-32), strict UTF-8, a declared charset, then detection: charset-normalizer
   limited to Windows-1256 and ISO-8859-6 (kept when it reads as language),
   then over all code pages, then a plausibility test for the Arabic-script
   pages. Only the BOM is removed; newlines stay as written. Dumps are decoded
   line by line as UTF-8, detecting once if a line is not.
5. **Dates**: ``Doc.date_raw`` is the metadata date as written; when it is an
   unambiguous Gregorian date (ISO-like with a year of at least 1700, or RFC
   2822) ``Doc.date`` is set at day precision. Jalali and Hijri strings stay in
   ``date_raw`` for the time stage.
"""

from rasad.ingest.base import (
    FETCH_TIMEOUT_S,
    MAX_DOCUMENT_BYTES,
    MAX_REDIRECTS,
    Failure,
    IngestError,
    gregorian_date,
)
from rasad.ingest.readers import count_items, iter_bytes, iter_documents

__all__ = [
    "FETCH_TIMEOUT_S",
    "MAX_DOCUMENT_BYTES",
    "MAX_REDIRECTS",
    "Failure",
    "IngestError",
    "count_items",
    "gregorian_date",
    "iter_bytes",
    "iter_documents",
]
