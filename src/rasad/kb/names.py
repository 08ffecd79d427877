"""A name list learned from NER training data, and common news words.

``kb/data/names.json.gz`` (built by ``python -m rasad.kb.build_names``) holds:

* every name tagged PER / ORG / LOC (GPE, FAC as LOC) in the training splits
  of PEYMA, ParsTwiNER, ANERcorp and Wojood, keyed by :func:`name_key`, with
  how often it was tagged and how often its words occurred at all, per
  language;
* the words of the news corpora (Fars, SaudiNewsNet) at least
  :data:`rasad.kb.build_names.MIN_STORED_PPM` per million tokens, per language.

:func:`learned_name` answers whether words are a learned name usable in a
language (tagged in most of their training occurrences, not a frequent news
word there); :func:`common_word` whether a word is frequent in a language's
news. Thresholds are the module constants below, set on
``benchmarks/entity_recovery.py``.
"""

from __future__ import annotations

import functools
import gzip
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rasad.text.fold import fold

log = logging.getLogger(__name__)

DATA_FILE = Path(__file__).parent / "data" / "names.json.gz"
#: A learned name must be tagged as a whole span in at least this share of its training occurrences.
MIN_ENTITY_RATIO = 0.6
#: ... and tagged at least this many times in all.
MIN_TAGGED = 2
#: A word this frequent (per million news tokens of a language) is a common word there, not a name.
MAX_NEWS_PPM = 15.0
#: Training occurrences in a language from which its tag ratio there is trusted over the news filter.
TRUST_SEEN = 5
#: Names whose key is shorter than this (letters) are never matched.
MIN_KEY_CHARS = 3
#: Longest name, in words, that is looked up.
MAX_NAME_WORDS = 4


def _bare(word: str) -> str:
    """A folded word without Arabic proclitics before the article, nor the article."""
    if word.startswith("لل") and len(word) - 2 >= MIN_KEY_CHARS:
        return word[2:]
    for n in (4, 3, 2):  # وبال، بال، ال
        pre = word[:n]
        if pre.endswith("ال") and all(c in "وفبکل" for c in pre[:-2]) and len(word) - n >= MIN_KEY_CHARS:
            if n == 4 and pre[0] not in "وف":
                continue
            return word[n:]
    return word


def name_key(words: Sequence[str]) -> str:
    """The lookup key of a name: folded words, the first one without clitics and article.

    ``["للبنتاغون"]``, ``["البنتاغون"]`` and ``["بنتاغون"]`` all give ``"بنتاغون"``.
    """
    folded = [fold(w) for w in words]
    folded = [w for w in folded if w]
    if not folded:
        return ""
    folded[0] = _bare(folded[0])
    return " ".join(folded)


@dataclass(frozen=True, slots=True)
class LearnedName:
    """A name of the learned list: its majority label and training counts."""

    key: str
    label: str  # PER ORG LOC
    tagged: dict[str, int]
    seen: dict[str, int]


class _Names:
    def __init__(self, data: dict) -> None:
        self.names: dict[str, LearnedName] = {}
        for key, label, tfa, sfa, tar, sar in data["names"]:
            self.names[key] = LearnedName(key, label, {"fa": tfa, "ar": tar}, {"fa": sfa, "ar": sar})
        self.common: dict[str, dict[str, float]] = data["common"]
        self.meta: dict = data.get("meta", {})


@functools.cache
def _load() -> _Names:
    """The data file, read once per process (a second reader racing the first is harmless)."""
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as f:
        data = _Names(json.load(f))
    log.debug("rasad.kb.names: %d names loaded", len(data.names))
    return data


def first_words() -> frozenset[str]:
    """The first word of every learned name's key (a cheap test before building longer keys)."""
    return _first_words()


@functools.cache
def _first_words() -> frozenset[str]:
    return frozenset(key.split(" ", 1)[0] for key in _load().names)


def news_ppm(key: str, lang: str) -> float:
    """How often a one-word key occurs per million news tokens of ``lang`` (0 below the stored floor)."""
    return _load().common.get(lang, {}).get(key, 0.0)


def _news_common(key: str, lang: str, limit: float) -> bool:
    words = key.split()
    return bool(words) and all(news_ppm(w, lang) >= limit for w in words)


def learned_name(
    key: str,
    lang: str,
    *,
    min_ratio: float | None = None,
    min_tagged: int | None = None,
    max_ppm: float | None = None,
) -> LearnedName | None:
    """The learned name with this key, if it may be recognised in ``lang`` text.

    It must be tagged at least ``min_tagged`` times in the training data of
    both languages together. Where the training data of ``lang`` holds it at
    least :data:`TRUST_SEEN` times, it must be tagged in ``min_ratio`` of those
    occurrences; otherwise (rare there, or a name learned in the other
    language) it must be tagged in ``min_ratio`` of all its occurrences and
    must not be a common word of ``lang``'s news (``max_ppm`` per million).
    """
    if len(key.replace(" ", "")) < MIN_KEY_CHARS:
        return None
    hit = _load().names.get(key)
    if hit is None:
        return None
    ratio = MIN_ENTITY_RATIO if min_ratio is None else min_ratio
    if sum(hit.tagged.values()) < (MIN_TAGGED if min_tagged is None else min_tagged):
        return None
    seen, tagged = hit.seen.get(lang, 0), hit.tagged.get(lang, 0)
    if seen >= TRUST_SEEN:
        return hit if tagged / seen >= ratio else None
    seen, tagged = sum(hit.seen.values()), sum(hit.tagged.values())
    if not seen or tagged / seen < ratio:
        return None
    if _news_common(key, lang, MAX_NEWS_PPM if max_ppm is None else max_ppm):
        return None
    return hit


def common_word(key: str, lang: str, max_ppm: float | None = None) -> bool:
    """True when ``key`` is a common word of ``lang``'s news that the training data does not vouch for as a name.

    A key frequent in the news (every word at least ``max_ppm`` per million)
    is still a name when ``lang``'s training data holds it at least
    :data:`TRUST_SEEN` times, tagged in :data:`MIN_ENTITY_RATIO` of them.
    """
    if not _news_common(key, lang, MAX_NEWS_PPM if max_ppm is None else max_ppm):
        return False
    hit = _load().names.get(key)
    if hit is None:
        return True
    seen, tagged = hit.seen.get(lang, 0), hit.tagged.get(lang, 0)
    return not (seen >= TRUST_SEEN and tagged / seen >= MIN_ENTITY_RATIO)
