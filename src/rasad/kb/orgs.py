"""Organisations whose English name transliteration cannot give: an exact-match table.

``data/orgs.tsv`` (built by :mod:`rasad.kb.build_orgs` from the openly
licensed name lists of ``../shared/data/names``) has one row per organisation:
its English name, its English abbreviation where the source gives one, and
its names in Persian and Arabic. :func:`lookup_org` finds a row by any of
those names (folded with :func:`rasad.kb.keys.name_key`; Arabic proclitics and
article allowed), so «الوكالة ...» and «وكالة ...» meet, and
:func:`find_org` by its English name or abbreviation.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from rasad.kb.keys import arabic_variants, name_key, strip_article

DATA_FILE = Path(__file__).parent / "data" / "orgs.tsv"
STATES_FILE = Path(__file__).parent / "data" / "states.tsv"
#: Most words of a descriptive reference to a state ("المملكة الدستورية").
MAX_STATE_WORDS = 3


@dataclass(frozen=True, slots=True)
class Org:
    """An organisation of the table."""

    english: str
    abbr: str  # "" when the source gives none
    names: tuple[str, ...]  # its Persian and Arabic names, as written

    @property
    def english_names(self) -> tuple[str, ...]:
        """The English name and the abbreviation (when there is one)."""
        return (self.english, self.abbr) if self.abbr else (self.english,)


@functools.cache
def _table() -> tuple[dict[str, Org], dict[str, Org]]:
    """(Persian/Arabic key -> org, English key -> org)."""
    native: dict[str, Org] = {}
    english: dict[str, Org] = {}
    if not DATA_FILE.exists():
        return native, english
    for line in DATA_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        en, abbr, fa, ar = line.split("\t")
        names = tuple(n for n in (fa, ar) if n)
        org = Org(en, abbr, names)
        for n in names:
            first, _, rest = n.partition(" ")
            for v in arabic_variants(first):
                native.setdefault(name_key(f"{v} {rest}"), org)
        for e in org.english_names:
            english.setdefault(name_key(e), org)
    return native, english


def lookup_org(name: str) -> Org | None:
    """The organisation a Persian or Arabic name denotes exactly, else ``None``."""
    native, _ = _table()
    first, _, rest = name.strip().partition(" ")
    for v in arabic_variants(first):
        org = native.get(name_key(f"{v} {rest}"))
        if org is not None:
            return org
    return None


def find_org(name: str) -> Org | None:
    """The organisation an English name or abbreviation denotes, else ``None``."""
    return _table()[1].get(name_key(name))


def _bare_words(text: str) -> list[str]:
    return [name_key(strip_article(w)) for w in text.split() if name_key(w)]


@functools.cache
def _states() -> list[tuple[str, list[str]]]:
    """(ISO code, words of an official name) for every official Persian and Arabic name."""
    out: list[tuple[str, list[str]]] = []
    if not STATES_FILE.exists():
        return out
    for line in STATES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, *names = line.split("\t")
            out += [(code, _bare_words(n)) for n in names if n.strip()]
    return out


#: Most words of a state's epithet (:func:`state_epithet`).
MAX_EPITHET_WORDS = 4


@functools.cache
def _epithets() -> dict[str, str]:
    """Name key of every language folder's ``STATE_EPITHETS`` phrase -> ISO code."""
    from rasad import lang

    return {name_key(phrase): code for table in lang.table("STATE_EPITHETS").values() for phrase, code in table.items()}


@functools.cache
def _epithet_first_words() -> frozenset[str]:
    from rasad import lang

    return frozenset(name_key(p.split()[0]) for table in lang.table("STATE_EPITHETS").values() for p in table)


@functools.lru_cache(maxsize=100_000)
def may_open_epithet(word: str) -> bool:
    """Whether a state's epithet may start with ``word`` (a cheap test before :func:`state_epithet`)."""
    firsts = _epithet_first_words()
    return any(name_key(v) in firsts for v in arabic_variants(word))


def state_epithet(text: str) -> str | None:
    """The state (ISO code) a political name for it denotes ("the Zionist regime"), else ``None``.

    The phrases are the language folders' ``STATE_EPITHETS``; an Arabic first
    word may carry proclitics («للكيان ...»).
    """
    first, _, rest = text.strip().partition(" ")
    if not first or rest.count(" ") >= MAX_EPITHET_WORDS - 1:
        return None
    table = _epithets()
    for v in arabic_variants(first):
        code = table.get(name_key(f"{v} {rest}".strip()))
        if code is not None:
            return code
    return None


def state_candidates(text: str) -> tuple[str, ...]:
    """Countries a descriptive reference may denote: "المملكة", "پادشاهی" (ISO codes, sorted).

    A reference of at most :data:`MAX_STATE_WORDS` words that opens with the
    first word of a country's official name (its form of state: republic,
    kingdom, state ...) and whose other words are all in that name. Which of
    them is meant is for the article to say (the one it names most).
    """
    words = _bare_words(text)
    if not words or len(words) > MAX_STATE_WORDS:
        return ()
    found = {
        code for code, official in _states()
        if len(official) > len(words) and official[0] == words[0] and set(words) <= set(official)
    }  # fmt: skip
    return tuple(sorted(found))
