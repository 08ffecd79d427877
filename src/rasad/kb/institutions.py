"""English names of institutions, composed from a table of general vocabulary.

``data/institutions.tsv`` lists the head nouns of institution names
(وزارت / وزارة → "Ministry of {}", دفتر → "{} Office", پارلمان → "{}
Parliament" ...), their modifiers and portfolios (امور خارجه / الخارجية →
"Foreign Affairs", نخست‌وزیری → "Prime Minister's", هوایی → "Air" ...) and
media nouns (روزنامه / صحيفة). A name is read left to right, longest phrase
first; places and demonyms come from :mod:`rasad.kb`::

    compose("وزارت امور خارجه ژاپن", "fa").label    # "Ministry of Foreign Affairs of Japan"
    compose("دفتر نخست‌وزیری ژاپن", "fa").label     # "Prime Minister's Office of Japan"
    compose("سفارة اليابان في مصر", "ar").label      # "Embassy of Japan in Egypt"

A name whose every word is known gets a language-independent key
(:attr:`Composed.key`), so the same institution written in Persian and in
Arabic meets. :func:`title_fragment` tells a portfolio phrase that is part of a
title («امور خارجه ژاپن» after «وزیر») from an institution.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rasad.kb.keys import arabic_variants, name_key

DATA_FILE = Path(__file__).parent / "data" / "institutions.tsv"
#: Longest phrase (in words) the table is matched on.
MAX_PHRASE_WORDS = 4
_KINDS = frozenset({"head", "mod", "portfolio", "media", "link"})
_KEY_STOP = frozenset({"of", "in", "the", "and", "for"})
#: Role words of titles (minister, president, spokesman ...), fa/ar/en, as name keys.
ROLE_WORDS: frozenset[str] = frozenset(
    name_key(w)
    for w in ["وزیر", "وزیره", "رئیس", "رئیسجمهور", "رئیسجمهوری", "نخستوزیر", "صدراعظم", "سخنگو", "سخنگوی", "معاون", "سفیر", "دبیرکل", "فرمانده", "رهبر", "نماینده", "مشاور", "دادستان", "شهردار", "استاندار", "پادشاه", "ملکه", "امیر", "ولیعهد", "وزير", "وزيرة", "الوزير", "رئيس", "الرئيس", "رئيسة", "المتحدث", "الناطق", "نائب", "سفير", "السفير", "الأمين", "قائد", "زعيم", "ممثل", "مستشار", "الملك", "الأمير", "ولي", "المستشار", "المندوب", "مندوب", "minister", "president", "premier", "spokesman", "spokeswoman", "ambassador", "secretary", "chancellor"]
)
#: Honorifics and ranks written before a name (a mention made of them alone is no name).
HONORIFIC_WORDS: frozenset[str] = frozenset(
    name_key(w)
    for w in ["آقای", "آقا", "خانم", "دکتر", "مهندس", "سید", "سیده", "شیخ", "حاج", "حاجی", "آیت\u200cالله", "حجت\u200cالاسلام", "سردار", "سرلشکر", "سرتیپ", "ژنرال", "سرهنگ", "پروفسور", "استاد", "السيد", "السيدة", "سيد", "الشيخ", "شيخ", "الدكتور", "د", "المهندس", "الحاج", "اللواء", "العميد", "الجنرال", "العقيد", "الأستاذ", "الأمير", "الملك", "mr", "mrs", "ms", "dr", "sir", "sheikh", "general"]
)


def role_word(word: str) -> bool:
    """True when ``word`` (Arabic proclitics and article allowed) is a role word, its plural, or an honorific."""
    for v in arabic_variants(word):
        k = name_key(v)
        if k in ROLE_WORDS or k in HONORIFIC_WORDS or k in _ROLE_PLURALS:
            return True
        if k.endswith(("ان", "های")) and k.removesuffix("های").removesuffix("ان") in ROLE_WORDS:  # وزیران
            return True
    return False


#: Arabic broken plurals and duals of role words.
_ROLE_PLURALS = frozenset(name_key(w) for w in ["وزراء", "وزيرا", "وزيري", "رؤساء", "رئيسا", "سفراء", "قادة", "زعماء", "مستشارو", "نواب"])


@dataclass(frozen=True, slots=True)
class Word:
    """A table entry: what kind of word it is and its English."""

    kind: str  # head | mod | portfolio | media | link
    english: str


@dataclass(slots=True)
class Composed:
    """An institution name read with the table."""

    label: str | None  # the English name; None when there is no head noun or media name
    complete: bool  # every word was known (a translation, a place or a demonym)
    country: str | None = None  # ISO code of the first country named
    names: list[str] = field(default_factory=list)  # the words the table did not know, as written
    media: bool = False  # «روزنامه X»: the label is the outlet's name
    anchored: bool = False  # a place (country or city) is named

    @property
    def key(self) -> str | None:
        """A language-independent key of a fully translated name tied to a place, else None."""
        if not self.label or not self.complete or not self.anchored:
            return None
        words = {w.casefold().removesuffix("s") for w in self.label.replace("'s", "").split()} - _KEY_STOP
        return "en:" + " ".join(sorted(words))


@functools.cache
def _table() -> dict[str, dict[str, Word]]:
    """``lang -> key -> Word`` (Arabic keys also without the article)."""
    out: dict[str, dict[str, Word]] = {"fa": {}, "ar": {}}
    for line in DATA_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        form, lang, kind, english = line.split("\t")
        if kind not in _KINDS or lang not in out:
            raise ValueError(f"{DATA_FILE.name}: bad row {line!r}")
        entry = Word(kind, english)
        out[lang].setdefault(name_key(form), entry)
        if lang == "ar":
            first, _, rest = form.partition(" ")
            for v in arabic_variants(first):
                out[lang].setdefault(name_key(f"{v} {rest}"), entry)
    return out


@functools.lru_cache(maxsize=100_000)
def lookup(phrase: str, lang: str | None) -> Word | None:
    """The table entry for a word or phrase (Arabic proclitics and article allowed)."""
    table = _table().get(lang or "", {})
    if not table:
        return None
    first, _, rest = phrase.partition(" ")
    variants = arabic_variants(first) if lang == "ar" else [first]
    for v in variants:
        hit = table.get(name_key(f"{v} {rest}"))
        if hit is not None:
            return hit
    if lang == "ar" and first[:1] in "وفبل" and len(first) > 3 and not first[1:].startswith("ال"):
        return table.get(name_key(f"{first[1:]} {rest}"))  # لأبحاث → أبحاث
    return None


def _segments(words: list[str], lang: str | None) -> list[tuple[str, str, int]]:
    """(kind, English or the word, n words) for each phrase of the name, left to right."""
    from rasad.kb import country_label, demonym_country, lookup_place

    out: list[tuple[str, str, int]] = []
    i = 0
    while i < len(words):
        longest = min(MAX_PHRASE_WORDS, len(words) - i)
        hits = ((n, lookup(" ".join(words[i : i + n]), lang)) for n in range(longest, 0, -1))
        n, hit = next(((n, h) for n, h in hits if h is not None), (0, None))
        if hit is not None:  # the table first: «دولت X» is the government, not the country
            out.append((hit.kind, hit.english, n))
            i += n
            continue
        for n in range(longest, 0, -1):
            phrase = " ".join(words[i : i + n])
            place = lookup_place(phrase, lang)
            if place is not None:
                kind = "country" if place.kind == "country" else "place"
                out.append((kind, place.label, n))
                break
            if n == 1:
                cc = demonym_country(phrase, lang)
                if cc:
                    out.append(("country", country_label(cc), 1))
                else:
                    out.append(("name", phrase, 1))
        i += out[-1][2]
    return out


def _ascii(name: str, country: str | None) -> str:
    from anyascii import anyascii

    return anyascii(name).title()


def has_head(text: str, lang: str | None) -> bool:
    """True when some word of ``text`` is an institution head noun (a cheap test before :func:`compose`)."""
    return any((w := lookup(word, lang)) is not None and w.kind in ("head", "media") for word in text.split())


@functools.lru_cache(maxsize=20000)
def compose(text: str, lang: str | None, render: Callable[[str, str | None], str] = _ascii) -> Composed:
    """Read an institution name with the table (see the module docstring).

    ``render(words, country)`` writes the words the table does not know (a
    party's or an outlet's own name) in English; entity linking passes its
    romaniser, the default is anyascii.
    """
    from rasad.kb import lookup_place

    words = text.split()
    head: str | None = None
    mods: list[str] = []
    cities: list[str] = []
    countries: list[str] = []
    where: str | None = None
    names: list[str] = []
    where_names: list[str] = []
    adjectives: list[str] = []  # plain modifiers ("Islamic"): before an "X of {}" head, not after it
    media = False
    after_in = False
    for kind, english, _n in _segments(words, lang):
        if kind == "link":
            after_in = after_in or english == "in"
        elif kind in ("country", "place") and after_in:
            where = where or english
        elif kind == "country":
            countries.append(english)
        elif kind == "place":
            cities.append(english)
        elif kind == "head" and head is None:
            head = english
        elif kind == "head":  # a second institution noun qualifies the first («پایگاه نیروی هوایی»)
            mods.append(" ".join(english.replace("{}", "").replace(" of", "").split()))
        elif kind == "media":
            media = True
        elif kind == "name" and after_in:
            where_names.append(english)  # «حزب X در Y»: Y is where, not part of the name
        elif kind == "name":
            names.append(english)
        elif kind == "mod":
            adjectives.append(english)
            mods.append(english)
        else:  # portfolio
            mods.append(english)
    country = None
    if countries:
        place = lookup_place(countries[0], "en")
        country = place.iso2 if place is not None else None
    if where_names and where is None:
        where = render(" ".join(where_names), None)
    complete = not names and not where_names
    anchored = bool(countries or cities or where)
    if media and head is None:
        if not names:
            return Composed(None, False, country, names, True)
        return Composed(render(" ".join(names), country), False, country, names, True)
    if head is None:
        return Composed(None, complete, country, names)
    before = ""
    if head.endswith(" of {}") and adjectives and len(adjectives) == len(mods):
        # «الحكومة الإسلامية» is the Islamic Government, not "Government of Islamic"
        before = " ".join(reversed(adjectives))
        mods = []
    fill_words = cities[:]
    if names:
        fill_words.append(render(" ".join(names), country))
    # English puts modifiers of scope and rank first, in this order (International Atomic Energy
    # Agency, Supreme National Security Council); the rest read from the head outwards.
    fill_words += sorted(reversed(mods), key=lambda w: FRONT_MODIFIERS.index(w) if w in FRONT_MODIFIERS else len(FRONT_MODIFIERS))
    fill = " ".join(fill_words)
    if "{}" not in head:
        label = head if not fill else f"{fill} {head}"
    elif not fill and head.endswith("{}") and countries:  # «سفارت X», «شمال X»: the country fills the name
        label = head.format(countries.pop(0))
    else:
        label = head.format(fill).strip()
        if label.endswith(" of"):
            label = label[:-3]
    if countries:
        label += f" of {countries[0]}"
    if where:
        label += f" in {where}"
    if before:
        label = f"{before} {label}"
    return Composed(" ".join(label.split()), complete, country, names, anchored=anchored)


def title_fragment(words: list[str], lang: str | None) -> bool:
    """True when a phrase is a portfolio (and places), the rest of a title («امور خارجه ژاپن»)."""
    segs = _segments(words, lang)
    kinds = {k for k, _, _ in segs}
    return "portfolio" in kinds and kinds <= {"portfolio", "mod", "country", "place", "link"}


def minister_word(word: str) -> bool:
    """True for «وزیر / وزير / وزراء ...»: what follows it is a portfolio, never an organisation's name."""
    return any(name_key(v) in _MINISTER_WORDS for v in arabic_variants(word))


_MINISTER_WORDS = frozenset(name_key(w) for w in ["وزیر", "وزیران", "وزرای", "وزير", "وزيرة", "وزراء", "وزيرا", "وزيري"])


#: Modifiers English writes before the others of a name, in this order (scope and rank).
FRONT_MODIFIERS = ("Supreme", "High", "International", "National")
#: Head nouns of the table that name places and buildings, not organisations («بحر», «مطار»).
PLACE_HEADS = frozenset({
    "East {}", "Gulf of {}", "Mount {}", "North {}", "Port of {}", "South {}", "Strait of {}", "West {}",
    "{} Airport", "{} Archive", "{} Base", "{} Facilities", "{} Facility", "{} Hospital", "{} Island",
    "{} Islands", "{} Mountains", "{} Ocean", "{} Peninsula", "{} Power Plant", "{} Prison", "{} Refinery",
    "{} Region", "{} River", "{} Sea", "{} Square", "{} Stadium", "{} Station", "{} Street",
})  # fmt: skip


@functools.lru_cache(maxsize=20000)
def ends_at_place(text: str, lang: str | None) -> bool:
    """True when the only place, country or demonym of a name, if any, is its last word or phrase.

    «وزارة الخارجية التركية» ends at its demonym; in «وزارة الخارجية المصرية
    السلطات الإيرانية» a second name starts after the first demonym.
    """
    kinds = [kind for kind, _, _ in _segments(text.split(), lang)]
    places = [i for i, kind in enumerate(kinds) if kind in ("country", "place")]
    return not places or places == [len(kinds) - 1]


def organisation_head(word: str, lang: str | None) -> bool:
    """True when ``word`` opens an organisation's name in the table (وزارة، مجلس، الجيش ...), not a place's."""
    hit = lookup(word, lang)
    return hit is not None and hit.kind == "head" and hit.english not in PLACE_HEADS


def institution_head(word: str, lang: str | None) -> bool:
    """True when ``word`` is the head noun of an institution name (وزارت، دفتر، سفارة ...)."""
    hit = lookup(word, lang)
    return hit is not None and hit.kind == "head" and "{}" in hit.english
