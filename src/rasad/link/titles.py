"""Title phrases (``وزير دفاع كرواتيا``, ``رئیس‌جمهوری اوکراین``) and whom they name.

A title phrase is a role word (minister, president, spokesman ...) followed by
at most :data:`MAX_TITLE_WORDS` words up to a country (a place mention or a
demonym). A title written next to a person's name (``X، وزیر امور خارجه Y``,
``وزير خارجية Y، X``) binds the role and country to that person; the same
role and country written alone later in the article names that person. A
counterpart phrase (``همتای اوکراینی``, ``نظيره الأوكراني``) takes the role
of the person named just before it, with its own country.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rasad.kb import demonym_country, lookup_place
from rasad.kb.institutions import ROLE_WORDS
from rasad.kb.keys import arabic_variants, name_key

#: Most words a title may run past its role word before it must reach a country.
MAX_TITLE_WORDS = 4
#: What may stand between a title and the name it is apposed to.
APPOSITION_GAP = re.compile(r"^[\s\u200c\u00a0]*[،,:]?[\s\u200c\u00a0]*$")

_WORD = re.compile(r"[\w\u200c\u0640\u064b-\u065f]+")

# Role words: general vocabulary of news titles (fa, ar, en), as name keys.
_ROLE_WORDS = ROLE_WORDS
_COUNTERPART_WORDS = frozenset(name_key(w) for w in ("همتا", "همتای", "نظیر", "counterpart"))


@dataclass(slots=True)
class Title:
    """A title phrase in original-text offsets."""

    start: int
    end: int
    role: tuple[str, ...]  # role words as keys, country words left out
    country: str | None
    counterpart: bool = False
    proclitic: bool = False  # the title word carries a preposition or conjunction (بالرئيس)


@functools.lru_cache(maxsize=50000)
def _word_key(word: str) -> str:
    """Key of a word without Arabic proclitics, the article or a pronoun suffix."""
    variants = sorted({name_key(v) for v in arabic_variants(word)}, key=len)
    key = variants[0]
    bare = [key[1:]] if key[:1] in "وفبلک" and len(key) > 4 else []
    for v in [key, *bare]:
        if v in _ROLE_WORDS or v in _COUNTERPART_WORDS:
            return v
        for suffix in ("ه", "ها", "هم", "ش"):
            if v.endswith(suffix) and v[: -len(suffix)] in _COUNTERPART_WORDS:
                return v[: -len(suffix)]
    return key


@functools.lru_cache(maxsize=50000)
def _country_of(word: str, lang: str | None) -> str | None:
    place = lookup_place(word, lang)
    if place is not None and place.kind == "country":
        return place.iso2
    return demonym_country(word, lang)


def _gap_ok(gap: str) -> bool:
    """Only spaces between two words of one title (no comma, no full stop)."""
    return not gap.strip(" \u200c\u00a0")


def find_titles(
    text: str,
    lang: str | None,
    person_starts: set[int],
    place_spans: dict[int, tuple[int, str | None]],
) -> list[Title]:
    """Every title phrase in ``text``.

    ``person_starts``: start offsets of person mentions (a title stops before
    one). ``place_spans``: start -> (end, country) of place mentions, so a
    multi-word country ends the title at its end.
    """
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    titles: list[Title] = []
    i = 0
    while i < len(words):
        start, end, word = words[i]
        key = _word_key(word)
        if start in person_starts or (key not in _ROLE_WORDS and key not in _COUNTERPART_WORDS):
            i += 1
            continue
        counterpart = key in _COUNTERPART_WORDS
        role: list[str] = [] if counterpart else [key]
        country: str | None = None
        title_end = end
        j = i + 1
        while j < len(words) and j <= i + MAX_TITLE_WORDS:
            ws, we, w = words[j]
            if ws in person_starts or not _gap_ok(text[words[j - 1][1] : ws]):
                break
            if ws in place_spans and place_spans[ws][1]:
                p_end, country = place_spans[ws]
                title_end = p_end
                while j < len(words) and words[j][0] < p_end:
                    j += 1
                break
            c = _country_of(w, lang)
            if c:
                country, title_end = c, we
                j += 1
                break
            if counterpart:
                break  # a counterpart phrase only takes a country word
            role.append(_word_key(w))
            j += 1
        if country is None:
            if counterpart:
                i += 1
                continue
            # No country: the title is the role word and at most two words after it.
            cut = min(len(role), 3)
            role = role[:cut]
            title_end = words[i + cut - 1][1]
            j = i + cut
        bare = name_key(word)
        proclitic = bare != key and bare[:1] in "وفبلک" and not bare.startswith("ال") and lang != "fa"
        titles.append(Title(start, title_end, tuple(role), country, counterpart, proclitic))
        i = max(j, i + 1)
    return titles
