"""Bytes to text: byte-order marks, UTF-8, then charset detection.

Decoding is the only change made to a text file: newlines, spacing and
invisible characters stay as written; only a leading byte-order mark goes.
"""

from __future__ import annotations

import codecs
import logging

from rasad.ingest.base import IngestError

log = logging.getLogger(__name__)

#: Chaos ceiling for the second detection pass, limited to the Arabic-script code pages.
#: Persian in Windows-1256 writes ZWNJ as byte 0x9D, which charset-normalizer's default
#: pass (threshold 0.2) counts as noise and refuses; random bytes still score above this.
ARABIC_CODEPAGE_MAX_CHAOS = 0.5
#: Code pages tried in the second pass.
ARABIC_CODEPAGES = ("cp1256", "iso8859_6")
#: Bytes looked at when sniffing a file's kind and encoding.
SNIFF_BYTES = 64 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
)


def bom_encoding(data: bytes) -> tuple[str | None, int]:
    """The encoding a byte-order mark announces, and the mark's length."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None, 0


def binary_kind(head: bytes) -> str | None:
    """Why ``head`` (a file's first bytes) is not text, or ``None`` when it may be."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"binary file ({what}), not text"
    if bom_encoding(head)[0] is not None:
        return None
    if b"\x00" in head and _bomless_utf16(head) is None:
        return "binary file (NUL bytes), not text"
    return None


def _bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NULs sit on one parity as in BOM-less UTF-16 text."""
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    half = len(data) // 2 or 1
    enc = None
    if odd > 0.3 * half and even < 0.02 * half:
        enc = "utf-16-le"
    elif even > 0.3 * half and odd < 0.02 * half:
        enc = "utf-16-be"
    if enc is None:
        return None
    try:
        data[: len(data) - len(data) % 2].decode(enc)
    except UnicodeDecodeError:
        return None
    return enc


def detect_encoding(data: bytes) -> str:
    """The encoding of ``data``; raises :class:`IngestError` when nothing fits."""
    enc, _ = bom_encoding(data)
    if enc:
        return enc
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of a sample is still UTF-8.
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
    if b"\x00" in data:
        enc = _bomless_utf16(data)
        if enc:
            return enc
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        best = charset_normalizer.from_bytes(
            data, cp_isolation=list(ARABIC_CODEPAGES), threshold=ARABIC_CODEPAGE_MAX_CHAOS
        ).best()
    if best is None:
        raise IngestError("undecodable bytes: not UTF-8 and no known encoding fits")
    log.debug("detected %s (chaos %.2f)", best.encoding, best.chaos)
    return best.encoding


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` exactly, dropping only a leading byte-order mark.

    Order: byte-order mark, strict UTF-8, the ``declared`` charset (from HTTP or
    ``<meta>``) when it decodes cleanly, then detection. Returns the text and the
    encoding used; raises :class:`IngestError` for binary or undecodable input.
    """
    why = binary_kind(data[:SNIFF_BYTES])
    if why:
        raise IngestError(why)
    enc, bom_len = bom_encoding(data)
    if enc is None:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    if enc is None and declared:
        try:
            name = codecs.lookup(declared).name
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            log.debug("declared charset %r does not fit; detecting", declared)
    if enc is None:
        enc = detect_encoding(data)
    try:
        return data[bom_len:].decode(enc), enc
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"undecodable bytes: looks like {enc} but byte {exc.start} does not decode"
        ) from exc
