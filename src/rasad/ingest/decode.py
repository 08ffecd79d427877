"""Bytes to text: byte-order marks, UTF-8, then charset detection.

Decoding is the only change made to a text file: newlines, spacing and
invisible characters stay as written; only a leading byte-order mark goes.
"""

from __future__ import annotations

import codecs
import logging
import unicodedata

from rasad.ingest.base import IngestError

log = logging.getLogger(__name__)

#: Chaos ceiling for the Arabic-script pass. Persian in Windows-1256 writes ZWNJ as byte
#: 0x9D, which charset-normalizer counts as noise: its default ceiling (0.2) refuses many
#: real Persian articles (benchmarks/ingest_read.py). Random bytes are still refused.
ARABIC_CODEPAGE_MAX_CHAOS = 0.9
#: Least language coherence for the Arabic-script pass to win outright. Real articles
#: score 0.47 or more; Latin text read as Windows-1256 scores 0.
ARABIC_MIN_COHERENCE = 0.35
#: Code pages of the Arabic-script pass, tried before general detection.
ARABIC_CODEPAGES = ("cp1256", "iso8859_6")
#: Last-resort plausibility test for an Arabic-script code page: at least this many
#: letters, this share of them Arabic-script, and a share of whitespace in this range.
FALLBACK_MIN_LETTERS = 20
FALLBACK_MIN_ARABIC_SHARE = 0.6
FALLBACK_SPACE_SHARE = (0.05, 0.4)
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


#: High bytes of the UTF-16 code units of Latin, Persian and Arabic text: ASCII
#: (00), the Arabic block (06), ZWNJ and punctuation (20), presentation forms (FB-FE).
_UTF16_HIGH_BYTES = frozenset({0x00, 0x06, 0x20, 0xFB, 0xFC, 0xFD, 0xFE})
#: Share of one byte parity that must be such high bytes for BOM-less UTF-16.
UTF16_HIGH_SHARE = 0.9


def _bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when one byte parity looks like UTF-16 high bytes, the other not.

    Latin text puts NULs on one parity; Persian and Arabic text puts 06 there
    (with 00 for spaces and digits): either way one parity is nearly all of
    :data:`_UTF16_HIGH_BYTES` (:data:`UTF16_HIGH_SHARE`) and holds NULs, and
    the other has almost none. The bytes must also decode.
    """
    even, odd = data[0::2], data[1::2]
    half = len(data) // 2 or 1

    def high_share(part: bytes) -> float:
        return sum(part.count(b) for b in _UTF16_HIGH_BYTES) / max(1, len(part))

    enc = None
    if odd.count(0) > 0.02 * half and even.count(0) < 0.02 * half and high_share(odd) >= UTF16_HIGH_SHARE:
        enc = "utf-16-le"
    elif even.count(0) > 0.02 * half and odd.count(0) < 0.02 * half and high_share(even) >= UTF16_HIGH_SHARE:
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

    arabic = charset_normalizer.from_bytes(
        data, cp_isolation=list(ARABIC_CODEPAGES), threshold=ARABIC_CODEPAGE_MAX_CHAOS
    ).best()
    if arabic is not None and arabic.coherence >= ARABIC_MIN_COHERENCE:
        best = arabic
    else:
        best = charset_normalizer.from_bytes(data).best() or arabic
    if best is None:
        fallback = _arabic_script_codepage(data)
        if fallback:
            return fallback
        raise IngestError("undecodable bytes: not UTF-8 and no known encoding fits")
    log.debug("detected %s (chaos %.2f)", best.encoding, best.chaos)
    return best.encoding


def _arabic_script_codepage(data: bytes) -> str | None:
    """An Arabic-script code page that turns ``data`` into plausible text, or None.

    The last resort for ZWNJ-dense Persian that charset-normalizer refuses
    outright: no control characters, mostly Arabic-script letters, and spacing
    like running text.
    """
    for enc in ARABIC_CODEPAGES:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r\f" for c in text):
            continue
        letters = [c for c in text if c.isalpha()]
        arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff")
        spaces = sum(1 for c in text if c.isspace())
        if (len(letters) >= FALLBACK_MIN_LETTERS and arabic >= FALLBACK_MIN_ARABIC_SHARE * len(letters)
                and FALLBACK_SPACE_SHARE[0] <= spaces / len(text) <= FALLBACK_SPACE_SHARE[1]):
            return enc
    return None


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
    if enc is None and b"\x00" in data[:SNIFF_BYTES]:
        # UTF-8 text has no NULs, but BOM-less UTF-16 of ASCII or Arabic-block
        # text is often valid UTF-8 byte for byte: try UTF-16 first.
        enc = _bomless_utf16(data[: SNIFF_BYTES - SNIFF_BYTES % 2])
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
