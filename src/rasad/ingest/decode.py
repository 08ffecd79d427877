"""Bytes to text: byte-order marks, UTF-8, then charset detection.

Decoding is the only change made to a text file: newlines, spacing and
invisible characters stay as written; only a leading byte-order mark goes.
"""

from __future__ import annotations

import codecs
import logging
import re
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


#: A dump (JSON Lines, CSV) is binary when more than this share of its first bytes are
#: NULs; fewer fail the lines that hold them, not the file.
DUMP_MAX_NUL_SHARE = 0.3


def binary_kind(head: bytes, max_nul_share: float = 0.0) -> str | None:
    """Why ``head`` (a file's first bytes) is not text, or ``None`` when it may be.

    A binary signature, or NUL bytes (more than ``max_nul_share`` of them) that
    are not UTF-16.
    """
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"binary file ({what}), not text"
    if bom_encoding(head)[0] is not None:
        return None
    nuls = head.count(b"\x00")
    if nuls and nuls > max_nul_share * len(head) and _bomless_utf16(head) is None:
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


#: A line that is UTF-8 but for a few stray bytes (a Latin-1 byte pasted into UTF-8, an
#: overlong sequence): at most this many undecodable bytes, and at most this share of
#: its non-ASCII bytes.
STRAY_BYTES_MAX = 8
STRAY_BYTES_MAX_SHARE = 0.05
#: Text with at most this share of non-ASCII bytes among its letters, and at least
#: LATIN_MIN_LETTERS ASCII letters, is Latin-script: read as Windows-1252.
LATIN_MAX_HIGH_SHARE = 0.15
LATIN_MIN_LETTERS = 3
#: ... or at most this many non-ASCII bytes among ASCII letters (one accented word in a short line).
LATIN_STRAY_HIGH = 2
#: Code pages whose misreading of UTF-8 is undone (mojibake: UTF-8 bytes shown as these).
MOJIBAKE_CODEPAGES = ("cp1256", "cp1252")
#: Mojibake evidence: at least this many multi-byte sequences undone, and at least this
#: share of the non-ASCII characters being what UTF-8 lead bytes of Arabic-script text
#: (D8-DB) and of ZWNJ or punctuation (E2) look like in the code page. In mojibake they
#: are about half; in real Arabic or Persian text ط ظ ع غ are a few per cent.
MOJIBAKE_MIN_SEQUENCES = 4
MOJIBAKE_MIN_LEAD_SHARE = 0.3
#: A code-page pass over non-UTF-8 lines is cached for later lines when it found at
#: least this many non-ASCII bytes of evidence (short lines are detected on their own).
CODEPAGE_CACHE_MIN_HIGH = 40


_ASCII = bytes(range(128))
_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))


def _high_bytes(data: bytes) -> int:
    """How many bytes of ``data`` are non-ASCII."""
    return len(data.translate(None, _ASCII))


#: Windows-1252 as a browser reads it: the five undefined bytes as the C1 controls of the same number.
_CP1252 = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))
_CP1252_BYTE = {ch: b for b, ch in enumerate(_CP1252)}


def _to_codepage_bytes(text: str, codepage: str) -> bytes | None:
    """``text`` encoded back to ``codepage`` as a misreading would have decoded it; None if impossible."""
    if codepage == "cp1252":
        try:
            return bytes(_CP1252_BYTE[ch] for ch in text)
        except KeyError:
            return None
    try:
        return text.encode(codepage)
    except UnicodeEncodeError:
        return None


def repair_mojibake(text: str) -> tuple[str, str] | None:
    """``(repaired text, code page)`` when ``text`` is UTF-8 that was read as a code page.

    UTF-8 Persian or Arabic read as Windows-1256 shows as «ط³ظ„ط§ظ…», read as
    Windows-1252 as "Ø³Ù„Ø§Ù…". The repair is taken only when the evidence is
    clear: a lead byte's character followed by a continuation byte's makes at
    least :data:`MOJIBAKE_MIN_SEQUENCES` pairs and
    :data:`MOJIBAKE_MIN_LEAD_SHARE` of the non-ASCII characters (a regular
    expression finds them, so ordinary text is turned away at C speed); then
    the whole text must map back to bytes that are valid UTF-8, shorter and
    holding non-ASCII letters. Ordinary text almost never passes: its
    non-ASCII letters do not form UTF-8 sequences.
    """
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if non_ascii < MOJIBAKE_MIN_SEQUENCES:
        return None
    for codepage in MOJIBAKE_CODEPAGES:
        pairs = len(_PAIRS[codepage].findall(text))
        if pairs < MOJIBAKE_MIN_SEQUENCES or pairs < MOJIBAKE_MIN_LEAD_SHARE * non_ascii:
            continue
        raw = _to_codepage_bytes(text, codepage)
        if raw is None:
            continue
        try:
            fixed = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(text) - len(fixed) >= MOJIBAKE_MIN_SEQUENCES and any(ord(c) > 127 and c.isalpha() for c in fixed):
            return fixed, codepage
    return None


def _codepage_chars(codepage: str, first: int, last: int) -> str:
    table = _CP1252 if codepage == "cp1252" else bytes(range(256)).decode(codepage)
    return table[first : last + 1]


#: A UTF-8 lead byte of Arabic-script text (D8-DB) or of ZWNJ and punctuation (E2) followed by
#: a continuation byte (80-BF), as each code page shows them.
_PAIRS = {
    cp: re.compile(f"[{re.escape(''.join(_codepage_chars(cp, b, b) for b in (0xD8, 0xD9, 0xDA, 0xDB, 0xE2)))}]"
                   f"[{re.escape(_codepage_chars(cp, 0x80, 0xBF))}]")
    for cp in MOJIBAKE_CODEPAGES
}


def _repair_lines(text: str) -> tuple[str, int]:
    """``text`` with each mojibake line repaired (:func:`repair_mojibake`); the count repaired."""
    if text.isascii() or not any(len(rx.findall(text)) >= MOJIBAKE_MIN_SEQUENCES for rx in _PAIRS.values()):
        return text, 0
    whole = repair_mojibake(text)
    if whole is not None:
        return whole[0], text.count("\n") + 1
    lines = text.splitlines(keepends=True)
    if len(lines) < 2:
        return text, 0
    repaired = 0
    for i, line in enumerate(lines):
        fixed = repair_mojibake(line)
        if fixed is not None:
            lines[i] = fixed[0]
            repaired += 1
    return ("".join(lines), repaired) if repaired else (text, 0)


def _stray_utf8(data: bytes) -> str | None:
    """``data`` as UTF-8 with a few stray bytes read as Windows-1252, or None when not so.

    Taken only when the stray bytes are at most :data:`STRAY_BYTES_MAX` and
    :data:`STRAY_BYTES_MAX_SHARE` of the non-ASCII bytes, and real UTF-8
    sequences surround them.
    """
    high = _high_bytes(data)
    parts: list[str] = []
    strays = 0
    pos = 0
    while True:
        try:
            parts.append(data[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            strays += 1
            if strays > STRAY_BYTES_MAX or strays > STRAY_BYTES_MAX_SHARE * high:
                return None
            bad = pos + exc.start
            parts.append(data[pos:bad].decode("utf-8"))
            parts.append(_CP1252[data[bad]])
            pos = bad + 1
    if not strays or high - strays < 2:  # no real multi-byte sequence: not UTF-8 evidence
        return None
    return "".join(parts)


def latin_codepage(data: bytes) -> str | None:
    """``cp1252`` when ``data`` reads as Latin-script text with a few accented letters."""
    high = _high_bytes(data)
    letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    if not high or letters < LATIN_MIN_LETTERS:
        return None
    if high > LATIN_STRAY_HIGH and high > LATIN_MAX_HIGH_SHARE * (letters + high):
        return None
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return "cp1252"


class LineDecoder:
    """Decodes the lines (or rows) of one file each on its own evidence.

    Per line: strict UTF-8 (mojibake repaired); UTF-8 with a few stray bytes;
    Latin-script text as Windows-1252; otherwise a code page detected for the
    line, remembered for later lines once it was found on enough evidence
    (:data:`CODEPAGE_CACHE_MIN_HIGH` non-ASCII bytes) and still decodes them.
    ``encodings`` counts the decodings used, for the file's metadata.
    """

    def __init__(self) -> None:
        self.codepage: str | None = None
        self.encodings: dict[str, int] = {}

    def decode(self, raw: bytes) -> str:
        """``raw`` as text; raises :class:`IngestError` when no encoding fits it."""
        text, label = self._decode(raw)
        self.encodings[label] = self.encodings.get(label, 0) + 1
        return text

    def _decode(self, raw: bytes) -> tuple[str, str]:
        if b"\x00" in raw:
            raise IngestError("binary bytes (NUL) on this line")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            fixed = repair_mojibake(text) if not text.isascii() else None
            return (fixed[0], f"utf-8 (mojibake via {fixed[1]} repaired)") if fixed else (text, "utf-8")
        stray = _stray_utf8(raw)
        if stray is not None:
            return stray, "utf-8 (stray bytes as cp1252)"
        latin = latin_codepage(raw)
        if latin:
            return raw.decode(latin), latin
        if self.codepage:
            try:
                return raw.decode(self.codepage), self.codepage
            except UnicodeDecodeError:
                pass
        enc = detect_encoding(raw)
        if _high_bytes(raw) >= CODEPAGE_CACHE_MIN_HIGH and enc != "utf-8":
            self.codepage = enc
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError as exc:
            raise IngestError(f"undecodable bytes: looks like {enc} but byte {exc.start} does not decode") from exc

    def label(self) -> str:
        """The encodings used, most frequent first (``utf-8`` or ``utf-8+cp1256 (mixed)``)."""
        names = sorted(self.encodings, key=lambda k: -self.encodings[k])
        return names[0] if len(names) == 1 else "+".join(names) + " (mixed)" if names else "utf-8"


def _declared_fits(data: bytes, declared: str) -> str | None:
    """The declared charset's codec name when it decodes ``data`` and is believable.

    A Latin code page declared for bytes that read as Arabic-script text (a
    lying ``<meta charset>``) is not believed.
    """
    try:
        name = codecs.lookup(declared).name
        data.decode(name)
    except (LookupError, UnicodeDecodeError):
        log.debug("declared charset %r does not fit; detecting", declared)
        return None
    if name not in ARABIC_CODEPAGES and latin_codepage(data) is None and _high_bytes(data) > 0:
        detected = detect_encoding(data)
        if detected in ARABIC_CODEPAGES:
            log.info("declared charset %s does not fit the bytes; reading them as %s", name, detected)
            return None
    return name


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode one document exactly, dropping only a leading byte-order mark.

    Order: byte-order mark; BOM-less UTF-16; strict UTF-8 (lines of mojibake
    repaired); UTF-8 with a few stray bytes; a file whose lines are partly UTF-8
    and partly a code page, line by line (:class:`LineDecoder`); the
    ``declared`` charset (from HTTP or ``<meta>``) when it decodes cleanly and
    is believable; Latin-script text as Windows-1252; then detection. Returns
    the text and a label of the encoding used; raises :class:`IngestError` for
    binary or undecodable input.
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
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            fixed, repaired = _repair_lines(text)
            return (fixed, "utf-8 (mojibake repaired)") if repaired else (text, "utf-8")
        stray = _stray_utf8(data)
        if stray is not None:
            return stray, "utf-8 (stray bytes as cp1252)"
        mixed = _mixed_lines(data)
        if mixed is not None:
            return mixed
    if enc is None and declared:
        name = _declared_fits(data, declared)
        if name:
            return data.decode(name), name
    if enc is None:
        enc = latin_codepage(data) or detect_encoding(data)
    try:
        return data[bom_len:].decode(enc), enc
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"undecodable bytes: looks like {enc} but byte {exc.start} does not decode"
        ) from exc


def _mixed_lines(data: bytes) -> tuple[str, str] | None:
    """A document whose non-ASCII lines are partly UTF-8 and partly not, decoded line by line."""
    lines = data.splitlines(keepends=True)
    utf8 = other = 0
    for line in lines:
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8 += 1
        except UnicodeDecodeError:
            other += 1
    if not (utf8 and other):
        return None
    decoder = LineDecoder()
    text = "".join(decoder.decode(line) for line in lines)
    return text, decoder.label()
