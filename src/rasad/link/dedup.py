"""Near-duplicate detection: MinHash over word shingles, with LSH bands.

The same wire story republished with a new headline or a few edited words has
almost the same set of word shingles as the original. Each article gets a
MinHash signature of its folded body (boilerplate spans left out, title left
out); the signature is cut into LSH bands, and articles that share a band
bucket are candidates. A candidate whose estimated Jaccard similarity reaches
:data:`NEAR_DUP_THRESHOLD` is a near-duplicate (``duplicate_of`` the earlier
article); nothing is dropped.

Hashes are stable across processes (CRC-32 and BLAKE2b, never ``hash()``), so
signatures and buckets can be stored and compared later.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable

import numpy as np

from rasad.text.fold import fold

#: Words per shingle.
SHINGLE_WORDS = 3
#: MinHash permutations (signature length).
NUM_PERM = 128
#: LSH bands x rows per band = NUM_PERM; 32 x 4 makes pairs with Jaccard >= 0.5
#: candidates with probability >= 0.87, and >= 0.7 almost surely.
BANDS = 32
ROWS = NUM_PERM // BANDS
#: Estimated Jaccard similarity of shingle sets at and above which two articles
#: are near-duplicates. Calibrated with benchmarks/ingest.py --dedup-report on
#: the news dumps (see docs/cli.md, "Near-duplicates").
NEAR_DUP_THRESHOLD = 0.6
#: Below this many shingles an article is too short to call a near-duplicate.
MIN_SHINGLES = 12
#: Distinct words whose hashes are cached before the cache starts afresh.
WORD_CACHE_MAX = 500_000

# Multiply-shift hashing: h -> high 32 bits of (a*h + b) mod 2^64, with odd random a.
# numpy arrays wrap on overflow, so there is no costly modulo.
_rng = np.random.default_rng(20240611)
_A = _rng.integers(1, 1 << 63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 1 << 63, size=NUM_PERM, dtype=np.uint64)
_SHIFT = np.uint64(32)
_WORD = re.compile(r"\w+")
# Odd multiplier that mixes word hashes into a shingle hash (mod 2^32).
_MIX = 0x9E3779B1


def body_text(text: str, excluded: Iterable[tuple[int, int, str]] | Iterable[list] = ()) -> str:
    """``text`` with the excluded (boilerplate) spans cut out."""
    parts: list[str] = []
    pos = 0
    for span in sorted(excluded, key=lambda s: s[0]):
        start, end = int(span[0]), int(span[1])
        if start > pos:
            parts.append(text[pos:start])
        pos = max(pos, end)
    parts.append(text[pos:])
    return "\n".join(parts)


class _WordHashCache(dict[str, int]):
    """word -> CRC-32, filled on first sight (news vocabularies repeat heavily)."""

    def __missing__(self, word: str) -> int:
        value = self[word] = zlib.crc32(word.encode())
        return value


_WORD_HASHES = _WordHashCache()


def _shingle_array(text: str, folded: bool = False) -> np.ndarray:
    """Distinct 32-bit hashes of the word ``SHINGLE_WORDS``-grams of the folded text.

    Each word is hashed once (CRC-32); a shingle's hash mixes its words' hashes
    with a fixed odd multiplier, vectorised, so the cost is one hash per word.
    ``folded`` says ``text`` already went through :func:`rasad.text.fold.fold`.
    """
    words = _WORD.findall(text if folded else fold(text))
    if not words:
        return np.zeros(0, dtype=np.uint64)
    if len(_WORD_HASHES) > WORD_CACHE_MAX:
        _WORD_HASHES.clear()
    h = np.array(list(map(_WORD_HASHES.__getitem__, words)), dtype=np.uint64)
    if len(words) < SHINGLE_WORDS:
        return np.unique(h)
    n = len(words) - SHINGLE_WORDS + 1
    mixed = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE_WORDS):
        mixed = (mixed * np.uint64(_MIX) + h[k : k + n]) & np.uint64(0xFFFFFFFF)
    return np.unique(mixed)


def shingles(text: str) -> set[int]:
    """The shingle hashes of ``text`` as a set (for exact Jaccard in reports and tests)."""
    return set(_shingle_array(text).tolist())


def signature(text: str, folded: bool = False) -> np.ndarray | None:
    """The MinHash signature (``NUM_PERM`` uint32) of ``text``; None when too short."""
    h = _shingle_array(text, folded)
    if len(h) < MIN_SHINGLES:
        return None
    perm = (_A[:, None] * h[None, :] + _B[:, None]) >> _SHIFT
    return perm.min(axis=1).astype(np.uint32)


def to_bytes(sig: np.ndarray) -> bytes:
    """A signature as bytes for the store (little-endian uint32)."""
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    """A signature read back from :func:`to_bytes`."""
    return np.frombuffer(data, dtype="<u4")


def buckets(sig: np.ndarray) -> list[int]:
    """One signed 64-bit bucket key per LSH band (band index is part of the key)."""
    raw = sig.astype("<u4").tobytes()
    width = ROWS * 4
    return [
        int.from_bytes(
            hashlib.blake2b(bytes([band]) + raw[band * width : (band + 1) * width], digest_size=8).digest(),
            "little",
            signed=True,
        )
        for band in range(BANDS)
    ]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def is_near_duplicate(score: float) -> bool:
    """True when an estimated similarity makes a near-duplicate."""
    return score >= NEAR_DUP_THRESHOLD
