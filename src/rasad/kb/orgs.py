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

from rasad.kb.keys import arabic_variants, name_key

DATA_FILE = Path(__file__).parent / "data" / "orgs.tsv"


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
